package dev.flatland.syscall;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Fcntl;
import dev.flatland.kernel.Blocker;
import dev.flatland.kernel.Task;
import dev.flatland.memory.UserMemory;
import dev.flatland.net.Socket;
import dev.flatland.net.SocketAbi;

/**
 * sendmmsg and recvmmsg (net/socket.c __sys_sendmmsg, do_recvmmsg): a loop of sendmsg/recvmsg
 * ({@link SocketMessages}) over struct mmsghdr {struct msghdr msg_hdr; unsigned msg_len;} (64 bytes
 * on x86-64), writing msg_len after each message. An error on the first message is the result;
 * after that the count so far is.
 *
 * <p>Every message is tried with MSG_DONTWAIT; when one would block on a blocking socket the task
 * parks on a {@link Blocker} that retries it, so the messages already moved are never moved again
 * (a restart of the whole call would repeat them). A signal while parked ends the call with the
 * count so far, or, with none moved yet, restarts it as recvmsg/sendmsg would (-ERESTARTSYS).
 * recvmmsg keeps the error that ended a batch after some datagrams as the socket's pending error,
 * as Linux does (-ERESTARTSYS after a signal; a later recv then returns Linux's raw 512, which
 * Flatland's return path turns into a restart instead).
 * A stream message the send buffer takes only part of ends the batch with that part (Linux waits
 * for room for the rest of that message).
 */
final class MultiMessageSyscalls {
    /** sizeof(struct mmsghdr). */
    static final int MMSGHDR = 64;
    /** offsetof(struct mmsghdr, msg_len). */
    static final int MSG_LEN = 56;
    static final int MSG_WAITFORONE = 0x10000;
    static final int MSG_ERRQUEUE = 0x2000;
    static final int MSG_CMSG_COMPAT = 0x80000000;
    /** The loop's "this message would block" outcome (no errno is this value). */
    private static final long WOULD_BLOCK = Long.MIN_VALUE;

    private MultiMessageSyscalls() {
    }

    /** One call's progress: the next entry, the messages done, the flags for the next message. */
    private static final class Batch {
        final Task t;
        final Socket s;
        final long vec;
        final int vlen;
        final boolean send;
        final int userFlags;
        int flags;
        int done;
        /** sendmmsg on a blocking stream socket: the bytes of message {@code done} sent so far, or -1. */
        long partial = -1;
        /** The length of the message {@link #partial} belongs to. */
        long msgTotal;
        /** recvmmsg: CLOCK_MONOTONIC end of the timeout, or -1 without one. */
        long endNs = -1;
        long timeoutPtr;

        Batch(Task t, Socket s, long vec, int vlen, int flags, boolean send) {
            this.t = t;
            this.s = s;
            this.vec = vec;
            this.vlen = vlen;
            this.userFlags = flags;
            this.flags = flags;
            this.send = send;
        }

        /** True when the socket itself may block (no O_NONBLOCK, no MSG_DONTWAIT yet). */
        boolean mayBlock() {
            return (s.flags() & Fcntl.O_NONBLOCK) == 0 && (flags & SocketAbi.MSG_DONTWAIT) == 0;
        }
    }

    /** sendmmsg(fd, msgvec, vlen, flags): vlen above UIO_MAXIOV is cut to it. */
    static long sendmmsg(Task t, SyscallArgs a) throws ErrnoException {
        int flags = a.int32(3);
        if ((flags & MSG_CMSG_COMPAT) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        long vlen = Math.min(a.uint32(2), ReadWriteSyscalls.UIO_MAXIOV);
        Socket s = SocketSyscalls.socketOf(t, a.fd(0));
        return start(new Batch(t, s, a.ptr(1), (int) vlen, flags, true));
    }

    /**
     * recvmmsg(fd, msgvec, vlen, flags, timeout): MSG_CMSG_COMPAT is EINVAL, an unreadable timeout
     * EFAULT, an invalid one EINVAL, all before the descriptor; a pending socket error is the result
     * before any message (sock_error). MSG_WAITFORONE adds MSG_DONTWAIT after the first datagram.
     * The timeout is checked only after each datagram, and what is left of it is written back when
     * any datagram arrived.
     */
    static long recvmmsg(Task t, SyscallArgs a) throws ErrnoException {
        int flags = a.int32(3);
        if ((flags & MSG_CMSG_COMPAT) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        long tp = a.ptr(4);
        long endNs = -1;
        if (tp != 0) {
            UserMemory um = t.userMemory();
            long sec = um.read64(tp);
            long nsec = um.read64(tp + 8);
            if (sec < 0 || nsec < 0 || nsec >= 1_000_000_000L) {
                throw new ErrnoException(Errno.EINVAL);
            }
            long now = t.kernel().clock().monotonicNs();
            endNs = sec >= (Long.MAX_VALUE - now) / 1_000_000_000L ? Long.MAX_VALUE : now + sec * 1_000_000_000L + nsec;
        }
        Socket s = SocketSyscalls.socketOf(t, a.fd(0));
        if ((flags & MSG_ERRQUEUE) == 0) {
            byte[] err = s.getsockopt(SocketAbi.SOL_SOCKET, SocketAbi.SO_ERROR);   // sock_error: takes it
            int e = (err[0] & 0xff) | (err[1] & 0xff) << 8 | (err[2] & 0xff) << 16 | (err[3] & 0xff) << 24;
            if (e != 0) {
                throw new ErrnoException(Errno.of(e));
            }
        }
        Batch b = new Batch(t, s, a.ptr(1), (int) Math.min(a.uint32(2), Integer.MAX_VALUE), flags, false);
        b.endNs = endNs;
        b.timeoutPtr = tp;
        return start(b);
    }

    /** Runs the batch; parks when a message would block on a blocking socket. */
    private static long start(Batch b) throws ErrnoException {
        long r = run(b);
        if (r != WOULD_BLOCK) {
            return finish(b, r);
        }
        Task t = b.t;
        t.kernel().scheduler().park(t, new Blocker() {
            private long result;

            @Override
            public boolean ready() {
                long r;
                try {
                    r = run(b);
                    if (r == WOULD_BLOCK) {
                        if ((b.done > 0 || b.partial > 0) && (t.pending() & ~t.blocked()) != 0) {
                            // signal_pending: the messages so far, a stream message with what of it
                            // was sent (recvmmsg keeps -ERESTARTSYS as sk_err)
                            if (b.partial > 0) {
                                t.userMemory().write32(b.vec + (long) b.done * MMSGHDR + MSG_LEN, (int) b.partial);
                                b.done++;
                                b.partial = -1;
                            }
                            result = finish(b, -Errno.ERESTARTSYS.number());
                            return true;
                        }
                        return false;
                    }
                    result = finish(b, r);
                } catch (ErrnoException e) {
                    result = -e.errno().number();
                }
                return true;
            }

            @Override
            public long result() {
                return result;
            }

            @Override
            public Errno interruptedBy() {
                return Errno.ERESTARTSYS;   // nothing moved yet: as sendmsg/recvmsg
            }

            @Override
            public String describe() {
                return (b.send ? "room for sendmmsg" : "data for recvmmsg") + " message " + b.done;
            }
        });
        return 0;
    }

    /**
     * Moves messages from {@code b.done}: returns 0 when the loop ended normally, -errno for the
     * error that ended it, or {@link #WOULD_BLOCK}.
     */
    private static long run(Batch b) throws ErrnoException {
        UserMemory um = b.t.userMemory();
        while (b.done < b.vlen) {
            long entry = b.vec + (long) b.done * MMSGHDR;
            long n;
            if (b.partial >= 0) {
                if (!sendRest(b, entry)) {
                    return WOULD_BLOCK;
                }
                n = b.partial;
                b.partial = -1;
            } else {
                try {
                    n = b.send ? sendOne(b, entry) : SocketMessages.recvmsg(b.t, b.s, entry,
                            (b.flags & ~MSG_WAITFORONE) | SocketAbi.MSG_DONTWAIT);
                } catch (ErrnoException e) {
                    if (e.errno() == Errno.EAGAIN && b.mayBlock()) {
                        return WOULD_BLOCK;
                    }
                    return -e.errno().number();
                }
                if (b.send && b.mayBlock() && b.s.type() == SocketAbi.SOCK_STREAM) {
                    long total = messageLength(um, entry);
                    if (n > 0 && n < total) {
                        // unix_stream_sendmsg waits for room for the rest of the message
                        b.partial = n;
                        b.msgTotal = total;
                        return WOULD_BLOCK;
                    }
                }
            }
            try {
                um.write32(entry + MSG_LEN, (int) n);
            } catch (ErrnoException e) {
                return -e.errno().number();
            }
            b.done++;
            if (b.send) {
                if (n < messageLength(um, entry)) {
                    break;   // msg_data_left: a partial send ends the batch
                }
                continue;
            }
            if ((b.flags & MSG_WAITFORONE) != 0) {
                b.flags |= SocketAbi.MSG_DONTWAIT;
            }
            if (b.endNs >= 0 && b.t.kernel().clock().monotonicNs() >= b.endNs) {
                break;   // timed out: fewer than vlen datagrams
            }
            if ((um.read32(entry + 48) & SocketAbi.MSG_OOB) != 0) {
                break;
            }
        }
        return 0;
    }

    /**
     * Sends more of the stream message at {@code entry} from byte {@code b.partial}: true when the
     * message is finished (all sent, or an error ended it: what was sent is its msg_len, as
     * unix_stream_sendmsg returns the count sent), false when the send buffer is full again.
     */
    private static boolean sendRest(Batch b, long entry) {
        UserMemory um = b.t.userMemory();
        while (b.partial < b.msgTotal) {
            int k;
            try {
                byte[] rest = gather(um, entry, b.partial, b.msgTotal);
                k = b.s.sendmsg(new dev.flatland.net.SendMsg(rest, null, null, null,
                        b.flags | SocketAbi.MSG_DONTWAIT | SocketAbi.MSG_NOSIGNAL), SocketSyscalls.caller(b.t));
            } catch (ErrnoException e) {
                if (e.errno() == Errno.EAGAIN) {
                    return false;
                }
                return true;   // no SIGPIPE: part of the message was sent
            }
            if (k <= 0) {
                return false;
            }
            b.partial += k;
        }
        return true;
    }

    /** Bytes [from, to) of the data a msghdr's iovecs describe. */
    private static byte[] gather(UserMemory um, long msg, long from, long to) throws ErrnoException {
        long[] iov = ReadWriteSyscalls.iovecs(um, um.read64(msg + 16), (int) um.read64(msg + 24));
        byte[] out = new byte[(int) (to - from)];
        long at = 0;
        int done = 0;
        for (int i = 1; i < iov.length && done < out.length; i += 2) {
            long start = Math.max(from, at);
            long end = Math.min(to, at + iov[i]);
            if (end > start) {
                um.copyIn(iov[i - 1] + (start - at), out, done, (int) (end - start));
                done += (int) (end - start);
            }
            at += iov[i];
        }
        return out;
    }

    /** sendmsg without waiting; a later message's EPIPE still raises SIGPIPE (for the calling task). */
    private static long sendOne(Batch b, long entry) throws ErrnoException {
        int f = b.flags | SocketAbi.MSG_DONTWAIT | SocketAbi.MSG_NOSIGNAL;
        try {
            return SocketMessages.sendmsg(b.t, b.s, entry, f);
        } catch (ErrnoException e) {
            if (e.errno() == Errno.EPIPE && (b.userFlags & SocketAbi.MSG_NOSIGNAL) == 0) {
                b.t.sendSignal(dev.flatland.abi.Signal.SIGPIPE);
            }
            throw e;
        }
    }

    /** The bytes a sent msghdr's iovecs hold (read again after a successful send). */
    private static long messageLength(UserMemory um, long msg) throws ErrnoException {
        long[] iov = ReadWriteSyscalls.iovecs(um, um.read64(msg + 16), (int) um.read64(msg + 24));
        long total = 0;
        for (int i = 1; i < iov.length; i += 2) {
            total += iov[i];
        }
        return Math.min(total, ReadWriteSyscalls.MAX_CHUNK);
    }

    /**
     * The call's result: the count, or the error when nothing moved. recvmmsg keeps an error other
     * than EAGAIN that ended a batch after some datagrams as the socket's pending error (returned
     * by the next call or SO_ERROR), and writes back the time left.
     */
    private static long finish(Batch b, long err) throws ErrnoException {
        if (b.done == 0) {
            if (err < 0) {
                throw new ErrnoException(Errno.of((int) -err));
            }
            return 0;
        }
        if (!b.send && err < 0 && err != -Errno.EAGAIN.number()) {
            b.s.setPendingError((int) -err);
        }
        if (!b.send && b.timeoutPtr != 0) {
            long left = b.endNs == Long.MAX_VALUE ? Long.MAX_VALUE
                    : Math.max(0, b.endNs - b.t.kernel().clock().monotonicNs());
            UserMemory um = b.t.userMemory();
            if (left != Long.MAX_VALUE) {
                um.write64(b.timeoutPtr, left / 1_000_000_000L);
                um.write64(b.timeoutPtr + 8, left % 1_000_000_000L);
            }
        }
        return b.done;
    }
}
