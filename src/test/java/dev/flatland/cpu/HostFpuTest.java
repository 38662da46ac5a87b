package dev.flatland.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/**
 * The host x87 bridge. Bit-for-bit agreement with native programs is checked by the guest
 * program x87_trans (GuestDifferentialTest) and by the randomized tester's x87 class; these
 * tests pin the bridge's own contract.
 */
class HostFpuTest {
    private static final int ONE_SE = 0x3fff;
    private static final long INT_BIT = 0x8000000000000000L;

    private static boolean x86() {
        String arch = System.getProperty("os.arch");
        return "amd64".equals(arch) || "x86_64".equals(arch);
    }

    @Test
    void isAvailableOnAnX8664Host() {
        assumeTrue(x86(), "not an x86-64 host");
        assertTrue(HostFpu.AVAILABLE, "the host x87 bridge could not be built (native access or mmap refused)");
    }

    @Test
    void roundingControlComesFromTheGivenControlWordOnEveryCall() {
        assumeTrue(HostFpu.AVAILABLE);
        long[] down = new long[5];
        long[] up = new long[5];
        long[] near = new long[5];
        // F2XM1(0.5) = sqrt(2) - 1 is irrational: rounding down and up differ by one ulp.
        assertTrue(HostFpu.run(HostFpu.F2XM1, 0x077f, 0x3ffe, INT_BIT, 0, 0, down));
        assertTrue(HostFpu.run(HostFpu.F2XM1, 0x0b7f, 0x3ffe, INT_BIT, 0, 0, up));
        assertTrue(HostFpu.run(HostFpu.F2XM1, 0x037f, 0x3ffe, INT_BIT, 0, 0, near));
        assertEquals(0x3ffd, down[0]);
        assertEquals(down[1] + 1, up[1]);
        assertTrue(near[1] == down[1] || near[1] == up[1]);
        assertEquals(0x20, down[4] & 0x3f, "PE only");
        assertEquals(0x200, up[4] & 0x200, "C1: rounded up");
        assertEquals(0, down[4] & 0x200, "C1: rounded down");
    }

    @Test
    void unmaskedExceptionsInTheGuestControlWordNeverTrapOnTheHost() {
        assumeTrue(HostFpu.AVAILABLE);
        long[] out = new long[5];
        // FYL2X with ST0 = +0 and ST1 = 1: zero divide. Every exception unmasked in the given FCW.
        assertTrue(HostFpu.run(HostFpu.FYL2X, 0x0340, 0, 0, ONE_SE, INT_BIT, out));
        assertEquals(0x04, out[4] & 0x3f, "ZE reported, nothing raised");
        assertEquals(0xffff, out[0], "-infinity (masked response)");
        assertEquals(INT_BIT, out[1]);
    }

    @Test
    void fptanReturnsTheTangentBelowThePushedOne() {
        assumeTrue(HostFpu.AVAILABLE);
        long[] out = new long[5];
        assertTrue(HostFpu.run(HostFpu.FPTAN, 0x037f, 0, 0, 0, 0, out));   // tan(+0) = +0, then 1.0 pushed
        assertEquals(ONE_SE, out[0]);
        assertEquals(INT_BIT, out[1]);
        assertEquals(0, out[2]);
        assertEquals(0, out[3]);
        assertEquals(0, out[4] & 0x400, "C2 clear: in range");
    }

    @Test
    void aGuestWithUnmaskedExceptionsOrTheModelSettingUsesTheSoftwareModel() {
        Fpu f = new Fpu();
        f.hostTranscendentals = true;
        f.fcw = 0x037f;
        assertEquals(HostFpu.AVAILABLE, f.usesHostTranscendentals());
        f.fcw = 0x037e;                                  // IE unmasked
        assertFalse(f.usesHostTranscendentals());
        f.fcw = 0x037f;
        f.hostTranscendentals = false;
        assertFalse(f.usesHostTranscendentals());
    }

    @Test
    void theRoutinesRestoreTheCallersControlWordAndLeaveTheStackEmpty() {
        byte[] code = HostFpu.routine(HostFpu.FSINCOS);
        // fnstcw [rdi+34] first, fldcw [rdi+34] just before ret, fnclex twice, two fstp for two results.
        assertEquals(0xd9, code[0] & 0xff);
        assertEquals(0x7f, code[1] & 0xff);
        assertEquals(34, code[2]);
        int n = code.length;
        assertEquals(0xc3, code[n - 1] & 0xff);
        assertEquals(34, code[n - 2]);
        assertEquals(0x6f, code[n - 3] & 0xff);
        assertNotEquals(HostFpu.routine(HostFpu.FSIN).length, code.length, "FSINCOS stores one more result");
    }
}
