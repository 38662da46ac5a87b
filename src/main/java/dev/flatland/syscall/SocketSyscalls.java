package dev.flatland.syscall;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Fcntl;
import dev.flatland.kernel.Blocker;
import dev.flatland.kernel.Kernel;
import dev.flatland.kernel.PollWait;
import dev.flatland.kernel.Task;
import dev.flatland.net.Caller;
import dev.flatland.net.RecvMsg;
import dev.flatland.net.SendMsg;
import dev.flatland.net.Socket;
import dev.flatland.net.SocketAbi;
import dev.flatland.net.SocketRegistry;
import dev.flatland.net.Ucred;
import dev.flatland.net.Waiter;
import dev.flatland.vfs.OpenFile;
import java.util.Map;
import java.util.IdentityHashMap;

/**
 * The socket syscalls (net/socket.c): argument decoding, sockaddr copies (move_addr_to_kernel,
 * move_addr_to_user) and descriptor installation; the semantics live in the family's
 * {@link Socket}. Message headers and control data are {@link SocketMessages}. Each kernel's
 * families come from {@link #install}; a kernel without them answers EAFNOSUPPORT.
 */
public final class SocketSyscalls {
    /** sizeof(struct sockaddr_storage): the longest address a call copies in. */
    static final int SOCKADDR_STORAGE = 128;
    /** Strong references (a registry's Vfs reaches the kernel, so a weak map would never clear): see {@link #uninstall}. */
    private static final Map<Kernel, SocketRegistry> REGISTRIES = new IdentityHashMap<>();

    private SocketSyscalls() {
    }

    /** Gives {@code kernel} the socket families of {@code registry} (called by boot). */
    public static synchronized void install(Kernel kernel, SocketRegistry registry) {
        REGISTRIES.put(kernel, registry);
    }

    /** Forgets {@code kernel}'s families once its run is over (called by boot). */
    public static synchronized void uninstall(Kernel kernel) {
        REGISTRIES.remove(kernel);
    }

    private static synchronized SocketRegistry registry(Kernel k) {
        SocketRegistry r = REGISTRIES.get(k);
        return r != null ? r : new SocketRegistry();
    }

    /**
     * The {@link Waiter} through which sockets of {@code kernel} put the current task to sleep: a
     * parkRestart on the scheduler (a signal gives -ERESTARTSYS), or a {@link PollWait} whose attempt
     * continues the operation (a signal gives -ERESTARTNOHAND).
     */
    public static Waiter waiter(Kernel kernel) {
        return new Waiter() {
            @Override
            public void parkRestart(java.util.function.BooleanSupplier ready, String what) throws ErrnoException {
                // -ERESTARTSYS on a signal (sock_intr_errno with no timeout): SA_RESTART restarts
                kernel.scheduler().parkRestart(current(kernel), ready, what);
            }

            @Override
            public void park(Attempt attempt, boolean sigpipe, String what) throws ErrnoException {
                Task t = current(kernel);
                PollWait.park(t, Blocker.NO_DEADLINE, () -> 0, false, timedOut -> {
                    long r = attempt.tryComplete();
                    if (r == -Errno.EPIPE.number() && sigpipe) {
                        t.sendSignal(dev.flatland.abi.Signal.SIGPIPE);
                    }
                    return r;
                }, () -> { }, what);
            }

            @Override
            public void raiseSigpipe() {
                Task t = kernel.current();
                if (t != null) {
                    t.sendSignal(dev.flatland.abi.Signal.SIGPIPE);
                }
            }
        };
    }

    private static Task current(Kernel k) throws ErrnoException {
        Task t = k.current();
        if (t == null) {
            throw new ErrnoException(Errno.EAGAIN);   // no task context (a kernel-internal caller)
        }
        return t;
    }

    /** The caller's credentials, umask and path resolution for the socket layer. */
    static Caller caller(Task t) {
        var c = t.group().credentials();
        return new Caller(new Ucred(t.group().tgid(), c.euid(), c.egid()), t.group().umask(),
                p -> Paths.resolveAt(t, Fcntl.AT_FDCWD, p));
    }

    /** The socket behind {@code fd}: EBADF, ENOTSOCK. */
    static Socket socketOf(Task t, int fd) throws ErrnoException {
        OpenFile f = t.fds().get(fd);
        if (f instanceof Socket s) {
            return s;
        }
        throw new ErrnoException(Errno.ENOTSOCK);
    }

    /** Splits socket()'s type argument: EINVAL for flags other than SOCK_NONBLOCK/SOCK_CLOEXEC. */
    private static int checkTypeFlags(int type) throws ErrnoException {
        if ((type & ~(SocketAbi.SOCK_TYPE_MASK | SocketAbi.SOCK_NONBLOCK | SocketAbi.SOCK_CLOEXEC)) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        return type & SocketAbi.SOCK_TYPE_MASK;
    }

    private static int fileFlags(int type) {
        return (type & SocketAbi.SOCK_NONBLOCK) != 0 ? Fcntl.O_NONBLOCK : 0;
    }

    static long socket(Task t, SyscallArgs a) throws ErrnoException {
        int family = a.int32(0);
        int type = a.int32(1);
        int kind = checkTypeFlags(type);
        Socket s = registry(t.kernel()).provider(family).create(kind, a.int32(2), fileFlags(type), caller(t));
        try {
            return t.fds().install(s, (type & SocketAbi.SOCK_CLOEXEC) != 0, 0);
        } catch (ErrnoException e) {
            s.put();
            throw e;
        }
    }

    static long socketpair(Task t, SyscallArgs a) throws ErrnoException {
        int type = a.int32(1);
        int kind = checkTypeFlags(type);
        long sv = a.ptr(3);
        Socket[] p = registry(t.kernel()).provider(a.int32(0)).pair(kind, a.int32(2), fileFlags(type), caller(t));
        boolean cloexec = (type & SocketAbi.SOCK_CLOEXEC) != 0;
        int fd0;
        try {
            fd0 = t.fds().install(p[0], cloexec, 0);
        } catch (ErrnoException e) {
            p[0].put();
            p[1].put();
            throw e;
        }
        int fd1;
        try {
            fd1 = t.fds().install(p[1], cloexec, 0);
        } catch (ErrnoException e) {
            t.fds().close(fd0);
            p[1].put();
            throw e;
        }
        try {
            t.userMemory().write32(sv, fd0);
            t.userMemory().write32(sv + 4, fd1);
        } catch (ErrnoException e) {
            t.fds().close(fd0);
            t.fds().close(fd1);
            throw e;
        }
        return 0;
    }

    static long bind(Task t, SyscallArgs a) throws ErrnoException {
        Socket s = socketOf(t, a.fd(0));
        s.bind(addrIn(t, a.ptr(1), a.int32(2)), caller(t));
        return 0;
    }

    static long connect(Task t, SyscallArgs a) throws ErrnoException {
        Socket s = socketOf(t, a.fd(0));
        s.connect(addrIn(t, a.ptr(1), a.int32(2)), caller(t));
        return 0;
    }

    static long listen(Task t, SyscallArgs a) throws ErrnoException {
        socketOf(t, a.fd(0)).listen(a.int32(1), caller(t));
        return 0;
    }

    static long accept(Task t, SyscallArgs a) throws ErrnoException {
        return doAccept(t, a.fd(0), a.ptr(1), a.ptr(2), 0);
    }

    /** accept4: flags other than SOCK_NONBLOCK/SOCK_CLOEXEC are EINVAL. */
    static long accept4(Task t, SyscallArgs a) throws ErrnoException {
        int flags = a.int32(3);
        if ((flags & ~(SocketAbi.SOCK_NONBLOCK | SocketAbi.SOCK_CLOEXEC)) != 0) {
            // (musl's accept4 then falls back to accept(2): unix_conn natively shows accept's EAGAIN)
            throw new ErrnoException(Errno.EINVAL);
        }
        return doAccept(t, a.fd(0), a.ptr(1), a.ptr(2), flags);
    }

    private static long doAccept(Task t, int fd, long addr, long lenp, int flags) throws ErrnoException {
        Socket s = socketOf(t, fd);
        if (addr != 0) {
            readLen(t, lenp);   // an unreadable or negative length fails before a connection is taken
        }
        Socket n = s.accept(fileFlags(flags));
        if (n == null) {
            return 0;   // parked: the call runs again when a connection arrives
        }
        int nfd;
        try {
            nfd = t.fds().install(n, (flags & SocketAbi.SOCK_CLOEXEC) != 0, 0);
        } catch (ErrnoException e) {
            n.put();
            throw e;
        }
        if (addr != 0) {
            try {
                addrOut(t, n.peerAddress(), addr, lenp);
            } catch (ErrnoException e) {
                t.fds().close(nfd);
                throw e;
            }
        }
        return nfd;
    }

    static long shutdown(Task t, SyscallArgs a) throws ErrnoException {
        Socket s = socketOf(t, a.fd(0));
        int how = a.int32(1);
        if (how < SocketAbi.SHUT_RD || how > SocketAbi.SHUT_RDWR) {
            throw new ErrnoException(Errno.EINVAL);
        }
        s.shutdown(how);
        return 0;
    }

    static long getsockname(Task t, SyscallArgs a) throws ErrnoException {
        Socket s = socketOf(t, a.fd(0));
        readLen(t, a.ptr(2));
        addrOut(t, s.localAddress(), a.ptr(1), a.ptr(2));
        return 0;
    }

    static long getpeername(Task t, SyscallArgs a) throws ErrnoException {
        Socket s = socketOf(t, a.fd(0));
        readLen(t, a.ptr(2));
        addrOut(t, s.peerAddress(), a.ptr(1), a.ptr(2));
        return 0;
    }

    /** setsockopt(fd, level, name, val, len): a negative len is EINVAL. */
    static long setsockopt(Task t, SyscallArgs a) throws ErrnoException {
        Socket s = socketOf(t, a.fd(0));
        int len = a.int32(4);
        if (len < 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        byte[] val = t.userMemory().copyIn(a.ptr(3), Math.min(len, 256));
        s.setsockopt(a.int32(1), a.int32(2), val);
        return 0;
    }

    /** getsockopt(fd, level, name, val, lenp): copies min(*lenp, size) bytes and stores that length. */
    static long getsockopt(Task t, SyscallArgs a) throws ErrnoException {
        Socket s = socketOf(t, a.fd(0));
        int len = readLen(t, a.ptr(4));
        byte[] v = s.getsockopt(a.int32(1), a.int32(2));
        int n = Math.min(len, v.length);
        if (n > 0) {
            t.userMemory().copyOut(a.ptr(3), v, 0, n);
        }
        t.userMemory().write32(a.ptr(4), n);
        return 0;
    }

    static long sendto(Task t, SyscallArgs a) throws ErrnoException {
        Socket s = socketOf(t, a.fd(0));
        int len = (int) Math.min(a.sizeT(2) < 0 ? ReadWriteSyscalls.MAX_CHUNK : a.sizeT(2),
                ReadWriteSyscalls.MAX_CHUNK);
        byte[] data = t.userMemory().copyIn(a.ptr(1), len);
        byte[] to = a.ptr(4) != 0 ? addrIn(t, a.ptr(4), a.int32(5)) : null;
        return s.sendmsg(new SendMsg(data, to != null && to.length == 0 ? null : to, null, null, a.int32(3)),
                caller(t));
    }

    static long recvfrom(Task t, SyscallArgs a) throws ErrnoException {
        Socket s = socketOf(t, a.fd(0));
        int len = ReadWriteSyscalls.outLength(t, a.ptr(1), a.sizeT(2));
        long addr = a.ptr(4);
        if (addr != 0) {
            readLen(t, a.ptr(5));
        }
        RecvMsg r = s.recvmsg(len, a.int32(3));
        if (r == null) {
            return 0;
        }
        SocketMessages.dropRights(r);
        t.userMemory().copyOut(a.ptr(1), r.data(), 0, r.length());
        if (addr != 0) {
            addrOut(t, r.addr() == null ? new byte[0] : r.addr(), addr, a.ptr(5));
        }
        return r.result();
    }

    static long sendmsg(Task t, SyscallArgs a) throws ErrnoException {
        return SocketMessages.sendmsg(t, socketOf(t, a.fd(0)), a.ptr(1), a.int32(2));
    }

    static long recvmsg(Task t, SyscallArgs a) throws ErrnoException {
        return SocketMessages.recvmsg(t, socketOf(t, a.fd(0)), a.ptr(1), a.int32(2));
    }

    // ---------------------------------------------------------------- sockaddr copies

    /** move_addr_to_kernel: EINVAL outside [0, 128], EFAULT; an empty result for length 0. */
    static byte[] addrIn(Task t, long ptr, int len) throws ErrnoException {
        if (len < 0 || len > SOCKADDR_STORAGE) {
            throw new ErrnoException(Errno.EINVAL);
        }
        return len == 0 ? new byte[0] : t.userMemory().copyIn(ptr, len);
    }

    /** Reads *lenp: EFAULT, EINVAL when negative. */
    static int readLen(Task t, long lenp) throws ErrnoException {
        int len = t.userMemory().read32(lenp);
        if (len < 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        return len;
    }

    /** move_addr_to_user: copies min(*lenp, size) bytes of {@code sa} and stores its full size. */
    static void addrOut(Task t, byte[] sa, long ptr, long lenp) throws ErrnoException {
        int len = readLen(t, lenp);
        int n = Math.min(len, sa.length);
        if (n > 0) {
            t.userMemory().copyOut(ptr, sa, 0, n);
        }
        t.userMemory().write32(lenp, sa.length);
    }
}
