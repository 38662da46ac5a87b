package dev.flatland.syscall;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Fcntl;
import dev.flatland.abi.Signal;
import dev.flatland.abi.Stat;
import dev.flatland.kernel.Pipe;
import dev.flatland.kernel.Task;
import dev.flatland.memory.UserMemory;
import dev.flatland.net.RecvMsg;
import dev.flatland.net.SendMsg;
import dev.flatland.net.Socket;
import dev.flatland.net.SocketAbi;
import dev.flatland.vfs.OpenFile;
import java.util.function.BooleanSupplier;

/**
 * splice, tee and vmsplice (fs/splice.c) on Flatland's byte-ring {@link Pipe}: the data is copied
 * (nommu has no page gifting; SPLICE_F_GIFT and SPLICE_F_MOVE are accepted and change nothing).
 * Each call decides everything before it moves a byte: when it has to wait (an empty input pipe,
 * a full output pipe, a socket without data or room) it parks and runs again from the start
 * (-ERESTARTSYS, as the pipe waits do), so nothing is moved twice.
 *
 * <p>Linux counts a pipe's room in page-sized slots (a 1-byte buffer takes a slot); Flatland's
 * pipes count bytes, so a pipe holding many small buffers is "full" later here than on Linux.
 */
final class SpliceSyscalls {
    static final int SPLICE_F_MOVE = 1;
    static final int SPLICE_F_NONBLOCK = 2;
    static final int SPLICE_F_MORE = 4;
    static final int SPLICE_F_GIFT = 8;
    static final int SPLICE_F_ALL = SPLICE_F_MOVE | SPLICE_F_NONBLOCK | SPLICE_F_MORE | SPLICE_F_GIFT;
    /** MAX_RW_COUNT: INT_MAX rounded down to a page. */
    static final long MAX_RW_COUNT = Integer.MAX_VALUE & ~4095L;

    private SpliceSyscalls() {
    }

    /**
     * splice(fd_in, off_in, fd_out, off_out, len, flags) (__do_splice, do_splice): len 0 is 0
     * before anything else; unknown flags EINVAL; EBADF for each fd; an offset given for a pipe end
     * ESPIPE; the offsets are read (EFAULT); an input not open for reading or output not open for
     * writing EBADF; neither end a pipe EINVAL; then pipe to pipe, pipe to file or socket, or file
     * or socket to pipe. The offsets are written back after a success.
     */
    static long splice(Task t, SyscallArgs a) throws ErrnoException {
        long len = a.sizeT(4);
        int flags = a.int32(5);
        if (len == 0) {
            return 0;
        }
        if ((flags & ~SPLICE_F_ALL) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        OpenFile in = FileSyscalls.fdget(t, a.fd(0));
        OpenFile out = FileSyscalls.fdget(t, a.fd(2));
        long offInPtr = a.ptr(1);
        long offOutPtr = a.ptr(3);
        Pipe ip = Pipe.of(in);
        Pipe op = Pipe.of(out);
        if (ip != null && offInPtr != 0 || op != null && offOutPtr != 0) {
            throw new ErrnoException(Errno.ESPIPE);
        }
        UserMemory um = t.userMemory();
        long offOut = offOutPtr != 0 ? um.read64(offOutPtr) : -1;
        long offIn = offInPtr != 0 ? um.read64(offInPtr) : -1;
        if (!in.readable() || !out.writable()) {
            throw new ErrnoException(Errno.EBADF);
        }
        long r;
        if (ip != null && op != null) {
            if (ip == op) {
                throw new ErrnoException(Errno.EINVAL);
            }
            boolean nb = (flags & SPLICE_F_NONBLOCK) != 0 || ((in.flags() | out.flags()) & Fcntl.O_NONBLOCK) != 0;
            r = pipeToPipe(t, ip, op, len, nb, true);
        } else if (ip != null) {
            if (offOutPtr != 0 && !positional(out)) {
                throw new ErrnoException(Errno.EINVAL);
            }
            if ((out.flags() & Fcntl.O_APPEND) != 0) {
                throw new ErrnoException(Errno.EINVAL);
            }
            verifyArea(offOutPtr != 0 ? offOut : position(out), len);
            boolean nb = (flags & SPLICE_F_NONBLOCK) != 0 || (in.flags() & Fcntl.O_NONBLOCK) != 0;
            r = pipeToFile(t, ip, out, offOutPtr != 0 ? offOut : -1, len, nb);
            if (r > 0 && offOutPtr != 0) {
                offOut += r;
            }
        } else if (op != null) {
            if (offInPtr != 0 && !positional(in)) {
                throw new ErrnoException(Errno.EINVAL);
            }
            verifyArea(offInPtr != 0 ? offIn : position(in), len);
            boolean nb = (flags & SPLICE_F_NONBLOCK) != 0 || (out.flags() & Fcntl.O_NONBLOCK) != 0;
            r = fileToPipe(t, in, op, offInPtr != 0 ? offIn : -1, len, nb);
            if (r > 0 && offInPtr != 0) {
                offIn += r;
            }
        } else {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (t.kernel().scheduler().isParked(t)) {
            return 0;
        }
        if (offOutPtr != 0) {
            um.write64(offOutPtr, offOut);
        }
        if (offInPtr != 0) {
            um.write64(offInPtr, offIn);
        }
        return r;
    }

    /**
     * tee(fd_in, fd_out, len, flags) (do_tee): unknown flags EINVAL before len 0 gives 0; EBADF for
     * each fd and for the wrong access mode; both must be pipes and not the same one (EINVAL).
     * Copies what the input pipe holds without taking it.
     */
    static long tee(Task t, SyscallArgs a) throws ErrnoException {
        int flags = a.int32(3);
        long len = a.sizeT(2);
        if ((flags & ~SPLICE_F_ALL) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (len == 0) {
            return 0;
        }
        OpenFile in = FileSyscalls.fdget(t, a.fd(0));
        OpenFile out = FileSyscalls.fdget(t, a.fd(1));
        if (!in.readable() || !out.writable()) {
            throw new ErrnoException(Errno.EBADF);
        }
        Pipe ip = Pipe.of(in);
        Pipe op = Pipe.of(out);
        if (ip == null || op == null || ip == op) {
            throw new ErrnoException(Errno.EINVAL);
        }
        boolean nb = (flags & SPLICE_F_NONBLOCK) != 0 || ((in.flags() | out.flags()) & Fcntl.O_NONBLOCK) != 0;
        return pipeToPipe(t, ip, op, len, nb, false);
    }

    /**
     * vmsplice(fd, iov, nr_segs, flags): unknown flags EINVAL; EBADF; a file open for writing
     * takes user memory into its pipe, one open only for reading gives the pipe's data to user
     * memory; the iovecs are checked (EINVAL, EFAULT) before an empty total gives 0 and before a
     * file that is no pipe is EBADF. Only SPLICE_F_NONBLOCK (not O_NONBLOCK) makes it not wait.
     */
    static long vmsplice(Task t, SyscallArgs a) throws ErrnoException {
        int flags = a.int32(3);
        if ((flags & ~SPLICE_F_ALL) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        OpenFile f = FileSyscalls.fdget(t, a.fd(0));
        boolean toPipe;
        if (f.writable()) {
            toPipe = true;
        } else if (f.readable()) {
            toPipe = false;
        } else {
            throw new ErrnoException(Errno.EBADF);
        }
        long nsegs = a.sizeT(2);
        if (Long.compareUnsigned(nsegs, ReadWriteSyscalls.UIO_MAXIOV) > 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        UserMemory um = t.userMemory();
        long[] iov = ReadWriteSyscalls.iovecs(um, a.ptr(1), (int) nsegs);
        long total = 0;
        for (int i = 1; i < iov.length; i += 2) {
            total += iov[i];
        }
        total = Math.min(total, MAX_RW_COUNT);
        if (total == 0) {
            return 0;
        }
        Pipe p = Pipe.of(f);
        if (p == null) {
            throw new ErrnoException(Errno.EBADF);
        }
        boolean nb = (flags & SPLICE_F_NONBLOCK) != 0;
        if (toPipe) {
            if (!waitForSpace(t, p, nb)) {
                return 0;
            }
            int n = (int) Math.min(Math.min(total, p.room()), ReadWriteSyscalls.MAX_CHUNK);   // a short count is legal
            byte[] data = new byte[n];
            int done = 0;
            for (int i = 1; i < iov.length && done < n; i += 2) {
                int k = (int) Math.min(iov[i], n - done);
                try {
                    um.copyIn(iov[i - 1], data, done, k);
                } catch (ErrnoException e) {
                    if (done == 0) {
                        throw e;
                    }
                    break;
                }
                done += k;
            }
            p.append(data, 0, done);
            return done;
        }
        if (!waitForData(t, p, nb)) {
            return 0;   // the end (no writers), or parked
        }
        byte[] data = p.peek((int) Math.min(total, p.count()));
        int done = 0;
        for (int i = 1; i < iov.length && done < data.length; i += 2) {
            int k = (int) Math.min(iov[i], data.length - done);
            try {
                um.copyOut(iov[i - 1], data, done, k);
            } catch (ErrnoException e) {
                if (done == 0) {
                    throw e;
                }
                break;
            }
            done += k;
        }
        p.take(done);
        return done;
    }

    // ---------------------------------------------------------------- the three directions

    /**
     * splice_pipe_to_pipe and tee's link_pipe: ipipe_prep (wait while the input is empty and has
     * writers), opipe_prep (wait while the output is full: EPIPE and SIGPIPE without readers),
     * then EPIPE without output readers, 0 at the input's end, else min(len, held, room) bytes,
     * taken from the input for splice and left there for tee.
     */
    private static long pipeToPipe(Task t, Pipe ip, Pipe op, long len, boolean nb, boolean move) throws ErrnoException {
        if (ip.count() == 0 && ip.writers() > 0) {
            if (nb) {
                throw new ErrnoException(Errno.EAGAIN);
            }
            return park(t, () -> ip.count() > 0 || ip.writers() == 0, "data in " + ip.describe() + " (splice)");
        }
        if (op.room() == 0) {
            if (op.readers() == 0) {
                throw sigpipe(t);
            }
            if (nb) {
                throw new ErrnoException(Errno.EAGAIN);
            }
            return park(t, () -> op.room() > 0 || op.readers() == 0, "room in " + op.describe() + " (splice)");
        }
        if (op.readers() == 0) {
            throw sigpipe(t);
        }
        if (ip.count() == 0) {
            return 0;   // no writers: the end
        }
        int n = (int) Math.min(Math.min(len, ip.count()), op.room());
        byte[] data = move ? ip.take(n) : ip.peek(n);
        op.append(data, 0, n);
        return n;
    }

    /**
     * do_splice_from: pipe to a regular file, character device or socket (other files have no
     * splice_write: EINVAL). Waits for data as a pipe read does (0 without writers), then writes
     * min(len, held) bytes at {@code pos} (or the file position when -1) and takes what was written.
     */
    private static long pipeToFile(Task t, Pipe ip, OpenFile out, long pos, long len, boolean nb) throws ErrnoException {
        int kind = kind(out);
        if (kind == 0 || kind == Stat.S_IFDIR) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (!waitForData(t, ip, nb)) {
            return 0;
        }
        byte[] data = ip.peek((int) Math.min(Math.min(len, ip.count()), MAX_RW_COUNT));
        int w;
        if (out instanceof Socket s) {
            // splice_to_socket: MSG_DONTWAIT only for an O_NONBLOCK socket; a full one is waited for here
            try {
                w = s.sendmsg(new SendMsg(data, null, null, null, SocketAbi.MSG_DONTWAIT | SocketAbi.MSG_NOSIGNAL),
                        SocketSyscalls.caller(t));
            } catch (ErrnoException e) {
                if (e.errno() == Errno.EPIPE) {
                    throw sigpipe(t);
                }
                if (e.errno() == Errno.EAGAIN && (out.flags() & Fcntl.O_NONBLOCK) == 0) {
                    return park(t, () -> (s.poll() & (dev.flatland.vfs.Poll.POLLOUT | dev.flatland.vfs.Poll.POLLERR
                            | dev.flatland.vfs.Poll.POLLHUP)) != 0, "room in a socket (splice)");
                }
                throw e;
            }
        } else {
            w = pos >= 0 ? out.pwrite(data, 0, data.length, pos) : out.write(data, 0, data.length);
            if (t.kernel().scheduler().isParked(t)) {
                return 0;
            }
        }
        ip.take(w);
        return w;
    }

    /**
     * splice_file_to_pipe: wait_for_space (EPIPE and SIGPIPE without readers, EAGAIN or a wait when
     * full), then do_splice_read of min(len, room) bytes from a regular file or character device
     * (at {@code pos}, or the file position when -1) or a socket; other files EINVAL.
     */
    private static long fileToPipe(Task t, OpenFile in, Pipe op, long pos, long len, boolean nb) throws ErrnoException {
        if (!waitForSpace(t, op, nb)) {
            return 0;
        }
        int kind = kind(in);
        if (kind == 0 || kind == Stat.S_IFDIR) {
            throw new ErrnoException(Errno.EINVAL);
        }
        int n = (int) Math.min(Math.min(len, op.room()), Math.min(MAX_RW_COUNT, ReadWriteSyscalls.MAX_CHUNK));
        if (in instanceof Socket s) {
            boolean stream = s.type() == SocketAbi.SOCK_STREAM;
            // unix_stream_splice_read honours SPLICE_F_NONBLOCK; a datagram socket is read as read(2) does
            boolean sockNb = (in.flags() & Fcntl.O_NONBLOCK) != 0 || stream && nb;
            RecvMsg r;
            try {
                r = s.recvmsg(n, SocketAbi.MSG_DONTWAIT);
            } catch (ErrnoException e) {
                if (e.errno() == Errno.EAGAIN && !sockNb) {
                    return park(t, () -> (s.poll() & (dev.flatland.vfs.Poll.POLLIN | dev.flatland.vfs.Poll.POLLERR
                            | dev.flatland.vfs.Poll.POLLHUP | dev.flatland.vfs.Poll.POLLRDHUP)) != 0,
                            "data in a socket (splice)");
                }
                throw e;
            }
            SocketMessages.dropRights(r);
            op.append(r.data(), 0, r.length());
            return r.length();
        }
        byte[] b = new byte[n];
        int got = pos >= 0 ? in.pread(b, 0, n, pos) : in.read(b, 0, n);
        if (t.kernel().scheduler().isParked(t)) {
            return 0;
        }
        op.append(b, 0, got);
        return got;
    }

    // ---------------------------------------------------------------- helpers

    /** wait_for_space: true when {@code p} has room; false when the task was parked. */
    private static boolean waitForSpace(Task t, Pipe p, boolean nb) throws ErrnoException {
        if (p.readers() == 0) {
            throw sigpipe(t);
        }
        if (p.room() > 0) {
            return true;
        }
        if (nb) {
            throw new ErrnoException(Errno.EAGAIN);
        }
        park(t, () -> p.room() > 0 || p.readers() == 0, "room in " + p.describe() + " (splice)");
        return false;
    }

    /**
     * splice_from_pipe_next: true when {@code p} holds data; false at its end (no writers: the
     * call returns 0) or when the task was parked.
     */
    private static boolean waitForData(Task t, Pipe p, boolean nb) throws ErrnoException {
        if (p.count() > 0) {
            return true;
        }
        if (p.writers() == 0) {
            return false;
        }
        if (nb) {
            throw new ErrnoException(Errno.EAGAIN);
        }
        park(t, () -> p.count() > 0 || p.writers() == 0, "data in " + p.describe() + " (splice)");
        return false;
    }

    /** Parks until {@code ready}, then runs the call again; the value returned is not seen. */
    private static long park(Task t, BooleanSupplier ready, String what) {
        t.kernel().scheduler().parkRestart(t, ready, what);
        return 0;
    }

    private static ErrnoException sigpipe(Task t) {
        t.sendSignal(Signal.SIGPIPE);
        return new ErrnoException(Errno.EPIPE);
    }

    /** rw_verify_area for a splice: a count above SSIZE_MAX, a negative offset or an overflowing end is EINVAL. */
    private static void verifyArea(long pos, long len) throws ErrnoException {
        if (len < 0 || pos < 0 || pos + len < 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
    }

    /**
     * The file type when the file has splice_read/splice_write (a regular file, character device
     * or socket; a directory is reported as such), else 0.
     */
    private static int kind(OpenFile f) throws ErrnoException {
        if (f instanceof Socket) {
            return Stat.S_IFSOCK;
        }
        int type = f.stat().type();
        return type == Stat.S_IFREG || type == Stat.S_IFCHR || type == Stat.S_IFDIR ? type : 0;
    }

    /** f_pos: the file position of a seekable file, else 0. */
    private static long position(OpenFile f) {
        if (f instanceof Socket) {
            return 0;
        }
        try {
            return f.seek(0, Fcntl.SEEK_CUR);
        } catch (ErrnoException e) {
            return 0;
        }
    }

    /** FMODE_PREAD/FMODE_PWRITE: a seekable file that is not a socket. */
    private static boolean positional(OpenFile f) {
        if (f instanceof Socket) {
            return false;
        }
        try {
            f.seek(0, Fcntl.SEEK_CUR);
            return true;
        } catch (ErrnoException e) {
            return false;
        }
    }
}
