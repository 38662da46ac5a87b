/*
 * Timing for the kernel and VFS benchmarks (syscalls.c, spawn.c): runs an operation ITERS times in
 * CHUNKS equal chunks, each timed with clock_gettime(CLOCK_MONOTONIC), after a warm-up, and prints
 * "OP ITERS MEAN_NS WARMUP BEST_NS": the mean ns/op over all ITERS, the operations run in the warm-up,
 * and the ns/op of the fastest chunk. The fastest chunk is the figure to compare on a shared machine
 * (other processes' time slices land in some chunks, not all), as lmbench reports the best of its tries.
 *
 * The warm-up runs the same code as the measurement, chunks and clock reads included, and drops its
 * figures (as JMH's warm-up iterations do). It runs at least ITERS/4 operations and at least
 * BENCH_WARMUP_NS of them, in steps of ITERS/CHUNKS (none when ITERS/4 is 0): a JVM-hosted kernel settles in about 1.5 s
 * on the development VM (its JIT compiles, deoptimizes and recompiles the interpreter loop), and a
 * warm-up of ITERS/4 operations alone left that inside the measured run. The figures are steady-state
 * figures; a run's whole cost, warm-up included, is in the caller's wall or CPU time.
 */
#include <stdio.h>
#include <time.h>

#define BENCH_CHUNKS 20
#define BENCH_WARMUP_NS 2000000000LL

static long long bench_now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/*
 * Runs loop(n, arg), which performs the operation n times, as described above (once for the warm-up,
 * once per chunk) and prints the result line for NAME. A loop of its own lets a benchmark time the
 * operation alone, as lmbench's lat_syscall does (while (iterations-- > 0) getppid();).
 */
struct bench_result {
    long done;
    long long total_ns;
    double best;
};

/* Runs loop(n, arg) for ITERS operations in CHUNKS timed chunks. */
static struct bench_result bench_chunks(long iters, void (*loop)(long, void *), void *arg) {
    struct bench_result r = {0, 0, -1};
    long chunks = iters < BENCH_CHUNKS ? iters : BENCH_CHUNKS;
    for (long c = 0; c < chunks; c++) {
        long n = iters / chunks + (c < iters % chunks ? 1 : 0);
        long long t0 = bench_now_ns();
        loop(n, arg);
        long long dt = bench_now_ns() - t0;
        r.total_ns += dt;
        r.done += n;
        double per = (double)dt / n;
        if (r.best < 0 || per < r.best) r.best = per;
    }
    return r;
}

static void bench_run_loop(const char *name, long iters, void (*loop)(long, void *), void *arg) {
    long warmup = 0;
    if (iters / 4 > 0) {
        /* steps of one chunk's operations, so that the warm-up overshoots 2 s by one chunk at most */
        long step = iters / BENCH_CHUNKS > 0 ? iters / BENCH_CHUNKS : 1;
        long long t0 = bench_now_ns();
        while (warmup < iters / 4 || bench_now_ns() - t0 < BENCH_WARMUP_NS)
            warmup += bench_chunks(step, loop, arg).done;
    }
    struct bench_result r = bench_chunks(iters, loop, arg);
    printf("%s %ld %.1f %ld %.1f\n", name, r.done, (double)r.total_ns / r.done, warmup, r.best);
}

static void (*bench_op)(void *);

static void bench_op_loop(long n, void *arg) {
    for (long i = 0; i < n; i++) bench_op(arg);
}

/* Runs op(arg) as described above (one indirect call per operation) and prints the result line for NAME. */
static void bench_run(const char *name, long iters, void (*op)(void *), void *arg) {
    bench_op = op;
    bench_run_loop(name, iters, bench_op_loop, arg);
}
