package dev.flatland.cpu.interp;

/**
 * The logarithm that FYL2X and FYL2XP1 multiply by y, as the AMD EPYC (Zen 3) reference host
 * computes it: a 68-bit value L, obtained by the steps below with the 68-bit roundings where
 * the hardware has them (measured with the y readout and src/test/c/x87/x87probe.py; see
 * docs/x87-accuracy.md, "The logarithm's algorithm"). All roundings are to nearest, ties to even.
 *
 * <ol>
 * <li>FYL2X splits x = 2^e * m with m in [sqrt(1/2), sqrt(2)); FYL2XP1 takes e = 0 and keeps its
 * operand as f. FYL2X uses f = m - 1 (exact).
 * <li>D = round68(2 + f), z = round68(f / D): log2(1 + f) = (2 / ln 2) atanh(z) for the exact
 * quotient; the hardware's rounded divisor and quotient are what make its results differ from
 * the correctly rounded ones for x near 1.
 * <li>main = round68(z * K) with K = 2 * round68(1 / ln 2), then round68(e + main) when e != 0.
 * <li>L = round68(that + K * (atanh(z) - z)). The hardware's own polynomial for the last term is
 * not known; the exact series is used (its error is measured in docs/x87-accuracy.md).
 * </ol>
 */
final class X87LogModel {
    private X87LogModel() {
    }

    private static final int BITS = X87Log.INTERNAL_BITS;
    private static final BigReal TWO = BigReal.of(2);
    /** 2 * round68(1/ln 2): measured as the multiplier of z (x87probe.py). */
    static final BigReal K = BigReal.ONE.div(X87Transcendental.LN2).roundBits(BITS).scale(1);

    /**
     * L for FYL2X (log2 x, x > 0, not a power of two) or FYL2XP1 (log2(1 + x)); null when the
     * model does not apply (FYL2XP1 far outside its architectural domain |x| < 1 - sqrt(2)/2).
     */
    static BigReal log2(BigReal x, boolean plusOne) {
        int e = 0;
        BigReal f;
        if (plusOne) {
            if (x.compareTo(BigReal.of(-1).div(2)) <= 0 || x.compareTo(ONE_HALF) >= 0) {
                return null;
            }
            f = x;
        } else {
            e = x.exponent();
            BigReal m = x.scale(-e);                                // [1, 2)
            if (m.mul(m).compareTo(TWO) > 0) {                      // keep m in [sqrt(1/2), sqrt(2))
                m = m.scale(-1);
                e++;
            }
            f = m.sub(BigReal.ONE);
        }
        BigReal d = f.add(TWO).roundBits(BITS);
        BigReal z = f.div(d).roundBits(BITS);
        BigReal main = z.mul(K).roundBits(BITS);
        BigReal base = e == 0 ? main : main.add(BigReal.of(e)).roundBits(BITS);
        BigReal tail = K.mul(X87Transcendental.atanh(z).sub(z));
        return base.add(tail).roundBits(BITS);
    }

    private static final BigReal ONE_HALF = BigReal.ONE.scale(-1);
}
