package dev.flatland.cpu.interp;

import static dev.flatland.cpu.interp.Sse.NP;
import static dev.flatland.cpu.interp.Sse.P66;
import static dev.flatland.cpu.interp.Sse.PF2;
import static dev.flatland.cpu.interp.Sse.PF3;

import dev.flatland.cpu.CpuState;
import dev.flatland.cpu.decode.Insn;
import dev.flatland.memory.GuestMemory;

/**
 * SSE/SSE2 conversions: 0F 2A, 2C, 2D, 5A, 5B, E6. Float-to-integer conversions that are NaN or out
 * of range raise IE and return the integer indefinite value (0x80000000 or 0x8000000000000000).
 */
final class SseConvert {
    private SseConvert() {
    }

    static final long INDEF32 = 0x8000_0000L;
    static final long INDEF64 = 0x8000_0000_0000_0000L;

    static void exec(CpuState c, GuestMemory m, long w, long ea, int b) {
        int p = Sse.pfx(w);
        switch (b) {
            case 0x2A -> fromInt(c, m, w, ea, p);
            case 0x2C, 0x2D -> toInt(c, m, w, ea, p, b == 0x2C);
            case 0x5A -> floatWidth(c, m, w, ea, p);
            case 0x5B -> dq(c, m, w, ea, p);
            default -> e6(c, m, w, ea, p);
        }
    }

    // ---------------------------------------------------------------- element conversions

    /** Signed integer to binary32 under RC. */
    static int i2f(SoftFp f, long v) {
        if (v == 0) {
            return 0;
        }
        return (int) f.roundInt(v < 0, Math.abs(v), SoftFp.F32);
    }

    /** Signed integer to binary64 under RC (inexact only for 64-bit sources). */
    static long i2d(SoftFp f, long v) {
        if (v == 0) {
            return 0;
        }
        return f.roundInt(v < 0, Math.abs(v), SoftFp.F64);
    }

    /** binary32 to binary64 (exact): SNaN raises IE and is quieted; denormals raise DE or obey DAZ. */
    static long f2d(SoftFp f, int a) {
        if (SoftFp.isNaNF(a)) {
            if (SoftFp.isSNaNF(a)) {
                f.flags |= SoftFp.IE;
            }
            long sign = a < 0 ? SoftFp.D_SIGN : 0;
            return sign | 0x7FF8_0000_0000_0000L | ((long) (a & 0x003F_FFFF) << 29);
        }
        a = f.inF(a);
        return Double.doubleToRawLongBits(Float.intBitsToFloat(a));
    }

    /** binary64 to binary32 under RC, FTZ and the exception masks. */
    static int d2f(SoftFp f, long a) {
        int sign = a < 0 ? SoftFp.F_SIGN : 0;
        if (SoftFp.isNaND(a)) {
            if (SoftFp.isSNaND(a)) {
                f.flags |= SoftFp.IE;
            }
            return sign | 0x7FC0_0000 | (int) ((a >>> 29) & 0x003F_FFFF);
        }
        a = f.inD(a);
        if (SoftFp.isInfD(a)) {
            return sign | 0x7F80_0000;
        }
        return f.roundF(Double.longBitsToDouble(a));
    }

    /**
     * A finite or NaN value (given exactly as a double) to a signed integer of 32 or 64 bits,
     * truncating or rounding under RC.
     */
    static long f2i(SoftFp f, double v, boolean trunc, boolean is64) {
        long indef = is64 ? INDEF64 : INDEF32;
        if (Double.isNaN(v)) {
            f.flags |= SoftFp.IE;
            return indef;
        }
        double r = SoftFp.roundIntegral(v, trunc ? SoftFp.RZ : f.rc);
        boolean ok = is64 ? r >= -0x1p63 && r < 0x1p63 : r >= -0x1p31 && r < 0x1p31;
        if (!ok) {
            f.flags |= SoftFp.IE;
            return indef;
        }
        if (r != v) {
            f.flags |= SoftFp.PE;
        }
        return is64 ? (long) r : (long) r & 0xFFFF_FFFFL;
    }

    static long fbits2i(SoftFp f, int a, boolean trunc, boolean is64) {
        return f2i(f, Float.intBitsToFloat(f.dazF(a)), trunc, is64);
    }

    static long dbits2i(SoftFp f, long a, boolean trunc, boolean is64) {
        return f2i(f, Double.longBitsToDouble(f.dazD(a)), trunc, is64);
    }

    // ---------------------------------------------------------------- instructions

    /** 0F 2A: cvtpi2ps, cvtpi2pd, cvtsi2ss, cvtsi2sd. */
    private static void fromInt(CpuState c, GuestMemory m, long w, long ea, int p) {
        int d = Sse.xreg(w);
        long[] x = c.xmm;
        SoftFp f = new SoftFp(c.mxcsr);
        if (p == NP || p == P66) {
            // Only an MMX register source enters MMX mode. The SDM says CVTPI2PS always does; the
            // hardware oracle (SseFxsaveTest, AMD EPYC) shows that neither form does with m64.
            if (!Insn.hasMem(w)) {
                Sse.mmxEnter(c);
            }
            long v = Sse.mmSrc(c, m, w, ea);
            if (p == NP) {
                int lo = i2f(f, (int) v);
                int hi = i2f(f, (int) (v >> 32));
                Sse.commit(c, f);
                x[2 * d] = (lo & 0xFFFF_FFFFL) | ((long) hi << 32);
            } else {
                Sse.setX(c, d, i2d(f, (int) v), i2d(f, (int) (v >> 32)));
            }
            return;
        }
        int size = Insn.rexW(w) ? 8 : 4;
        long v = Operands.sext(Operands.readRm(c, m, w, ea, size), size);
        if (p == PF3) {
            int r = i2f(f, v);
            Sse.commit(c, f);
            x[2 * d] = (x[2 * d] & 0xFFFF_FFFF_0000_0000L) | (r & 0xFFFF_FFFFL);
        } else {
            long r = i2d(f, v);
            Sse.commit(c, f);
            x[2 * d] = r;
        }
    }

    /** 0F 2C/2D: cvt(t)ps2pi, cvt(t)pd2pi, cvt(t)ss2si, cvt(t)sd2si. */
    private static void toInt(CpuState c, GuestMemory m, long w, long ea, int p, boolean trunc) {
        int d = Sse.xreg(w);
        SoftFp f = new SoftFp(c.mxcsr);
        switch (p) {
            case NP -> {
                long v = Sse.src64(c, m, w, ea);
                long lo = fbits2i(f, (int) v, trunc, false);
                long hi = fbits2i(f, (int) (v >>> 32), trunc, false);
                Sse.commit(c, f);
                Sse.mmxEnter(c);
                Sse.setMm(c, d, lo | (hi << 32));
            }
            case P66 -> {
                long vl = Sse.srcQ(c, m, w, ea, 0, true);
                long vh = Sse.srcQ(c, m, w, ea, 1, true);
                long lo = dbits2i(f, vl, trunc, false);
                long hi = dbits2i(f, vh, trunc, false);
                Sse.commit(c, f);
                Sse.mmxEnter(c);
                Sse.setMm(c, d, lo | (hi << 32));
            }
            case PF3 -> {
                boolean is64 = Insn.rexW(w);
                long r = fbits2i(f, Sse.src32(c, m, w, ea), trunc, is64);
                Sse.commit(c, f);
                c.r[d] = r;
            }
            default -> {
                boolean is64 = Insn.rexW(w);
                long r = dbits2i(f, Sse.src64(c, m, w, ea), trunc, is64);
                Sse.commit(c, f);
                c.r[d] = r;
            }
        }
    }

    /** 0F 5A: cvtps2pd, cvtpd2ps, cvtss2sd, cvtsd2ss. */
    private static void floatWidth(CpuState c, GuestMemory m, long w, long ea, int p) {
        int d = Sse.xreg(w);
        long[] x = c.xmm;
        SoftFp f = new SoftFp(c.mxcsr);
        switch (p) {
            case NP -> {
                long v = Sse.src64(c, m, w, ea);
                long lo = f2d(f, (int) v);
                long hi = f2d(f, (int) (v >>> 32));
                Sse.commit(c, f);
                Sse.setX(c, d, lo, hi);
            }
            case P66 -> {
                long vl = Sse.srcQ(c, m, w, ea, 0, true);
                long vh = Sse.srcQ(c, m, w, ea, 1, true);
                int lo = d2f(f, vl);
                int hi = d2f(f, vh);
                Sse.commit(c, f);
                Sse.setX(c, d, (lo & 0xFFFF_FFFFL) | ((long) hi << 32), 0);
            }
            case PF3 -> {
                long r = f2d(f, Sse.src32(c, m, w, ea));
                Sse.commit(c, f);
                x[2 * d] = r;
            }
            default -> {
                int r = d2f(f, Sse.src64(c, m, w, ea));
                Sse.commit(c, f);
                x[2 * d] = (x[2 * d] & 0xFFFF_FFFF_0000_0000L) | (r & 0xFFFF_FFFFL);
            }
        }
    }

    /** 0F 5B: cvtdq2ps, cvtps2dq, cvttps2dq. */
    private static void dq(CpuState c, GuestMemory m, long w, long ea, int p) {
        if (p == PF2) {
            throw Sse.ud();
        }
        int d = Sse.xreg(w);
        SoftFp f = new SoftFp(c.mxcsr);
        long[] v = {Sse.srcQ(c, m, w, ea, 0, true), Sse.srcQ(c, m, w, ea, 1, true)};
        long[] r = new long[2];
        for (int i = 0; i < 4; i++) {
            int e = (int) (v[i >> 1] >>> (32 * (i & 1)));
            long o = p == NP ? i2f(f, e) & 0xFFFF_FFFFL : fbits2i(f, e, p == PF3, false);
            r[i >> 1] |= o << (32 * (i & 1));
        }
        Sse.commit(c, f);
        Sse.setX(c, d, r[0], r[1]);
    }

    /** 0F E6: cvttpd2dq (66), cvtdq2pd (F3), cvtpd2dq (F2). */
    private static void e6(CpuState c, GuestMemory m, long w, long ea, int p) {
        if (p == NP) {
            throw Sse.ud();
        }
        int d = Sse.xreg(w);
        SoftFp f = new SoftFp(c.mxcsr);
        if (p == PF3) {
            long v = Sse.src64(c, m, w, ea);
            Sse.setX(c, d, i2d(f, (int) v), i2d(f, (int) (v >> 32)));
            return;
        }
        long vl = Sse.srcQ(c, m, w, ea, 0, true);
        long vh = Sse.srcQ(c, m, w, ea, 1, true);
        long lo = dbits2i(f, vl, p == P66, false);
        long hi = dbits2i(f, vh, p == P66, false);
        Sse.commit(c, f);
        Sse.setX(c, d, lo | (hi << 32), 0);
    }
}
