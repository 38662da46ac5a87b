package dev.flatland.net.unix;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.net.Caller;
import dev.flatland.net.RecvMsg;
import dev.flatland.net.SendMsg;
import dev.flatland.net.SocketAbi;

/**
 * The SOCK_DGRAM and SOCK_SEQPACKET data path (unix_dgram_sendmsg, unix_dgram_recvmsg,
 * unix_seqpacket_*): one send is one message; a short read drops the rest of it (MSG_TRUNC).
 */
final class UnixDgram {
    private UnixDgram() {
    }

    /**
     * Sends one message to the peer or to {@code m.addr()}. Seqpacket must be connected (ENOTCONN)
     * and ignores an address. Too big for the send buffer: EMSGSIZE. A dead connected peer is
     * ECONNREFUSED once (then the socket is unconnected: ENOTCONN); a peer that shut reading down is
     * EPIPE (no SIGPIPE); a receiver connected elsewhere EPERM; a full receiver queue waits or EAGAIN.
     */
    static int send(UnixSocket s, SendMsg m, Caller caller) throws ErrnoException {
        boolean seqpacket = s.type() == SocketAbi.SOCK_SEQPACKET;
        if (seqpacket) {
            if (s.err != 0) {
                throw new ErrnoException(Errno.of(s.takeError()));
            }
            if (s.state != UnixSocket.State.ESTABLISHED) {
                throw new ErrnoException(Errno.ENOTCONN);
            }
        }
        UnixAddress to = m.addr() != null && !seqpacket ? UnixAddress.parse(m.addr()) : null;
        if (to == null && s.peer == null) {
            throw new ErrnoException(seqpacket ? Errno.EPIPE : Errno.ENOTCONN);
        }
        if (m.data().length > s.sndbuf() - 32) {
            throw new ErrnoException(Errno.EMSGSIZE);
        }
        UnixSocket other = to != null ? s.ns.find(to, s.type(), caller) : s.peer;
        if (other.dead) {
            if (seqpacket) {
                throw new ErrnoException(Errno.EPIPE);
            }
            if (s.peer == other) {
                s.disconnectDgram();
                throw new ErrnoException(Errno.ECONNREFUSED);
            }
            throw new ErrnoException(Errno.ECONNREFUSED);
        }
        if (!seqpacket && other.peer != null && other.peer != s) {
            throw new ErrnoException(Errno.EPERM);   // unix_may_send
        }
        if ((other.shutdown & SocketAbi.RCV_SHUTDOWN) != 0) {
            throw new ErrnoException(Errno.EPIPE);
        }
        boolean full = other != s && other.peer != s && other.queue.size() > UnixSockets.MAX_DGRAM_QLEN
                || s.wmem >= s.sndbuf();
        if (full) {
            if (s.nonBlockingFor(m.flags())) {
                throw new ErrnoException(Errno.EAGAIN);
            }
            s.ns.waiter.parkRestart(() -> other.dead || (other.shutdown & SocketAbi.RCV_SHUTDOWN) != 0
                    || (other == s || other.peer == s || other.queue.size() <= UnixSockets.MAX_DGRAM_QLEN)
                    && s.wmem < s.sndbuf(), "room in a unix datagram socket (send)");
            Skb.drop(m.rights());   // the restarted call takes the files again
            return 0;
        }
        other.enqueue(new Skb(m.data().clone(), m.rights(), s.owner(), s.addr, s));
        return m.data().length;
    }

    /**
     * Receives one message. Seqpacket must be connected (ENOTCONN). With nothing queued: the
     * pending error; EAGAIN when non-blocking (0 for a seqpacket whose peer is gone); 0 after
     * SHUT_RD or hang-up; else a wait. MSG_TRUNC returns the message's full length.
     */
    static RecvMsg recv(UnixSocket s, int len, int flags) throws ErrnoException {
        boolean seqpacket = s.type() == SocketAbi.SOCK_SEQPACKET;
        if (seqpacket && s.state != UnixSocket.State.ESTABLISHED) {
            throw new ErrnoException(Errno.ENOTCONN);
        }
        Skb skb = s.queue.peek();
        if (skb == null) {
            if (s.err != 0) {
                throw new ErrnoException(Errno.of(s.takeError()));
            }
            boolean eof = (s.shutdown & SocketAbi.RCV_SHUTDOWN) != 0;
            if (s.nonBlockingFor(flags)) {
                if (seqpacket && eof) {
                    return new RecvMsg(new byte[0], 0, 0, 0, null, null, null);
                }
                throw new ErrnoException(Errno.EAGAIN);
            }
            if (eof) {
                return new RecvMsg(new byte[0], 0, 0, 0, null, null, null);
            }
            s.ns.waiter.parkRestart(() -> !s.queue.isEmpty() || s.err != 0
                    || (s.shutdown & SocketAbi.RCV_SHUTDOWN) != 0, "a message on a unix socket (recv)");
            return null;
        }
        int size = skb.data.length;
        int n = Math.min(len, size);
        byte[] out = new byte[Math.max(n, 0)];
        System.arraycopy(skb.data, 0, out, 0, n);
        boolean peek = (flags & SocketAbi.MSG_PEEK) != 0;
        var fds = peek ? skb.dupFds() : skb.fds;
        if (!peek) {
            skb.fds = null;
            s.queue.poll();
            s.queuedBytes -= size;
            UnixSocket.uncharge(skb);
            s.wake();
        }
        int msgFlags = n < size ? SocketAbi.MSG_TRUNC : 0;
        int result = (flags & SocketAbi.MSG_TRUNC) != 0 ? size : n;
        UnixAddress fa = skb.sender != null ? skb.sender.addr : skb.from;   // unix_copy_addr: the sender's name now
        byte[] from = seqpacket || fa == null ? null : fa.encode();
        return new RecvMsg(out, n, result, msgFlags, from, fds, s.passCred() ? skb.cred : null);
    }
}
