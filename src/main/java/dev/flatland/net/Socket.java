package dev.flatland.net;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Fcntl;
import dev.flatland.abi.Stat;
import dev.flatland.vfs.OpenFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The open file of a socket (struct socket plus its sockfs file, net/socket.c): the proto_ops verbs
 * with the generic defaults of sock_no_* (EOPNOTSUPP), read/write as recvmsg/sendmsg without flags,
 * fstat as a sockfs inode (S_IFSOCK | 0777) and the SOL_SOCKET options that do not depend on the
 * family (sock_getsockopt/sock_setsockopt in net/core/sock.c). Operations that would block park the
 * caller through the family's {@link Waiter} and return a dummy value (null for objects).
 */
public abstract class Socket extends OpenFile {
    /** sysctl net.core.wmem_default / rmem_default and wmem_max / rmem_max. */
    public static final int WMEM_DEFAULT = 212992;
    static final int WMEM_MAX = 212992;
    /** SOCK_MIN_SNDBUF and SOCK_MIN_RCVBUF on x86-64 (include/net/sock.h). */
    static final int SOCK_MIN_SNDBUF = 4608;
    static final int SOCK_MIN_RCVBUF = 2304;
    /** The sockfs device number (an unnamed block: 0:8 on a typical boot). */
    private static final long SOCKFS_DEV = 0x8;
    private static long nextIno = 1000;

    private final long ino = nextIno++;
    private final Ucred owner;
    protected int sndbuf = WMEM_DEFAULT;
    protected int rcvbuf = WMEM_DEFAULT;
    protected boolean passcred;
    private final int[] boolOpts = new int[64];
    private final byte[][] rawOpts = new byte[64][];

    protected Socket(int fileFlags, Ucred owner) {
        super(Fcntl.O_RDWR | (fileFlags & Fcntl.O_NONBLOCK));
        this.owner = owner;
    }

    /** The AF_* family. */
    public abstract int family();

    /** The SOCK_* type. */
    public abstract int type();

    /** The protocol number (SO_PROTOCOL). */
    public int protocol() {
        return 0;
    }

    /** bind(2) to the raw sockaddr {@code addr}. */
    public void bind(byte[] addr, Caller caller) throws ErrnoException {
        throw new ErrnoException(Errno.EOPNOTSUPP);
    }

    /** listen(2). */
    public void listen(int backlog, Caller caller) throws ErrnoException {
        throw new ErrnoException(Errno.EOPNOTSUPP);
    }

    /** accept4(2) without the address: the new connection, or null when the caller was parked. */
    public Socket accept(int fileFlags) throws ErrnoException {
        throw new ErrnoException(Errno.EOPNOTSUPP);
    }

    /** connect(2) to the raw sockaddr {@code addr}. */
    public void connect(byte[] addr, Caller caller) throws ErrnoException {
        throw new ErrnoException(Errno.EOPNOTSUPP);
    }

    /** sendmsg(2): the count sent (a dummy when the caller was parked). */
    public abstract int sendmsg(SendMsg m, Caller caller) throws ErrnoException;

    /** recvmsg(2) of at most {@code len} bytes; null when the caller was parked. */
    public abstract RecvMsg recvmsg(int len, int flags) throws ErrnoException;

    /** shutdown(2) with SHUT_RD, SHUT_WR or SHUT_RDWR (checked by the caller). */
    public void shutdown(int how) throws ErrnoException {
        throw new ErrnoException(Errno.EOPNOTSUPP);
    }

    /** getsockname(2): the raw sockaddr of this socket. */
    public abstract byte[] localAddress() throws ErrnoException;

    /** getpeername(2): the raw sockaddr of the peer; ENOTCONN when there is none. */
    public abstract byte[] peerAddress() throws ErrnoException;

    /** SO_ERROR: takes and clears the pending error (sock_error), 0 for none. */
    protected int takeError() {
        return 0;
    }

    /**
     * Sets the pending error (sk->sk_err = errno), as recvmmsg does with an error that ended a batch
     * after some datagrams; a family without a pending error ignores it.
     */
    public void setPendingError(int errno) {
    }

    /** SO_PEERCRED: the peer's credentials when it connected, or {@link Ucred#NONE}. */
    protected Ucred peerCred() {
        return Ucred.NONE;
    }

    /** SO_ACCEPTCONN: true for a listening socket. */
    protected boolean listening() {
        return false;
    }

    /** SO_SNDBUF: the send buffer's size in bytes. */
    public final int sndbuf() {
        return sndbuf;
    }

    /** The credentials of the process that created the socket. */
    public final Ucred owner() {
        return owner;
    }

    @Override
    public int read(byte[] b, int off, int len) throws ErrnoException {
        RecvMsg r = recvmsg(len, 0);
        if (r == null) {
            return 0;
        }
        if (r.rights() != null) {
            for (OpenFile f : r.rights()) {
                f.put();   // read(2) has no control buffer: the files are dropped (MSG_CTRUNC)
            }
        }
        System.arraycopy(r.data(), 0, b, off, r.length());
        return r.result();
    }

    @Override
    public int write(byte[] b, int off, int len) throws ErrnoException {
        byte[] d = off == 0 && len == b.length ? b : java.util.Arrays.copyOfRange(b, off, off + len);
        return sendmsg(new SendMsg(d, null, null, null, 0), null);
    }

    @Override
    public Stat stat() {
        return new Stat(SOCKFS_DEV, ino, Stat.S_IFSOCK | 0777, 1, owner.uid(), owner.gid(), 0, 0, 4096, 0, 0, 0, 0,
                0, 0, 0);
    }

    @Override
    public String linkText() {
        return "socket:[" + ino + "]";
    }

    @Override
    public boolean canPoll() {
        return true;
    }

    /** getsockopt(2): the option's bytes (the caller copies min(optlen, length) out). */
    public byte[] getsockopt(int level, int name) throws ErrnoException {
        if (level != SocketAbi.SOL_SOCKET) {
            throw new ErrnoException(Errno.EOPNOTSUPP);   // sock_no_getsockopt
        }
        return switch (name) {
            case SocketAbi.SO_TYPE -> intOpt(type());
            case SocketAbi.SO_DOMAIN -> intOpt(family());
            case SocketAbi.SO_PROTOCOL -> intOpt(protocol());
            case SocketAbi.SO_ERROR -> intOpt(takeError());
            case SocketAbi.SO_SNDBUF -> intOpt(sndbuf);
            case SocketAbi.SO_RCVBUF -> intOpt(rcvbuf);
            case SocketAbi.SO_PASSCRED -> intOpt(passcred ? 1 : 0);
            case SocketAbi.SO_ACCEPTCONN -> intOpt(listening() ? 1 : 0);
            case SocketAbi.SO_PEERCRED -> peerCred().encode();
            case SocketAbi.SO_REUSEADDR, SocketAbi.SO_KEEPALIVE, SocketAbi.SO_BROADCAST, SocketAbi.SO_DONTROUTE,
                    SocketAbi.SO_OOBINLINE, SocketAbi.SO_REUSEPORT -> intOpt(boolOpts[name]);
            case SocketAbi.SO_RCVLOWAT, SocketAbi.SO_SNDLOWAT -> intOpt(1);
            case SocketAbi.SO_LINGER -> rawOpts[name] != null ? rawOpts[name].clone() : new byte[8];
            case SocketAbi.SO_RCVTIMEO, SocketAbi.SO_SNDTIMEO ->
                    rawOpts[name] != null ? rawOpts[name].clone() : new byte[16];
            default -> throw new ErrnoException(Errno.ENOPROTOOPT);
        };
    }

    /**
     * setsockopt(2): the buffer sizes (doubled, clamped as sock_setsockopt does), SO_PASSCRED, and
     * the flags that change nothing here (stored for getsockopt). Timeouts are stored, not enforced.
     */
    public void setsockopt(int level, int name, byte[] val) throws ErrnoException {
        if (level != SocketAbi.SOL_SOCKET) {
            throw new ErrnoException(Errno.EOPNOTSUPP);
        }
        switch (name) {
            case SocketAbi.SO_LINGER -> rawOpts[name] = need(val, 8);
            case SocketAbi.SO_RCVTIMEO, SocketAbi.SO_SNDTIMEO -> {
                byte[] tv = need(val, 16);
                long usec = ByteBuffer.wrap(tv, 8, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
                if (usec < 0 || usec >= 1_000_000) {
                    throw new ErrnoException(Errno.EDOM);   // sock_set_timeout
                }
                rawOpts[name] = tv;
            }
            default -> {
                int v = ByteBuffer.wrap(need(val, 4)).order(ByteOrder.LITTLE_ENDIAN).getInt();
                switch (name) {
                    case SocketAbi.SO_SNDBUF, SocketAbi.SO_SNDBUFFORCE ->
                            sndbuf = Math.max((int) Math.min(v & 0xffffffffL, WMEM_MAX) * 2, SOCK_MIN_SNDBUF);
                    case SocketAbi.SO_RCVBUF, SocketAbi.SO_RCVBUFFORCE ->
                            rcvbuf = Math.max((int) Math.min(v & 0xffffffffL, WMEM_MAX) * 2, SOCK_MIN_RCVBUF);
                    case SocketAbi.SO_PASSCRED -> passcred = v != 0;
                    case SocketAbi.SO_REUSEADDR, SocketAbi.SO_KEEPALIVE, SocketAbi.SO_BROADCAST,
                            SocketAbi.SO_DONTROUTE, SocketAbi.SO_OOBINLINE, SocketAbi.SO_REUSEPORT ->
                            boolOpts[name] = v != 0 ? 1 : 0;
                    case SocketAbi.SO_RCVLOWAT, SocketAbi.SO_SNDLOWAT -> {
                    }
                    default -> throw new ErrnoException(Errno.ENOPROTOOPT);
                }
            }
        }
    }

    /** The first {@code n} bytes of an option value; EINVAL when it is shorter. */
    private static byte[] need(byte[] val, int n) throws ErrnoException {
        if (val.length < n) {
            throw new ErrnoException(Errno.EINVAL);
        }
        return java.util.Arrays.copyOf(val, n);
    }

    protected static byte[] intOpt(int v) {
        byte[] b = new byte[4];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(v);
        return b;
    }

    /** True when this call may not block: O_NONBLOCK on the file or MSG_DONTWAIT in {@code msgFlags}. */
    protected final boolean nonBlocking(int msgFlags) {
        return (flags() & Fcntl.O_NONBLOCK) != 0 || (msgFlags & SocketAbi.MSG_DONTWAIT) != 0;
    }
}
