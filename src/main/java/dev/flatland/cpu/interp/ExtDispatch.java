package dev.flatland.cpu.interp;

import dev.flatland.cpu.CpuState;
import dev.flatland.cpu.decode.Insn;
import dev.flatland.memory.GuestMemory;

/**
 * Dispatch for the integer families outside the core switch: string instructions, shifts and
 * rotates, bit operations (BT*, BSF/BSR, POPCNT, LZCNT/TZCNT, BMI1/BMI2), multiply and divide,
 * the atomic exchange family, CRC32 and ADCX/ADOX.
 *
 * <p>Every handler here performs its memory accesses before it writes a register, so a
 * {@code MemoryFault} or {@code CpuFault} leaves the architectural state as it was (string
 * instructions excepted: they leave RSI/RDI/RCX at the faulting iteration, as hardware does).
 */
final class ExtDispatch {
    private ExtDispatch() {
    }

    /** Executes one instruction of these families; returns false if {@code w}'s op is not one of them. */
    static boolean exec(CpuState c, GuestMemory m, long w, long ea, long imm) {
        if (Insn.vex(w)) {
            return Bmi.exec(c, m, w, ea, imm);
        }
        int op = Insn.op(w);
        switch (op) {
            case 0xA4, 0xA5, 0xA6, 0xA7, 0xAA, 0xAB, 0xAC, 0xAD, 0xAE, 0xAF -> Strings.exec(c, m, w, op);
            case 0xC0, 0xC1, 0xD0, 0xD1, 0xD2, 0xD3 -> Shifts.group2(c, m, w, ea, op, imm);
            case 0xF6, 0xF7 -> MulDiv.group3(c, m, w, ea, op, imm);
            case 0x69, 0x6B -> MulDiv.imulGvEvIz(c, m, w, ea, imm);
            case 0x86, 0x87 -> Atomics.xchg(c, m, w, ea, op);
            case 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97 -> Atomics.xchgRax(c, w);
            case 0x1A3, 0x1AB, 0x1B3, 0x1BB -> BitOps.btEvGv(c, m, w, ea, op);
            case 0x1BA -> BitOps.group8(c, m, w, ea, imm);
            case 0x1BC -> BitOps.bsfOrTzcnt(c, m, w, ea);
            case 0x1BD -> BitOps.bsrOrLzcnt(c, m, w, ea);
            case 0x1A4, 0x1A5, 0x1AC, 0x1AD -> Shifts.shldShrd(c, m, w, ea, op, imm);
            case 0x1AF -> MulDiv.imulGvEv(c, m, w, ea);
            case 0x1B0, 0x1B1 -> Atomics.cmpxchg(c, m, w, ea, op);
            case 0x1C0, 0x1C1 -> Atomics.xadd(c, m, w, ea, op);
            case 0x1B8 -> {
                if (!Insn.rep(w)) {
                    return false;
                }
                BitOps.popcnt(c, m, w, ea);
            }
            case 0x1C7 -> {
                if ((Insn.reg(w) & 7) != 1) {
                    return false;
                }
                Atomics.cmpxchg8b16b(c, m, w, ea);
            }
            case 0x2F0, 0x2F1 -> {
                if (!Insn.repne(w)) {
                    return false;
                }
                Crc32.exec(c, m, w, ea, op);
            }
            case 0x2F6 -> {
                if (Insn.repne(w) || !(Insn.p66(w) || Insn.rep(w))) {
                    return false;
                }
                MulDiv.adcxAdox(c, m, w, ea);
            }
            default -> {
                return false;
            }
        }
        return true;
    }
}
