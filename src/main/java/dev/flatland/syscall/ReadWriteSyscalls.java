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
            if (e.errno() == Errno.EPIPE && !(f instanceof dev.flatland.net.Socket)) {   // sockets raise their own
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
        if (a.offT(3) + len < 0) {
            throw new ErrnoException(Errno.EINVAL);   // rw_verify_area: pos + count overflows loff_t
        }
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
        if (a.offT(3) + len < 0) {
            throw new ErrnoException(Errno.EINVAL);   // rw_verify_area: pos + count overflows loff_t
        }
        byte[] b = t.userMemory().copyIn(a.ptr(1), len);
        boolean append = (f.flags() & dev.flatland.abi.Fcntl.O_APPEND) != 0 && len > 0;
        return f.pwrite(b, 0, len, append ? f.stat().size() : a.offT(3));   // pwrite(2) BUGS: O_APPEND appends
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

    /** RWF_* flags of preadv2/pwritev2 (include/uapi/linux/fs.h). */
    static final int RWF_HIPRI = 0x01;
    static final int RWF_DSYNC = 0x02;
    static final int RWF_SYNC = 0x04;
    static final int RWF_NOWAIT = 0x08;
    static final int RWF_APPEND = 0x10;
    static final int RWF_NOAPPEND = 0x20;
    static final int RWF_ATOMIC = 0x40;
    static final int RWF_DONTCACHE = 0x80;
    static final int RWF_SUPPORTED = 0xff;

    /** preadv(fd, iov, iovcnt, pos_l, pos_h): on 64-bit the offset is pos_l alone (pos_from_hilo). */
    static long preadv(Task t, SyscallArgs a) throws ErrnoException {
        long pos = a.offT(3);
        if (pos < 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        return vectoredRead(t, a.fd(0), a.ptr(1), a.int32(2), pos, 0);
    }

    static long pwritev(Task t, SyscallArgs a) throws ErrnoException {
        long pos = a.offT(3);
        if (pos < 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        return vectoredWrite(t, a.fd(0), a.ptr(1), a.int32(2), pos, 0);
    }

    /** preadv2: offset -1 means the file position (readv); flags per kiocb_set_rw_flags. */
    static long preadv2(Task t, SyscallArgs a) throws ErrnoException {
        long pos = a.offT(3);
        if (pos < -1) {
            throw new ErrnoException(Errno.EINVAL);
        }
        return vectoredRead(t, a.fd(0), a.ptr(1), a.int32(2), pos, a.int32(5));
    }

    static long pwritev2(Task t, SyscallArgs a) throws ErrnoException {
        long pos = a.offT(3);
        if (pos < -1) {
            throw new ErrnoException(Errno.EINVAL);
        }
        return vectoredWrite(t, a.fd(0), a.ptr(1), a.int32(2), pos, a.int32(5));
    }

    /**
     * kiocb_set_rw_flags: unknown bits are EOPNOTSUPP; RWF_NOWAIT needs a file that can do
     * non-blocking I/O (pipes and tmpfs/host regular files here); RWF_ATOMIC is accepted only for
     * writes and needs direct I/O (EINVAL without O_DIRECT); RWF_DONTCACHE needs page-cache support
     * that none of Flatland's file systems claims (EOPNOTSUPP).
     */
    private static void checkRwFlags(OpenFile f, int flags, boolean write) throws ErrnoException {
        if ((flags & ~RWF_SUPPORTED) != 0 || (flags & RWF_DONTCACHE) != 0) {
            throw new ErrnoException(Errno.EOPNOTSUPP);
        }
        if ((flags & RWF_ATOMIC) != 0) {
            throw new ErrnoException(write ? Errno.EINVAL : Errno.EOPNOTSUPP);
        }
        if ((flags & (RWF_APPEND | RWF_NOAPPEND)) == (RWF_APPEND | RWF_NOAPPEND)) {
            throw new ErrnoException(Errno.EINVAL);
        }
    }

    /** Reads into an iovec array at {@code pos} (-1: the file position). */
    private static long vectoredRead(Task t, int fd, long iovp, int cnt, long pos, int flags) throws ErrnoException {
        OpenFile f = readableFile(t, fd);
        long[] iov = iovecs(t.userMemory(), iovp, cnt);
        long total = 0;
        for (int i = 1; i < iov.length; i += 2) {
            t.userMemory().checkRange(iov[i - 1], iov[i]);
            total += iov[i];
        }
        if (pos >= 0 && !seekable(f)) {
            throw new ErrnoException(Errno.ESPIPE);
        }
        byte[] b = new byte[clamp(total)];
        if (b.length == 0) {
            return 0;   // vfs_readv: nothing to read ends the call before the RWF flags are looked at
        }
        checkRwFlags(f, flags, false);
        int n;
        if ((flags & RWF_NOWAIT) != 0 && f.canPoll() && (f.poll() & dev.flatland.vfs.Poll.POLLIN) == 0) {
            throw new ErrnoException(Errno.EAGAIN);
        }
        n = pos >= 0 ? f.pread(b, 0, b.length, pos) : f.read(b, 0, b.length);
        int done = 0;
        for (int i = 1; i < iov.length && done < n; i += 2) {
            int k = (int) Math.min(iov[i], n - done);
            t.userMemory().copyOut(iov[i - 1], b, done, k);
            done += k;
        }
        return n;
    }

    /**
     * Writes an iovec array at {@code pos} (-1: the file position). As pwrite(2) on Linux, a
     * positional write to an O_APPEND file appends (generic_write_checks), unless RWF_NOAPPEND;
     * RWF_APPEND appends whatever the offset, and then leaves the position alone.
     */
    private static long vectoredWrite(Task t, int fd, long iovp, int cnt, long pos, int flags) throws ErrnoException {
        OpenFile f = writableFile(t, fd);
        long[] iov = iovecs(t.userMemory(), iovp, cnt);
        long total = 0;
        for (int i = 1; i < iov.length; i += 2) {
            total += iov[i];
        }
        if (pos >= 0 && !seekable(f)) {
            throw new ErrnoException(Errno.ESPIPE);
        }
        byte[] b = new byte[clamp(total)];
        int done = 0;
        for (int i = 1; i < iov.length && done < b.length; i += 2) {
            int k = (int) Math.min(iov[i], b.length - done);
            t.userMemory().copyIn(iov[i - 1], b, done, k);
            done += k;
        }
        if (b.length == 0) {
            return 0;   // vfs_writev: as vfs_readv
        }
        checkRwFlags(f, flags, true);
        if ((flags & RWF_NOWAIT) != 0 && f.canPoll() && (f.poll() & dev.flatland.vfs.Poll.POLLOUT) == 0) {
            throw new ErrnoException(Errno.EAGAIN);
        }
        boolean append = (flags & RWF_APPEND) != 0
                || (f.flags() & dev.flatland.abi.Fcntl.O_APPEND) != 0 && (flags & RWF_NOAPPEND) == 0;
        if (pos < 0) {
            if ((flags & RWF_APPEND) != 0 && (f.flags() & dev.flatland.abi.Fcntl.O_APPEND) == 0 && seekable(f)) {
                f.seek(0, dev.flatland.abi.Fcntl.SEEK_END);   // IOCB_APPEND on the file position: it moves to the end
            } else if ((flags & RWF_NOAPPEND) != 0 && (f.flags() & dev.flatland.abi.Fcntl.O_APPEND) != 0) {
                long at = f.seek(0, dev.flatland.abi.Fcntl.SEEK_CUR);
                int n = f.pwrite(b, 0, b.length, at);
                f.seek(at + n, dev.flatland.abi.Fcntl.SEEK_SET);
                return n;
            }
            return writeOrSigpipe(t, f, b, b.length);
        }
        return f.pwrite(b, 0, b.length, append ? f.stat().size() : pos);
    }

    static long lseek(Task t, SyscallArgs a) throws ErrnoException {
        OpenFile f = FileSyscalls.fdget(t, a.fd(0));
        int whence = a.int32(2);
        if (whence < 0 || whence > 4) {
            throw new ErrnoException(Errno.EINVAL);
        }
        return f.seek(a.offT(1), whence);
    }

    /**
     * sendfile(out_fd, in_fd, offset, count) (fs/read_write.c do_sendfile): copies from a
     * seekable in_fd (a file: pipes and sockets are EINVAL) to any writable out_fd. With an offset
     * pointer the copy reads from *offset, leaves in_fd's position alone and stores the new offset;
     * without one it reads at and advances the position. An O_APPEND out_fd is EINVAL. A short
     * write ends the copy (the count moved is returned); the first error is returned only when
     * nothing moved. A full pipe parks the task as write does.
     */
    static long sendfile(Task t, SyscallArgs a) throws ErrnoException {
        OpenFile in = readableFile(t, a.fd(1));
        OpenFile out = writableFile(t, a.fd(0));
        if ((out.flags() & dev.flatland.abi.Fcntl.O_APPEND) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        long offPtr = a.ptr(2);
        long pos = offPtr != 0 ? t.userMemory().read64(offPtr) : -1;
        if (offPtr != 0 && pos < 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (in.stat().isDirectory() || !seekable(in)) {
            throw new ErrnoException(Errno.EINVAL);
        }
        long count = Math.min(a.sizeT(3) < 0 ? MAX_CHUNK : a.sizeT(3), MAX_CHUNK);
        long done = copy(t, in, out, pos, count);
        if (offPtr != 0) {
            t.userMemory().write64(offPtr, pos + done);
        }
        return done;
    }

    /**
     * copy_file_range(fd_in, off_in, fd_out, off_out, len, flags): file to file; flags must be 0,
     * both must be regular files (EISDIR for a directory, EINVAL otherwise), the offsets work as
     * sendfile's, an O_APPEND output is EBADF.
     */
    static long copyFileRange(Task t, SyscallArgs a) throws ErrnoException {
        if (a.int32(5) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        OpenFile in = readableFile(t, a.fd(0));
        OpenFile out = writableFile(t, a.fd(2));
        if ((out.flags() & dev.flatland.abi.Fcntl.O_APPEND) != 0) {
            throw new ErrnoException(Errno.EBADF);
        }
        dev.flatland.abi.Stat si = in.stat();
        dev.flatland.abi.Stat so = out.stat();
        if (si.isDirectory() || so.isDirectory()) {
            throw new ErrnoException(Errno.EISDIR);
        }
        if (si.type() != dev.flatland.abi.Stat.S_IFREG || so.type() != dev.flatland.abi.Stat.S_IFREG) {
            throw new ErrnoException(Errno.EINVAL);
        }
        long inPtr = a.ptr(1);
        long outPtr = a.ptr(3);
        long inPos = inPtr != 0 ? t.userMemory().read64(inPtr) : -1;
        long outPos = outPtr != 0 ? t.userMemory().read64(outPtr) : -1;
        if (inPtr != 0 && inPos < 0 || outPtr != 0 && outPos < 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        long len = Math.min(a.sizeT(4) < 0 ? MAX_CHUNK : a.sizeT(4), MAX_CHUNK);
        // generic_copy_file_checks shortens the copy to the input's EOF before rw_verify_area checks
        // the ranges: from at or past EOF nothing is copied, whatever the length
        long from = inPos >= 0 ? inPos : in.seek(0, dev.flatland.abi.Fcntl.SEEK_CUR);
        if (from >= si.size()) {
            return 0;
        }
        len = Math.min(len, si.size() - from);
        long done = 0;
        byte[] b = new byte[(int) Math.min(len, 1 << 16)];
        while (done < len) {
            int want = (int) Math.min(b.length, len - done);
            int n = inPos >= 0 ? in.pread(b, 0, want, inPos + done) : in.read(b, 0, want);
            if (n <= 0) {
                break;
            }
            int w = outPos >= 0 ? out.pwrite(b, 0, n, outPos + done) : out.write(b, 0, n);
            done += w;
            if (w < n) {
                if (inPos < 0) {
                    in.seek(w - n, dev.flatland.abi.Fcntl.SEEK_CUR);   // give back what was read but not written
                }
                break;
            }
        }
        if (inPtr != 0) {
            t.userMemory().write64(inPtr, inPos + done);
        }
        if (outPtr != 0) {
            t.userMemory().write64(outPtr, outPos + done);
        }
        return done;
    }

    private static boolean seekable(OpenFile f) {
        try {
            f.seek(0, dev.flatland.abi.Fcntl.SEEK_CUR);
            return true;
        } catch (ErrnoException e) {
            return false;
        }
    }

    /** The sendfile loop: reads from {@code in} (at {@code pos}, or its position when -1) and writes to {@code out}. */
    private static long copy(Task t, OpenFile in, OpenFile out, long pos, long count) throws ErrnoException {
        long done = 0;
        byte[] b = new byte[(int) Math.min(count, 1 << 16)];
        while (done < count) {
            int want = (int) Math.min(b.length, count - done);
            if (out.canPoll() && (out.poll() & dev.flatland.vfs.Poll.POLLOUT) == 0
                    && done > 0) {
                break;   // a full pipe after some progress: return the short count instead of waiting
            }
            int n = pos >= 0 ? in.pread(b, 0, want, pos + done) : in.read(b, 0, want);
            if (n <= 0) {
                break;
            }
            int w;
            try {
                w = writeOrSigpipe(t, out, b, n);
            } catch (ErrnoException e) {
                if (pos < 0) {
                    in.seek(-n, dev.flatland.abi.Fcntl.SEEK_CUR);
                }
                if (done > 0) {
                    break;
                }
                throw e;
            }
            if (t.kernel().scheduler().isParked(t)) {
                // the output blocked (a full pipe): undo this chunk's read; the restarted call redoes it
                if (pos < 0) {
                    in.seek(-n, dev.flatland.abi.Fcntl.SEEK_CUR);
                }
                return done;
            }
            done += w;
            if (w < n) {
                if (pos < 0) {
                    in.seek(w - n, dev.flatland.abi.Fcntl.SEEK_CUR);
                }
                break;
            }
        }
        return done;
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
