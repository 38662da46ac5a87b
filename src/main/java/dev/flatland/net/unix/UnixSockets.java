package dev.flatland.net.unix;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Stat;
import dev.flatland.net.Caller;
import dev.flatland.net.Socket;
import dev.flatland.net.SocketAbi;
import dev.flatland.net.SocketProvider;
import dev.flatland.net.Waiter;
import dev.flatland.vfs.Vfs;
import java.util.HashMap;
import java.util.Map;

/**
 * The AF_UNIX family of one kernel (af_unix.c unix_family_ops and the bound-socket hash tables):
 * creates sockets and socketpairs, and owns the two namespaces. A file-system name is keyed by the
 * socket node's device and inode (unix_find_bsd looks the inode up); an abstract name by its bytes.
 *
 * <p>File-system names need a file system that can make an S_IFSOCK node ({@code Vfs.mknod}):
 * tmpfs keeps the node in memory; hostfs makes a real host socket file (java.nio binds and closes a
 * host socket there), so the name is visible on the host but only guest sockets ever answer it.
 * Other file systems fail the bind with their mknod error (EPERM).
 */
public final class UnixSockets implements SocketProvider {
    /** net.unix.max_dgram_qlen: a datagram receiver's queue limit (sk_max_ack_backlog). */
    static final int MAX_DGRAM_QLEN = 10;

    private final Vfs vfs;
    final Waiter waiter;
    private final Map<String, UnixSocket> abstractNames = new HashMap<>();
    private final Map<InodeKey, UnixSocket> pathNames = new HashMap<>();
    private int autobindOrder;

    private record InodeKey(long dev, long ino) {
    }

    private UnixSockets(Vfs vfs, Waiter waiter) {
        this.vfs = vfs;
        this.waiter = waiter;
    }

    /** The provider for a kernel whose paths live in {@code vfs} and whose tasks sleep through {@code waiter}. */
    public static UnixSockets create(Vfs vfs, Waiter waiter) {
        return new UnixSockets(vfs, waiter);
    }

    @Override
    public int family() {
        return SocketAbi.AF_UNIX;
    }

    /** unix_create: STREAM, SEQPACKET, DGRAM (RAW is DGRAM); protocol 0 or PF_UNIX. */
    @Override
    public Socket create(int type, int protocol, int fileFlags, Caller caller) throws ErrnoException {
        if (protocol != 0 && protocol != SocketAbi.AF_UNIX) {
            throw new ErrnoException(Errno.EPROTONOSUPPORT);
        }
        int t = switch (type) {
            case SocketAbi.SOCK_STREAM, SocketAbi.SOCK_SEQPACKET, SocketAbi.SOCK_DGRAM -> type;
            case SocketAbi.SOCK_RAW -> SocketAbi.SOCK_DGRAM;
            default -> throw new ErrnoException(Errno.ESOCKTNOSUPPORT);
        };
        return new UnixSocket(this, t, fileFlags, caller.cred());
    }

    /** unix_socketpair: two sockets connected to each other, each with the creator's peer credentials. */
    @Override
    public Socket[] pair(int type, int protocol, int fileFlags, Caller caller) throws ErrnoException {
        UnixSocket a = (UnixSocket) create(type, protocol, fileFlags, caller);
        UnixSocket b = (UnixSocket) create(type, protocol, fileFlags, caller);
        a.connectPair(b, caller.cred());
        b.connectPair(a, caller.cred());
        return new Socket[] {a, b};
    }

    // ---------------------------------------------------------------- names

    /**
     * The abstract table's key: the name and the socket type (unix_abstract_hash mixes the type in,
     * so each type has its own abstract namespace and another type's name is ECONNREFUSED).
     */
    private static String abstractKey(UnixAddress a, int type) {
        return type + ":" + a.key();
    }

    /** Binds {@code s} to the abstract name {@code a}; EADDRINUSE when it is taken. */
    void bindAbstract(UnixSocket s, UnixAddress a) throws ErrnoException {
        if (abstractNames.containsKey(abstractKey(a, s.type()))) {
            throw new ErrnoException(Errno.EADDRINUSE);
        }
        abstractNames.put(abstractKey(a, s.type()), s);
        s.bound(a, null);
    }

    /** unix_autobind: the first free name "\0" + five hex digits. */
    void autobind(UnixSocket s) throws ErrnoException {
        for (int tries = 0; tries <= 0xfffff; tries++) {
            String name = String.format("%05x", autobindOrder);
            autobindOrder = (autobindOrder + 1) & 0xfffff;
            byte[] b = new byte[6];
            System.arraycopy(name.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 0, b, 1, 5);
            UnixAddress a = new UnixAddress(b, true);
            if (!abstractNames.containsKey(abstractKey(a, s.type()))) {
                bindAbstract(s, a);
                return;
            }
        }
        throw new ErrnoException(Errno.ENOSPC);
    }

    /**
     * unix_bind_bsd: makes the S_IFSOCK node (mode 0777 less the umask; an existing name is
     * EADDRINUSE) and records the socket under the node's inode.
     */
    void bindPath(UnixSocket s, UnixAddress a, Caller caller) throws ErrnoException {
        String abs = caller.paths().resolve(a.path());
        try {
            vfs.mknod(abs, Stat.S_IFSOCK | (0777 & ~caller.umask()), 0);
        } catch (ErrnoException e) {
            throw e.errno() == Errno.EEXIST ? new ErrnoException(Errno.EADDRINUSE) : e;
        }
        Stat st = vfs.stat(abs, false);
        if (s.addr != null) {
            vfs.unlink(abs);   // unix_bind_bsd: the node is made first; a named socket is EINVAL
            throw new ErrnoException(Errno.EINVAL);
        }
        InodeKey k = new InodeKey(st.dev(), st.ino());
        pathNames.put(k, s);
        s.bound(a, k);
    }

    /** Forgets the name of a released socket (the file-system node stays, as on Linux). */
    void unbind(UnixSocket s, UnixAddress a, Object pathKey) {
        if (a == null) {
            return;
        }
        if (a.isAbstract()) {
            abstractNames.remove(abstractKey(a, s.type()), s);
        } else if (pathKey != null) {
            pathNames.remove(pathKey, s);
        }
    }

    /**
     * unix_find_other: the socket bound to {@code a}. A missing path is its lookup error (ENOENT),
     * a node that is not a socket or has no socket behind it ECONNREFUSED, a socket of another type
     * EPROTOTYPE.
     */
    UnixSocket find(UnixAddress a, int type, Caller caller) throws ErrnoException {
        UnixSocket s;
        if (a.isAbstract()) {
            s = abstractNames.get(abstractKey(a, type));
        } else {
            String abs = caller.paths().resolve(a.path());
            Stat st = vfs.stat(abs, true);
            if (st.type() != Stat.S_IFSOCK) {
                throw new ErrnoException(Errno.ECONNREFUSED);
            }
            s = pathNames.get(new InodeKey(st.dev(), st.ino()));
        }
        if (s == null) {
            throw new ErrnoException(Errno.ECONNREFUSED);
        }
        if (s.type() != type) {
            throw new ErrnoException(Errno.EPROTOTYPE);
        }
        return s;
    }
}
