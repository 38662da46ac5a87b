package dev.flatland.net.unix;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Fcntl;
import dev.flatland.net.Caller;
import dev.flatland.net.RecvMsg;
import dev.flatland.net.SendMsg;
import dev.flatland.net.Socket;
import dev.flatland.net.SocketAbi;
import dev.flatland.net.Ucred;
import dev.flatland.vfs.Poll;
import java.util.ArrayDeque;

/**
 * One AF_UNIX socket (struct unix_sock): its name, peer, receive queue, backlog of embryo
 * connections, shutdown bits and pending error. The connection verbs (bind, listen, connect,
 * accept, shutdown, release) live here; the data path is in {@link UnixStream} and
 * {@link UnixDgram} (SOCK_SEQPACKET uses the datagram path once connected, as af_unix.c does).
 */
final class UnixSocket extends Socket {
    enum State { CLOSE, LISTEN, ESTABLISHED }

    final UnixSockets ns;
    private final int type;
    State state = State.CLOSE;
    UnixAddress addr;
    private Object pathKey;
    UnixSocket peer;
    Ucred peerCred;
    final ArrayDeque<Skb> queue = new ArrayDeque<>();
    /** Unread payload bytes in {@link #queue}. */
    int queuedBytes;
    /** Connections waiting for accept (the listener's receive queue of embryos). */
    final ArrayDeque<UnixSocket> backlogQueue = new ArrayDeque<>();
    int backlog;
    int shutdown;
    int err;
    boolean dead;
    /** Payload this socket has queued at receivers and not yet read (sk_wmem_alloc). */
    int wmem;
    private long seq;

    UnixSocket(UnixSockets ns, int type, int fileFlags, Ucred owner) {
        super(fileFlags, owner);
        this.ns = ns;
        this.type = type;
    }

    @Override
    public int family() {
        return SocketAbi.AF_UNIX;
    }

    @Override
    public int type() {
        return type;
    }

    boolean connectionOriented() {
        return type != SocketAbi.SOCK_DGRAM;
    }

    /** A wake-up on this socket's wait queue: pollers and edge-triggered epoll see a change. */
    void wake() {
        seq++;
    }

    @Override
    public long pollSeq() {
        return seq;
    }

    void connectPair(UnixSocket other, Ucred cred) {
        peer = other;
        peerCred = cred;
        if (connectionOriented()) {
            state = State.ESTABLISHED;
        }
    }

    void bound(UnixAddress a, Object key) {
        addr = a;
        pathKey = key;
    }

    // ---------------------------------------------------------------- connection verbs

    /** unix_bind: autobind for a bare family, else an abstract or file-system name; EINVAL when named. */
    @Override
    public void bind(byte[] sa, Caller caller) throws ErrnoException {
        if (sa.length == UnixAddress.SUN_PATH_OFFSET && UnixAddress.family(sa) == SocketAbi.AF_UNIX) {
            if (addr == null) {
                ns.autobind(this);
            }
            return;
        }
        UnixAddress a = UnixAddress.parse(sa);
        if (a.isAbstract()) {
            if (addr != null) {
                throw new ErrnoException(Errno.EINVAL);
            }
            ns.bindAbstract(this, a);
        } else {
            ns.bindPath(this, a, caller);
        }
        wake();
    }

    /** unix_listen: stream and seqpacket only (EOPNOTSUPP), named (EINVAL), not connected (EINVAL). */
    @Override
    public void listen(int n, Caller caller) throws ErrnoException {
        if (!connectionOriented()) {
            throw new ErrnoException(Errno.EOPNOTSUPP);
        }
        if (addr == null || state == State.ESTABLISHED) {
            throw new ErrnoException(Errno.EINVAL);
        }
        backlog = Integer.compareUnsigned(n, SocketAbi.SOMAXCONN) > 0 ? SocketAbi.SOMAXCONN : n;
        state = State.LISTEN;
        peerCred = caller.cred();   // init_peercred: connectors see the listener's credentials
        wake();
    }

    @Override
    public void connect(byte[] sa, Caller caller) throws ErrnoException {
        if (connectionOriented()) {
            streamConnect(sa, caller);
        } else {
            dgramConnect(sa, caller);
        }
    }

    /**
     * unix_stream_connect: a connected socket is EISCONN, a listener EINVAL; the target must listen
     * (ECONNREFUSED); a full backlog waits (EAGAIN when non-blocking). The caller is connected at
     * once to a new embryo socket that waits in the listener's backlog for accept.
     */
    private void streamConnect(byte[] sa, Caller caller) throws ErrnoException {
        UnixAddress a = UnixAddress.parse(sa);
        if (state == State.ESTABLISHED) {
            throw new ErrnoException(Errno.EISCONN);
        }
        if (state == State.LISTEN) {
            throw new ErrnoException(Errno.EINVAL);
        }
        UnixSocket other = ns.find(a, type, caller);
        if (other.state != State.LISTEN || other.dead) {
            throw new ErrnoException(Errno.ECONNREFUSED);
        }
        if (other.backlogQueue.size() > other.backlog) {
            if (nonBlocking(0)) {
                throw new ErrnoException(Errno.EAGAIN);
            }
            ns.waiter.parkRestart(() -> other.dead || other.state != State.LISTEN
                    || other.backlogQueue.size() <= other.backlog, "room in the backlog of a unix listener");
            return;
        }
        UnixSocket embryo = new UnixSocket(ns, type, 0, caller.cred());
        embryo.state = State.ESTABLISHED;
        embryo.peer = this;
        embryo.peerCred = caller.cred();
        embryo.addr = other.addr;
        embryo.sndbuf = other.sndbuf;
        peer = embryo;
        peerCred = other.peerCred;
        state = State.ESTABLISHED;
        other.backlogQueue.add(embryo);
        other.wake();
        wake();
    }

    /**
     * unix_dgram_connect: AF_UNSPEC disconnects; otherwise the target must accept our datagrams
     * (unix_may_send: EPERM when it is connected to someone else).
     */
    private void dgramConnect(byte[] sa, Caller caller) throws ErrnoException {
        if (sa.length < 2) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (UnixAddress.family(sa) == SocketAbi.AF_UNSPEC) {
            disconnectDgram();
            return;
        }
        UnixAddress a = UnixAddress.parse(sa);
        UnixSocket other = ns.find(a, type, caller);
        if (other.peer != null && other.peer != this) {
            throw new ErrnoException(Errno.EPERM);
        }
        UnixSocket old = peer;
        peer = other;
        peerCred = other.owner();
        if (old != null && old != other) {
            old.wake();
        }
        wake();
    }

    void disconnectDgram() {
        if (peer != null) {
            peer.wake();
        }
        peer = null;
        peerCred = null;
        wake();
    }

    /** unix_accept: a listener only (EINVAL; datagram EOPNOTSUPP); waits for a connection. */
    @Override
    public Socket accept(int fileFlags) throws ErrnoException {
        if (!connectionOriented()) {
            throw new ErrnoException(Errno.EOPNOTSUPP);
        }
        if (state != State.LISTEN) {
            throw new ErrnoException(Errno.EINVAL);
        }
        UnixSocket s = backlogQueue.poll();
        if (s == null) {
            if (nonBlocking(0)) {
                throw new ErrnoException(Errno.EAGAIN);
            }
            ns.waiter.parkRestart(() -> !backlogQueue.isEmpty() || state != State.LISTEN,
                    "a connection to a unix listener (accept)");
            return null;
        }
        s.setStatusFlags(fileFlags & Fcntl.O_NONBLOCK);
        wake();
        return s;
    }

    /** unix_shutdown: marks our side and mirrors it on a connected peer of a connection-oriented socket. */
    @Override
    public void shutdown(int how) throws ErrnoException {
        int mode = how + 1;
        shutdown |= mode;
        UnixSocket other = peer;
        if (other != null && connectionOriented()) {
            int peerMode = 0;
            if ((mode & SocketAbi.RCV_SHUTDOWN) != 0) {
                peerMode |= SocketAbi.SEND_SHUTDOWN;
            }
            if ((mode & SocketAbi.SEND_SHUTDOWN) != 0) {
                peerMode |= SocketAbi.RCV_SHUTDOWN;
            }
            other.shutdown |= peerMode;
            other.wake();
        }
        wake();
    }

    /**
     * unix_release_sock: drops the name, hangs up a connected peer (ECONNRESET when data was left
     * unread or the socket was never accepted), returns queued files, and releases embryos.
     */
    void releaseSock(boolean embryo) {
        dead = true;
        ns.unbind(this, addr, pathKey);
        State was = state;
        state = State.CLOSE;
        shutdown = SocketAbi.SHUTDOWN_MASK;
        UnixSocket other = peer;
        peer = null;
        if (other != null) {
            if (connectionOriented() && other.peer == this) {
                other.shutdown = SocketAbi.SHUTDOWN_MASK;
                if (!queue.isEmpty() || embryo) {
                    other.err = Errno.ECONNRESET.number();
                }
            }
            other.wake();
        }
        for (Skb skb : queue) {
            skb.dropFds();
            uncharge(skb);
        }
        queue.clear();
        queuedBytes = 0;
        if (was == State.LISTEN) {
            for (UnixSocket e : backlogQueue) {
                e.releaseSock(true);
            }
            backlogQueue.clear();
        }
        wake();
    }

    @Override
    protected void release() {
        releaseSock(false);
    }

    /** Gives a consumed message's bytes back to its sender's send buffer and wakes the sender. */
    static void uncharge(Skb skb) {
        if (skb.sender != null) {
            skb.sender.wmem -= skb.data.length;
            skb.sender.wake();
        }
    }

    // ---------------------------------------------------------------- data

    @Override
    public int sendmsg(SendMsg m, Caller caller) throws ErrnoException {
        if ((m.flags() & SocketAbi.MSG_OOB) != 0) {
            throw new ErrnoException(Errno.EOPNOTSUPP);
        }
        return type == SocketAbi.SOCK_STREAM ? UnixStream.send(this, m) : UnixDgram.send(this, m, caller);
    }

    @Override
    public RecvMsg recvmsg(int len, int flags) throws ErrnoException {
        if ((flags & SocketAbi.MSG_OOB) != 0) {
            throw new ErrnoException(Errno.EOPNOTSUPP);
        }
        return type == SocketAbi.SOCK_STREAM ? UnixStream.recv(this, len, flags) : UnixDgram.recv(this, len, flags);
    }

    /** Queues {@code skb} on this socket's receive queue, charged to its sender. */
    void enqueue(Skb skb) {
        queue.add(skb);
        queuedBytes += skb.data.length;
        if (skb.sender != null) {
            skb.sender.wmem += skb.data.length;
        }
        wake();
    }

    // ---------------------------------------------------------------- names and options

    @Override
    public byte[] localAddress() {
        return addr == null ? UnixAddress.unnamed() : addr.encode();
    }

    @Override
    public byte[] peerAddress() throws ErrnoException {
        UnixSocket p = peer;
        if (p == null || connectionOriented() && state != State.ESTABLISHED) {
            throw new ErrnoException(Errno.ENOTCONN);
        }
        return p.localAddress();
    }

    @Override
    protected int takeError() {
        int e = err;
        err = 0;
        return e;
    }

    @Override
    public void setPendingError(int errno) {
        err = errno;
    }

    @Override
    protected Ucred peerCred() {
        return peerCred != null ? peerCred : Ucred.NONE;
    }

    @Override
    protected boolean listening() {
        return state == State.LISTEN;
    }

    /** O_NONBLOCK or MSG_DONTWAIT. */
    boolean nonBlockingFor(int msgFlags) {
        return nonBlocking(msgFlags);
    }

    /** True when SO_PASSCRED asks for SCM_CREDENTIALS. */
    boolean passCred() {
        return passcred;
    }

    /** unix_writable: not listening, and at most a quarter of the send buffer in flight. */
    boolean hasSendRoom() {
        return state != State.LISTEN && ((long) wmem << 2) <= sndbuf;
    }

    @Override
    public int poll() {
        int mask = 0;
        if (err != 0) {
            mask |= Poll.POLLERR;
        }
        if (shutdown == SocketAbi.SHUTDOWN_MASK) {
            mask |= Poll.POLLHUP;
        }
        if ((shutdown & SocketAbi.RCV_SHUTDOWN) != 0) {
            mask |= Poll.POLLRDHUP | Poll.POLLIN | Poll.POLLRDNORM;
        }
        if (!queue.isEmpty() || !backlogQueue.isEmpty()) {
            mask |= Poll.POLLIN | Poll.POLLRDNORM;
        }
        if (connectionOriented() && state == State.CLOSE) {
            mask |= Poll.POLLHUP;
        }
        boolean w = hasSendRoom();
        if (!connectionOriented() && w && peer != null && peer.peer != this
                && peer.queue.size() > UnixSockets.MAX_DGRAM_QLEN) {
            w = false;   // unix_dgram_poll: the peer's queue is full
        }
        if (w) {
            mask |= Poll.POLLOUT | Poll.POLLWRNORM | Poll.POLLWRBAND;
        }
        return mask;
    }

    @Override
    public long ioctl(int request, long arg, dev.flatland.memory.UserMemory um) throws ErrnoException {
        if (request == 0x541b) {   // SIOCINQ/FIONREAD: unread bytes (stream) or the next datagram's size
            // unix_inq_len: every queued byte for stream and seqpacket, the next datagram's size for dgram
            int n = type != SocketAbi.SOCK_DGRAM ? queuedBytes : queue.isEmpty() ? 0 : queue.peek().remaining();
            um.write32(arg, state == State.LISTEN ? 0 : n);
            return 0;
        }
        if (request == 0x5411) {   // SIOCOUTQ/TIOCOUTQ: bytes sent and not yet read
            um.write32(arg, wmem);
            return 0;
        }
        return super.ioctl(request, arg, um);
    }
}
