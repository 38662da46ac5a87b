package dev.flatland.cpu.interp;

import dev.flatland.cpu.CpuFault;
import dev.flatland.cpu.CpuState;
import dev.flatland.cpu.Flags;
import dev.flatland.cpu.decode.Insn;
import dev.flatland.memory.GuestMemory;

/**
 * VEX-encoded general-purpose instructions. BMI1: ANDN, BEXTR, BLSI, BLSMSK, BLSR. BMI2: BZHI,
 * MULX, PDEP, PEXT, RORX, SARX, SHLX, SHRX. VEX.W selects 64-bit operands; VEX.L=1 is #UD.
 * The VEX.vvvv register is {@code Insn.vvvv}. Where the SDM leaves AF/PF (and SF for BEXTR)
 * undefined, these compute what AMD Zen gives (bitops.txt): PF (and SF but for BEXTR: 0) from the result, AF = 0
 * (AF = 1 for BEXTR). Returns false for VEX opcodes that are not these
 * (the vector ones belong to the SSE/AVX family).
 */
final class Bmi {
    private Bmi() {
    }

    static boolean exec(CpuState c, GuestMemory m, long w, long ea, long imm) {
        int op = Insn.op(w);
        int pp = Insn.p66(w) ? 1 : Insn.rep(w) ? 2 : Insn.repne(w) ? 3 : 0;
        int kind = switch (op) {
            case 0x2F2 -> pp == 0 ? 1 : -1;
            case 0x2F3 -> pp == 0 ? 2 : -1;
            case 0x2F5 -> pp == 0 ? 3 : pp == 2 ? 4 : pp == 3 ? 5 : -1;
            case 0x2F6 -> pp == 3 ? 6 : -1;
            case 0x2F7 -> 7 + pp;
            case 0x3F0 -> pp == 3 ? 11 : -1;
            default -> -1;
        };
        if (kind < 0) {
            return false;
        }
        if (Insn.vexL(w)) {
            throw CpuFault.undefined("VEX.L=1 on a BMI instruction");
        }
        ExtFlags.checkLock(w, false);
        int size = Insn.rexW(w) ? 8 : 4;
        switch (kind) {
            case 1 -> andn(c, m, w, ea, size);
            case 2 -> group17(c, m, w, ea, size);
            case 3 -> bzhi(c, m, w, ea, size);
            case 4 -> pext(c, m, w, ea, size);
            case 5 -> pdep(c, m, w, ea, size);
            case 6 -> mulx(c, m, w, ea, size);
            case 7 -> bextr(c, m, w, ea, size);
            case 8, 9, 10 -> shiftx(c, m, w, ea, size, kind);
            default -> rorx(c, m, w, ea, size, imm);
        }
        return true;
    }

    private static long vreg(CpuState c, int size, long w) {
        return c.r[Insn.vvvv(w)] & Operands.mask(size);
    }

    private static void setVreg(CpuState c, long w, int size, long v) {
        c.r[Insn.vvvv(w)] = v & Operands.mask(size);
    }

    /** ANDN Gy, By, Ey: ~By & Ey; SF ZF PF from the result, CF = OF = AF = 0. */
    private static void andn(CpuState c, GuestMemory m, long w, long ea, int size) {
        long res = ~vreg(c, size, w) & Operands.readRm(c, m, w, ea, size);
        Operands.writeReg(c, w, size, res);
        Flags.setArith(c, ExtFlags.szp(res, size));
    }

    /** Group 17 (VEX 0F38 F3): /1 BLSR, /2 BLSMSK, /3 BLSI By, Ey. */
    private static void group17(CpuState c, GuestMemory m, long w, long ea, int size) {
        int digit = Insn.reg(w) & 7;
        if (digit < 1 || digit > 3) {
            throw CpuFault.undefined("VEX 0F38 F3 /" + digit);
        }
        long src = Operands.readRm(c, m, w, ea, size);
        long res = switch (digit) {
            case 1 -> (src - 1) & src;
            case 2 -> (src - 1) ^ src;
            default -> -src & src;
        };
        res &= Operands.mask(size);
        long f = ExtFlags.szp(res, size);
        if (digit == 2) {
            f &= ~Flags.ZF;
        }
        boolean cf = digit == 3 ? src != 0 : src == 0;
        setVreg(c, w, size, res);
        Flags.setArith(c, f | (cf ? Flags.CF : 0));
    }

    /** BZHI Gy, Ey, By: clear bits from index By[7:0]; CF = the index exceeds size-1. */
    private static void bzhi(CpuState c, GuestMemory m, long w, long ea, int size) {
        long src = Operands.readRm(c, m, w, ea, size);
        int n = (int) (c.r[Insn.vvvv(w)] & 0xff);
        int bits = size * 8;
        long res = n < bits ? src & ((1L << n) - 1) : src;
        Operands.writeReg(c, w, size, res);
        long f = ExtFlags.szp(res, size);
        Flags.setArith(c, f | (n > bits - 1 ? Flags.CF : 0));
    }

    /** BEXTR Gy, Ey, By: start By[7:0], length By[15:8]; ZF PF from the result, CF = OF = SF = 0, AF = 1. */
    private static void bextr(CpuState c, GuestMemory m, long w, long ea, int size) {
        long src = Operands.readRm(c, m, w, ea, size);
        long ctl = c.r[Insn.vvvv(w)];
        int start = (int) (ctl & 0xff);
        int len = (int) ((ctl >>> 8) & 0xff);
        int bits = size * 8;
        long res = start >= bits ? 0 : src >>> start;
        if (len < 64) {
            res &= (1L << len) - 1;
        }
        res &= Operands.mask(size);
        Operands.writeReg(c, w, size, res);
        Flags.setArith(c, (ExtFlags.szp(res, size) & ~Flags.SF) | Flags.AF);
    }

    /** PEXT Gy, By, Ey: gather the bits of By selected by the mask Ey into the low bits. */
    private static void pext(CpuState c, GuestMemory m, long w, long ea, int size) {
        long mask = Operands.readRm(c, m, w, ea, size);
        long src = vreg(c, size, w);
        long res = 0;
        int k = 0;
        for (long mm = mask; mm != 0; mm &= mm - 1) {
            long low = mm & -mm;
            if ((src & low) != 0) {
                res |= 1L << k;
            }
            k++;
        }
        Operands.writeReg(c, w, size, res);
    }

    /** PDEP Gy, By, Ey: scatter the low bits of By to the positions set in the mask Ey. */
    private static void pdep(CpuState c, GuestMemory m, long w, long ea, int size) {
        long mask = Operands.readRm(c, m, w, ea, size);
        long src = vreg(c, size, w);
        long res = 0;
        int k = 0;
        for (long mm = mask; mm != 0; mm &= mm - 1) {
            long low = mm & -mm;
            if (((src >>> k) & 1) != 0) {
                res |= low;
            }
            k++;
        }
        Operands.writeReg(c, w, size, res);
    }

    /** MULX Gy, By, Ey: unsigned RDX/EDX * Ey; high half to Gy, low half to By (Gy wins if equal). */
    private static void mulx(CpuState c, GuestMemory m, long w, long ea, int size) {
        long b = Operands.readRm(c, m, w, ea, size);
        long a = c.r[CpuState.RDX] & Operands.mask(size);
        long lo;
        long hi;
        if (size == 8) {
            lo = a * b;
            hi = Math.unsignedMultiplyHigh(a, b);
        } else {
            long p = a * b;
            lo = p & 0xffff_ffffL;
            hi = p >>> 32;
        }
        setVreg(c, w, size, lo);
        Operands.writeReg(c, w, size, hi);
    }

    /** SHLX (66), SARX (F3), SHRX (F2) Gy, Ey, By: count By masked to 5/6 bits; no flags. */
    private static void shiftx(CpuState c, GuestMemory m, long w, long ea, int size, int kind) {
        long src = Operands.readRm(c, m, w, ea, size);
        int cnt = (int) c.r[Insn.vvvv(w)] & (size == 8 ? 63 : 31);
        long res = switch (kind) {
            case 8 -> src << cnt;
            case 9 -> Operands.sext(src, size) >> cnt;
            default -> src >>> cnt;
        };
        Operands.writeReg(c, w, size, res & Operands.mask(size));
    }

    /** RORX Gy, Ey, Ib: rotate right by imm8 masked to 5/6 bits; no flags. VEX.vvvv must be 1111b. */
    private static void rorx(CpuState c, GuestMemory m, long w, long ea, int size, long imm) {
        if (Insn.vvvv(w) != 0) {
            throw CpuFault.undefined("RORX with VEX.vvvv != 1111b");
        }
        long src = Operands.readRm(c, m, w, ea, size);
        int cnt = (int) imm & (size == 8 ? 63 : 31);
        long res = size == 8 ? Long.rotateRight(src, cnt)
                : Integer.rotateRight((int) src, cnt) & 0xffff_ffffL;
        Operands.writeReg(c, w, size, res);
    }
}
