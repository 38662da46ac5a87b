package dev.flatland.cpu.interp;

import dev.flatland.cpu.CpuFault;
import dev.flatland.cpu.CpuState;
import dev.flatland.cpu.Flags;
import dev.flatland.cpu.decode.Insn;
import dev.flatland.memory.GuestMemory;

/**
 * Bit tests and scans: BT/BTS/BTR/BTC (0F A3/AB/B3/BB register offset, 0F BA /4-/7 immediate),
 * BSF/BSR (0F BC/BD), TZCNT/LZCNT (F3 0F BC/BD) and POPCNT (F3 0F B8).
 */
final class BitOps {
    private BitOps() {
    }

    private static final int BT = 0;
    private static final int BTS = 1;
    private static final int BTR = 2;
    private static final int BTC = 3;

    /**
     * BT* Ev, Gv. With a memory operand the register offset is a signed bit index from the
     * effective address, so the accessed operand is at ea + size * floor(offset / (size*8));
     * with a register operand the offset is taken modulo the operand size.
     */
    static void btEvGv(CpuState c, GuestMemory m, long w, long ea, int op) {
        int kind = switch (op) {
            case 0x1A3 -> BT;
            case 0x1AB -> BTS;
            case 0x1B3 -> BTR;
            default -> BTC;
        };
        ExtFlags.checkLock(w, kind != BT);
        int size = Operands.opBytes(w);
        long off = Operands.sext(Operands.readReg(c, w, size), size);
        int log = Integer.numberOfTrailingZeros(size * 8);
        long addr = ea;
        if (Insn.hasMem(w)) {
            addr = ea + (off >> log) * size;
        }
        bitOp(c, m, w, addr, kind, (int) (off & (size * 8 - 1)), size);
    }

    /** Group 8 (0F BA /4 BT, /5 BTS, /6 BTR, /7 BTC Ev, Ib): the immediate is taken modulo the operand size. */
    static void group8(CpuState c, GuestMemory m, long w, long ea, long imm) {
        int digit = Insn.reg(w) & 7;
        if (digit < 4) {
            throw CpuFault.undefined("0F BA /" + digit);
        }
        int kind = digit - 4;
        ExtFlags.checkLock(w, kind != BT);
        int size = Operands.opBytes(w);
        bitOp(c, m, w, ea, kind, (int) (imm & (size * 8 - 1)), size);
    }

    /** CF = the selected bit; ZF unchanged; OF SF AF PF are undefined and left unchanged. */
    private static void bitOp(CpuState c, GuestMemory m, long w, long addr, int kind, int bit, int size) {
        long v = Operands.readRm(c, m, w, addr, size);
        long sel = (v >>> bit) & 1;
        long res = switch (kind) {
            case BTS -> v | (1L << bit);
            case BTR -> v & ~(1L << bit);
            case BTC -> v ^ (1L << bit);
            default -> v;
        };
        if (kind != BT) {
            Operands.writeRm(c, m, w, addr, size, res);
        }
        ExtFlags.update(c, Flags.CF, sel != 0 ? Flags.CF : 0);
    }

    /**
     * BSF (0F BC) or, with F3, TZCNT. BSF of 0 sets ZF and leaves the destination unchanged (AMD
     * documents this; Intel hardware behaves so); CF OF SF AF PF are undefined and set as Zen does.
     */
    static void bsfOrTzcnt(CpuState c, GuestMemory m, long w, long ea) {
        ExtFlags.checkLock(w, false);
        int size = Operands.opBytes(w);
        long src = Operands.readRm(c, m, w, ea, size);
        if (Insn.rep(w)) {
            long n = src == 0 ? size * 8 : Long.numberOfTrailingZeros(src);
            Operands.writeReg(c, w, size, n);
            Flags.setArith(c, countFlags(c, src == 0, n == 0));
            return;
        }
        if (src == 0) {
            ExtFlags.update(c, Flags.ZF, Flags.ZF);
            return;
        }
        long n = Long.numberOfTrailingZeros(src);
        Operands.writeReg(c, w, size, n);
        ExtFlags.update(c, Flags.ZF, 0);
    }

    /** BSR (0F BD) or, with F3, LZCNT; see {@link #bsfOrTzcnt} for the zero-source rules. */
    static void bsrOrLzcnt(CpuState c, GuestMemory m, long w, long ea) {
        ExtFlags.checkLock(w, false);
        int size = Operands.opBytes(w);
        long src = Operands.readRm(c, m, w, ea, size);
        if (Insn.rep(w)) {
            long n = Long.numberOfLeadingZeros(src) - (64 - size * 8);
            Operands.writeReg(c, w, size, n);
            Flags.setArith(c, countFlags(c, src == 0, n == 0));
            return;
        }
        if (src == 0) {
            ExtFlags.update(c, Flags.ZF, Flags.ZF);
            return;
        }
        long n = 63 - Long.numberOfLeadingZeros(src);
        Operands.writeReg(c, w, size, n);
        ExtFlags.update(c, Flags.ZF, 0);
    }

    /**
     * TZCNT/LZCNT flags: CF = source was 0, ZF = result is 0; OF SF AF PF are undefined: as on AMD
     * Zen (bitops.txt), OF is kept and SF AF PF are cleared.
     */
    private static long countFlags(CpuState c, boolean srcZero, boolean resZero) {
        long f = Flags.read(c) & Flags.OF;
        return f | (srcZero ? Flags.CF : 0) | (resZero ? Flags.ZF : 0);
    }

    /** POPCNT Gv, Ev: ZF = (source == 0); CF OF SF AF PF are cleared. */
    static void popcnt(CpuState c, GuestMemory m, long w, long ea) {
        ExtFlags.checkLock(w, false);
        int size = Operands.opBytes(w);
        long src = Operands.readRm(c, m, w, ea, size);
        Operands.writeReg(c, w, size, Long.bitCount(src));
        Flags.setArith(c, src == 0 ? Flags.ZF : 0);
    }
}
