package dev.flatland.cpu.interp;

import java.math.BigInteger;

/**
 * A multiple-precision binary float (value = m * 2^e, m signed) with about {@link #P} significant
 * bits, truncated after each operation. Used only to evaluate the x87 transcendentals and
 * constants far beyond 64 bits before one final rounding to the extended format.
 */
record BigReal(BigInteger m, int e) {
    /** Working precision in bits. */
    static final int P = 160;

    static final BigReal ZERO = new BigReal(BigInteger.ZERO, 0);
    static final BigReal ONE = of(1);

    static BigReal of(long v) {
        return trim(BigInteger.valueOf(v), 0);
    }

    /** The exact value of an extended operand (finite). */
    static BigReal ofF80(int se, long m) {
        if (F80.classify(se, m) == F80.ZERO) {
            return ZERO;
        }
        BigInteger v = F80.unsigned(F80.normalize(m));
        if (F80.sign(se) != 0) {
            v = v.negate();
        }
        return new BigReal(v, F80.exponent(se, m) - 63);
    }

    private static BigReal trim(BigInteger m, int e) {
        int extra = m.bitLength() - P;
        if (extra > 0) {
            return new BigReal(m.shiftRight(extra), e + extra);    // floor; error below 2^-P relative
        }
        return new BigReal(m, e);
    }

    int signum() {
        return m.signum();
    }

    /** floor(log2 |this|); meaningless for zero. */
    int exponent() {
        return e + m.abs().bitLength() - 1;
    }

    BigReal negate() {
        return new BigReal(m.negate(), e);
    }

    BigReal abs() {
        return m.signum() < 0 ? negate() : this;
    }

    BigReal add(BigReal o) {
        if (o.m.signum() == 0) {
            return this;
        }
        if (m.signum() == 0) {
            return o;
        }
        int gap = exponent() - o.exponent();
        if (gap > P + 4) {
            return nudge(o.signum());
        }
        if (gap < -(P + 4)) {
            return o.nudge(signum());
        }
        int ce = Math.min(e, o.e);
        // Keep the alignment bounded: drop bits of the smaller-exponent operand below the window.
        int floor = Math.max(exponent(), o.exponent()) - 2 * P;
        BigReal a = this;
        BigReal b = o;
        if (ce < floor) {
            a = a.truncateBelow(floor);
            b = b.truncateBelow(floor);
            ce = Math.min(a.e, b.e);
        }
        BigInteger s = a.m.shiftLeft(a.e - ce).add(b.m.shiftLeft(b.e - ce));
        return trim(s, ce);
    }

    /**
     * This value moved by 2^-(P-8) relative in the direction {@code dir}: keeps the direction of a
     * negligible addend visible to the final rounding (C1, directed rounding, UE/PE of tiny
     * results). The step is far below the 2^-128 that matters for rounding to 64 bits and far
     * above the truncation noise of later operations, so the direction survives them.
     */
    private BigReal nudge(int dir) {
        int k = m.abs().bitLength() - (P - 8);
        BigInteger base = k > 0 ? m.shiftRight(k) : m.shiftLeft(-k);   // floor, then +-1 unit
        return new BigReal(base.add(BigInteger.valueOf(dir)), e + k);
    }

    private BigReal truncateBelow(int floor) {
        if (e >= floor) {
            return this;
        }
        return new BigReal(m.shiftRight(floor - e), floor);
    }

    BigReal sub(BigReal o) {
        return add(o.negate());
    }

    BigReal mul(BigReal o) {
        return trim(m.multiply(o.m), e + o.e);
    }

    BigReal mul(long k) {
        return trim(m.multiply(BigInteger.valueOf(k)), e);
    }

    BigReal div(BigReal o) {
        if (o.m.signum() == 0) {
            return new BigReal(BigInteger.valueOf(m.signum()), 1 << 20);   // "infinite": overflows
        }
        int shift = P + 2 + o.m.abs().bitLength() - m.abs().bitLength();
        BigInteger q = (shift >= 0 ? m.shiftLeft(shift) : m.shiftRight(-shift)).divide(o.m);
        return trim(q, e - o.e - shift);
    }

    BigReal div(long k) {
        return div(of(k));
    }

    BigReal scale(int n) {
        return new BigReal(m, e + n);
    }

    BigReal sqrt() {
        if (m.signum() == 0) {
            return this;
        }
        int shift = 2 * P + 2 - m.bitLength();
        if (((e - shift) & 1) != 0) {
            shift++;
        }
        return trim(m.shiftLeft(shift).sqrt(), (e - shift) / 2);
    }

    int compareTo(BigReal o) {
        return sub(o).signum();
    }

    /**
     * This value rounded to {@code bits} significant bits, to nearest with ties to even: models
     * the x87 unit's internal 68-bit significand (see X87Log#ylog2).
     */
    BigReal roundBits(int bits) {
        int extra = m.abs().bitLength() - bits;
        if (extra <= 0) {
            return this;
        }
        BigInteger a = m.abs();
        BigInteger q = a.shiftRight(extra);
        boolean half = a.testBit(extra - 1);
        boolean rest = a.getLowestSetBit() < extra - 1;
        if (half && (rest || q.testBit(0))) {
            q = q.add(BigInteger.ONE);
        }
        return new BigReal(m.signum() < 0 ? q.negate() : q, e + extra);
    }

    /** floor(this) as a BigInteger. */
    BigInteger floor() {
        return e >= 0 ? m.shiftLeft(e) : m.shiftRight(-e);
    }

    /**
     * Rounds to the extended format in FCW.RC at 64 bits (transcendentals ignore FCW.PC). Only the
     * bits present count: callers make sure approximations carry bits below the result's 128th.
     */
    void roundTo(F80.Ctx x) {
        if (m.signum() == 0) {
            x.set(0, 0);
            return;
        }
        int sign = m.signum() < 0 ? 1 : 0;
        BigInteger a = m.abs();
        int len = a.bitLength();
        BigInteger al = len >= 128 ? a.shiftRight(len - 128) : a.shiftLeft(128 - len);
        long sticky = len > 128 && a.getLowestSetBit() < len - 128 ? 1 : 0;
        F80.roundPackP(x, sign, e + len - 1, al.shiftRight(64).longValue(), al.longValue() | sticky, 64);
        x.flags |= F80.PE;                               // every transcendental result is inexact
    }
}
