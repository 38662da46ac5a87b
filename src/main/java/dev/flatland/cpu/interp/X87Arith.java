package dev.flatland.cpu.interp;

import static dev.flatland.cpu.interp.X87Stack.C0;
import static dev.flatland.cpu.interp.X87Stack.C1;
import static dev.flatland.cpu.interp.X87Stack.C2;
import static dev.flatland.cpu.interp.X87Stack.C3;

import dev.flatland.cpu.CpuState;
import dev.flatland.cpu.Flags;
import dev.flatland.cpu.Fpu;

/**
 * The x87 arithmetic group (FADD FMUL FCOM FCOMP FSUB FSUBR FDIV FDIVR selected by ModRM.reg, with
 * their P and I forms) and the comparisons FCOM*, FUCOM*, FCOMI*, FUCOMI*, FICOM*, FTST.
 */
final class X87Arith {
    private X87Arith() {
    }

    /** a op b for the ModRM.reg operation (0 add, 1 mul, 4 sub, 6 div). */
    static void compute(F80.Ctx x, int op, int ase, long am, int bse, long bm) {
        switch (op) {
            case 0 -> F80.add(x, ase, am, bse, bm);
            case 1 -> F80.mul(x, ase, am, bse, bm);
            case 4 -> F80.sub(x, ase, am, bse, bm);
            default -> F80.div(x, ase, am, bse, bm);
        }
    }

    /**
     * ST(dest) = ST(dest) op src with the D8 meaning of ModRM.reg (4 sub, 5 subr, 6 div, 7 divr).
     * {@code srcValid} false means the source register was empty (stack underflow).
     */
    static void binary(Fpu f, int reg, int dest, int sse, long sm, boolean srcValid) {
        binary(f, reg, dest, sse, sm, srcValid, 0);
    }

    /** As above; {@code preFlags} are exceptions already raised by converting a memory source. */
    static void binary(Fpu f, int reg, int dest, int sse, long sm, boolean srcValid, int preFlags) {
        if (X87Stack.empty(f, dest) || !srcValid) {
            if (X87Stack.underflow(f)) {
                X87Stack.set(f, dest, F80.INDEF_SE, F80.INDEF_M);
            }
            return;
        }
        int dse = X87Stack.se(f, dest);
        long dm = X87Stack.m(f, dest);
        F80.Ctx x = X87Stack.ctx(f);
        int cd = F80.classify(dse, dm);
        if (!F80.isNaN(cd) && cd != F80.UNSUPPORTED) {
            x.flags = preFlags;                          // a NaN result reports no denormal source
        }
        boolean reversed = reg == 5 || reg == 7;
        int op = reg < 2 ? reg : reg & 6;
        if (reversed) {
            compute(x, op, sse, sm, dse, dm);
        } else {
            compute(x, op, dse, dm, sse, sm);
        }
        X87Stack.store(f, dest, x);
    }

    /**
     * FCOM/FUCOM family on the FSW condition codes: ST0 compared with src, then {@code pops} pops.
     * Unordered sets C3 C2 C0; C1 is cleared.
     */
    static void compareCc(Fpu f, int sse, long sm, boolean srcValid, boolean quiet, int pops) {
        compareCc(f, sse, sm, srcValid, quiet, pops, 0);
    }

    static void compareCc(Fpu f, int sse, long sm, boolean srcValid, boolean quiet, int pops, int preFlags) {
        int cc;
        if (X87Stack.empty(f, 0) || !srcValid) {
            if (!X87Stack.underflow(f)) {
                return;
            }
            cc = C3 | C2 | C0;
        } else {
            F80.Ctx x = X87Stack.ctx(f);
            x.flags = preFlags;
            int r = F80Ops.compare(x, X87Stack.se(f, 0), X87Stack.m(f, 0), sse, sm, quiet);
            if (!X87Stack.commit(f, x.flags)) {
                pops = 0;                                // condition codes are still written
            }
            cc = switch (r) {
                case F80Ops.LESS -> C0;
                case F80Ops.EQUAL -> C3;
                case F80Ops.GREATER -> 0;
                default -> C3 | C2 | C0;
            };
        }
        X87Stack.setCc(f, C3 | C2 | C1 | C0, cc);
        for (int i = 0; i < pops; i++) {
            X87Stack.pop(f);
        }
    }

    /** FCOMI/FUCOMI(P): ST0 compared with ST(i) into ZF PF CF; OF SF AF cleared; C1 cleared. */
    static void compareFlags(CpuState c, int i, boolean quiet, boolean pop) {
        Fpu f = c.fpu;
        long flags;
        if (X87Stack.empty(f, 0) || X87Stack.empty(f, i)) {
            if (!X87Stack.underflow(f)) {
                return;
            }
            flags = Flags.ZF | Flags.PF | Flags.CF;
        } else {
            F80.Ctx x = X87Stack.ctx(f);
            int r = F80Ops.compare(x, X87Stack.se(f, 0), X87Stack.m(f, 0),
                    X87Stack.se(f, i), X87Stack.m(f, i), quiet);
            if (!X87Stack.commit(f, x.flags)) {
                pop = false;                             // the flags are still written
            }
            flags = switch (r) {
                case F80Ops.LESS -> Flags.CF;
                case F80Ops.EQUAL -> Flags.ZF;
                case F80Ops.GREATER -> 0;
                default -> Flags.ZF | Flags.PF | Flags.CF;
            };
        }
        X87Stack.setCc(f, C1, 0);
        Flags.setArith(c, flags);
        if (pop) {
            X87Stack.pop(f);
        }
    }

    /** FTST: ST0 compared with +0.0. */
    static void ftst(Fpu f) {
        compareCc(f, 0, 0, true, false, 0);
    }

    /** FCHS and FABS: sign changes only; no exceptions other than stack underflow. */
    static void signOp(Fpu f, boolean abs) {
        if (X87Stack.empty(f, 0)) {
            if (X87Stack.underflow(f)) {
                X87Stack.set(f, 0, F80.INDEF_SE, F80.INDEF_M);
            }
            return;
        }
        int se = X87Stack.se(f, 0);
        X87Stack.set(f, 0, abs ? se & 0x7fff : se ^ 0x8000, X87Stack.m(f, 0));
        X87Stack.setCc(f, C1, 0);
    }

    /** FXAM: classifies ST0 into C3 C2 C0 with the sign in C1. */
    static void fxam(Fpu f) {
        boolean empty = X87Stack.empty(f, 0);
        int se = X87Stack.se(f, 0);
        int cc = F80Ops.examine(se, X87Stack.m(f, 0), empty);
        if ((se & 0x8000) != 0) {
            cc |= C1;
        }
        X87Stack.setCc(f, C3 | C2 | C1 | C0, cc);
    }
}
