package dev.flatland.cpu.interp;

import dev.flatland.cpu.Fpu;

/** FSQRT, FRNDINT, FSCALE, FXTRACT, FPREM and FPREM1 on the register stack. */
final class X87Unary {
    private X87Unary() {
    }

    /** An operation on one extended value that leaves its result in the context. */
    interface Op {
        void apply(F80.Ctx x, int se, long m);
    }

    /** ST0 = op(ST0). */
    static void unary(Fpu f, Op op) {
        if (X87Stack.empty(f, 0)) {
            if (X87Stack.underflow(f)) {
                X87Stack.set(f, 0, F80.INDEF_SE, F80.INDEF_M);
            }
            return;
        }
        F80.Ctx x = X87Stack.ctx(f);
        op.apply(x, X87Stack.se(f, 0), X87Stack.m(f, 0));
        X87Stack.store(f, 0, x);
    }

    /** True when ST0 and ST1 are both in use; otherwise reports underflow and fills ST0. */
    static boolean two(Fpu f) {
        if (X87Stack.empty(f, 0) || X87Stack.empty(f, 1)) {
            if (X87Stack.underflow(f)) {
                X87Stack.set(f, 0, F80.INDEF_SE, F80.INDEF_M);
            }
            return false;
        }
        return true;
    }

    /** FSCALE: ST0 = ST0 * 2^trunc(ST1). */
    static void fscale(Fpu f) {
        if (!two(f)) {
            return;
        }
        F80.Ctx x = X87Stack.ctx(f);
        F80Ops.scale(x, X87Stack.se(f, 0), X87Stack.m(f, 0), X87Stack.se(f, 1), X87Stack.m(f, 1));
        X87Stack.store(f, 0, x);
    }

    /** FPREM/FPREM1: ST0 = partial remainder of ST0 / ST1, quotient bits in C0 C3 C1, C2 partial. */
    static void fprem(Fpu f, boolean ieee) {
        if (!two(f)) {
            return;
        }
        F80.Ctx x = X87Stack.ctx(f);
        int cc = F80Ops.prem(x, X87Stack.se(f, 0), X87Stack.m(f, 0), X87Stack.se(f, 1),
                X87Stack.m(f, 1), ieee);
        if (X87Stack.commit(f, x.flags)) {
            X87Stack.set(f, 0, x.se, x.m);
            X87Stack.setCc(f, X87Stack.CC, cc);
        }
    }

    /** FXTRACT: ST0 = significand, then pushes... the exponent goes to ST1, the significand on top. */
    static void fxtract(Fpu f) {
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
        F80.Ctx x = X87Stack.ctx(f);
        long[] sig = F80Ops.xtract(x, X87Stack.se(f, 0), X87Stack.m(f, 0));
        if (X87Stack.commit(f, x.flags)) {
            X87Stack.set(f, 0, x.se, x.m);
            X87Stack.push(f, (int) sig[0], sig[1]);
            X87Stack.setCc(f, X87Stack.C1, 0);
        }
    }
}
