package dev.flatland.cpu.interp;

import dev.flatland.cpu.CpuFault;
import dev.flatland.cpu.CpuState;
import dev.flatland.cpu.Flags;
import dev.flatland.cpu.decode.Insn;
import dev.flatland.memory.GuestMemory;

/**
 * Stack instructions (Intel SDM vol. 2): PUSH, POP, PUSHF, POPF, ENTER, LEAVE. The stack pointer
 * is updated only after the memory access succeeded, so a faulting push or pop leaves RSP as it was.
 * Operand size is 64 bits, or 16 with 0x66.
 */
final class Stack {
    private Stack() {
    }

    private static final int RSP = CpuState.RSP;

    /** Pushes the low {@code size} bytes of {@code v}. */
    static void push(CpuState c, GuestMemory m, int size, long v) {
        long sp = c.r[RSP] - size;
        Operands.store(m, sp, size, v);
        c.r[RSP] = sp;
    }

    /** Pops {@code size} bytes, zero-extended. */
    static long pop(CpuState c, GuestMemory m, int size) {
        long sp = c.r[RSP];
        long v = Operands.load(m, sp, size);
        c.r[RSP] = sp + size;
        return v;
    }

    /** PUSH r64/r16 (50+r); PUSH RSP pushes the value before the decrement. */
    static void pushReg(CpuState c, GuestMemory m, long w) {
        int size = Operands.opBytes(w);
        push(c, m, size, c.r[Insn.rm(w)]);
    }

    /** POP r64/r16 (58+r); POP RSP loads RSP with the popped value. */
    static void popReg(CpuState c, GuestMemory m, long w) {
        int size = Operands.opBytes(w);
        long v = pop(c, m, size);
        Operands.setReg(c, w, Insn.rm(w), size, v);
    }

    /** PUSH Iz / Ib (68, 6A): the sign-extended immediate. */
    static void pushImm(CpuState c, GuestMemory m, long w, long imm) {
        push(c, m, Operands.opBytes(w), imm);
    }

    /** PUSH Ev (FF /6). */
    static void pushRm(CpuState c, GuestMemory m, long w, long ea) {
        int size = Operands.opBytes(w);
        push(c, m, size, Operands.readRm(c, m, w, ea, size));
    }

    /**
     * POP Ev (8F /0). An RSP-based destination address is computed after RSP is incremented (SDM
     * "POP"); other /digits are #UD.
     */
    static void popRm(CpuState c, GuestMemory m, long w, long ea) {
        if ((Insn.reg(w) & 7) != 0) {
            throw CpuFault.undefined("8F /" + (Insn.reg(w) & 7));
        }
        int size = Operands.opBytes(w);
        long sp = c.r[RSP];
        long v = Operands.load(m, sp, size);
        if (Insn.hasMem(w) && Insn.base(w) == RSP) {
            ea += size;
        }
        if (Insn.hasMem(w)) {
            Operands.store(m, ea, size, v);
            c.r[RSP] = sp + size;
        } else {
            c.r[RSP] = sp + size;
            Operands.setReg(c, w, Insn.rm(w), size, v);
        }
    }

    /** PUSHF/PUSHFQ (9C): RF and VM read as 0. */
    static void pushf(CpuState c, GuestMemory m, long w) {
        push(c, m, Operands.opBytes(w), Flags.read(c) & ~0x3_0000L);
    }

    /** POPF/POPFQ (9D): only the user-writable flags change (IOPL and IF stay at CPL 3). */
    static void popf(CpuState c, GuestMemory m, long w) {
        int size = Operands.opBytes(w);
        long v = pop(c, m, size);
        if (size == 2) {
            v = (Flags.read(c) & ~0xffffL) | v;
        }
        Flags.write(c, v);
    }

    /** LEAVE (C9): RSP = RBP, then pop RBP. */
    static void leave(CpuState c, GuestMemory m, long w) {
        int size = Operands.opBytes(w);
        long bp = c.r[CpuState.RBP];
        long v = Operands.load(m, bp, size);
        c.r[RSP] = bp + size;
        Operands.setReg(c, w, CpuState.RBP, size, v);
    }

    /** ENTER Iw,Ib (C8): builds a stack frame with a nesting level (SDM "ENTER", 64-bit mode). */
    static void enter(CpuState c, GuestMemory m, long w, long imm) {
        int size = Operands.opBytes(w);
        long alloc = imm & 0xffff;
        int level = (int) (imm >>> 16) & 31;
        long sp = c.r[RSP];
        long bp = c.r[CpuState.RBP];
        sp -= size;
        Operands.store(m, sp, size, bp);
        long frame = sp;
        for (int i = 1; i < level; i++) {
            bp -= size;
            long v = Operands.load(m, bp, size);
            sp -= size;
            Operands.store(m, sp, size, v);
        }
        if (level > 0) {
            sp -= size;
            Operands.store(m, sp, size, frame);
        }
        sp -= alloc;
        Operands.setReg(c, w, CpuState.RBP, size, frame);
        c.r[RSP] = sp;
    }
}
