package dev.flatland.syscall;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.kernel.Task;
import dev.flatland.memory.UserMemory;
import dev.flatland.vfs.OpenFile;

/** read, write, the vectored and positional variants, lseek (fs/read_write.c). */
final class ReadWriteSyscalls {
    /** One call moves at most this much (Linux clamps at MAX_RW_COUNT; a short count is legal). */
    static final int MAX_CHUNK = 16 << 20;
    /** UIO_MAXIOV. */
    static final int UIO_MAXIOV = 1024;

    private ReadWriteSyscalls() {
    }

    static long read(Task t, SyscallArgs a) throws ErrnoException {
        OpenFile f = readableFile(t, a.fd(0));
        int len = outLength(t, a.ptr(1), a.sizeT(2));
        byte[] b = new byte[len];
        int n = f.read(b, 0, len);
        t.userMemory().copyOut(a.ptr(1), b, 0, n);
        return n;
    }

    static long write(Task t, SyscallArgs a) throws ErrnoException {
        OpenFile f = writableFile(t, a.fd(0));
        int len = clamp(a.sizeT(2));
        byte[] b = t.userMemory().copyIn(a.ptr(1), len);
        return writeOrSigpipe(t, f, b, len);
    }

    /** A write to a broken pipe raises SIGPIPE as well as failing EPIPE (fs/pipe.c pipe_write). */
    static int writeOrSigpipe(Task t, OpenFile f, byte[] b, int len) throws ErrnoException {
        try {
            return f.write(b, 0, len);
        } catch (ErrnoException e) {
            if (e.errno() == Errno.EPIPE) {
                t.sendSignal(dev.flatland.abi.Signal.SIGPIPE);
            }
            throw e;
        }
    }

    static long pread64(Task t, SyscallArgs a) throws ErrnoException {
        OpenFile f = readableFile(t, a.fd(0));
        if (a.offT(3) < 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        int len = outLength(t, a.ptr(1), a.sizeT(2));
        byte[] b = new byte[len];
        int n = f.pread(b, 0, len, a.offT(3));
        t.userMemory().copyOut(a.ptr(1), b, 0, n);
        return n;
    }

    static long pwrite64(Task t, SyscallArgs a) throws ErrnoException {
        OpenFile f = writableFile(t, a.fd(0));
        if (a.offT(3) < 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        int len = clamp(a.sizeT(2));
        byte[] b = t.userMemory().copyIn(a.ptr(1), len);
        return f.pwrite(b, 0, len, a.offT(3));
    }

    static long readv(Task t, SyscallArgs a) throws ErrnoException {
        OpenFile f = readableFile(t, a.fd(0));
        long[] iov = iovecs(t.userMemory(), a.ptr(1), a.int32(2));
        long total = 0;
        for (int i = 1; i < iov.length; i += 2) {
            t.userMemory().checkRange(iov[i - 1], iov[i]);
            total += iov[i];
        }
        byte[] b = new byte[clamp(total)];
        int n = f.read(b, 0, b.length);
        int done = 0;
        for (int i = 1; i < iov.length && done < n; i += 2) {
            int k = (int) Math.min(iov[i], n - done);
            t.userMemory().copyOut(iov[i - 1], b, done, k);
            done += k;
        }
        return n;
    }

    static long writev(Task t, SyscallArgs a) throws ErrnoException {
        OpenFile f = writableFile(t, a.fd(0));
        long[] iov = iovecs(t.userMemory(), a.ptr(1), a.int32(2));
        long total = 0;
        for (int i = 1; i < iov.length; i += 2) {
            total += iov[i];
        }
        byte[] b = new byte[clamp(total)];
        int done = 0;
        for (int i = 1; i < iov.length && done < b.length; i += 2) {
            int k = (int) Math.min(iov[i], b.length - done);
            t.userMemory().copyIn(iov[i - 1], b, done, k);
            done += k;
        }
        return b.length == 0 ? 0 : writeOrSigpipe(t, f, b, b.length);
    }

    static long lseek(Task t, SyscallArgs a) throws ErrnoException {
        OpenFile f = t.fds().get(a.fd(0));
        int whence = a.int32(2);
        if (whence < 0 || whence > 4) {
            throw new ErrnoException(Errno.EINVAL);
        }
        return f.seek(a.offT(1), whence);
    }

    /** Reads an iovec array: {base, len} pairs; EINVAL for a bad count or a total over SSIZE_MAX. */
    static long[] iovecs(UserMemory um, long addr, int cnt) throws ErrnoException {
        if (cnt < 0 || cnt > UIO_MAXIOV) {
            throw new ErrnoException(Errno.EINVAL);
        }
        long[] r = new long[cnt * 2];
        long total = 0;
        for (int i = 0; i < cnt; i++) {
            r[2 * i] = um.read64(addr + 16L * i);
            r[2 * i + 1] = um.read64(addr + 16L * i + 8);
            if (r[2 * i + 1] < 0 || (total += r[2 * i + 1]) < 0) {
                throw new ErrnoException(Errno.EINVAL);
            }
        }
        return r;
    }

    private static OpenFile readableFile(Task t, int fd) throws ErrnoException {
        OpenFile f = t.fds().get(fd);
        if (!f.readable()) {
            throw new ErrnoException(Errno.EBADF);
        }
        return f;
    }

    private static OpenFile writableFile(Task t, int fd) throws ErrnoException {
        OpenFile f = t.fds().get(fd);
        if (!f.writable()) {
            throw new ErrnoException(Errno.EBADF);
        }
        return f;
    }

    /**
     * The length to read into a user buffer: {@code count} clamped to the RAM after {@code buf}, so
     * a generous count over a small buffer works as on Linux; EFAULT when buf is not RAM at all.
     */
    static int outLength(Task t, long buf, long count) throws ErrnoException {
        if (count == 0) {
            return 0;
        }
        var mem = t.userMemory().memory();
        if (!mem.contains(buf, 1)) {
            throw new ErrnoException(Errno.EFAULT);
        }
        long avail = mem.end() - buf;
        return clamp(Long.compareUnsigned(count, avail) > 0 ? avail : count);
    }

    private static int clamp(long len) {
        return (int) (Long.compareUnsigned(len, MAX_CHUNK) > 0 ? MAX_CHUNK : len);
    }
}
