package dev.flatland.cpu.interp;

import dev.flatland.cpu.CpuFault;
import dev.flatland.cpu.CpuState;
import dev.flatland.cpu.Flags;
import dev.flatland.cpu.decode.Insn;
import dev.flatland.memory.GuestMemory;

/**
 * Control transfers (Intel SDM vol. 2): Jcc, JMP, CALL, RET, LOOP/LOOPE/LOOPNE, JrCXZ. While a
 * handler runs {@code c.rip} is the next instruction; a taken branch overwrites it. Relative
 * targets arrive precomputed in {@code imm} (see DecodedBlock).
 */
final class Branches {
    private Branches() {
    }

    /** Jcc rel8/rel32 (70+cc, 0F 80+cc). */
    static void jcc(CpuState c, long w, long target) {
        if (Flags.condition(c, Insn.op(w) & 15)) {
            c.rip = target;
        }
    }

    /** CALL rel32 (E8). */
    static void callRel(CpuState c, GuestMemory m, long target) {
        Stack.push(c, m, 8, c.rip);
        c.rip = target;
    }

    /** RET (C3) and RET Iw (C2): pops RIP, then releases {@code imm16} bytes. */
    static void ret(CpuState c, GuestMemory m, long w, long imm) {
        long sp = c.r[CpuState.RSP];
        long target = m.read64(sp);
        c.r[CpuState.RSP] = sp + 8 + (Insn.op(w) == 0xc2 ? imm & 0xffff : 0);
        c.rip = target;
    }

    /** Group 5 (FF): /0 INC, /1 DEC, /2 CALL Ev, /4 JMP Ev, /6 PUSH Ev; far forms and /7 are #UD. */
    static void group5(CpuState c, GuestMemory m, long w, long ea) {
        switch (Insn.reg(w) & 7) {
            case 0 -> Alu.incDec(c, m, w, ea, Alu.sizeLog(w), false);
            case 1 -> Alu.incDec(c, m, w, ea, Alu.sizeLog(w), true);
            case 2 -> {
                long target = Operands.readRm(c, m, w, ea, 8);
                Stack.push(c, m, 8, c.rip);
                c.rip = target;
            }
            case 4 -> c.rip = Operands.readRm(c, m, w, ea, 8);
            case 6 -> Stack.pushRm(c, m, w, ea);
            default -> throw CpuFault.undefined("FF /" + (Insn.reg(w) & 7) + " (far call/jmp)");
        }
    }

    /** LOOPNE, LOOPE, LOOP (E0, E1, E2) and JrCXZ (E3); the count is ECX under 0x67. */
    static void loop(CpuState c, long w, long target) {
        int op = Insn.op(w);
        boolean a32 = Insn.addr32(w);
        long count = a32 ? c.r[CpuState.RCX] & 0xffff_ffffL : c.r[CpuState.RCX];
        boolean taken;
        if (op == 0xe3) {
            taken = count == 0;
        } else {
            count = a32 ? (count - 1) & 0xffff_ffffL : count - 1;
            c.r[CpuState.RCX] = count;
            taken = count != 0;
            if (op == 0xe1) {
                taken &= Flags.condition(c, 4);
            } else if (op == 0xe0) {
                taken &= Flags.condition(c, 5);
            }
        }
        if (taken) {
            c.rip = target;
        }
    }
}
