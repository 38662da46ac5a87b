package dev.flatland.net.unix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Stat;
import dev.flatland.fs.tmpfs.TmpFs;
import dev.flatland.net.Caller;
import dev.flatland.net.RecvMsg;
import dev.flatland.net.SendMsg;
import dev.flatland.net.Socket;
import dev.flatland.net.SocketAbi;
import dev.flatland.net.Ucred;
import dev.flatland.net.Waiter;
import dev.flatland.vfs.BytesFile;
import dev.flatland.vfs.OpenFile;
import dev.flatland.vfs.Vfs;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * AF_UNIX without a kernel: a tmpfs root and a Waiter that records parks. The expected results are
 * the ones Linux 6.18 gave for the same sequences in guest/musl/unix_pair.c, unix_conn.c and
 * unix_scm.c run natively (their outputs are compared with Flatland by GuestDifferentialTest).
 */
final class UnixSocketTest {
    private final List<String> parks = new ArrayList<>();
    private final List<BooleanSupplier> readiness = new ArrayList<>();
    private int sigpipes;
    private final Waiter waiter = new Waiter() {
        @Override
        public void parkRestart(BooleanSupplier ready, String what) {
            parks.add(what);
            readiness.add(ready);
        }

        @Override
        public void park(Attempt attempt, boolean sigpipe, String what) {
            parks.add(what);
        }

        @Override
        public void raiseSigpipe() {
            sigpipes++;
        }
    };
    private final Vfs vfs = new Vfs(new TmpFs(01777, 0, 0, () -> 0L));
    private final UnixSockets unix = UnixSockets.create(vfs, waiter);
    private final Caller caller = new Caller(new Ucred(7, 0, 0), 022, p -> p.startsWith("/") ? p : "/" + p);

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] pathAddr(String path) {
        byte[] p = bytes(path);
        byte[] sa = new byte[2 + p.length + 1];
        sa[0] = SocketAbi.AF_UNIX;
        System.arraycopy(p, 0, sa, 2, p.length);
        return sa;
    }

    private static byte[] abstractAddr(String name) {
        byte[] p = bytes(name);
        byte[] sa = new byte[3 + p.length];
        sa[0] = SocketAbi.AF_UNIX;
        System.arraycopy(p, 0, sa, 3, p.length);
        return sa;
    }

    private static SendMsg msg(String s) {
        return new SendMsg(bytes(s), null, null, null, 0);
    }

    private static String text(RecvMsg r) {
        return new String(r.data(), 0, r.length(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void streamPairJoinsWritesAndReadsEndOfFileAfterShutdown() throws ErrnoException {
        Socket[] p = unix.pair(SocketAbi.SOCK_STREAM, 0, 0, caller);
        assertEquals(5, p[0].sendmsg(msg("hello"), caller));
        assertEquals(6, p[0].sendmsg(msg(" world"), caller));
        assertEquals("hel", text(p[1].recvmsg(3, SocketAbi.MSG_PEEK)));
        assertEquals("hello world", text(p[1].recvmsg(64, 0)));
        p[0].shutdown(SocketAbi.SHUT_WR);
        assertEquals(0, p[1].recvmsg(64, 0).result());
        ErrnoException e = assertThrows(ErrnoException.class, () -> p[0].sendmsg(msg("x"), caller));
        assertEquals(Errno.EPIPE, e.errno());
        assertEquals(1, sigpipes);
    }

    @Test
    void seqpacketKeepsBoundariesAndTruncates() throws ErrnoException {
        Socket[] p = unix.pair(SocketAbi.SOCK_SEQPACKET, 0, 0, caller);
        p[0].sendmsg(msg("hello"), caller);
        p[0].sendmsg(msg("0123456789"), caller);
        assertEquals("hello", text(p[1].recvmsg(64, 0)));
        RecvMsg r = p[1].recvmsg(4, SocketAbi.MSG_TRUNC);
        assertEquals(10, r.result());
        assertEquals(SocketAbi.MSG_TRUNC, r.msgFlags());
        assertThrows(ErrnoException.class, () -> p[1].recvmsg(4, SocketAbi.MSG_DONTWAIT));
        p[0].put();
        assertEquals(0, p[1].recvmsg(4, 0).result());   // the peer is gone: end of file
        assertEquals(0, sigpipes);
    }

    @Test
    void blockingReadParksAndWakesWhenDataArrives() throws ErrnoException {
        Socket[] p = unix.pair(SocketAbi.SOCK_STREAM, 0, 0, caller);
        assertNull(p[1].recvmsg(8, 0));
        assertEquals(1, parks.size());
        assertFalse(readiness.get(0).getAsBoolean());
        p[0].sendmsg(msg("x"), caller);
        assertTrue(readiness.get(0).getAsBoolean());
        assertEquals("x", text(p[1].recvmsg(8, 0)));
        ErrnoException e = assertThrows(ErrnoException.class, () -> p[1].recvmsg(8, SocketAbi.MSG_DONTWAIT));
        assertEquals(Errno.EAGAIN, e.errno());
    }

    @Test
    void pathBindMakesASocketNodeAndConnectFindsIt() throws ErrnoException {
        Socket srv = unix.create(SocketAbi.SOCK_STREAM, 0, 0, caller);
        srv.bind(pathAddr("/s"), caller);
        Stat st = vfs.stat("/s", false);
        assertEquals(Stat.S_IFSOCK | 0755, st.mode());
        Socket other = unix.create(SocketAbi.SOCK_STREAM, 0, 0, caller);
        assertEquals(Errno.EADDRINUSE,
                assertThrows(ErrnoException.class, () -> other.bind(pathAddr("/s"), caller)).errno());
        Socket c = unix.create(SocketAbi.SOCK_STREAM, 0, 0, caller);
        assertEquals(Errno.ECONNREFUSED,
                assertThrows(ErrnoException.class, () -> c.connect(pathAddr("/s"), caller)).errno());
        srv.listen(1, caller);
        c.connect(pathAddr("/s"), caller);
        assertEquals(3, c.sendmsg(msg("abc"), caller));
        Socket a = srv.accept(0);
        assertEquals("abc", text(a.recvmsg(8, 0)));
        assertArrayEquals(pathAddr("/s"), a.localAddress());
        assertArrayEquals(new byte[] {SocketAbi.AF_UNIX, 0}, a.peerAddress());
        assertEquals(Errno.ENOENT,
                assertThrows(ErrnoException.class, () -> other.connect(pathAddr("/missing"), caller)).errno());
    }

    @Test
    void abstractNamesArePerSocketType() throws ErrnoException {
        Socket seq = unix.create(SocketAbi.SOCK_SEQPACKET, 0, 0, caller);
        seq.bind(abstractAddr("n"), caller);
        seq.listen(4, caller);
        Socket stream = unix.create(SocketAbi.SOCK_STREAM, 0, 0, caller);
        assertEquals(Errno.ECONNREFUSED,
                assertThrows(ErrnoException.class, () -> stream.connect(abstractAddr("n"), caller)).errno());
        Socket dup = unix.create(SocketAbi.SOCK_SEQPACKET, 0, 0, caller);
        assertEquals(Errno.EADDRINUSE,
                assertThrows(ErrnoException.class, () -> dup.bind(abstractAddr("n"), caller)).errno());
    }

    @Test
    void closingAListenerResetsAPendingConnection() throws ErrnoException {
        Socket srv = unix.create(SocketAbi.SOCK_STREAM, 0, 0, caller);
        srv.bind(abstractAddr("l"), caller);
        srv.listen(1, caller);
        Socket c = unix.create(SocketAbi.SOCK_STREAM, 0, 0, caller);
        c.connect(abstractAddr("l"), caller);
        srv.put();
        assertEquals(Errno.ECONNRESET, assertThrows(ErrnoException.class, () -> c.recvmsg(8, 0)).errno());
        assertEquals(0, c.recvmsg(8, 0).result());
    }

    @Test
    void filesInAPurgedQueueAreReleased() throws ErrnoException {
        int[] released = {0};
        OpenFile f = new BytesFile(0, new byte[0], () -> null) {
            @Override
            protected void release() {
                released[0]++;
            }
        };
        Socket[] p = unix.pair(SocketAbi.SOCK_DGRAM, 0, 0, caller);
        p[0].sendmsg(new SendMsg(bytes("f"), null, new OpenFile[] {f}, null, 0), caller);
        assertEquals(0, released[0]);
        p[1].put();
        assertEquals(1, released[0]);
    }

    @Test
    void datagramToAClosedPeerIsRefusedOnceThenNotConnected() throws ErrnoException {
        Socket[] p = unix.pair(SocketAbi.SOCK_DGRAM, 0, 0, caller);
        p[1].put();
        assertEquals(Errno.ECONNREFUSED, assertThrows(ErrnoException.class, () -> p[0].sendmsg(msg("z"), caller))
                .errno());
        assertEquals(Errno.ENOTCONN, assertThrows(ErrnoException.class, () -> p[0].sendmsg(msg("z"), caller))
                .errno());
    }
}
