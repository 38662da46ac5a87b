package dev.flatland.cpu.interp;

import static dev.flatland.cpu.interp.Sse.NP;
import static dev.flatland.cpu.interp.Sse.P66;
import static dev.flatland.cpu.interp.Sse.PF2;
import static dev.flatland.cpu.interp.Sse.PF3;

import dev.flatland.cpu.CpuState;
import dev.flatland.cpu.Flags;
import dev.flatland.cpu.decode.Insn;
import dev.flatland.memory.GuestMemory;

/**
 * SSE/SSE2/SSE3 floating-point arithmetic, logic, compares and unpacks: 0F 14, 15, 2E, 2F, 51-5F,
 * 7C, 7D, C2, D0 in the ps/pd/ss/sd forms selected by the mandatory prefix.
 */
final class SseFloat {
    private SseFloat() {
    }

    static void exec(CpuState c, GuestMemory m, long w, long ea, int imm, int b) {
        int p = Sse.pfx(w);
        int d = Sse.xreg(w);
        long[] x = c.xmm;
        switch (b) {
            case 0x14, 0x15 -> unpack(c, m, w, ea, b, p, d);
            case 0x54, 0x55, 0x56, 0x57 -> {
                if (p >= PF3) {
                    throw Sse.ud();
                }
                long bl = Sse.srcQ(c, m, w, ea, 0, true);
                long bh = Sse.srcQ(c, m, w, ea, 1, true);
                x[2 * d] = logic(b, x[2 * d], bl);
                x[2 * d + 1] = logic(b, x[2 * d + 1], bh);
            }
            case 0x2E, 0x2F -> comis(c, m, w, ea, b, p, d);
            case 0xD0, 0x7C, 0x7D -> horizontal(c, m, w, ea, b, p, d);
            default -> arith(c, m, w, ea, imm, b, p, d);
        }
    }

    static long logic(int b, long a, long s) {
        return switch (b) {
            case 0x54 -> a & s;
            case 0x55 -> ~a & s;
            case 0x56 -> a | s;
            default -> a ^ s;
        };
    }

    private static void unpack(CpuState c, GuestMemory m, long w, long ea, int b, int p, int d) {
        if (p >= PF3) {
            throw Sse.ud();
        }
        long[] x = c.xmm;
        long bl = Sse.srcQ(c, m, w, ea, 0, true);
        long bh = Sse.srcQ(c, m, w, ea, 1, true);
        long al = x[2 * d];
        long ah = x[2 * d + 1];
        if (p == P66) {
            Sse.setX(c, d, b == 0x14 ? al : ah, b == 0x14 ? bl : bh);
        } else {
            long a = b == 0x14 ? al : ah;
            long s = b == 0x14 ? bl : bh;
            Sse.setX(c, d, (a & 0xFFFF_FFFFL) | (s << 32), (a >>> 32) | (s & 0xFFFF_FFFF_0000_0000L));
        }
    }

    /** Packed or scalar arithmetic, min/max, sqrt, rcp/rsqrt and CMPccPS/PD/SS/SD. */
    private static void arith(CpuState c, GuestMemory m, long w, long ea, int imm, int b, int p, int d) {
        if (b == 0x5A || b == 0x5B || (b == 0x52 || b == 0x53) && (p == P66 || p == PF2)) {
            throw Sse.ud();
        }
        long[] x = c.xmm;
        SoftFp f = new SoftFp(c.mxcsr);
        long al = x[2 * d];
        long ah = x[2 * d + 1];
        switch (p) {
            case NP -> {
                long bl = Sse.srcQ(c, m, w, ea, 0, true);
                long bh = Sse.srcQ(c, m, w, ea, 1, true);
                long rl = pairF(f, b, imm, al, bl);
                long rh = pairF(f, b, imm, ah, bh);
                Sse.commit(c, f);
                Sse.setX(c, d, rl, rh);
            }
            case P66 -> {
                long bl = Sse.srcQ(c, m, w, ea, 0, true);
                long bh = Sse.srcQ(c, m, w, ea, 1, true);
                long rl = opD(f, b, imm, al, bl);
                long rh = opD(f, b, imm, ah, bh);
                Sse.commit(c, f);
                Sse.setX(c, d, rl, rh);
            }
            case PF3 -> {
                int r = opF(f, b, imm, (int) al, Sse.src32(c, m, w, ea));
                Sse.commit(c, f);
                x[2 * d] = (al & 0xFFFF_FFFF_0000_0000L) | (r & 0xFFFF_FFFFL);
            }
            default -> {
                long r = opD(f, b, imm, al, Sse.src64(c, m, w, ea));
                Sse.commit(c, f);
                x[2 * d] = r;
            }
        }
    }

    private static long pairF(SoftFp f, int b, int imm, long a, long s) {
        int lo = opF(f, b, imm, (int) a, (int) s);
        int hi = opF(f, b, imm, (int) (a >>> 32), (int) (s >>> 32));
        return (lo & 0xFFFF_FFFFL) | ((long) hi << 32);
    }

    static int opF(SoftFp f, int b, int imm, int a, int s) {
        return switch (b) {
            case 0x51 -> f.sqrtF(s);
            case 0x52 -> rsqrtF(s);
            case 0x53 -> rcpF(s);
            case 0x58 -> f.addF(a, s);
            case 0x59 -> f.mulF(a, s);
            case 0x5C -> f.subF(a, s);
            case 0x5D -> minMaxF(f, a, s, true);
            case 0x5E -> f.divF(a, s);
            case 0x5F -> minMaxF(f, a, s, false);
            case 0xC2 -> cmpF(f, imm, a, s) ? -1 : 0;
            default -> throw Sse.ud();
        };
    }

    static long opD(SoftFp f, int b, int imm, long a, long s) {
        return switch (b) {
            case 0x51 -> f.sqrtD(s);
            case 0x58 -> f.addD(a, s);
            case 0x59 -> f.mulD(a, s);
            case 0x5C -> f.subD(a, s);
            case 0x5D -> minMaxD(f, a, s, true);
            case 0x5E -> f.divD(a, s);
            case 0x5F -> minMaxD(f, a, s, false);
            case 0xC2 -> cmpD(f, imm, a, s) ? -1L : 0L;
            default -> throw Sse.ud();
        };
    }

    /**
     * MINxx/MAXxx: any NaN raises IE (no DE) and returns the source; equal values (±0) return the
     * source. Under DAZ a returned denormal source comes back as a zero of its sign even beside a
     * NaN (recorded on hardware: MAXSS with DAZ, QNaN destination, source 0x802FDF3D gives
     * 0x80000000; see sse/hw-daz.txt.gz).
     */
    static int minMaxF(SoftFp f, int a, int s, boolean min) {
        if (SoftFp.isNaNF(a) || SoftFp.isNaNF(s)) {
            f.flags |= SoftFp.IE;
            return f.dazF(s);
        }
        a = f.inF(a);
        s = f.inF(s);
        float x = Float.intBitsToFloat(a);
        float y = Float.intBitsToFloat(s);
        return (min ? x < y : x > y) ? a : s;
    }

    static long minMaxD(SoftFp f, long a, long s, boolean min) {
        if (SoftFp.isNaND(a) || SoftFp.isNaND(s)) {
            f.flags |= SoftFp.IE;
            return f.dazD(s);
        }
        a = f.inD(a);
        s = f.inD(s);
        double x = Double.longBitsToDouble(a);
        double y = Double.longBitsToDouble(s);
        return (min ? x < y : x > y) ? a : s;
    }

    /** The eight CMPPS predicates (imm8[2:0]); LT, LE, NLT, NLE signal on QNaN too. */
    static boolean cmpF(SoftFp f, int imm, int a, int s) {
        boolean un = SoftFp.isNaNF(a) || SoftFp.isNaNF(s);
        if (un) {
            if (SoftFp.isSNaNF(a) || SoftFp.isSNaNF(s) || signalsOnQnan(imm)) {
                f.flags |= SoftFp.IE;
            }
            return predicate(imm, false, false, true);
        }
        float x = Float.intBitsToFloat(f.inF(a));
        float y = Float.intBitsToFloat(f.inF(s));
        return predicate(imm, x == y, x < y, false);
    }

    static boolean cmpD(SoftFp f, int imm, long a, long s) {
        boolean un = SoftFp.isNaND(a) || SoftFp.isNaND(s);
        if (un) {
            if (SoftFp.isSNaND(a) || SoftFp.isSNaND(s) || signalsOnQnan(imm)) {
                f.flags |= SoftFp.IE;
            }
            return predicate(imm, false, false, true);
        }
        double x = Double.longBitsToDouble(f.inD(a));
        double y = Double.longBitsToDouble(f.inD(s));
        return predicate(imm, x == y, x < y, false);
    }

    private static boolean signalsOnQnan(int imm) {
        int k = imm & 3;
        return k == 1 || k == 2;
    }

    private static boolean predicate(int imm, boolean eq, boolean lt, boolean un) {
        return switch (imm & 7) {
            case 0 -> eq;
            case 1 -> lt;
            case 2 -> lt || eq;
            case 3 -> un;
            case 4 -> !eq;
            case 5 -> !lt;
            case 6 -> !(lt || eq);
            default -> !un;
        };
    }

    /** COMISS/COMISD (any NaN raises IE) and UCOMISS/UCOMISD (only SNaN): ZF PF CF, OF SF AF = 0. */
    private static void comis(CpuState c, GuestMemory m, long w, long ea, int b, int p, int d) {
        if (p >= PF3) {
            throw Sse.ud();
        }
        SoftFp f = new SoftFp(c.mxcsr);
        long r;
        boolean signal = b == 0x2F;
        if (p == P66) {
            long a = c.xmm[2 * d];
            long s = Sse.src64(c, m, w, ea);
            if (SoftFp.isNaND(a) || SoftFp.isNaND(s)) {
                if (signal || SoftFp.isSNaND(a) || SoftFp.isSNaND(s)) {
                    f.flags |= SoftFp.IE;
                }
                r = Flags.ZF | Flags.PF | Flags.CF;
            } else {
                double x = Double.longBitsToDouble(f.inD(a));
                double y = Double.longBitsToDouble(f.inD(s));
                r = x == y ? Flags.ZF : x < y ? Flags.CF : 0;
            }
        } else {
            int a = (int) c.xmm[2 * d];
            int s = Sse.src32(c, m, w, ea);
            if (SoftFp.isNaNF(a) || SoftFp.isNaNF(s)) {
                if (signal || SoftFp.isSNaNF(a) || SoftFp.isSNaNF(s)) {
                    f.flags |= SoftFp.IE;
                }
                r = Flags.ZF | Flags.PF | Flags.CF;
            } else {
                float x = Float.intBitsToFloat(f.inF(a));
                float y = Float.intBitsToFloat(f.inF(s));
                r = x == y ? Flags.ZF : x < y ? Flags.CF : 0;
            }
        }
        Sse.commit(c, f);
        Flags.setArith(c, r);
    }

    /** ADDSUBPS/PD (D0), HADDPS/PD (7C), HSUBPS/PD (7D). */
    private static void horizontal(CpuState c, GuestMemory m, long w, long ea, int b, int p, int d) {
        if (p != P66 && p != PF2) {
            throw Sse.ud();
        }
        long[] x = c.xmm;
        SoftFp f = new SoftFp(c.mxcsr);
        long al = x[2 * d];
        long ah = x[2 * d + 1];
        long bl = Sse.srcQ(c, m, w, ea, 0, true);
        long bh = Sse.srcQ(c, m, w, ea, 1, true);
        long rl;
        long rh;
        if (p == P66) {
            if (b == 0xD0) {
                rl = f.subD(al, bl);
                rh = f.addD(ah, bh);
            } else if (b == 0x7C) {
                rl = f.addD(al, ah);
                rh = f.addD(bl, bh);
            } else {
                rl = f.subD(al, ah);
                rh = f.subD(bl, bh);
            }
        } else {
            int[] a = {(int) al, (int) (al >>> 32), (int) ah, (int) (ah >>> 32)};
            int[] s = {(int) bl, (int) (bl >>> 32), (int) bh, (int) (bh >>> 32)};
            int[] r = new int[4];
            if (b == 0xD0) {
                for (int i = 0; i < 4; i++) {
                    r[i] = (i & 1) == 0 ? f.subF(a[i], s[i]) : f.addF(a[i], s[i]);
                }
            } else {
                boolean add = b == 0x7C;
                r[0] = add ? f.addF(a[0], a[1]) : f.subF(a[0], a[1]);
                r[1] = add ? f.addF(a[2], a[3]) : f.subF(a[2], a[3]);
                r[2] = add ? f.addF(s[0], s[1]) : f.subF(s[0], s[1]);
                r[3] = add ? f.addF(s[2], s[3]) : f.subF(s[2], s[3]);
            }
            rl = (r[0] & 0xFFFF_FFFFL) | ((long) r[1] << 32);
            rh = (r[2] & 0xFFFF_FFFFL) | ((long) r[3] << 32);
        }
        Sse.commit(c, f);
        Sse.setX(c, d, rl, rh);
    }

    /**
     * RCPPS/RCPSS approximation: 1/x rounded to 12 significant bits (relative error at most 2^-12,
     * inside the SDM's bound of 1.5 * 2^-12). Denormal sources count as zero and tiny results flush to
     * zero, as on Intel; no flags. The exact approximation tables differ between vendors.
     */
    static int rcpF(int a) {
        if (SoftFp.isNaNF(a)) {
            return a | SoftFp.F_QUIET;
        }
        int sign = a & SoftFp.F_SIGN;
        if ((a & 0x7F80_0000) == 0) {
            return sign | 0x7F80_0000;
        }
        if ((a & ~SoftFp.F_SIGN) == 0x7F80_0000) {
            return sign;
        }
        return approx12(1.0 / Float.intBitsToFloat(a));
    }

    /** RSQRTPS/RSQRTSS approximation: 1/sqrt(x) rounded to 12 significant bits; no flags. */
    static int rsqrtF(int a) {
        if (SoftFp.isNaNF(a)) {
            return a | SoftFp.F_QUIET;
        }
        int sign = a & SoftFp.F_SIGN;
        if ((a & 0x7F80_0000) == 0) {
            return sign | 0x7F80_0000;
        }
        if (sign != 0) {
            return SoftFp.F_DEFAULT_NAN;
        }
        if (a == 0x7F80_0000) {
            return 0;
        }
        return approx12(1.0 / Math.sqrt(Float.intBitsToFloat(a)));
    }

    private static int approx12(double v) {
        if (Math.abs(v) < 0x1p-126) {
            return v < 0 ? SoftFp.F_SIGN : 0;
        }
        long bits = Double.doubleToRawLongBits(v);
        bits = (bits + (1L << 40)) & ~((1L << 41) - 1);
        return Float.floatToRawIntBits((float) Double.longBitsToDouble(bits));
    }
}
