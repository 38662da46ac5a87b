package dev.flatland.cpu.interp;

import dev.flatland.cpu.CpuState;
import dev.flatland.cpu.ExecutionEngine;
import dev.flatland.cpu.Trap;
import dev.flatland.memory.GuestMemory;

/** The interpreter engine over a cache of decoded blocks. (Placeholder until the decoder lands.) */
public final class Interpreter implements ExecutionEngine {
    private final GuestMemory memory;

    private Interpreter(GuestMemory memory) {
        this.memory = memory;
    }

    /** Creates an interpreter executing from {@code memory}. */
    public static ExecutionEngine create(GuestMemory memory) {
        return new Interpreter(memory);
    }

    @Override
    public Trap run(CpuState cpu, long budget) {
        return new Trap.Fault(Trap.SIGILL, Trap.ILL_ILLOPN, cpu.rip, cpu.rip, "interpreter not implemented");
    }

    @Override
    public GuestMemory memory() {
        return memory;
    }

    @Override
    public void flushCodeCache() {
    }
}
