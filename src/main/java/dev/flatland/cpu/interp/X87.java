package dev.flatland.cpu.interp;

import dev.flatland.cpu.CpuFault;
import dev.flatland.cpu.CpuState;
import dev.flatland.memory.GuestMemory;

/** x87 instructions, opcodes D8..DF (Intel SDM vol. 2, "FPU instructions"). */
final class X87 {
    private X87() {
    }

    /**
     * Executes one x87 instruction. {@code w} is the packed {@code Insn}; {@code ea} is the effective
     * address when {@code Insn.hasMem(w)}, already including any segment base.
     */
    static void exec(CpuState c, GuestMemory m, long w, long ea) {
        throw CpuFault.undefined("x87 not implemented yet");
    }
}
