package dev.flatland.cpu.interp;

import static dev.flatland.cpu.interp.F80.DE;
import static dev.flatland.cpu.interp.F80.IE;
import static dev.flatland.cpu.interp.F80.ZE;

import java.math.BigInteger;

/**
 * The exact non-transcendental x87 operations on {@link F80} values: FSQRT, FRNDINT, FSCALE,
 * FXTRACT, FPREM/FPREM1 and the comparisons (SDM vol. 2 pages of the same names).
 */
final class F80Ops {
    private F80Ops() {
    }

    /** Comparison results. */
    static final int LESS = 0;
    static final int EQUAL = 1;
    static final int GREATER = 2;
    static final int UNORDERED = 3;

    /** FSQRT: correctly rounded at FCW.PC. */
    static void sqrt(F80.Ctx x, int se, long m) {
        x.up = false;
        if (F80.specials1(x, se, m)) {
            return;
        }
        int c = F80.classify(se, m);
        if (c == F80.ZERO) {
            x.set(se, m);
            return;
        }
        if (F80.sign(se) != 0) {
            x.indefinite();
            return;
        }
        if (c == F80.INF) {
            x.set(se, m);
            return;
        }
        int t = F80.exponent(se, m) - 63;               // value = mn * 2^t
        BigInteger mn = F80.unsigned(F80.normalize(m));
        if ((t & 1) != 0) {
            mn = mn.shiftLeft(1);
            t--;
        }
        BigInteger[] sr = mn.shiftLeft(128).sqrtAndRemainder();
        BigInteger r = sr[0];
        int b = r.bitLength();
        BigInteger al = r.shiftLeft(128 - b);
        long sticky = sr[1].signum() != 0 ? 1 : 0;
        int e = (t - 128) / 2 - 1 + b;
        F80.roundPack(x, 0, e, al.shiftRight(64).longValue(), al.longValue() | sticky);
    }

    /** FRNDINT: rounds to an integer in FCW.RC; PE when inexact; the sign of a zero result is kept. */
    static void rndint(F80.Ctx x, int se, long m) {
        x.up = false;
        if (F80.specials1(x, se, m)) {
            return;
        }
        int c = F80.classify(se, m);
        if (c == F80.ZERO || c == F80.INF) {
            x.set(se, m);
            return;
        }
        int e = F80.exponent(se, m);
        if (e >= 63) {
            x.set(se, m);
            return;
        }
        int sign = F80.sign(se);
        long mag = F80Conv.roundMagnitude(x, sign, e, F80.normalize(m), x.rc);
        if (mag == 0) {
            x.set(sign << 15, 0);
        } else {
            int lz = Long.numberOfLeadingZeros(mag);
            x.set(sign << 15 | (63 - lz + F80.BIAS), mag << lz);
        }
    }

    /** FSCALE: ST0 * 2^trunc(ST1), rounded at FCW.PC. */
    static void scale(F80.Ctx x, int ase, long am, int bse, long bm) {
        x.up = false;
        if (F80.specials2(x, ase, am, bse, bm)) {
            return;
        }
        int ca = F80.classify(ase, am);
        int cb = F80.classify(bse, bm);
        int sa = F80.sign(ase);
        if (cb == F80.INF) {
            boolean neg = F80.sign(bse) != 0;
            if (ca == F80.ZERO && !neg || ca == F80.INF && neg) {
                x.indefinite();
            } else if (ca == F80.ZERO || neg) {
                x.set(sa << 15, 0);
            } else {
                F80.inf(x, sa);
            }
            return;
        }
        if (ca == F80.ZERO || ca == F80.INF) {
            x.set(ase, am);
            return;
        }
        long n = 0;
        if (cb != F80.ZERO) {
            int eb = F80.exponent(bse, bm);
            if (eb >= 30) {
                n = 1L << 30;
            } else if (eb >= 0) {
                n = F80.normalize(bm) >>> (63 - eb);
            }
            if (F80.sign(bse) != 0) {
                n = -n;
            }
        }
        F80.roundPackP(x, sa, (int) (F80.exponent(ase, am) + n), F80.normalize(am), 0, 64);
    }

    /**
     * FXTRACT: splits ST0 into exponent (returned as {se, m} in x, the value ST1 receives) and
     * significand (returned in {@code sig}: {se, m}), the value ST0 receives.
     */
    static long[] xtract(F80.Ctx x, int se, long m) {
        x.up = false;
        if (F80.specials1(x, se, m)) {
            return new long[] {x.se, x.m};
        }
        int c = F80.classify(se, m);
        if (c == F80.ZERO) {
            x.flags |= ZE;
            F80.inf(x, 1);
            return new long[] {se, m};
        }
        if (c == F80.INF) {
            F80.inf(x, 0);
            return new long[] {se, m};
        }
        int e = F80.exponent(se, m);
        long[] sig = {(se & 0x8000) | F80.BIAS, F80.normalize(m)};
        F80Conv.loadInt(x, e);
        return sig;
    }

    /**
     * FPREM ({@code ieee} false, quotient truncated) and FPREM1 ({@code ieee} true, quotient
     * rounded to nearest). Returns the condition bits as C0=Q2, C3=Q1, C1=Q0 and C2 set when the
     * reduction is partial, in FSW bit positions; the remainder is left in x.
     */
    static int prem(F80.Ctx x, int ase, long am, int bse, long bm, boolean ieee) {
        x.up = false;
        if (F80.specials2(x, ase, am, bse, bm)) {
            return 0;
        }
        int ca = F80.classify(ase, am);
        int cb = F80.classify(bse, bm);
        if (ca == F80.INF || cb == F80.ZERO) {
            x.indefinite();
            return 0;
        }
        if (ca == F80.ZERO || cb == F80.INF) {
            x.set(ase, am);
            return 0;
        }
        int ea = F80.exponent(ase, am);
        int eb = F80.exponent(bse, bm);
        int d = ea - eb;
        BigInteger a = F80.unsigned(F80.normalize(am));
        BigInteger b = F80.unsigned(F80.normalize(bm));
        int sign = F80.sign(ase);
        if (d >= 64) {
            // Partial remainder: reduce by ST1 * 2^(d-n), quotient truncated; n = 32 + (d mod 32)
            // reproduces the hardware exactly (X87HardwareTest's fprem/fprem1 records).
            int n = 32 + (d & 31);
            BigInteger r = a.shiftLeft(n).mod(b);
            finishRemainder(x, sign, r, ea - 63 - n);
            return FSW_C2;
        }
        BigInteger q;
        BigInteger r;
        int re;                                         // exponent of one unit of r
        if (d >= 0) {
            BigInteger[] qr = a.shiftLeft(d).divideAndRemainder(b);
            q = qr[0];
            r = qr[1];
            re = eb - 63;
        } else {
            q = BigInteger.ZERO;
            r = a;
            b = b.shiftLeft(-d);
            re = ea - 63;
        }
        if (ieee) {
            int cmp = r.shiftLeft(1).compareTo(b);
            if (cmp > 0 || (cmp == 0 && q.testBit(0))) {
                q = q.add(BigInteger.ONE);
                r = b.subtract(r);
                sign ^= 1;
            }
        }
        finishRemainder(x, sign, r, re);
        int qi = q.intValue();
        int cc = 0;
        if ((qi & 4) != 0) {
            cc |= FSW_C0;
        }
        if ((qi & 2) != 0) {
            cc |= FSW_C3;
        }
        if ((qi & 1) != 0) {
            cc |= FSW_C1;
        }
        return cc;
    }

    static final int FSW_C0 = 0x100;
    static final int FSW_C1 = 0x200;
    static final int FSW_C2 = 0x400;
    static final int FSW_C3 = 0x4000;

    /** Stores sign * r * 2^re (exact; only the exponent range can make it denormal). */
    private static void finishRemainder(F80.Ctx x, int sign, BigInteger r, int re) {
        if (r.signum() == 0) {
            x.set(sign << 15, 0);
            return;
        }
        int bl = r.bitLength();
        BigInteger al = r.shiftLeft(128 - bl);
        F80.roundPackP(x, sign, re + bl - 1, al.shiftRight(64).longValue(), al.longValue(), 64);
    }

    /**
     * Compares a with b. {@code quiet} (FUCOM*) raises IE only for SNaN and unsupported operands;
     * otherwise (FCOM*, FCOMI, FICOM, FTST) any NaN raises IE. Denormal operands raise DE.
     */
    static int compare(F80.Ctx x, int ase, long am, int bse, long bm, boolean quiet) {
        int ca = F80.classify(ase, am);
        int cb = F80.classify(bse, bm);
        if (ca == F80.UNSUPPORTED || cb == F80.UNSUPPORTED) {
            x.flags |= IE;
            return UNORDERED;
        }
        if (F80.isNaN(ca) || F80.isNaN(cb)) {
            if (!quiet || ca == F80.SNAN || cb == F80.SNAN) {
                x.flags |= IE;
            }
            return UNORDERED;
        }
        if (ca == F80.DENORMAL || cb == F80.DENORMAL) {
            x.flags |= DE;
        }
        int sa = ca == F80.ZERO ? 0 : F80.sign(ase);
        int sb = cb == F80.ZERO ? 0 : F80.sign(bse);
        if (ca == F80.ZERO && cb == F80.ZERO) {
            return EQUAL;
        }
        int cmp;
        if (sa != sb) {
            cmp = sa != 0 ? -1 : 1;
        } else {
            int mag = magnitudeCompare(ase, am, ca, bse, bm, cb);
            cmp = sa != 0 ? -mag : mag;
        }
        return cmp < 0 ? LESS : cmp == 0 ? EQUAL : GREATER;
    }

    private static int magnitudeCompare(int ase, long am, int ca, int bse, long bm, int cb) {
        if (ca == F80.ZERO || cb == F80.ZERO) {
            return ca == cb ? 0 : ca == F80.ZERO ? -1 : 1;
        }
        if (ca == F80.INF || cb == F80.INF) {
            return ca == cb ? 0 : ca == F80.INF ? 1 : -1;
        }
        int ea = F80.exponent(ase, am);
        int eb = F80.exponent(bse, bm);
        if (ea != eb) {
            return ea < eb ? -1 : 1;
        }
        return Long.compareUnsigned(F80.normalize(am), F80.normalize(bm));
    }

    /** FXAM class bits (C3, C2, C0) in FSW positions; C1 (the sign) is added by the caller. */
    static int examine(int se, long m, boolean empty) {
        if (empty) {
            return FSW_C3 | FSW_C0;
        }
        return switch (F80.classify(se, m)) {
            case F80.UNSUPPORTED -> 0;
            case F80.QNAN, F80.SNAN -> FSW_C0;
            case F80.NORMAL -> FSW_C2;
            case F80.INF -> FSW_C2 | FSW_C0;
            case F80.ZERO -> FSW_C3;
            default -> FSW_C3 | FSW_C2;
        };
    }
}
