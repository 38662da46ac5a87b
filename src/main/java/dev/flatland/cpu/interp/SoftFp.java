package dev.flatland.cpu.interp;

import java.math.BigInteger;

/**
 * MXCSR-exact IEEE 754 binary32/binary64 arithmetic for SSE (Intel SDM vol. 1 §4.8, §4.9, §11.5).
 * One instance serves one instruction: it captures RC, FTZ, DAZ and the exception masks from MXCSR
 * and accumulates the exception flags the instruction raises in {@link #flags}.
 *
 * <p>Java arithmetic rounds to nearest only. The fast paths compute the round-to-nearest result and
 * the exact sign of its error with error-free transformations (TwoSum, FMA remainders), then step
 * one ulp for the directed modes. Anything near the subnormal or overflow range takes the exact
 * path: the operation is done on {@link BigInteger} significands and rounded by {@link #roundPack},
 * which implements x86's rules: underflow is detected on the result rounded with unbounded exponent
 * (tininess after rounding, SDM vol. 1 §4.9.1.5 and §11.5.2.5), FTZ returns a signed zero with UE
 * and PE when underflow is masked, masked overflow returns infinity or the largest finite value by
 * RC (Table 4-10). Behaviour the SDM leaves open was measured on hardware (see SseHardwareTest):
 * IE and ZE suppress DE; with OE or UE unmasked, PE tells whether the unbounded-exponent rounding
 * was inexact.
 */
final class SoftFp {
    static final int IE = 0x01;
    static final int DE = 0x02;
    static final int ZE = 0x04;
    static final int OE = 0x08;
    static final int UE = 0x10;
    static final int PE = 0x20;
    static final int DAZ = 0x40;
    static final int FTZ = 0x8000;
    static final int RNE = 0;
    static final int RD = 1;
    static final int RU = 2;
    static final int RZ = 3;

    static final long D_SIGN = 0x8000_0000_0000_0000L;
    static final long D_QUIET = 0x0008_0000_0000_0000L;
    static final long D_DEFAULT_NAN = 0xFFF8_0000_0000_0000L;
    static final int F_SIGN = 0x8000_0000;
    static final int F_QUIET = 0x0040_0000;
    static final int F_DEFAULT_NAN = 0xFFC0_0000;
    private static final double TWO_MIN_NORMAL = 2 * Double.MIN_NORMAL;

    /** Target format parameters: precision p, emin, emax. */
    record Fmt(int p, int emin, int emax) {
    }

    static final Fmt F32 = new Fmt(24, -126, 127);
    static final Fmt F64 = new Fmt(53, -1022, 1023);

    final int mxcsr;
    int rc;
    final boolean ftz;
    final boolean daz;
    /** Exception flags raised so far by this instruction (MXCSR bits 0..5). */
    int flags;

    SoftFp(int mxcsr) {
        this.mxcsr = mxcsr;
        this.rc = (mxcsr >>> 13) & 3;
        this.ftz = (mxcsr & FTZ) != 0;
        this.daz = (mxcsr & DAZ) != 0;
    }

    private boolean underflowMasked() {
        return (mxcsr & (UE << 7)) != 0;
    }

    // ---------------------------------------------------------------- classification

    static boolean isNaND(long a) {
        return (a & ~D_SIGN) > 0x7FF0_0000_0000_0000L;
    }

    static boolean isSNaND(long a) {
        return isNaND(a) && (a & D_QUIET) == 0;
    }

    static boolean isInfD(long a) {
        return (a & ~D_SIGN) == 0x7FF0_0000_0000_0000L;
    }

    static boolean isDenormD(long a) {
        return (a & 0x7FF0_0000_0000_0000L) == 0 && (a & 0x000F_FFFF_FFFF_FFFFL) != 0;
    }

    static boolean isNaNF(int a) {
        return (a & ~F_SIGN) > 0x7F80_0000;
    }

    static boolean isSNaNF(int a) {
        return isNaNF(a) && (a & F_QUIET) == 0;
    }

    static boolean isDenormF(int a) {
        return (a & 0x7F80_0000) == 0 && (a & 0x007F_FFFF) != 0;
    }

    /** DAZ: a denormal source becomes a zero of the same sign; otherwise a denormal raises DE. */
    long inD(long a) {
        if (isDenormD(a)) {
            if (daz) {
                return a & D_SIGN;
            }
            flags |= DE;
        }
        return a;
    }

    int inF(int a) {
        if (isDenormF(a)) {
            if (daz) {
                return a & F_SIGN;
            }
            flags |= DE;
        }
        return a;
    }

    /** Applies DAZ without raising DE (operations that do not report denormal operands). */
    long dazD(long a) {
        return daz && isDenormD(a) ? a & D_SIGN : a;
    }

    int dazF(int a) {
        return daz && isDenormF(a) ? a & F_SIGN : a;
    }

    /** QNaN propagation for a two-operand operation: the first operand's NaN wins; SNaN raises IE. */
    long nanD(long a, long b) {
        if (isSNaND(a) || isSNaND(b)) {
            flags |= IE;
        }
        return isNaND(a) ? a | D_QUIET : b | D_QUIET;
    }

    int nanF(int a, int b) {
        if (isSNaNF(a) || isSNaNF(b)) {
            flags |= IE;
        }
        return isNaNF(a) ? a | F_QUIET : b | F_QUIET;
    }

    // ---------------------------------------------------------------- binary64

    long addD(long a, long b) {
        if (isNaND(a) || isNaND(b)) {
            return nanD(a, b);
        }
        a = inD(a);
        b = inD(b);
        if (isInfD(a) && isInfD(b) && (a ^ b) < 0) {
            flags |= IE;
            return D_DEFAULT_NAN;
        }
        if (isInfD(a)) {
            return a;
        }
        if (isInfD(b)) {
            return b;
        }
        double x = Double.longBitsToDouble(a);
        double y = Double.longBitsToDouble(b);
        double s = x + y;
        if (s == 0) {
            return zeroSum(a, b);
        }
        double as = Math.abs(s);
        if (as >= TWO_MIN_NORMAL && as < Double.MAX_VALUE) {
            double bb = s - x;
            double err = (x - (s - bb)) + (y - bb);
            return fixD(s, Math.signum(err));
        }
        return exactD(0, a, b);
    }

    long subD(long a, long b) {
        if (isNaND(a) || isNaND(b)) {
            return nanD(a, b);
        }
        return addD(a, b ^ D_SIGN);
    }

    private long zeroSum(long a, long b) {
        if (((a | b) & ~D_SIGN) == 0 && a == b) {
            return a;
        }
        return rc == RD ? D_SIGN : 0;
    }

    long mulD(long a, long b) {
        if (isNaND(a) || isNaND(b)) {
            return nanD(a, b);
        }
        a = inD(a);
        b = inD(b);
        boolean za = (a & ~D_SIGN) == 0;
        boolean zb = (b & ~D_SIGN) == 0;
        long sign = (a ^ b) & D_SIGN;
        if ((isInfD(a) && zb) || (isInfD(b) && za)) {
            flags |= IE;
            return D_DEFAULT_NAN;
        }
        if (isInfD(a) || isInfD(b)) {
            return sign | 0x7FF0_0000_0000_0000L;
        }
        if (za || zb) {
            return sign;
        }
        double x = Double.longBitsToDouble(a);
        double y = Double.longBitsToDouble(b);
        if (inRange(x) && inRange(y)) {
            double p = x * y;
            if (inRange(p)) {
                return fixD(p, Math.signum(Math.fma(x, y, -p)));
            }
        }
        return exactD(1, a, b);
    }

    long divD(long a, long b) {
        if (isNaND(a) || isNaND(b)) {
            return nanD(a, b);
        }
        // IE and ZE are detected first; a denormal operand is then not reported (hardware).
        long a0 = a;
        long b0 = b;
        a = dazD(a);
        b = dazD(b);
        boolean za = (a & ~D_SIGN) == 0;
        boolean zb = (b & ~D_SIGN) == 0;
        long sign = (a ^ b) & D_SIGN;
        if ((za && zb) || (isInfD(a) && isInfD(b))) {
            flags |= IE;
            return D_DEFAULT_NAN;
        }
        if (zb && !isInfD(a)) {
            flags |= ZE;
            return sign | 0x7FF0_0000_0000_0000L;
        }
        inD(a0);
        inD(b0);
        if (isInfD(a)) {
            return sign | 0x7FF0_0000_0000_0000L;
        }
        if (isInfD(b) || za) {
            return sign;
        }
        double x = Double.longBitsToDouble(a);
        double y = Double.longBitsToDouble(b);
        if (inRange(x) && inRange(y)) {
            double q = x / y;
            if (inRange(q)) {
                double r = Math.fma(-q, y, x);
                return fixD(q, Math.signum(r) * Math.signum(y));
            }
        }
        return exactD(2, a, b);
    }

    long sqrtD(long a) {
        if (isNaND(a)) {
            return nanD(a, a);
        }
        long a0 = a;
        a = dazD(a);
        if ((a & ~D_SIGN) == 0) {
            inD(a0);
            return a;
        }
        if (a < 0) {
            flags |= IE;
            return D_DEFAULT_NAN;
        }
        inD(a0);
        if (isInfD(a)) {
            return a;
        }
        double x = Double.longBitsToDouble(a);
        double s = Math.sqrt(x);
        if (inRange(x)) {
            return fixD(s, Math.signum(Math.fma(-s, s, x)));
        }
        return exactD(3, a, 0);
    }

    /** |x| is far enough from the subnormal and overflow ranges that FMA remainders are exact. */
    private static boolean inRange(double x) {
        double ax = Math.abs(x);
        return ax > 0x1p-900 && ax < 0x1p900;
    }

    /** Rounds the exact value s + (tiny error of sign errSign) in RC; s is normal and not extreme. */
    private long fixD(double s, double errSign) {
        if (errSign == 0) {
            return Double.doubleToRawLongBits(s);
        }
        flags |= PE;
        double r = s;
        switch (rc) {
            case RD -> r = errSign < 0 ? Math.nextDown(s) : s;
            case RU -> r = errSign > 0 ? Math.nextUp(s) : s;
            case RZ -> r = (errSign < 0) == (s > 0) ? (s > 0 ? Math.nextDown(s) : Math.nextUp(s)) : s;
            default -> {
            }
        }
        return Double.doubleToRawLongBits(r);
    }

    /** The exact path: op 0 add, 1 mul, 2 div, 3 sqrt on finite nonzero (after DAZ) operands. */
    private long exactD(int op, long a, long b) {
        boolean na = a < 0;
        boolean nb = b < 0;
        int ea = expD(a);
        int eb = expD(b);
        BigInteger ma = BigInteger.valueOf(mantD(a));
        BigInteger mb = BigInteger.valueOf(mantD(b));
        switch (op) {
            case 0: {
                int e = Math.min(ea, eb);
                BigInteger x = ma.shiftLeft(ea - e);
                BigInteger y = mb.shiftLeft(eb - e);
                BigInteger s = (na ? x.negate() : x).add(nb ? y.negate() : y);
                if (s.signum() == 0) {
                    return zeroSum(a, b);
                }
                return roundBig(s.signum() < 0, s.abs(), e, false, F64);
            }
            case 1:
                return roundBig(na != nb, ma.multiply(mb), ea + eb, false, F64);
            case 2: {
                BigInteger[] qr = ma.shiftLeft(128).divideAndRemainder(mb);
                return roundBig(na != nb, qr[0], ea - eb - 128, qr[1].signum() != 0, F64);
            }
            default: {
                if ((ea & 1) != 0) {
                    ma = ma.shiftLeft(1);
                    ea--;
                }
                BigInteger big = ma.shiftLeft(256);
                BigInteger s = big.sqrt();
                return roundBig(false, s, (ea - 256) / 2, !s.multiply(s).equals(big), F64);
            }
        }
    }

    private static int expD(long a) {
        int e = (int) (a >>> 52) & 0x7FF;
        return e == 0 ? -1074 : e - 1075;
    }

    private static long mantD(long a) {
        long m = a & 0x000F_FFFF_FFFF_FFFFL;
        return ((a >>> 52) & 0x7FF) == 0 ? m : m | (1L << 52);
    }

    // ---------------------------------------------------------------- binary32 (through exact doubles)

    int addF(int a, int b) {
        if (isNaNF(a) || isNaNF(b)) {
            return nanF(a, b);
        }
        a = inF(a);
        b = inF(b);
        float fa = Float.intBitsToFloat(a);
        float fb = Float.intBitsToFloat(b);
        if (Float.isInfinite(fa) && Float.isInfinite(fb) && (a ^ b) < 0) {
            flags |= IE;
            return F_DEFAULT_NAN;
        }
        if (Float.isInfinite(fa)) {
            return a;
        }
        if (Float.isInfinite(fb)) {
            return b;
        }
        double x = fa;
        double y = fb;
        double s = x + y;
        if (s == 0) {
            if (((a | b) & ~F_SIGN) == 0 && a == b) {
                return a;
            }
            return rc == RD ? F_SIGN : 0;
        }
        double bb = s - x;
        double err = (x - (s - bb)) + (y - bb);
        return roundF(s, err);
    }

    int subF(int a, int b) {
        if (isNaNF(a) || isNaNF(b)) {
            return nanF(a, b);
        }
        return addF(a, b ^ F_SIGN);
    }

    int mulF(int a, int b) {
        if (isNaNF(a) || isNaNF(b)) {
            return nanF(a, b);
        }
        a = inF(a);
        b = inF(b);
        float fa = Float.intBitsToFloat(a);
        float fb = Float.intBitsToFloat(b);
        if ((Float.isInfinite(fa) && fb == 0) || (Float.isInfinite(fb) && fa == 0)) {
            flags |= IE;
            return F_DEFAULT_NAN;
        }
        int sign = (a ^ b) & F_SIGN;
        if (Float.isInfinite(fa) || Float.isInfinite(fb)) {
            return sign | 0x7F80_0000;
        }
        if (fa == 0 || fb == 0) {
            return sign;
        }
        return roundF((double) fa * (double) fb);
    }

    int divF(int a, int b) {
        if (isNaNF(a) || isNaNF(b)) {
            return nanF(a, b);
        }
        int a0 = a;
        int b0 = b;
        a = dazF(a);
        b = dazF(b);
        float fa = Float.intBitsToFloat(a);
        float fb = Float.intBitsToFloat(b);
        int sign = (a ^ b) & F_SIGN;
        if ((fa == 0 && fb == 0) || (Float.isInfinite(fa) && Float.isInfinite(fb))) {
            flags |= IE;
            return F_DEFAULT_NAN;
        }
        if (fb == 0 && !Float.isInfinite(fa)) {
            flags |= ZE;
            return sign | 0x7F80_0000;
        }
        inF(a0);
        inF(b0);
        if (Float.isInfinite(fa)) {
            return sign | 0x7F80_0000;
        }
        if (Float.isInfinite(fb) || fa == 0) {
            return sign;
        }
        double x = fa;
        double y = fb;
        double q = x / y;
        double r = Math.fma(-q, y, x);
        return roundF(q, Math.signum(r) * Math.signum(y));
    }

    int sqrtF(int a) {
        if (isNaNF(a)) {
            return nanF(a, a);
        }
        int a0 = a;
        a = dazF(a);
        if ((a & ~F_SIGN) == 0) {
            inF(a0);
            return a;
        }
        if (a < 0) {
            flags |= IE;
            return F_DEFAULT_NAN;
        }
        inF(a0);
        if (a == 0x7F80_0000) {
            return a;
        }
        double x = Float.intBitsToFloat(a);
        double s = Math.sqrt(x);
        return roundF(s, Math.fma(-s, s, x));
    }

    /** Rounds an exact finite double to binary32 under MXCSR (cvtsd2ss and exact products). */
    int roundF(double x) {
        return roundF(x, 0);
    }

    /**
     * Rounds the exact value s + err to binary32, where err is a tiny error term (|err| below half an
     * ulp of s) of which only the sign matters. s's significand is placed at bit 62; an error of
     * the same sign becomes a sticky bit, one of the opposite sign takes one unit off the lowest
     * (guard) position and sets the sticky bit, which keeps the value strictly inside the same
     * rounding interval as s + err.
     */
    int roundF(double s, double err) {
        long bits = Double.doubleToRawLongBits(s);
        boolean neg = bits < 0;
        if ((bits & ~D_SIGN) == 0) {
            return neg ? F_SIGN : 0;
        }
        long m = mantD(bits);
        int e = expD(bits);
        int lz = Long.numberOfLeadingZeros(m) - 1;
        long sig = m << lz;
        int exp = e - lz;
        boolean sticky = false;
        if (err != 0) {
            sticky = true;
            if ((err > 0) != (s > 0)) {
                if (sig == 1L << 62) {
                    sig = (sig << 1) - 1;
                    exp--;
                } else {
                    sig--;
                }
            }
        }
        return (int) roundPack(neg, sig, exp, sticky, F32);
    }

    // ---------------------------------------------------------------- rounding core

    long roundBig(boolean neg, BigInteger mag, int exp, boolean sticky, Fmt f) {
        int bl = mag.bitLength();
        long sig;
        if (bl > 63) {
            int sh = bl - 63;
            sticky |= mag.getLowestSetBit() < sh;
            sig = mag.shiftRight(sh).longValue();
            exp += sh;
        } else {
            sig = mag.longValue() << (63 - bl);
            exp -= 63 - bl;
        }
        return roundPack(neg, sig, exp, sticky, f);
    }

    /** Rounds an integer magnitude (unsigned 64-bit {@code v}, nonzero) to the format. */
    long roundInt(boolean neg, long v, Fmt f) {
        if (v < 0) {
            return roundPack(neg, v >>> 1, 1, (v & 1) != 0, f);
        }
        int lz = Long.numberOfLeadingZeros(v) - 1;
        return roundPack(neg, v << lz, -lz, false, f);
    }

    private boolean inexact;

    /** Drops the low {@code sh} bits of sig (plus sticky) with RC; sets {@link #inexact}. */
    private long roundShift(boolean neg, long sig, int sh, boolean sticky) {
        long q;
        boolean half;
        boolean rest;
        if (sh >= 64) {
            q = 0;
            half = false;
            rest = sig != 0 || sticky;
        } else if (sh == 0) {
            q = sig;
            half = false;
            rest = sticky;
        } else {
            q = sig >>> sh;
            long r = sig & ((1L << sh) - 1);
            long h = 1L << (sh - 1);
            half = (r & h) != 0;
            rest = (r & (h - 1)) != 0 || sticky;
        }
        inexact = half || rest;
        boolean up = switch (rc) {
            case RNE -> half && (rest || (q & 1) != 0);
            case RU -> !neg && inexact;
            case RD -> neg && inexact;
            default -> false;
        };
        return up ? q + 1 : q;
    }

    /**
     * Rounds sig * 2^exp (sig in [2^62, 2^63), sticky = nonzero bits below) to format f under RC,
     * FTZ and the underflow mask; returns the encoding (low 32 bits for binary32) and sets PE, UE, OE.
     * x86 detects tininess after rounding (result rounded to p bits with unbounded exponent below
     * 2^emin).
     */
    long roundPack(boolean neg, long sig, int exp, boolean sticky, Fmt f) {
        int p = f.p();
        int e = exp + 62;
        long q = roundShift(neg, sig, 63 - p, sticky);
        int er = e;
        if (q == 1L << p) {
            er++;
            q >>>= 1;
        }
        long signBit = neg ? (p == 24 ? 0x8000_0000L : D_SIGN) : 0;
        boolean inexactUnbounded = inexact;
        if (er > f.emax()) {
            // Unmasked: no result is delivered and PE tells whether the unbounded rounding was exact.
            boolean masked = (mxcsr & (OE << 7)) != 0;
            flags |= OE | (masked || inexactUnbounded ? PE : 0);
            return signBit | overflowMagnitude(neg, f);
        }
        if (er >= f.emin()) {
            if (inexact) {
                flags |= PE;
            }
            long biased = er + (1L << (f.p() == 24 ? 7 : 10)) - 1;
            return signBit | (biased << (p - 1)) | (q & ((1L << (p - 1)) - 1));
        }
        if (!underflowMasked()) {
            flags |= UE | (inexactUnbounded ? PE : 0);
            return signBit;
        }
        if (ftz) {
            flags |= UE | PE;
            return signBit;
        }
        long d = roundShift(neg, sig, 63 - p + (f.emin() - e), sticky);
        if (inexact) {
            flags |= PE | UE;
        }
        return signBit | d;
    }

    private long overflowMagnitude(boolean neg, Fmt f) {
        long inf = f.p() == 24 ? 0x7F80_0000L : 0x7FF0_0000_0000_0000L;
        boolean toInf = switch (rc) {
            case RNE -> true;
            case RU -> !neg;
            case RD -> neg;
            default -> false;
        };
        return toInf ? inf : inf - 1;
    }

    /** Rounds a finite double to an integral double in rounding mode {@code mode} (0..3). */
    static double roundIntegral(double x, int mode) {
        return switch (mode) {
            case RNE -> Math.rint(x);
            case RD -> Math.floor(x);
            case RU -> Math.ceil(x);
            default -> x < 0 ? Math.ceil(x) : Math.floor(x);
        };
    }
}
