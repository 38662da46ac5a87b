package dev.flatland.syscall;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flatland.abi.Errno;
import dev.flatland.abi.Fcntl;
import dev.flatland.abi.Sysno;
import org.junit.jupiter.api.Test;

/**
 * splice, tee and vmsplice on pipes whose ring has wrapped around: the bytes must come out in the
 * order they went in (the expected data is the input itself), and tee must leave its input whole.
 * The errnos are those fs/splice.c gives (checked natively by guest/musl/splice.c as well).
 */
class SpliceSyscallsTest {
    private static final int SPLICE_F_NONBLOCK = 2;

    private static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    /** pipe2(O_NONBLOCK): {read fd, write fd}. */
    private static int[] pipe(GuestFixture g) {
        assertEquals(0, g.call(Sysno.PIPE2, g.scratch, Fcntl.O_NONBLOCK));
        long fds = g.kernel.memory().read64(g.scratch);
        return new int[] {(int) fds, (int) (fds >>> 32)};
    }

    private static long write(GuestFixture g, int fd, byte[] b) {
        g.kernel.memory().write(g.scratch + 4096, b, 0, b.length);
        return g.call(Sysno.WRITE, fd, g.scratch + 4096, b.length);
    }

    private static byte[] read(GuestFixture g, int fd, int n) {
        long r = g.call(Sysno.READ, fd, g.scratch + 32768, n);
        byte[] b = new byte[(int) Math.max(r, 0)];
        g.kernel.memory().read(g.scratch + 32768, b, 0, b.length);
        return b;
    }

    private static byte[] concat(byte[] a, int from, byte[] b) {
        byte[] r = new byte[a.length - from + b.length];
        System.arraycopy(a, from, r, 0, a.length - from);
        System.arraycopy(b, 0, r, a.length - from, b.length);
        return r;
    }

    @Test
    void vmspliceTeeAndSpliceKeepOrderAcrossTheRingsEnd() {
        GuestFixture g = new GuestFixture();
        int[] a = pipe(g);
        int[] b = pipe(g);
        byte[] first = pattern(3000, 1);
        assertEquals(3000, write(g, a[1], first));
        assertArrayEquals(java.util.Arrays.copyOf(first, 2500), read(g, a[0], 2500));
        // 500 bytes left at offset 2500 of the 4096-byte ring: 3000 more wrap around its end
        byte[] second = pattern(3000, 7);
        g.kernel.memory().write(g.scratch + 8192, second, 0, second.length);
        g.kernel.memory().write64(g.scratch + 16, g.scratch + 8192);
        g.kernel.memory().write64(g.scratch + 24, second.length);
        assertEquals(3000, g.call(Sysno.VMSPLICE, a[1], g.scratch + 16, 1, 0));
        byte[] held = concat(first, 2500, second);
        assertEquals(3500, g.call(Sysno.TEE, a[0], b[1], 100000, 0));
        assertEquals(1000, g.call(Sysno.SPLICE, a[0], 0, b[1], 0, 1000, 0));
        // b: the tee'd copy of everything, then the first 1000 bytes spliced out of a
        byte[] wantB = concat(held, 0, java.util.Arrays.copyOf(held, 1000));
        assertArrayEquals(wantB, read(g, b[0], 10000));
        assertArrayEquals(java.util.Arrays.copyOfRange(held, 1000, held.length), read(g, a[0], 10000));
    }

    @Test
    void errnosFollowFsSpliceOrder() {
        GuestFixture g = new GuestFixture();
        int[] a = pipe(g);
        int[] b = pipe(g);
        assertEquals(0, g.call(Sysno.SPLICE, -1, 0, -1, 0, 0, 0x100));            // len 0 first
        assertEquals(-Errno.EINVAL.number(), g.call(Sysno.SPLICE, a[0], 0, b[1], 0, 1, 0x10));
        assertEquals(-Errno.EBADF.number(), g.call(Sysno.SPLICE, -1, 0, b[1], 0, 1, 0));
        assertEquals(-Errno.ESPIPE.number(), g.call(Sysno.SPLICE, a[0], g.scratch, b[1], 0, 1, 0));
        assertEquals(-Errno.EINVAL.number(), g.call(Sysno.SPLICE, a[0], 0, a[1], 0, 1, 0));
        assertEquals(-Errno.EBADF.number(), g.call(Sysno.SPLICE, a[1], 0, b[1], 0, 1, 0));
        assertEquals(-Errno.EAGAIN.number(), g.call(Sysno.SPLICE, a[0], 0, b[1], 0, 1, SPLICE_F_NONBLOCK));
        assertEquals(-Errno.EINVAL.number(), g.call(Sysno.TEE, a[0], b[1], 0, 0x10));  // flags before len 0
        assertEquals(0, g.call(Sysno.TEE, -1, -1, 0, 0));
        assertEquals(-Errno.EINVAL.number(), g.call(Sysno.TEE, a[0], a[1], 1, 0));
        assertEquals(-Errno.EINVAL.number(), g.call(Sysno.VMSPLICE, a[1], g.scratch, 1025, 0));
        assertEquals(0, g.call(Sysno.VMSPLICE, a[1], g.scratch, 0, 0));
    }
}
