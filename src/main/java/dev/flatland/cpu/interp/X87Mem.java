package dev.flatland.cpu.interp;

import dev.flatland.cpu.CpuFault;
import dev.flatland.cpu.Fpu;
import dev.flatland.memory.GuestMemory;

/**
 * The memory forms of D8..DF (SDM vol. 2 opcode map table A-7): loads, stores, integer and BCD
 * conversions, memory-operand arithmetic and the control/environment instructions. Memory is read
 * and written before any FPU state changes, so a MemoryFault leaves the FPU as it was.
 */
final class X87Mem {
    private X87Mem() {
    }

    static void exec(Fpu f, GuestMemory mem, int esc, int reg, long ea, boolean opsize16) {
        switch (esc) {
            case 0 -> arithFp(f, reg, loadFp(mem, ea, 4));
            case 1 -> d9(f, mem, reg, ea, opsize16);
            case 2 -> arithInt(f, reg, mem.read32(ea));
            case 3 -> db(f, mem, reg, ea);
            case 4 -> arithFp(f, reg, loadFp(mem, ea, 8));
            case 5 -> dd(f, mem, reg, ea, opsize16);
            case 6 -> arithInt(f, reg, (short) mem.read16(ea));
            default -> df(f, mem, reg, ea);
        }
    }

    /** A converted memory source: value plus the exceptions the conversion raised. */
    private record Src(int se, long m, int flags) {
    }

    /** Reads m32fp/m64fp for arithmetic; an SNaN stays signalling so the operation reports it. */
    private static Src loadFp(GuestMemory mem, long ea, int size) {
        F80.Ctx x = new F80.Ctx(0x37f);
        if (size == 4) {
            F80Conv.loadFloat(x, mem.read32(ea));
        } else {
            F80Conv.loadDouble(x, mem.read64(ea));
        }
        long m = (x.flags & F80.IE) != 0 ? x.m & ~F80.QUIET_BIT : x.m;
        return new Src(x.se, m, x.flags & F80.DE);
    }

    private static void arithFp(Fpu f, int reg, Src s) {
        if (reg == 2 || reg == 3) {
            X87Arith.compareCc(f, s.se, s.m, true, false, reg - 2, s.flags);
        } else {
            X87Arith.binary(f, reg, 0, s.se, s.m, true, s.flags);
        }
    }

    private static void arithInt(Fpu f, int reg, long v) {
        F80.Ctx x = new F80.Ctx(0x37f);
        F80Conv.loadInt(x, v);
        arithFp(f, reg, new Src(x.se, x.m, 0));
    }

    private static void d9(Fpu f, GuestMemory mem, int reg, long ea, boolean o16) {
        switch (reg) {
            case 0 -> {
                F80.Ctx x = X87Stack.ctx(f);
                F80Conv.loadFloat(x, mem.read32(ea));
                pushLoaded(f, x);
            }
            case 2, 3 -> storeFp(f, mem, ea, 4, reg == 3);
            case 4 -> X87Env.fldenv(f, mem, ea, o16);
            case 5 -> X87Env.fldcw(f, mem.read16(ea));
            case 6 -> X87Env.fnstenv(f, mem, ea, o16);
            case 7 -> mem.write16(ea, f.fcw);
            default -> throw CpuFault.undefined("D9 /1 with a memory operand");
        }
    }

    private static void db(Fpu f, GuestMemory mem, int reg, long ea) {
        switch (reg) {
            case 0 -> pushInt(f, mem.read32(ea));
            case 1, 2, 3 -> storeInt(f, mem, ea, 32, reg != 2, reg == 1);
            case 5 -> {
                long m = mem.read64(ea);
                int se = mem.read16(ea + 8);
                if (!X87Stack.empty(f, 7)) {
                    X87Stack.pushChecked(f, se, m);
                } else {
                    X87Stack.push(f, se, m);
                    X87Stack.setCc(f, X87Stack.C1, 0);
                }
            }
            case 7 -> {
                boolean valid = !X87Stack.empty(f, 0);
                if (!valid && !X87Stack.underflow(f)) {
                    return;
                }
                int se = valid ? X87Stack.se(f, 0) : F80.INDEF_SE;
                long m = valid ? X87Stack.m(f, 0) : F80.INDEF_M;
                mem.write64(ea, m);
                mem.write16(ea + 8, se);
                if (valid) {
                    X87Stack.setCc(f, X87Stack.C1, 0);
                }
                X87Stack.pop(f);
            }
            default -> throw CpuFault.undefined("DB /" + reg + " with a memory operand");
        }
    }

    private static void dd(Fpu f, GuestMemory mem, int reg, long ea, boolean o16) {
        switch (reg) {
            case 0 -> {
                F80.Ctx x = X87Stack.ctx(f);
                F80Conv.loadDouble(x, mem.read64(ea));
                pushLoaded(f, x);
            }
            case 1 -> storeInt(f, mem, ea, 64, true, true);
            case 2, 3 -> storeFp(f, mem, ea, 8, reg == 3);
            case 4 -> X87Env.frstor(f, mem, ea, o16);
            case 6 -> X87Env.fnsave(f, mem, ea, o16);
            case 7 -> mem.write16(ea, f.statusWord());
            default -> throw CpuFault.undefined("DD /5 with a memory operand");
        }
    }

    private static void df(Fpu f, GuestMemory mem, int reg, long ea) {
        switch (reg) {
            case 0 -> pushInt(f, (short) mem.read16(ea));
            case 1, 2, 3 -> storeInt(f, mem, ea, 16, reg != 2, reg == 1);
            case 4 -> {
                byte[] b = new byte[10];
                mem.read(ea, b, 0, 10);
                F80.Ctx x = X87Stack.ctx(f);
                F80Conv.loadBcd(x, b);
                pushLoaded(f, x);
            }
            case 5 -> pushInt(f, mem.read64(ea));
            case 6 -> storeBcd(f, mem, ea);
            default -> storeInt(f, mem, ea, 64, true, false);
        }
    }

    /** Pushes a loaded value: an unmasked IE/DE from the conversion suppresses the load. */
    private static void pushLoaded(Fpu f, F80.Ctx x) {
        if (!X87Stack.empty(f, 7)) {
            X87Stack.pushChecked(f, x.se, x.m);
            return;
        }
        // A denormal source raises DE but is still loaded, even when DE is unmasked (measured).
        if (X87Stack.commit(f, x.flags & ~F80.DE)) {
            X87Stack.commit(f, x.flags & F80.DE);
            X87Stack.push(f, x.se, x.m);
            X87Stack.setCc(f, X87Stack.C1, 0);
        }
    }

    private static void pushInt(Fpu f, long v) {
        F80.Ctx x = X87Stack.ctx(f);
        F80Conv.loadInt(x, v);
        pushLoaded(f, x);
    }

    /** FST/FSTP m32fp/m64fp. */
    private static void storeFp(Fpu f, GuestMemory mem, long ea, int size, boolean pop) {
        F80.Ctx x = X87Stack.ctx(f);
        long bits;
        if (X87Stack.empty(f, 0)) {
            x.flags = F80.IE | F80.SF;
            bits = size == 4 ? F80Conv.FLOAT_INDEFINITE & 0xffff_ffffL : F80Conv.DOUBLE_INDEFINITE;
        } else if (size == 4) {
            bits = F80Conv.storeFloat(x, X87Stack.se(f, 0), X87Stack.m(f, 0)) & 0xffff_ffffL;
        } else {
            bits = F80Conv.storeDouble(x, X87Stack.se(f, 0), X87Stack.m(f, 0));
        }
        finishStore(f, mem, ea, size, bits, x, pop);
    }

    /** FIST/FISTP/FISTTP m16int/m32int/m64int. */
    private static void storeInt(Fpu f, GuestMemory mem, long ea, int bits, boolean pop, boolean trunc) {
        F80.Ctx x = X87Stack.ctx(f);
        long v;
        if (X87Stack.empty(f, 0)) {
            x.flags = F80.IE | F80.SF;
            v = 1L << (bits - 1);
        } else {
            v = F80Conv.storeInt(x, X87Stack.se(f, 0), X87Stack.m(f, 0), bits, trunc);
        }
        finishStore(f, mem, ea, bits / 8, v, x, pop);
    }

    /**
     * Writes a converted value unless an unmasked IE/DE suppresses it, then sets C1 and pops.
     * The memory write happens before the FSW/stack update.
     */
    private static void finishStore(Fpu f, GuestMemory mem, long ea, int size, long v, F80.Ctx x,
            boolean pop) {
        int unmasked = x.flags & ~f.fcw & (F80.IE | F80.DE | F80.OE | F80.UE);
        if ((unmasked & (F80.OE | F80.UE)) != 0) {
            x.flags &= ~F80.PE;                          // nothing is stored (measured)
        }
        if (unmasked == 0) {
            switch (size) {
                case 2 -> mem.write16(ea, (int) v);
                case 4 -> mem.write32(ea, (int) v);
                default -> mem.write64(ea, v);
            }
        }
        if ((x.flags & F80.SF) != 0) {
            X87Stack.setCc(f, X87Stack.C1, 0);
        }
        if (X87Stack.commit(f, x.flags) && unmasked == 0) {
            if ((x.flags & F80.SF) == 0) {
                X87Stack.setC1(f, x.up);
            }
            if (pop) {
                X87Stack.pop(f);
            }
        }
    }

    private static void storeBcd(Fpu f, GuestMemory mem, long ea) {
        F80.Ctx x = X87Stack.ctx(f);
        byte[] b;
        if (X87Stack.empty(f, 0)) {
            x.flags = F80.IE | F80.SF;
            b = new byte[] {0, 0, 0, 0, 0, 0, 0, (byte) 0xc0, (byte) 0xff, (byte) 0xff};
        } else {
            b = F80Conv.storeBcd(x, X87Stack.se(f, 0), X87Stack.m(f, 0));
        }
        if ((x.flags & ~f.fcw & (F80.IE | F80.DE)) == 0) {
            mem.write(ea, b, 0, 10);
        }
        if ((x.flags & F80.SF) != 0) {
            X87Stack.setCc(f, X87Stack.C1, 0);
        }
        if (X87Stack.commit(f, x.flags)) {
            if ((x.flags & F80.SF) == 0) {
                X87Stack.setC1(f, x.up);
            }
            X87Stack.pop(f);
        }
    }
}
