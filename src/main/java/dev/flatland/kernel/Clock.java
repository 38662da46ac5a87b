package dev.flatland.kernel;

/**
 * The kernel's clocks. Host mode reads the host clocks. Deterministic mode derives time from the
 * instruction count (one instruction = one nanosecond) from a fixed epoch, and sleeps only
 * advance the virtual clock, so a run is the same every time.
 */
public final class Clock {
    /** 2024-01-01T00:00:00Z, the virtual wall-clock epoch. */
    static final long VIRTUAL_EPOCH_NS = 1_704_067_200L * 1_000_000_000L;
    /** The virtual monotonic clock starts as if the machine had been up for 100 seconds. */
    static final long VIRTUAL_BOOT_NS = 100L * 1_000_000_000L;

    private final boolean deterministic;
    private final java.util.function.LongSupplier instructions;
    private final long hostMonoBase = System.nanoTime();
    private long sleptNs;

    Clock(boolean deterministic, java.util.function.LongSupplier instructions) {
        this.deterministic = deterministic;
        this.instructions = instructions;
    }

    public boolean deterministic() {
        return deterministic;
    }

    /** CLOCK_REALTIME in nanoseconds since the Unix epoch. */
    public long realtimeNs() {
        if (deterministic) {
            return VIRTUAL_EPOCH_NS + virtualNs();
        }
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** CLOCK_MONOTONIC in nanoseconds. */
    public long monotonicNs() {
        if (deterministic) {
            return VIRTUAL_BOOT_NS + virtualNs();
        }
        return VIRTUAL_BOOT_NS + (System.nanoTime() - hostMonoBase);
    }

    /** CPU time of the process (CLOCK_PROCESS_CPUTIME_ID): the instruction count in both modes. */
    public long cpuTimeNs() {
        return instructions.getAsLong();
    }

    private long virtualNs() {
        return instructions.getAsLong() + sleptNs;
    }

    /** Sleeps {@code ns}: virtually in deterministic mode, on the host otherwise. */
    public void sleep(long ns) throws InterruptedException {
        if (ns <= 0) {
            return;
        }
        if (deterministic) {
            sleptNs += ns;
        } else {
            Thread.sleep(ns / 1_000_000L, (int) (ns % 1_000_000L));
        }
    }
}
