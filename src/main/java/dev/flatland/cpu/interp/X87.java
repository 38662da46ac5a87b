package dev.flatland.cpu.interp;

import dev.flatland.cpu.CpuFault;
import dev.flatland.cpu.CpuState;
import dev.flatland.cpu.Flags;
import dev.flatland.cpu.Fpu;
import dev.flatland.cpu.Trap;
import dev.flatland.cpu.decode.Insn;
import dev.flatland.memory.GuestMemory;

/**
 * x87 instructions, opcodes D8..DF (Intel SDM vol. 2 "FPU instructions", opcode map table A-7
 * to A-22). Memory forms are in {@link X87Mem}; register forms are dispatched here. Arithmetic is
 * exact 80-bit software floating point ({@link F80}).
 *
 * <p>Unmasked exceptions: the flags, ES and B are set (and the result of an unmasked IE/ZE/DE is
 * suppressed); the next waiting x87 instruction (or FWAIT through {@link #fwait}) then raises #MF,
 * reported as SIGFPE with Linux's si_code (arch/x86/kernel/traps.c fpu__exception_code). The
 * bias-adjusted results of unmasked overflow/underflow (exponent -/+ 24576) are produced as the
 * hardware does; an unmasked OE/UE on a store to memory stores nothing.
 *
 * <p>Entry points for the rest of the interpreter: {@link #exec} for D8..DF, {@link #fwait} for
 * 9B (FWAIT), {@code F80Conv.toDouble/fromDouble} for conversions, and {@code Fpu.fxsaveX87 /
 * fxrstorX87 / mmxRead / mmxWrite / emms} (package cpu) for FXSAVE/FXRSTOR, signal frames and MMX.
 * Reference behaviour is that of the AMD EPYC host the test data was generated on
 * (src/test/c/x87, src/test/resources/x87).
 */
final class X87 {
    private X87() {
    }

    /**
     * Executes one x87 instruction. {@code w} is the packed {@code Insn}; {@code ea} is the effective
     * address when {@code Insn.hasMem(w)}, already including any segment base.
     */
    static void exec(CpuState c, GuestMemory m, long w, long ea) {
        Fpu f = c.fpu;
        int esc = Insn.op(w) & 7;
        int reg = Insn.reg(w) & 7;
        int rm = Insn.rm(w) & 7;
        boolean mem = Insn.hasMem(w);
        boolean control = isControl(esc, reg, rm, mem);
        if (!control || !isNonWaiting(esc, reg, rm, mem)) {
            checkPending(f);
        }
        if (mem) {
            X87Mem.exec(f, m, esc, reg, ea, Insn.opsize(w) == Insn.OS16);
        } else {
            execReg(c, f, esc, reg, rm);
        }
        if (!control) {
            int modrm = (mem ? Insn.mod(w) : 3) << 6 | reg << 3 | rm;
            f.fop = esc << 8 | modrm;
            f.fip = c.rip - Insn.length(w);
            if (mem) {
                f.fdp = ea;
            }
        }
    }

    /** FWAIT (9B): raises a pending unmasked x87 exception. */
    static void fwait(CpuState c) {
        checkPending(c.fpu);
    }

    /** #MF for a pending unmasked exception, with the si_code Linux derives from FSW & ~FCW. */
    static void checkPending(Fpu f) {
        if ((f.fsw & X87Stack.ES) == 0) {
            return;
        }
        int err = f.fsw & ~f.fcw & 0x3f;
        int code;
        if ((err & 0x01) != 0) {
            code = Trap.FPE_FLTINV;
        } else if ((err & 0x04) != 0) {
            code = Trap.FPE_FLTDIV;
        } else if ((err & 0x08) != 0) {
            code = Trap.FPE_FLTOVF;
        } else if ((err & 0x12) != 0) {
            code = Trap.FPE_FLTUND;
        } else if ((err & 0x20) != 0) {
            code = Trap.FPE_FLTRES;
        } else {
            return;                                     // ES without an unmasked flag: no #MF
        }
        throw new CpuFault(Trap.SIGFPE, code, 0, "x87 floating-point exception");
    }

    /** Control instructions (SDM vol. 1 §8.1.8): they leave FOP/FIP/FDP alone. */
    private static boolean isControl(int esc, int reg, int rm, boolean mem) {
        if (mem) {
            return (esc == 1 && reg >= 4) || (esc == 5 && (reg == 4 || reg == 6 || reg == 7));
        }
        return (esc == 3 && reg == 4) || (esc == 7 && reg == 4 && rm == 0);
    }

    /** FNSTCW, FNSTSW, FNSTENV, FNSAVE, FNCLEX, FNINIT do not check for pending exceptions. */
    private static boolean isNonWaiting(int esc, int reg, int rm, boolean mem) {
        if (mem) {
            return (esc == 1 && (reg == 6 || reg == 7)) || (esc == 5 && (reg == 6 || reg == 7));
        }
        return (esc == 3 && reg == 4) || (esc == 7 && reg == 4 && rm == 0);
    }

    private static void execReg(CpuState c, Fpu f, int esc, int reg, int i) {
        switch (esc) {
            case 0 -> d8(f, reg, i);
            case 1 -> d9(f, reg, i);
            case 2 -> da(c, f, reg, i);
            case 3 -> db(c, f, reg, i);
            case 4 -> dcde(f, reg, i, false);
            case 5 -> dd(f, reg, i);
            case 6 -> dcde(f, reg, i, true);
            default -> df(c, f, reg, i);
        }
    }

    private static void d8(Fpu f, int reg, int i) {
        boolean valid = !X87Stack.empty(f, i);
        if (reg == 2 || reg == 3) {
            X87Arith.compareCc(f, X87Stack.se(f, i), X87Stack.m(f, i), valid, false, reg - 2);
        } else {
            X87Arith.binary(f, reg, 0, X87Stack.se(f, i), X87Stack.m(f, i), valid);
        }
    }

    /** DC (and DE with pop): ST(i) = ST(i) op ST0; E0/F0 are the reversed forms. */
    private static void dcde(Fpu f, int reg, int i, boolean pop) {
        if (reg == 2 || reg == 3) {
            if (pop && reg == 3 && i != 1) {
                throw CpuFault.undefined("DE D8+i");
            }
            boolean valid = !X87Stack.empty(f, i);
            int pops = pop ? (reg == 3 ? 2 : 1) : reg - 2;
            X87Arith.compareCc(f, X87Stack.se(f, i), X87Stack.m(f, i), valid, false, pops);
            return;
        }
        int d8reg = reg >= 4 ? reg ^ 1 : reg;            // /4../7 mean the reverse of D8's
        boolean valid = !X87Stack.empty(f, 0);
        int before = f.fsw;
        X87Arith.binary(f, d8reg, i, X87Stack.se(f, 0), X87Stack.m(f, 0), valid);
        if (pop && resultWritten(f, before)) {
            X87Stack.pop(f);
        }
    }

    /** False when the last operation raised an unmasked exception that suppresses its result. */
    private static boolean resultWritten(Fpu f, int before) {
        int raised = f.fsw & ~before;
        return (raised & ~f.fcw & (F80.IE | F80.ZE | F80.DE)) == 0;
    }

    private static void d9(Fpu f, int reg, int i) {
        switch (reg) {
            case 0 -> fldSt(f, i);
            case 1 -> fxch(f, i);
            case 2 -> {
                if (i != 0) {
                    throw CpuFault.undefined("D9 D1..D7");
                }
            }
            case 3 -> fstSt(f, i, true);
            case 4 -> {
                switch (i) {
                    case 0 -> X87Arith.signOp(f, false);
                    case 1 -> X87Arith.signOp(f, true);
                    case 4 -> X87Arith.ftst(f);
                    case 5 -> X87Arith.fxam(f);
                    default -> throw CpuFault.undefined("D9 E2/E3/E6/E7");
                }
            }
            case 5 -> {
                if (i == 7) {
                    throw CpuFault.undefined("D9 EF");
                }
                X87Transcendental.loadConstant(f, i);
            }
            case 6 -> d9f0(f, i);
            default -> d9f8(f, i);
        }
    }

    private static void d9f0(Fpu f, int i) {
        switch (i) {
            case 0 -> X87Transcendental.f2xm1(f);
            case 1 -> X87Transcendental.fyl2x(f, false);
            case 2 -> X87Transcendental.fptan(f);
            case 3 -> X87Transcendental.fpatan(f);
            case 4 -> X87Unary.fxtract(f);
            case 5 -> X87Unary.fprem(f, true);
            case 6 -> {
                f.top = (f.top - 1) & 7;
                X87Stack.setCc(f, X87Stack.C1, 0);
            }
            default -> {
                f.top = (f.top + 1) & 7;
                X87Stack.setCc(f, X87Stack.C1, 0);
            }
        }
    }

    private static void d9f8(Fpu f, int i) {
        switch (i) {
            case 0 -> X87Unary.fprem(f, false);
            case 1 -> X87Transcendental.fyl2x(f, true);
            case 2 -> X87Unary.unary(f, F80Ops::sqrt);
            case 3 -> X87Transcendental.fsincos(f);
            case 4 -> X87Unary.unary(f, F80Ops::rndint);
            case 5 -> X87Unary.fscale(f);
            case 6 -> X87Transcendental.fsin(f, false);
            default -> X87Transcendental.fsin(f, true);
        }
    }

    private static void da(CpuState c, Fpu f, int reg, int i) {
        if (reg == 5 && i == 1) {
            boolean valid = !X87Stack.empty(f, 1);
            X87Arith.compareCc(f, X87Stack.se(f, 1), X87Stack.m(f, 1), valid, true, 2);
            return;
        }
        if (reg >= 4) {
            throw CpuFault.undefined("DA register form");
        }
        fcmov(c, f, reg, i, false);
    }

    private static void db(CpuState c, Fpu f, int reg, int i) {
        switch (reg) {
            case 0, 1, 2, 3 -> fcmov(c, f, reg, i, true);
            case 4 -> {
                switch (i) {
                    case 0, 1, 4 -> { }                  // FENI, FDISI, FSETPM: no-ops since the 387
                    case 2 -> f.fsw &= ~(0xff | X87Stack.B);
                    case 3 -> f.init();
                    default -> throw CpuFault.undefined("DB E5..E7");
                }
            }
            case 5 -> X87Arith.compareFlags(c, i, true, false);
            case 6 -> X87Arith.compareFlags(c, i, false, false);
            default -> throw CpuFault.undefined("DB F8..FF");
        }
    }

    private static void dd(Fpu f, int reg, int i) {
        switch (reg) {
            case 0 -> f.setTag(f.phys(i), Fpu.TAG_EMPTY);
            case 1 -> fxch(f, i);
            case 2 -> fstSt(f, i, false);
            case 3 -> fstSt(f, i, true);
            case 4, 5 -> {
                boolean valid = !X87Stack.empty(f, i);
                X87Arith.compareCc(f, X87Stack.se(f, i), X87Stack.m(f, i), valid, true, reg - 4);
            }
            default -> throw CpuFault.undefined("DD F0..FF");
        }
    }

    private static void df(CpuState c, Fpu f, int reg, int i) {
        switch (reg) {
            case 0 -> {
                f.setTag(f.phys(i), Fpu.TAG_EMPTY);
                X87Stack.pop(f);
            }
            case 1 -> fxch(f, i);
            case 2, 3 -> fstSt(f, i, true);
            case 4 -> {
                if (i != 0) {
                    throw CpuFault.undefined("DF E1..E7");
                }
                c.r[CpuState.RAX] = (c.r[CpuState.RAX] & ~0xffffL) | f.statusWord();
            }
            case 5 -> X87Arith.compareFlags(c, i, true, true);
            case 6 -> X87Arith.compareFlags(c, i, false, true);
            default -> throw CpuFault.undefined("DF F8..FF");
        }
    }

    /** FLD ST(i). */
    private static void fldSt(Fpu f, int i) {
        if (X87Stack.empty(f, i)) {
            if (!X87Stack.underflow(f)) {
                return;
            }
            X87Stack.pushChecked(f, F80.INDEF_SE, F80.INDEF_M);
            return;
        }
        int se = X87Stack.se(f, i);
        long m = X87Stack.m(f, i);
        if (!X87Stack.empty(f, 7)) {
            X87Stack.pushChecked(f, se, m);
            return;
        }
        X87Stack.push(f, se, m);
        X87Stack.setCc(f, X87Stack.C1, 0);
    }

    /** FST/FSTP ST(i): a raw copy. */
    private static void fstSt(Fpu f, int i, boolean pop) {
        if (X87Stack.empty(f, 0)) {
            if (!X87Stack.underflow(f)) {
                return;
            }
            X87Stack.set(f, i, F80.INDEF_SE, F80.INDEF_M);
        } else {
            X87Stack.set(f, i, X87Stack.se(f, 0), X87Stack.m(f, 0));
            X87Stack.setCc(f, X87Stack.C1, 0);
        }
        if (pop) {
            X87Stack.pop(f);
        }
    }

    /** FXCH ST(i); an empty operand becomes the indefinite first (IE masked). */
    private static void fxch(Fpu f, int i) {
        boolean e0 = X87Stack.empty(f, 0);
        boolean ei = X87Stack.empty(f, i);
        if (e0 || ei) {
            if (!X87Stack.underflow(f)) {
                return;
            }
            if (e0) {
                X87Stack.set(f, 0, F80.INDEF_SE, F80.INDEF_M);
            }
            if (ei) {
                X87Stack.set(f, i, F80.INDEF_SE, F80.INDEF_M);
            }
        } else {
            X87Stack.setCc(f, X87Stack.C1, 0);
        }
        int se = X87Stack.se(f, 0);
        long m = X87Stack.m(f, 0);
        X87Stack.set(f, 0, X87Stack.se(f, i), X87Stack.m(f, i));
        X87Stack.set(f, i, se, m);
    }

    /** FCMOVcc ST0, ST(i): B/E/BE/U (DA) and their negations (DB) on CF, ZF, PF. */
    private static void fcmov(CpuState c, Fpu f, int cond, int i, boolean negate) {
        long fl = Flags.read(c);
        boolean t = switch (cond) {
            case 0 -> (fl & Flags.CF) != 0;
            case 1 -> (fl & Flags.ZF) != 0;
            case 2 -> (fl & (Flags.CF | Flags.ZF)) != 0;
            default -> (fl & Flags.PF) != 0;
        };
        if (X87Stack.empty(f, i) || X87Stack.empty(f, 0)) {
            if (X87Stack.underflow(f)) {
                X87Stack.set(f, 0, F80.INDEF_SE, F80.INDEF_M);
            }
            return;
        }
        X87Stack.setCc(f, X87Stack.C1, 0);
        if (t != negate) {
            X87Stack.set(f, 0, X87Stack.se(f, i), X87Stack.m(f, i));
        }
    }
}
