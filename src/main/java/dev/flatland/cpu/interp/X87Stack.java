package dev.flatland.cpu.interp;

import dev.flatland.cpu.Fpu;

/**
 * The x87 register stack, tags, condition codes and exception reporting (SDM vol. 1 §8.1, §8.5).
 * Stack faults (SDM §8.5.1.1) set IE and SF, C1 = 1 for overflow and 0 for underflow; with IE
 * masked the result is the real indefinite. An unmasked exception sets ES and B and suppresses the
 * result of IE/ZE/DE (pre-computation) exceptions.
 */
final class X87Stack {
    private X87Stack() {
    }

    static final int C0 = 0x100;
    static final int C1 = 0x200;
    static final int C2 = 0x400;
    static final int C3 = 0x4000;
    static final int CC = C0 | C1 | C2 | C3;
    static final int ES = 0x80;
    static final int B = 0x8000;

    static boolean empty(Fpu f, int i) {
        return f.tag(f.phys(i)) == Fpu.TAG_EMPTY;
    }

    static int se(Fpu f, int i) {
        return f.sexp[f.phys(i)];
    }

    static long m(Fpu f, int i) {
        return f.mant[f.phys(i)];
    }

    static void set(Fpu f, int i, int se, long m) {
        f.setReg(f.phys(i), se, m);
    }

    static void pop(Fpu f) {
        f.setTag(f.top, Fpu.TAG_EMPTY);
        f.top = (f.top + 1) & 7;
    }

    static void push(Fpu f, int se, long m) {
        f.top = (f.top - 1) & 7;
        f.setReg(f.top, se, m);
    }

    /** Replaces the condition-code bits selected by {@code mask} with {@code bits}. */
    static void setCc(Fpu f, int mask, int bits) {
        f.fsw = (f.fsw & ~mask) | (bits & mask);
    }

    /** Sets C1 from the rounding direction of the last result. */
    static void setC1(Fpu f, boolean up) {
        setCc(f, C1, up ? C1 : 0);
    }

    /**
     * Records exception flags in FSW. Returns true when the destination may be written: false
     * when an unmasked invalid-operation, zero-divide or denormal exception occurred.
     */
    static boolean commit(Fpu f, int flags) {
        if ((flags & (F80.IE | F80.ZE)) != 0) {
            flags &= ~F80.DE;                            // invalid and zero-divide take priority
        }
        int unmasked = flags & ~f.fcw & 0x3f;
        boolean suppressed = (unmasked & (F80.IE | F80.ZE | F80.DE)) != 0;
        if (suppressed) {
            flags &= F80.IE | F80.ZE | F80.DE | F80.SF;  // the operation did not complete
        }
        f.fsw |= flags & 0x7f;
        if (unmasked != 0) {
            f.fsw |= ES | B;
        }
        return !suppressed;
    }

    /** Stack underflow on reading an empty register. Returns true when IE is masked. */
    static boolean underflow(Fpu f) {
        setCc(f, C1, 0);
        return commit(f, F80.IE | F80.SF);
    }

    /** Stack overflow on pushing onto a full register. Returns true when IE is masked. */
    static boolean overflow(Fpu f) {
        setCc(f, C1, C1);
        return commit(f, F80.IE | F80.SF);
    }

    /**
     * Pushes a value with the overflow check (FLD and friends): when ST7 is in use, pushes the
     * indefinite instead (IE masked) or leaves the stack alone (IE unmasked).
     */
    static void pushChecked(Fpu f, int se, long m) {
        if (!empty(f, 7)) {
            if (overflow(f)) {
                push(f, F80.INDEF_SE, F80.INDEF_M);
            }
            return;
        }
        push(f, se, m);
    }

    /** A rounding context for the current FCW. */
    static F80.Ctx ctx(Fpu f) {
        return new F80.Ctx(f.fcw);
    }

    /** Stores a computed result in ST(i) unless an unmasked exception suppresses it; sets C1. */
    static boolean store(Fpu f, int i, F80.Ctx x) {
        if (commit(f, x.flags)) {
            set(f, i, x.se, x.m);
            setC1(f, x.up);
            return true;
        }
        return false;
    }
}
