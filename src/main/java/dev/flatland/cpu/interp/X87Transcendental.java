package dev.flatland.cpu.interp;

import dev.flatland.cpu.Fpu;
import dev.flatland.cpu.HostFpu;

/**
 * F2XM1, FYL2X, FYL2XP1, FPATAN, FSIN, FCOS, FSINCOS, FPTAN and the constant loads (SDM vol. 2).
 * Each result is evaluated with {@link BigReal} to about 150 bits and rounded once to 64 bits in
 * FCW.RC (FCW.PC does not apply to these instructions), except where a measured 68-bit
 * intermediate is modelled ({@link X87Log#INTERNAL_BITS}): FYL2X and FYL2XP1 round the logarithm
 * and FPATAN its quotient to 68 bits first, as the hardware does.
 *
 * <p>Real hardware is not correctly rounded: on the AMD EPYC reference host (X87HardwareTest,
 * 2000..6000 random operands per instruction over all rounding modes) 1.0% (FCOS) to 3.7% (FPTAN)
 * of correctly rounded results differ, always by exactly 1 ulp or in C1 only, and only when the
 * exact value lies within about 0.1 ulp of a rounding boundary: the hardware's internal error is
 * about 2^-68 relative. docs/x87-accuracy.md records what was measured and which models were
 * tried. Behaviours that are systematic were measured and are reproduced: FSIN/FCOS/FPTAN reduce
 * the argument with pi truncated to 66 bits ({@link X87Trig#reductionPi}); F2XM1 keeps an operand
 * with |x| > 1 and raises PE, returns -0.5 for -1 and behaves as 1 - tiny for +1; FYL2X raises PE
 * (and UE for a tiny result) even when the result is exact; FSINCOS reports the sine's rounding
 * in C1.
 */
final class X87Transcendental {
    private X87Transcendental() {
    }

    /** Safety bound on series lengths; every caller keeps its argument where far fewer suffice. */
    private static final int MAX_TERMS = 400;

    static final BigReal LN2 = atanhInv(3).mul(2);
    static final BigReal LN10 = LN2.mul(3).add(atanhInv(9).mul(2));
    static final BigReal PI = atanInv(5).mul(16).sub(atanInv(239).mul(4));
    static final BigReal HALF_PI = PI.scale(-1);
    private static final BigReal[] CONSTANTS = {
        BigReal.ONE, LN10.div(LN2), BigReal.ONE.div(LN2), PI, LN2.div(LN10), LN2, BigReal.ZERO,
    };

    /** atanh(1/k) = sum 1/((2i+1) k^(2i+1)). */
    private static BigReal atanhInv(int k) {
        return inverseSeries(k, false);
    }

    /** atan(1/k) = sum (-1)^i/((2i+1) k^(2i+1)). */
    private static BigReal atanInv(int k) {
        return inverseSeries(k, true);
    }

    private static BigReal inverseSeries(int k, boolean alternate) {
        BigReal pow = BigReal.ONE.div(k);
        BigReal sum = BigReal.ZERO;
        for (int i = 0; pow.exponent() > -BigReal.P - 8; i++) {
            BigReal term = pow.div(2L * i + 1);
            sum = alternate && (i & 1) != 0 ? sum.sub(term) : sum.add(term);
            pow = pow.div((long) k * k);
        }
        return sum;
    }

    /** FLD1, FLDL2T, FLDL2E, FLDPI, FLDLG2, FLDLN2, FLDZ: the constant rounded in FCW.RC. */
    static void loadConstant(Fpu f, int which) {
        F80.Ctx x = X87Stack.ctx(f);
        BigReal v = CONSTANTS[which];
        if (which == 0) {
            x.set(F80.BIAS, F80.INT_BIT);
        } else if (which == 6) {
            x.set(0, 0);
        } else {
            v.roundTo(x);
        }
        if (!X87Stack.empty(f, 7)) {
            X87Stack.pushChecked(f, x.se, x.m);
            return;
        }
        X87Stack.push(f, x.se, x.m);
        X87Stack.setCc(f, X87Stack.C1, 0);
    }

    // ---- series ------------------------------------------------------------------------------

    /** e^t - 1 for |t| <= 1 by its Taylor series. */
    static BigReal expm1(BigReal t) {
        BigReal sum = BigReal.ZERO;
        BigReal term = t;
        for (int k = 2; term.signum() != 0 && k < MAX_TERMS; k++) {
            sum = sum.add(term);
            if (term.exponent() < sum.exponent() - BigReal.P - 4) {
                break;
            }
            term = term.mul(t).div(k);
        }
        return sum;
    }

    /** atanh(z) for |z| < 1/2. */
    static BigReal atanh(BigReal z) {
        return oddSeries(z, false);
    }

    /** atan(t) for |t| <= 1/8. */
    private static BigReal atanSmall(BigReal t) {
        return oddSeries(t, true);
    }

    private static BigReal oddSeries(BigReal z, boolean alternate) {
        BigReal z2 = z.mul(z);
        BigReal pow = z;
        BigReal sum = BigReal.ZERO;
        for (int i = 0; pow.signum() != 0 && i < MAX_TERMS; i++) {
            BigReal term = pow.div(2L * i + 1);
            sum = alternate && (i & 1) != 0 ? sum.sub(term) : sum.add(term);
            if (term.exponent() < sum.exponent() - BigReal.P - 4) {
                break;
            }
            pow = pow.mul(z2);
        }
        return sum;
    }

    /** ln(v) for v > 0. */
    static BigReal ln(BigReal v) {
        int k = v.exponent();
        BigReal mm = v.scale(-k);                               // [1, 2)
        if (mm.mul(mm).compareTo(BigReal.of(2)) > 0) {                 // keep mm in [sqrt(1/2), sqrt(2))
            mm = mm.scale(-1);
            k++;
        }
        BigReal z = mm.sub(BigReal.ONE).div(mm.add(BigReal.ONE));
        return atanh(z).mul(2).add(LN2.mul(k));
    }

    /** atan(t) for t >= 0. */
    static BigReal atan(BigReal t) {
        if (t.compareTo(BigReal.ONE) > 0) {
            return HALF_PI.sub(atan(BigReal.ONE.div(t)));
        }
        int doublings = 0;
        while (t.exponent() >= -3) {
            t = t.div(BigReal.ONE.add(BigReal.ONE.add(t.mul(t)).sqrt()));
            doublings++;
        }
        return atanSmall(t).scale(doublings);
    }

    /** sin(r) (cos when {@code cos}) for |r| <= pi/4 by the Taylor series. */
    static BigReal sinCosSmall(BigReal r, boolean cos) {
        BigReal r2 = r.mul(r);
        BigReal term = cos ? BigReal.ONE : r;
        BigReal sum = BigReal.ZERO;
        for (int k = cos ? 0 : 1; term.signum() != 0 && k < 2 * MAX_TERMS; k += 2) {
            sum = sum.add(term);
            if (term.exponent() < sum.exponent() - BigReal.P - 4) {
                break;
            }
            term = term.mul(r2).div((long) (k + 1) * (k + 2)).negate();
        }
        return sum;
    }

    // ---- instructions ------------------------------------------------------------------------

    /** A context with 64-bit precision control (the transcendentals ignore FCW.PC). */
    private static F80.Ctx ctx64(Fpu f) {
        F80.Ctx x = X87Stack.ctx(f);
        x.pc = F80.PC64;
        return x;
    }

    /** F2XM1: ST0 = 2^ST0 - 1 (defined for -1 <= ST0 <= +1). */
    static void f2xm1(Fpu f) {
        if (f.usesHostTranscendentals()) {
            X87Unary.unary(f, (x, se, m) -> {
                if (!onHost(x, f.fcw, HostFpu.F2XM1, se, m, 0, 0, new long[5])) {
                    exp2m1(x, se, m);
                }
            });
            return;
        }
        X87Unary.unary(f, X87Transcendental::exp2m1);
    }

    /**
     * Runs one instruction on the host's x87 ({@link HostFpu}) and leaves its first result, its
     * exception flags and its C1 in the context; returns false, leaving the context alone, when the
     * call failed (the caller then uses the software model). {@code out} receives the raw results
     * (for FPTAN and FSINCOS the pushed value is out[0], out[1]).
     */
    private static boolean onHost(F80.Ctx x, int fcw, int op, int se0, long m0, int se1, long m1, long[] out) {
        if (!HostFpu.run(op, fcw, se0, m0, se1, m1, out)) {
            return false;
        }
        int first = op == HostFpu.FPTAN || op == HostFpu.FSINCOS ? 2 : 0;
        x.set((int) out[first], out[first + 1]);
        x.flags |= (int) out[4] & 0x3f;
        x.up = (out[4] & X87Stack.C1) != 0;
        return true;
    }


    static void exp2m1(F80.Ctx x, int se, long m) {
        x.pc = F80.PC64;
        x.up = false;
        if (F80.specials1(x, se, m)) {
            return;
        }
        int c = F80.classify(se, m);
        if (c == F80.ZERO) {
            x.set(se, m);
            return;
        }
        if (c == F80.INF) {
            if (F80.sign(se) != 0) {
                x.set(0x8000 | F80.BIAS, F80.INT_BIT);          // -1
            } else {
                x.set(se, m);
            }
            return;
        }
        BigReal v = BigReal.ofF80(se, m);
        int cmp = v.abs().compareTo(BigReal.ONE);
        if (cmp == 0 && F80.sign(se) != 0) {
            // Measured: 2^-1 - 1 gives -0.5 in every rounding mode, with PE and C1 = 0.
            x.flags |= F80.PE;
            x.set(0x8000 | (F80.BIAS - 1), F80.INT_BIT);
            return;
        }
        if (cmp == 0) {
            // Measured: 2^1 - 1 behaves as 1 - tiny: 1.0 to nearest and up, 1 - 2^-64 down and to zero.
            BigReal.ONE.sub(BigReal.ONE.scale(-BigReal.P)).roundTo(x);
            return;
        }
        if (cmp > 0) {
            x.flags |= F80.PE;                          // out of domain: the operand is kept (measured)
            x.set(se, m);
            return;
        }
        expm1(v.mul(LN2)).roundTo(x);
    }

    /** FYL2X (ST1 = ST1 * log2(ST0)) and FYL2XP1 (ST1 = ST1 * log2(ST0 + 1)), then pop. */
    static void fyl2x(Fpu f, boolean plusOne) {
        if (!X87Unary.two(f)) {
            return;
        }
        F80.Ctx x = ctx64(f);
        if (!f.usesHostTranscendentals() || !onHost(x, f.fcw, plusOne ? HostFpu.FYL2XP1 : HostFpu.FYL2X,
                X87Stack.se(f, 0), X87Stack.m(f, 0), X87Stack.se(f, 1), X87Stack.m(f, 1), new long[5])) {
            X87Log.ylog2(x, X87Stack.se(f, 1), X87Stack.m(f, 1), X87Stack.se(f, 0), X87Stack.m(f, 0),
                    plusOne);
        }
        if (X87Stack.store(f, 1, x)) {
            X87Stack.pop(f);
        }
    }

    /** FPATAN: ST1 = atan2(ST1, ST0), then pop. */
    static void fpatan(Fpu f) {
        if (!X87Unary.two(f)) {
            return;
        }
        F80.Ctx x = ctx64(f);
        if (!f.usesHostTranscendentals() || !onHost(x, f.fcw, HostFpu.FPATAN, X87Stack.se(f, 0), X87Stack.m(f, 0),
                X87Stack.se(f, 1), X87Stack.m(f, 1), new long[5])) {
            X87Log.atan2(x, X87Stack.se(f, 1), X87Stack.m(f, 1), X87Stack.se(f, 0), X87Stack.m(f, 0));
        }
        if (X87Stack.store(f, 1, x)) {
            X87Stack.pop(f);
        }
    }

    /** FSIN, or FCOS when {@code cos}. */
    static void fsin(Fpu f, boolean cos) {
        if (X87Stack.empty(f, 0)) {
            if (X87Stack.underflow(f)) {
                X87Stack.set(f, 0, F80.INDEF_SE, F80.INDEF_M);
            }
            return;
        }
        F80.Ctx x = ctx64(f);
        int se = X87Stack.se(f, 0);
        long m = X87Stack.m(f, 0);
        if (X87Trig.outOfRange(se, m)) {
            X87Stack.setCc(f, X87Stack.C2, X87Stack.C2);
            return;
        }
        if (!f.usesHostTranscendentals() || !onHost(x, f.fcw, cos ? HostFpu.FCOS : HostFpu.FSIN, se, m, 0, 0,
                new long[5])) {
            X87Trig.sinCos(x, se, m, cos);
        }
        if (X87Stack.store(f, 0, x)) {
            X87Stack.setCc(f, X87Stack.C2, 0);
        }
    }

    /** FSINCOS: ST0 = sin, then pushes cos. */
    static void fsincos(Fpu f) {
        trigPush(f, false);
    }

    /** FPTAN: ST0 = tan, then pushes 1.0. */
    static void fptan(Fpu f) {
        trigPush(f, true);
    }

    private static void trigPush(Fpu f, boolean tan) {
        if (X87Stack.empty(f, 0)) {
            if (X87Stack.underflow(f)) {
                X87Stack.set(f, 0, F80.INDEF_SE, F80.INDEF_M);
                X87Stack.pushChecked(f, F80.INDEF_SE, F80.INDEF_M);
            }
            return;
        }
        if (!X87Stack.empty(f, 7)) {
            if (X87Stack.overflow(f)) {
                X87Stack.set(f, 0, F80.INDEF_SE, F80.INDEF_M);
                X87Stack.push(f, F80.INDEF_SE, F80.INDEF_M);
            }
            return;
        }
        int se = X87Stack.se(f, 0);
        long m = X87Stack.m(f, 0);
        if (X87Trig.outOfRange(se, m)) {
            X87Stack.setCc(f, X87Stack.C2, X87Stack.C2);
            return;
        }
        F80.Ctx a = ctx64(f);
        F80.Ctx b = ctx64(f);
        long[] out = new long[5];
        if (f.usesHostTranscendentals() && onHost(a, f.fcw, tan ? HostFpu.FPTAN : HostFpu.FSINCOS, se, m, 0, 0, out)) {
            b.set((int) out[0], out[1]);
        } else if (tan) {
            X87Trig.tan(a, se, m);
            if (F80.isNaN(F80.classify(a.se, a.m))) {
                b.set(a.se, a.m);               // a NaN tangent is pushed in place of 1.0
            } else {
                b.set(F80.BIAS, F80.INT_BIT);
            }
        } else {
            X87Trig.sinCos(a, se, m, false);
            X87Trig.sinCos(b, se, m, true);
        }
        if (X87Stack.commit(f, a.flags | b.flags)) {
            X87Stack.set(f, 0, a.se, a.m);
            X87Stack.push(f, b.se, b.m);
            // Measured: C1 reports the rounding of the first result (tan, or sin for FSINCOS).
            X87Stack.setCc(f, X87Stack.C2 | X87Stack.C1, a.up ? X87Stack.C1 : 0);
        }
    }
}
