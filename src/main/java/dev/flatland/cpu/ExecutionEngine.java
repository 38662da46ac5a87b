package dev.flatland.cpu;

import dev.flatland.memory.GuestMemory;

/** Runs guest code on a {@link CpuState} until something needs the kernel. */
public interface ExecutionEngine {
    /**
     * Runs from {@code cpu.rip} for at most about {@code budget} instructions (a block in flight
     * may finish first) and returns why it stopped. Never throws for anything the guest does.
     */
    Trap run(CpuState cpu, long budget);

    /** The memory this engine executes from. */
    GuestMemory memory();

    /** Drops every cached translation (after execve replaces an image, for example). */
    void flushCodeCache();
}
