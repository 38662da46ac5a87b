package dev.flatland.kernel;

/**
 * Kernel-wide settings chosen on the command line.
 *
 * @param glibcCompat  the "--compat glibc" deviation: mprotect succeeds after MMU-Linux argument
 *                     checks, so glibc static-PIE start-up (RELRO) works (reference/nommu.md §3.5)
 * @param deterministic virtual time derived from the instruction count
 * @param seed         seed for AT_RANDOM and getrandom
 * @param strace       print each syscall as strace does
 * @param timeoutNanos wall-clock limit for the run, 0 for none
 * @param budget       instructions per run-loop slice
 * @param nrTrimPages  vm.nr_trim_pages
 * @param maxMapCount  vm.max_map_count
 */
public record KernelConfig(boolean glibcCompat, boolean deterministic, long seed, boolean strace,
        long timeoutNanos, long budget, int nrTrimPages, int maxMapCount) {

    /** vm.max_map_count's default (DEFAULT_MAX_MAP_COUNT = 65530). */
    public static final int DEFAULT_MAX_MAP_COUNT = 65530;

    /** Strict nommu, host time, seed 0, no tracing, no timeout. */
    public static KernelConfig defaults() {
        return new KernelConfig(false, false, 0, false, 0, 1 << 20, 1, DEFAULT_MAX_MAP_COUNT);
    }

    public KernelConfig withGlibcCompat(boolean on) {
        return new KernelConfig(on, deterministic, seed, strace, timeoutNanos, budget, nrTrimPages, maxMapCount);
    }

    public KernelConfig withDeterministic(boolean on) {
        return new KernelConfig(glibcCompat, on, seed, strace, timeoutNanos, budget, nrTrimPages, maxMapCount);
    }

    public KernelConfig withSeed(long s) {
        return new KernelConfig(glibcCompat, deterministic, s, strace, timeoutNanos, budget, nrTrimPages, maxMapCount);
    }

    public KernelConfig withStrace(boolean on) {
        return new KernelConfig(glibcCompat, deterministic, seed, on, timeoutNanos, budget, nrTrimPages, maxMapCount);
    }

    public KernelConfig withTimeoutNanos(long t) {
        return new KernelConfig(glibcCompat, deterministic, seed, strace, t, budget, nrTrimPages, maxMapCount);
    }

    public KernelConfig withNrTrimPages(int n) {
        return new KernelConfig(glibcCompat, deterministic, seed, strace, timeoutNanos, budget, n, maxMapCount);
    }

    public KernelConfig withMaxMapCount(int n) {
        return new KernelConfig(glibcCompat, deterministic, seed, strace, timeoutNanos, budget, nrTrimPages, n);
    }
}
