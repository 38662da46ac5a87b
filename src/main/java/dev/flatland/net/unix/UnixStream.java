package dev.flatland.net.unix;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.net.RecvMsg;
import dev.flatland.net.SendMsg;
import dev.flatland.net.SocketAbi;
import dev.flatland.net.Ucred;
import dev.flatland.vfs.OpenFile;
import java.util.Arrays;
import java.util.Iterator;

/**
 * The SOCK_STREAM data path (unix_stream_sendmsg, unix_stream_read_generic): bytes go to the
 * peer's queue in messages of at most half the send buffer; the sender waits while its bytes in
 * flight fill its send buffer. A read joins consecutive messages but stops after one that carried
 * files, and (with SO_PASSCRED) at a change of sender credentials.
 */
final class UnixStream {
    private UnixStream() {
    }

    /**
     * Sends all of {@code m} unless non-blocking (then what fits, or EAGAIN). EPIPE (and SIGPIPE
     * without MSG_NOSIGNAL) once either side shut the direction down or the peer is gone. An
     * address is EISCONN when connected, else EOPNOTSUPP; no peer is ENOTCONN.
     */
    static int send(UnixSocket s, SendMsg m) throws ErrnoException {
        if (m.addr() != null) {
            throw new ErrnoException(s.state == UnixSocket.State.ESTABLISHED ? Errno.EISCONN : Errno.EOPNOTSUPP);
        }
        if (s.state != UnixSocket.State.ESTABLISHED) {
            throw new ErrnoException(Errno.ENOTCONN);
        }
        boolean sigpipe = (m.flags() & SocketAbi.MSG_NOSIGNAL) == 0;
        int[] sent = {0};
        OpenFile[][] fds = {m.rights()};
        long r = sendSome(s, m, sent, fds, sigpipe);
        if (r < -1) {
            throw new ErrnoException(Errno.of((int) -r));
        }
        if (r >= 0) {
            return (int) r;
        }
        if (s.nonBlockingFor(m.flags())) {
            if (sent[0] > 0) {
                return sent[0];
            }
            throw new ErrnoException(Errno.EAGAIN);
        }
        if (sent[0] == 0) {
            // nothing queued: run the call again once there is room (it takes the files again)
            s.ns.waiter.parkRestart(() -> s.wmem < s.sndbuf() || s.peer == null || s.peer.dead
                    || ((s.shutdown & SocketAbi.SEND_SHUTDOWN) | (s.peer.shutdown & SocketAbi.RCV_SHUTDOWN)) != 0,
                    "room in a unix stream socket (write)");
            Skb.drop(fds[0]);
            return 0;
        }
        s.ns.waiter.park(() -> sendSome(s, m, sent, fds, false), sigpipe, "room in a unix stream socket (write)");
        return 0;
    }

    /**
     * Queues as much of {@code m} from {@code sent[0]} as the send buffer allows. Returns the count
     * when everything is sent, -errno on an error (EPIPE after a partial send returns the count), or
     * -1 when the buffer is full.
     */
    private static long sendSome(UnixSocket s, SendMsg m, int[] sent, OpenFile[][] fds, boolean sigpipe)
            throws ErrnoException {
        byte[] d = m.data();
        int maxChunk = Math.max((s.sndbuf() >> 1) - 64, 1);
        do {
            UnixSocket other = s.peer;
            if ((s.shutdown & SocketAbi.SEND_SHUTDOWN) != 0 || other == null || other.dead
                    || (other.shutdown & SocketAbi.RCV_SHUTDOWN) != 0) {
                if (sent[0] > 0) {
                    return sent[0];
                }
                if (sigpipe) {
                    s.ns.waiter.raiseSigpipe();
                }
                return -Errno.EPIPE.number();
            }
            if (d.length == 0) {
                Skb.drop(fds[0]);   // unix_stream_sendmsg sends no message for no bytes: the files go too
                fds[0] = null;
                return 0;
            }
            if (s.wmem >= s.sndbuf()) {
                return -1;
            }
            int n = Math.min(d.length - sent[0], maxChunk);
            Skb skb = new Skb(Arrays.copyOfRange(d, sent[0], sent[0] + n), fds[0], s.owner(), s.addr, s);
            fds[0] = null;
            other.enqueue(skb);
            sent[0] += n;
        } while (sent[0] < d.length);
        return sent[0];
    }

    /**
     * Reads up to {@code len} bytes. An unconnected or listening socket is EINVAL. With nothing
     * queued: the pending error, 0 after the peer shut down, EAGAIN when non-blocking, else a wait.
     * MSG_WAITALL waits until {@code len} bytes (or the end) are queued before taking any.
     */
    static RecvMsg recv(UnixSocket s, int len, int flags) throws ErrnoException {
        if (s.state != UnixSocket.State.ESTABLISHED) {
            throw new ErrnoException(Errno.EINVAL);
        }
        boolean eof = (s.shutdown & SocketAbi.RCV_SHUTDOWN) != 0;
        boolean waitAll = (flags & SocketAbi.MSG_WAITALL) != 0 && (flags & SocketAbi.MSG_PEEK) == 0;
        if (s.queue.isEmpty() || waitAll && s.queuedBytes < Math.min(len, s.peer != null ? s.peer.sndbuf() : len) && !eof && s.err == 0 && !s.nonBlockingFor(flags)) {
            if (s.queue.isEmpty() && s.err != 0) {
                throw new ErrnoException(Errno.of(s.takeError()));
            }
            if (s.queue.isEmpty() && eof) {
                return new RecvMsg(new byte[0], 0, 0, 0, null, null, null);
            }
            if (s.nonBlockingFor(flags)) {
                throw new ErrnoException(Errno.EAGAIN);
            }
            // MSG_WAITALL: at most what the peer can have in flight, so a large read cannot deadlock
            // sock_rcvlowat's "v ?: 1": a zero-length MSG_WAITALL read waits for one byte too (a target
            // of 0 made the wake condition true at once and the task spun without end: sysfuzz seed 7006)
            int want = waitAll ? Math.max(1, Math.min(len, s.peer != null ? s.peer.sndbuf() : len)) : 1;
            s.ns.waiter.parkRestart(() -> s.queuedBytes >= want || !s.queue.isEmpty() && !waitAll || s.err != 0
                    || (s.shutdown & SocketAbi.RCV_SHUTDOWN) != 0, "data in a unix stream socket (read)");
            return null;
        }
        return take(s, len, (flags & SocketAbi.MSG_PEEK) != 0);
    }

    /** Copies up to {@code len} bytes from the queue, consuming them unless {@code peek}. */
    private static RecvMsg take(UnixSocket s, int len, boolean peek) {
        byte[] out = new byte[len];
        int n = 0;
        OpenFile[] fds = null;
        Ucred cred = null;
        Skb first = s.queue.peek();
        UnixAddress from = first == null || first.sender == null ? null : first.sender.addr;
        Iterator<Skb> it = s.queue.iterator();
        while (it.hasNext() && n < len) {
            Skb skb = it.next();
            if (cred != null && s.passCred() && !cred.equals(skb.cred)) {
                break;
            }
            if (cred == null) {
                cred = skb.cred;
            }
            int k = Math.min(len - n, skb.remaining());
            System.arraycopy(skb.data, skb.off, out, n, k);
            n += k;
            boolean hadFds = skb.fds != null;
            if (peek) {
                fds = skb.dupFds();
            } else {
                skb.off += k;
                s.queuedBytes -= k;
                fds = skb.fds;
                skb.fds = null;
                if (skb.remaining() == 0) {
                    it.remove();
                    UnixSocket.uncharge(skb);
                }
            }
            if (hadFds) {
                break;
            }
        }
        if (!peek) {
            s.wake();
        }
        return new RecvMsg(out, n, n, 0, from == null ? null : from.encode(), fds, s.passCred() ? cred : null);
    }
}
