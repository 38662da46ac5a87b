package dev.flatland.cpu.interp;

import dev.flatland.cpu.CpuFault;
import dev.flatland.cpu.CpuState;
import dev.flatland.cpu.Flags;
import dev.flatland.cpu.decode.Insn;

/**
 * Eager arithmetic-flag computation for the extended integer families (SDM vol. 1 §3.4.3.1 and
 * appendix A). Each method returns the six arithmetic flag bits; callers merge them with
 * {@link Flags#setArith}.
 */
final class ExtFlags {
    private ExtFlags() {
    }

    static final long ARITH = Flags.ARITH;

    /** SF, ZF and PF of the low {@code size} bytes of {@code res}. */
    static long szp(long res, int size) {
        long v = res & Operands.mask(size);
        long f = Flags.parity(v);
        if (v == 0) {
            f |= Flags.ZF;
        }
        if (((v >>> (size * 8 - 1)) & 1) != 0) {
            f |= Flags.SF;
        }
        return f;
    }

    /** Flags of {@code a + b + carry} at {@code size} bytes (ADD/ADC/XADD). */
    static long add(long a, long b, long carry, int size) {
        long mask = Operands.mask(size);
        a &= mask;
        b &= mask;
        long res = (a + b + carry) & mask;
        long f = szp(res, size);
        boolean cf;
        if (size == 8) {
            cf = Long.compareUnsigned(res, a) < 0 || (carry != 0 && res == a);
        } else {
            cf = ((a + b + carry) >>> (size * 8)) != 0;
        }
        if (cf) {
            f |= Flags.CF;
        }
        if ((((a ^ res) & (b ^ res)) >>> (size * 8 - 1) & 1) != 0) {
            f |= Flags.OF;
        }
        if (((a ^ b ^ res) & 0x10) != 0) {
            f |= Flags.AF;
        }
        return f;
    }

    /** Flags of {@code a - b} at {@code size} bytes (SUB/CMP/NEG/CMPXCHG). */
    static long sub(long a, long b, int size) {
        long mask = Operands.mask(size);
        a &= mask;
        b &= mask;
        long res = (a - b) & mask;
        long f = szp(res, size);
        if (Long.compareUnsigned(a, b) < 0) {
            f |= Flags.CF;
        }
        if ((((a ^ b) & (a ^ res)) >>> (size * 8 - 1) & 1) != 0) {
            f |= Flags.OF;
        }
        if (((a ^ b ^ res) & 0x10) != 0) {
            f |= Flags.AF;
        }
        return f;
    }

    /** Flags of a logical result (AND/TEST/ANDN...): CF = OF = 0, AF cleared, SF ZF PF from the result. */
    static long logic(long res, int size) {
        return szp(res, size);
    }

    /** True when the carry flag is set. */
    static boolean cf(CpuState c) {
        return (Flags.read(c) & Flags.CF) != 0;
    }

    /** Replaces the arithmetic flags in {@code keep}'s complement with {@code f}: flags outside {@code changed} stay. */
    static void update(CpuState c, long changed, long f) {
        long old = Flags.read(c);
        Flags.setArith(c, (old & ~changed) | (f & changed));
    }

    /**
     * #UD for a LOCK prefix where the SDM forbids it (vol. 2 "LOCK"): any instruction outside the
     * lockable list, or a lockable one without a memory destination.
     */
    static void checkLock(long w, boolean lockable) {
        if (Insn.lock(w) && !(lockable && Insn.hasMem(w))) {
            throw CpuFault.undefined("lock prefix not allowed");
        }
    }
}
