package dev.flatland.cpu.interp;

import dev.flatland.cpu.CpuState;
import dev.flatland.memory.GuestMemory;

/** SSE4.1 floating point: ROUNDPS/PD/SS/SD (0F3A 08-0B) and DPPS/DPPD (0F3A 40, 41). */
final class Sse41Fp {
    private Sse41Fp() {
    }

    /**
     * ROUNDxx: imm8[1:0] rounding mode unless imm8[2] selects MXCSR.RC; imm8[3] suppresses PE.
     * SNaN raises IE and is quieted.
     */
    static void round(CpuState c, GuestMemory m, long w, long ea, int imm, int b, int d) {
        SoftFp f = new SoftFp(c.mxcsr);
        int mode = (imm & 4) != 0 ? f.rc : imm & 3;
        boolean quietPe = (imm & 8) != 0;
        long[] x = c.xmm;
        switch (b) {
            case 0x08 -> {
                long sl = Sse.srcQ(c, m, w, ea, 0, true);
                long sh = Sse.srcQ(c, m, w, ea, 1, true);
                long rl = roundPair(f, sl, mode, quietPe);
                long rh = roundPair(f, sh, mode, quietPe);
                Sse.commit(c, f);
                Sse.setX(c, d, rl, rh);
            }
            case 0x09 -> {
                long sl = Sse.srcQ(c, m, w, ea, 0, true);
                long sh = Sse.srcQ(c, m, w, ea, 1, true);
                long rl = roundD(f, sl, mode, quietPe);
                long rh = roundD(f, sh, mode, quietPe);
                Sse.commit(c, f);
                Sse.setX(c, d, rl, rh);
            }
            case 0x0A -> {
                int r = roundF(f, Sse.src32(c, m, w, ea), mode, quietPe);
                Sse.commit(c, f);
                x[2 * d] = (x[2 * d] & 0xFFFF_FFFF_0000_0000L) | (r & 0xFFFF_FFFFL);
            }
            default -> {
                long r = roundD(f, Sse.src64(c, m, w, ea), mode, quietPe);
                Sse.commit(c, f);
                x[2 * d] = r;
            }
        }
    }

    private static long roundPair(SoftFp f, long v, int mode, boolean quietPe) {
        int lo = roundF(f, (int) v, mode, quietPe);
        int hi = roundF(f, (int) (v >>> 32), mode, quietPe);
        return (lo & 0xFFFF_FFFFL) | ((long) hi << 32);
    }

    static int roundF(SoftFp f, int a, int mode, boolean quietPe) {
        if (SoftFp.isNaNF(a)) {
            return f.nanF(a, a);
        }
        a = f.dazF(a);
        double v = Float.intBitsToFloat(a);
        double r = SoftFp.roundIntegral(v, mode);
        if (r != v && !quietPe) {
            f.flags |= SoftFp.PE;
        }
        return Float.floatToRawIntBits((float) r);
    }

    static long roundD(SoftFp f, long a, int mode, boolean quietPe) {
        if (SoftFp.isNaND(a)) {
            return f.nanD(a, a);
        }
        a = f.dazD(a);
        double v = Double.longBitsToDouble(a);
        double r = SoftFp.roundIntegral(v, mode);
        if (r != v && !quietPe) {
            f.flags |= SoftFp.PE;
        }
        return Double.doubleToRawLongBits(r);
    }

    /**
     * DPPS / DPPD: products of the elements selected by imm8[7:4] (others +0.0), summed pairwise
     * ((t0 + t1) + (t2 + t3)) with MXCSR rounding, then stored to the elements selected by imm8[3:0].
     */
    static void dot(CpuState c, GuestMemory m, long w, long ea, int imm, int b, int d) {
        SoftFp f = new SoftFp(c.mxcsr);
        long[] x = c.xmm;
        long sl = Sse.srcQ(c, m, w, ea, 0, true);
        long sh = Sse.srcQ(c, m, w, ea, 1, true);
        long al = x[2 * d];
        long ah = x[2 * d + 1];
        if (b == 0x41) {
            long t0 = (imm & 0x10) != 0 ? f.mulD(al, sl) : 0;
            long t1 = (imm & 0x20) != 0 ? f.mulD(ah, sh) : 0;
            long s = f.addD(t0, t1);
            Sse.commit(c, f);
            Sse.setX(c, d, (imm & 1) != 0 ? s : 0, (imm & 2) != 0 ? s : 0);
            return;
        }
        int[] a = {(int) al, (int) (al >>> 32), (int) ah, (int) (ah >>> 32)};
        int[] s = {(int) sl, (int) (sl >>> 32), (int) sh, (int) (sh >>> 32)};
        int[] t = new int[4];
        for (int i = 0; i < 4; i++) {
            t[i] = (imm >>> (4 + i) & 1) != 0 ? f.mulF(a[i], s[i]) : 0;
        }
        int sum = f.addF(f.addF(t[0], t[1]), f.addF(t[2], t[3]));
        Sse.commit(c, f);
        long r0 = (imm & 1) != 0 ? sum & 0xFFFF_FFFFL : 0;
        long r1 = (imm & 2) != 0 ? sum & 0xFFFF_FFFFL : 0;
        long r2 = (imm & 4) != 0 ? sum & 0xFFFF_FFFFL : 0;
        long r3 = (imm & 8) != 0 ? sum & 0xFFFF_FFFFL : 0;
        Sse.setX(c, d, r0 | (r1 << 32), r2 | (r3 << 32));
    }
}
