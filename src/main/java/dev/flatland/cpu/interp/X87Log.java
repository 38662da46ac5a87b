package dev.flatland.cpu.interp;

import static dev.flatland.cpu.interp.F80.ZE;

/**
 * The special-case tables and evaluation of FYL2X, FYL2XP1 and FPATAN (SDM vol. 2 tables 3-48,
 * 3-49 and 3-29). FYL2X and FYL2XP1 model the hardware's 68-bit internal logarithm, FPATAN its
 * 68-bit quotient ({@link #INTERNAL_BITS}); the rest of each evaluation is exact.
 */
final class X87Log {
    private X87Log() {
    }

    /**
     * Significand width of the x87 unit's intermediate values. Measured on the AMD EPYC reference
     * host (docs/x87-accuracy.md): for a fixed x, the FYL2X results for thousands of y are all
     * round64(y * L) for one L on the 68-bit grid of log2(x)'s binade (the product is not rounded
     * before that final rounding); FPATAN rounds its quotient to 68 bits.
     */
    static final int INTERNAL_BITS = 68;

    /** pi rounded to 68 bits (the same value as pi truncated to 66 bits, X87Trig#reductionPi). */
    private static final BigReal PI68 = X87Transcendental.PI.roundBits(INTERNAL_BITS);

    /** y * log2(v) with v = x, or v = 1 + x when {@code plusOne}. */
    static void ylog2(F80.Ctx c, int yse, long ym, int xse, long xm, boolean plusOne) {
        c.up = false;
        if (F80.specials2(c, xse, xm, yse, ym)) {
            return;
        }
        int cx = F80.classify(xse, xm);
        int cy = F80.classify(yse, ym);
        int sy = F80.sign(yse);
        int sx = F80.sign(xse);
        BigReal arg;
        if (cx == F80.INF) {
            if (sx != 0 || cy == F80.ZERO) {
                c.indefinite();
            } else {
                F80.inf(c, sy);
            }
            return;
        }
        if (cx == F80.ZERO) {
            if (plusOne) {                                     // log2(1 +- 0) = +-0
                if (cy == F80.INF) {
                    c.indefinite();
                } else {
                    F80.zero(c, sy ^ sx);
                }
                return;
            }
            arg = BigReal.ZERO;
        } else {
            BigReal v = BigReal.ofF80(xse, xm);
            arg = plusOne ? v.add(BigReal.ONE) : v;
        }
        if (arg.signum() < 0) {
            c.indefinite();
            return;
        }
        if (arg.signum() == 0) {                               // log2(0) = -inf
            if (cy == F80.ZERO) {
                c.indefinite();
            } else {
                if (cy != F80.INF) {
                    c.flags |= ZE;
                }
                F80.inf(c, sy ^ 1);
            }
            return;
        }
        // For FYL2XP1 the sign of the logarithm is the sign of x (1 + x may not be exact here).
        int cmpOne = plusOne ? (sx != 0 ? -1 : 1) : arg.compareTo(BigReal.ONE);
        if (cmpOne == 0) {                                     // log2(1) = +0
            if (cy == F80.INF) {
                c.indefinite();
            } else {
                F80.zero(c, sy);
            }
            return;
        }
        int sl = cmpOne < 0 ? 1 : 0;                          // sign of the logarithm
        if (cy == F80.INF) {
            F80.inf(c, sy ^ sl);
            return;
        }
        if (cy == F80.ZERO) {
            F80.zero(c, sy ^ sl);
            return;
        }
        boolean exactArg = !plusOne || F80.exponent(xse, xm) > -BigReal.P / 2;
        if (exactArg && arg.m().abs().bitCount() == 1) {       // a power of two: exact logarithm
            F80.Ctx k = new F80.Ctx(0x37f);
            F80Conv.loadInt(k, arg.exponent());
            F80.mul(c, yse, ym, k.se, k.m);
            c.flags |= F80.PE;                                  // hardware reports PE regardless,
            if (F80.classify(c.se, c.m) == F80.DENORMAL) {
                c.flags |= F80.UE;                              // and so UE for a tiny result
            }
            return;
        }
        BigReal xv = BigReal.ofF80(xse, xm);
        BigReal l = X87LogModel.log2(plusOne ? xv : arg, plusOne);
        if (l == null) {
            // Outside the modelled range (FYL2XP1 with |x| >= 1/2): the nearest 68-bit logarithm.
            l = X87Transcendental.ln(arg).div(X87Transcendental.LN2).roundBits(INTERNAL_BITS);
        }
        l.mul(BigReal.ofF80(yse, ym)).roundTo(c);
    }

    /** atan2(y, x) in (-pi, pi]. */
    static void atan2(F80.Ctx c, int yse, long ym, int xse, long xm) {
        c.up = false;
        if (F80.specials2(c, xse, xm, yse, ym)) {
            return;
        }
        int cx = F80.classify(xse, xm);
        int cy = F80.classify(yse, ym);
        int sy = F80.sign(yse);
        boolean xneg = F80.sign(xse) != 0;
        BigReal r;
        if (cy == F80.ZERO) {
            if (!xneg) {
                F80.zero(c, sy);
                return;
            }
            r = X87Transcendental.PI;
        } else if (cx == F80.ZERO) {
            r = X87Transcendental.HALF_PI;
        } else if (cy == F80.INF) {
            if (cx == F80.INF) {
                r = X87Transcendental.PI.scale(-2);
                if (xneg) {
                    r = X87Transcendental.PI.sub(r);
                }
            } else {
                r = X87Transcendental.HALF_PI;
            }
        } else if (cx == F80.INF) {
            if (!xneg) {
                F80.zero(c, sy);
                return;
            }
            r = X87Transcendental.PI;
        } else {
            // Measured (docs/x87-accuracy.md): the smaller magnitude is divided by the larger and
            // the quotient rounded to 68 bits; octants are then folded with pi rounded to 68 bits.
            BigReal ay = BigReal.ofF80(yse & 0x7fff, ym);
            BigReal ax = BigReal.ofF80(xse & 0x7fff, xm);
            boolean swap = ay.compareTo(ax) > 0;
            BigReal q = (swap ? ax.div(ay) : ay.div(ax)).roundBits(INTERNAL_BITS);
            r = X87Transcendental.atan(q);
            if (swap) {
                r = PI68.scale(-1).sub(r);
            }
            if (xneg) {
                r = PI68.sub(r);
            }
        }
        (sy != 0 ? r.negate() : r).roundTo(c);
    }
}
