package dev.flatland.cpu.interp;

import dev.flatland.cpu.CpuFault;
import dev.flatland.cpu.CpuState;
import dev.flatland.cpu.Flags;
import dev.flatland.cpu.decode.Insn;
import dev.flatland.memory.GuestMemory;

/**
 * Data movement (Intel SDM vol. 2): MOV in all forms, MOVZX, MOVSX, MOVSXD, LEA, XCHG, CMOVcc,
 * SETcc, BSWAP, MOVBE, MOVNTI, CBW/CWDE/CDQE, CWD/CDQ/CQO, XLAT, LAHF and SAHF.
 */
final class Moves {
    private Moves() {
    }

    /** Selector values Linux gives a 64-bit user task (arch/x86/include/asm/segment.h): CS, SS; others 0. */
    private static final int USER_CS = 0x33;
    private static final int USER_DS = 0x2b;

    /** MOV Eb,Gb / Ev,Gv (88, 89). */
    static void movRmReg(CpuState c, GuestMemory m, long w, long ea, int size) {
        Operands.writeRm(c, m, w, ea, size, Operands.readReg(c, w, size));
    }

    /** MOV Gb,Eb / Gv,Ev (8A, 8B). */
    static void movRegRm(CpuState c, GuestMemory m, long w, long ea, int size) {
        Operands.writeReg(c, w, size, Operands.readRm(c, m, w, ea, size));
    }

    /** MOV Ev,Sreg (8C): the selector Linux loads for a 64-bit user task. */
    static void movRmSreg(CpuState c, GuestMemory m, long w, long ea) {
        long sel = switch (Insn.reg(w) & 7) {
            case 1 -> USER_CS;
            case 2 -> USER_DS;
            case 0, 3, 4, 5 -> 0;
            default -> throw CpuFault.undefined("mov from segment register " + (Insn.reg(w) & 7));
        };
        // a memory destination is always 16 bits; a register one takes the operand size, zero-extended
        Operands.writeRm(c, m, w, ea, Insn.hasMem(w) ? 2 : Operands.opBytes(w), sel);
    }

    /** MOV Sreg,Ew (8E): loading CS is #UD; other loads are accepted and have no effect on flat addressing. */
    static void movSregRm(CpuState c, GuestMemory m, long w, long ea) {
        int s = Insn.reg(w) & 7;
        if (s == 1 || s > 5) {
            throw CpuFault.undefined("mov to segment register " + s);
        }
        Operands.readRm(c, m, w, ea, 2);
    }

    /** LEA Gv,M (8D): the offset only, without a segment base; #UD for a register operand. */
    static void lea(CpuState c, long w, long ea) {
        if (!Insn.hasMem(w)) {
            throw CpuFault.undefined("lea with a register operand");
        }
        int seg = Insn.seg(w);
        if (seg == Insn.SEG_FS) {
            ea -= c.fsBase;
        } else if (seg == Insn.SEG_GS) {
            ea -= c.gsBase;
        }
        Operands.writeReg(c, w, Operands.opBytes(w), ea);
    }

    /** The moffs address of A0-A3 (the immediate) plus the segment base. */
    private static long moffs(CpuState c, long w, long imm) {
        int seg = Insn.seg(w);
        return imm + (seg == Insn.SEG_FS ? c.fsBase : seg == Insn.SEG_GS ? c.gsBase : 0);
    }

    /** MOV AL,Ob / rAX,Ov (A0, A1). */
    static void movAccMoffs(CpuState c, GuestMemory m, long w, long imm, int size) {
        Operands.setReg(c, w, 0, size, Operands.load(m, moffs(c, w, imm), size));
    }

    /** MOV Ob,AL / Ov,rAX (A2, A3). */
    static void movMoffsAcc(CpuState c, GuestMemory m, long w, long imm, int size) {
        Operands.store(m, moffs(c, w, imm), size, Operands.reg(c, w, 0, size));
    }

    /** MOV r8,Ib / r,Iv (B0+r, B8+r). */
    static void movRegImm(CpuState c, long w, long imm, int size) {
        Operands.setReg(c, w, Insn.rm(w), size, imm);
    }

    /** Group 11: MOV Eb,Ib / Ev,Iz (C6 /0, C7 /0); other /digits #UD (XABORT/XBEGIN need RTM). */
    static void movRmImm(CpuState c, GuestMemory m, long w, long ea, long imm, int size) {
        if ((Insn.reg(w) & 7) != 0) {
            throw CpuFault.undefined("C6/C7 /" + (Insn.reg(w) & 7));
        }
        Operands.writeRm(c, m, w, ea, size, imm);
    }

    /** MOVZX Gv,Eb / Gv,Ew (0F B6, 0F B7). */
    static void movzx(CpuState c, GuestMemory m, long w, long ea, int srcSize) {
        Operands.writeReg(c, w, Operands.opBytes(w), Operands.readRm(c, m, w, ea, srcSize));
    }

    /** MOVSX Gv,Eb / Gv,Ew (0F BE, 0F BF). */
    static void movsx(CpuState c, GuestMemory m, long w, long ea, int srcSize) {
        long v = Operands.sext(Operands.readRm(c, m, w, ea, srcSize), srcSize);
        Operands.writeReg(c, w, Operands.opBytes(w), v);
    }

    /** MOVSXD Gv,Ed (63): sign-extends with REX.W; otherwise a plain 32- or 16-bit move. */
    static void movsxd(CpuState c, GuestMemory m, long w, long ea) {
        int size = Operands.opBytes(w);
        if (size == 8) {
            Operands.writeReg(c, w, 8, Operands.sext(Operands.readRm(c, m, w, ea, 4), 4));
        } else {
            Operands.writeReg(c, w, size, Operands.readRm(c, m, w, ea, size));
        }
    }

    /**
     * XCHG Eb,Gb / Ev,Gv (86, 87) and XCHG rAX,r (90+r). The memory form is always locked on
     * hardware; here guest threads never run concurrently, so a plain exchange is atomic.
     */
    static void xchgRmReg(CpuState c, GuestMemory m, long w, long ea, int size) {
        long a = Operands.readRm(c, m, w, ea, size);
        long b = Operands.readReg(c, w, size);
        Operands.writeRm(c, m, w, ea, size, b);
        Operands.writeReg(c, w, size, a);
    }

    /** 90+r: XCHG rAX,r; 90 without REX.B is NOP (and F3 90 is PAUSE). */
    static void xchgAcc(CpuState c, long w) {
        int r = Insn.rm(w);
        if (r == 0) {
            return;
        }
        int size = Operands.opBytes(w);
        long a = Operands.reg(c, w, 0, size);
        Operands.setReg(c, w, 0, size, Operands.reg(c, w, r, size));
        Operands.setReg(c, w, r, size, a);
    }

    /** CMOVcc Gv,Ev (0F 40+cc): the source is read (and may fault) either way; a 32-bit form always zero-extends. */
    static void cmov(CpuState c, GuestMemory m, long w, long ea) {
        int size = Operands.opBytes(w);
        long v = Operands.readRm(c, m, w, ea, size);
        if (Flags.condition(c, Insn.op(w) & 15)) {
            Operands.writeReg(c, w, size, v);
        } else if (size == 4) {
            c.r[Insn.reg(w)] &= 0xffff_ffffL;
        }
    }

    /** SETcc Eb (0F 90+cc). */
    static void setcc(CpuState c, GuestMemory m, long w, long ea) {
        Operands.writeRm(c, m, w, ea, 1, Flags.condition(c, Insn.op(w) & 15) ? 1 : 0);
    }

    /** BSWAP r32/r64 (0F C8+r); the 16-bit form is undefined, and clears the word as hardware does. */
    static void bswap(CpuState c, long w) {
        int r = Insn.rm(w);
        switch (Operands.opBytes(w)) {
            case 8 -> c.r[r] = Long.reverseBytes(c.r[r]);
            case 4 -> c.r[r] = Integer.reverseBytes((int) c.r[r]) & 0xffff_ffffL;
            default -> c.r[r] &= ~0xffffL;
        }
    }

    /** MOVBE Gv,Mv / Mv,Gv (0F 38 F0 / F1): a byte-swapping load or store; #UD for register operands. */
    static void movbe(CpuState c, GuestMemory m, long w, long ea) {
        if (!Insn.hasMem(w)) {
            throw CpuFault.undefined("movbe with a register operand");
        }
        int size = Operands.opBytes(w);
        if ((Insn.op(w) & 1) == 0) {
            Operands.writeReg(c, w, size, swap(Operands.load(m, ea, size), size));
        } else {
            Operands.store(m, ea, size, swap(Operands.readReg(c, w, size), size));
        }
    }

    private static long swap(long v, int size) {
        return switch (size) {
            case 2 -> Short.reverseBytes((short) v) & 0xffffL;
            case 4 -> Integer.reverseBytes((int) v) & 0xffff_ffffL;
            default -> Long.reverseBytes(v);
        };
    }

    /** MOVNTI My,Gy (0F C3): a plain store; #UD for a register destination. */
    static void movnti(CpuState c, GuestMemory m, long w, long ea) {
        if (!Insn.hasMem(w)) {
            throw CpuFault.undefined("movnti with a register operand");
        }
        int size = Operands.opBytes(w) == 8 ? 8 : 4;
        Operands.store(m, ea, size, Operands.readReg(c, w, size));
    }

    /** CBW / CWDE / CDQE (98). */
    static void cbw(CpuState c, long w) {
        int size = Operands.opBytes(w);
        int half = size / 2;
        Operands.setReg(c, w, 0, size, Operands.sext(c.r[0], half));
    }

    /** CWD / CDQ / CQO (99): rDX = the sign of rAX. */
    static void cwd(CpuState c, long w) {
        int size = Operands.opBytes(w);
        long sign = Operands.sext(c.r[0], size) < 0 ? -1L : 0;
        Operands.setReg(c, w, 2, size, sign);
    }

    /** XLAT (D7): AL = [rBX + zero-extended AL]. */
    static void xlat(CpuState c, GuestMemory m, long w) {
        long a = c.r[3] + (c.r[0] & 0xff);
        if (Insn.addr32(w)) {
            a &= 0xffff_ffffL;
        }
        int seg = Insn.seg(w);
        a += seg == Insn.SEG_FS ? c.fsBase : seg == Insn.SEG_GS ? c.gsBase : 0;
        c.r[0] = (c.r[0] & ~0xffL) | m.read8(a);
    }

    /** LAHF (9F): AH = SF:ZF:0:AF:0:PF:1:CF. */
    static void lahf(CpuState c) {
        long f = Flags.read(c) & 0xd5 | 0x02;
        c.r[0] = (c.r[0] & ~0xff00L) | (f << 8);
    }

    /** SAHF (9E): SF ZF AF PF CF from AH; OF is unchanged. */
    static void sahf(CpuState c) {
        long f = Flags.read(c);
        long ah = (c.r[0] >>> 8) & 0xd5;
        Flags.setArith(c, (f & Flags.OF) | ah);
    }
}
