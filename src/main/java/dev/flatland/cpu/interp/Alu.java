package dev.flatland.cpu.interp;

import static dev.flatland.cpu.Flags.K_ADC1;
import static dev.flatland.cpu.Flags.K_ADD;
import static dev.flatland.cpu.Flags.K_DEC;
import static dev.flatland.cpu.Flags.K_INC;
import static dev.flatland.cpu.Flags.K_LOGIC;
import static dev.flatland.cpu.Flags.K_SBB1;
import static dev.flatland.cpu.Flags.K_SUB;

import dev.flatland.cpu.CpuFault;
import dev.flatland.cpu.CpuState;
import dev.flatland.cpu.Flags;
import dev.flatland.cpu.decode.Insn;
import dev.flatland.memory.GuestMemory;

/**
 * The eight classic ALU operations (ADD OR ADC SBB AND SUB XOR CMP, opcodes 00-3D and 80-83),
 * TEST, INC, DEC, NOT and NEG (Intel SDM vol. 2). Flags are recorded lazily through {@link Flags}.
 * {@code sl} is the operand size as log2 of bytes (0 byte .. 3 quadword).
 */
final class Alu {
    private Alu() {
    }

    static final int ADD = 0;
    static final int OR = 1;
    static final int ADC = 2;
    static final int SBB = 3;
    static final int AND = 4;
    static final int SUB = 5;
    static final int XOR = 6;
    static final int CMP = 7;

    /** Operand size log2 of a non-byte instruction. */
    static int sizeLog(long w) {
        return Insn.opsize(w) + 1;
    }

    /** Computes {@code d op s} at size {@code sl}, records the flags, returns the (unmasked) result. */
    static long op(CpuState c, int aop, int sl, long d, long s) {
        int sh = 64 - (8 << sl);
        long r;
        switch (aop) {
            case ADD:
                r = d + s;
                Flags.lazy(c, K_ADD, sl, d << sh, s << sh, r << sh);
                return r;
            case OR:
                r = d | s;
                break;
            case ADC: {
                long cf = Flags.carry(c);
                r = d + s + cf;
                Flags.lazy(c, cf == 0 ? K_ADD : K_ADC1, sl, d << sh, s << sh, r << sh);
                return r;
            }
            case SBB: {
                long cf = Flags.carry(c);
                r = d - s - cf;
                Flags.lazy(c, cf == 0 ? K_SUB : K_SBB1, sl, d << sh, s << sh, r << sh);
                return r;
            }
            case AND:
                r = d & s;
                break;
            case XOR:
                r = d ^ s;
                break;
            default: // SUB, CMP
                r = d - s;
                Flags.lazy(c, K_SUB, sl, d << sh, s << sh, r << sh);
                return r;
        }
        c.flagOp = K_LOGIC << 2 | sl;
        c.flagRes = r << sh;
        return r;
    }

    private static int aop(long w) {
        return (Insn.op(w) >>> 3) & 7;
    }

    /** op Eb,Gb / op Ev,Gv (00, 01, 08, 09, ... 38, 39). */
    static void rmReg(CpuState c, GuestMemory m, long w, long ea, int sl) {
        int size = 1 << sl;
        int aop = aop(w);
        long r = op(c, aop, sl, Operands.readRm(c, m, w, ea, size), Operands.readReg(c, w, size));
        if (aop != CMP) {
            Operands.writeRm(c, m, w, ea, size, r);
        }
    }

    /** op Gb,Eb / op Gv,Ev (02, 03, 0A, 0B, ... 3A, 3B). */
    static void regRm(CpuState c, GuestMemory m, long w, long ea, int sl) {
        int size = 1 << sl;
        int aop = aop(w);
        long r = op(c, aop, sl, Operands.readReg(c, w, size), Operands.readRm(c, m, w, ea, size));
        if (aop != CMP) {
            Operands.writeReg(c, w, size, r);
        }
    }

    /** op AL,Ib / op rAX,Iz (04, 05, 0C, 0D, ... 3C, 3D). */
    static void accImm(CpuState c, long w, long imm, int sl) {
        int size = 1 << sl;
        int aop = aop(w);
        long r = op(c, aop, sl, Operands.reg(c, w, 0, size), imm);
        if (aop != CMP) {
            Operands.setReg(c, w, 0, size, r);
        }
    }

    /** Group 1: op Eb,Ib / op Ev,Iz / op Ev,Ib (80, 81, 83); the operation is ModRM.reg. */
    static void group1(CpuState c, GuestMemory m, long w, long ea, long imm, int sl) {
        int size = 1 << sl;
        int aop = Insn.reg(w) & 7;
        long r = op(c, aop, sl, Operands.readRm(c, m, w, ea, size), imm);
        if (aop != CMP) {
            Operands.writeRm(c, m, w, ea, size, r);
        }
    }

    /** TEST Eb,Gb / Ev,Gv (84, 85). */
    static void testRmReg(CpuState c, GuestMemory m, long w, long ea, int sl) {
        int size = 1 << sl;
        op(c, AND, sl, Operands.readRm(c, m, w, ea, size), Operands.readReg(c, w, size));
    }

    /** TEST AL,Ib / rAX,Iz (A8, A9). */
    static void testAccImm(CpuState c, long w, long imm, int sl) {
        op(c, AND, sl, Operands.reg(c, w, 0, 1 << sl), imm);
    }

    /**
     * Group 3 (F6, F7): /0 /1 TEST Ib/Iz, /2 NOT, /3 NEG; /4../7 (MUL IMUL DIV IDIV) belong to
     * the extended families. Returns false for those.
     */
    static boolean group3(CpuState c, GuestMemory m, long w, long ea, long imm, int sl) {
        int size = 1 << sl;
        switch (Insn.reg(w) & 7) {
            case 0, 1 -> op(c, AND, sl, Operands.readRm(c, m, w, ea, size), imm);
            case 2 -> Operands.writeRm(c, m, w, ea, size, ~Operands.readRm(c, m, w, ea, size));
            case 3 -> {
                int sh = 64 - (8 << sl);
                long d = Operands.readRm(c, m, w, ea, size);
                long r = -d;
                Operands.writeRm(c, m, w, ea, size, r);
                Flags.lazy(c, K_SUB, sl, 0, d << sh, r << sh); // NEG sets flags as 0 - d
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** INC/DEC r/m (FE /0 /1, FF /0 /1): CF is preserved. */
    static void incDec(CpuState c, GuestMemory m, long w, long ea, int sl, boolean dec) {
        int size = 1 << sl;
        int sh = 64 - (8 << sl);
        long d = Operands.readRm(c, m, w, ea, size);
        long cf = Flags.carry(c);
        long r = dec ? d - 1 : d + 1;
        Operands.writeRm(c, m, w, ea, size, r);
        Flags.lazy(c, dec ? K_DEC : K_INC, sl, d << sh, cf, r << sh);
    }

    /** Group 4 (FE): /0 INC Eb, /1 DEC Eb, others #UD. */
    static void group4(CpuState c, GuestMemory m, long w, long ea) {
        switch (Insn.reg(w) & 7) {
            case 0 -> incDec(c, m, w, ea, 0, false);
            case 1 -> incDec(c, m, w, ea, 0, true);
            default -> throw CpuFault.undefined("FE /" + (Insn.reg(w) & 7));
        }
    }
}
