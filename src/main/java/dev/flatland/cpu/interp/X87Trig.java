package dev.flatland.cpu.interp;

/**
 * FSIN, FCOS and FPTAN evaluation (SDM vol. 2): |x| >= 2^63 is out of range (C2 set, operand
 * unchanged); infinities are invalid. The argument is reduced modulo pi/2 with
 * {@link #reductionPi}.
 */
final class X87Trig {
    private X87Trig() {
    }

    /**
     * The value of pi used for argument reduction: pi truncated to 66 significant bits, as the x87
     * hardware does (Intel documents a 66-bit pi; on the AMD EPYC reference host a sweep over
     * 62..72 bits, truncated and rounded up, matched best with 66..69 truncated bits, which are the
     * same value: 125 of 8000 FSIN/FCOS results differ versus 2305 with exact pi; and
     * FPTAN(pi rounded to 64 bits / 2) gives 0x403eaaaaaaaaaaaaaaab, as this value predicts).
     */
    static final BigReal reductionPi = truncate(X87Transcendental.PI, 66);

    static BigReal truncate(BigReal v, int bits) {
        int shift = v.m().bitLength() - bits;
        return new BigReal(v.m().shiftRight(shift), v.e() + shift);
    }

    static boolean outOfRange(int se, long m) {
        int c = F80.classify(se, m);
        return (c == F80.NORMAL || c == F80.DENORMAL) && F80.exponent(se, m) >= 63;
    }

    /** ST0's reduced argument r and quadrant q (x = q * pi/2 + r, |r| <= pi/4 approximately). */
    private static BigReal reduce(BigReal v, int[] quadrant) {
        BigReal halfPi = reductionPi.scale(-1);
        if (v.abs().compareTo(halfPi.scale(-1)) <= 0) {
            quadrant[0] = 0;
            return v;
        }
        java.math.BigInteger q = v.div(halfPi).add(BigReal.ONE.scale(-1)).floor();
        quadrant[0] = q.intValue() & 3;
        return v.sub(halfPi.mul(new BigReal(q, 0)));
    }

    static void sinCos(F80.Ctx x, int se, long m, boolean cos) {
        x.up = false;
        if (F80.specials1(x, se, m)) {
            return;
        }
        int c = F80.classify(se, m);
        if (c == F80.INF) {
            x.indefinite();
            return;
        }
        if (c == F80.ZERO) {
            if (cos) {
                x.set(F80.BIAS, F80.INT_BIT);
            } else {
                x.set(se, m);
            }
            return;
        }
        int[] q = new int[1];
        BigReal r = reduce(BigReal.ofF80(se, m), q);
        int k = (q[0] + (cos ? 1 : 0)) & 3;
        BigReal v = X87Transcendental.sinCosSmall(r, (k & 1) != 0);
        if (k >= 2) {
            v = v.negate();
        }
        v.roundTo(x);
    }

    static void tan(F80.Ctx x, int se, long m) {
        x.up = false;
        if (F80.specials1(x, se, m)) {
            return;
        }
        int c = F80.classify(se, m);
        if (c == F80.INF) {
            x.indefinite();
            return;
        }
        if (c == F80.ZERO) {
            x.set(se, m);
            return;
        }
        int[] q = new int[1];
        BigReal r = reduce(BigReal.ofF80(se, m), q);
        BigReal s = X87Transcendental.sinCosSmall(r, false);
        BigReal co = X87Transcendental.sinCosSmall(r, true);
        BigReal t = (q[0] & 1) != 0 ? co.div(s).negate() : s.div(co);
        t.roundTo(x);
    }
}
