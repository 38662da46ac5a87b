package dev.flatland.cpu.interp;

import dev.flatland.cpu.CpuFault;
import dev.flatland.cpu.CpuState;
import dev.flatland.memory.GuestMemory;

/**
 * SSE through SSE4.2 (and MMX forms), opcode maps 0F, 0F38 and 0F3A: every vector and scalar
 * floating-point instruction, packed integer, conversions, shuffles, PCMPxSTRx, CRC32, LDMXCSR /
 * STMXCSR and FXSAVE / FXRSTOR.
 */
final class Sse {
    private Sse() {
    }

    /**
     * Executes one instruction. {@code w} is the packed {@code Insn}; {@code ea} is the effective
     * address when {@code Insn.hasMem(w)} (segment base included); {@code imm} the immediate.
     */
    static void exec(CpuState c, GuestMemory m, long w, long ea, long imm) {
        throw CpuFault.undefined("SSE not implemented yet");
    }
}
