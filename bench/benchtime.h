/*
 * Timing for the kernel and VFS benchmarks (syscalls.c, spawn.c): runs an operation ITERS times in
 * CHUNKS equal chunks, each timed with clock_gettime(CLOCK_MONOTONIC), after ITERS/4 untimed warm-up
 * operations, and prints "OP ITERS MEAN_NS WARMUP BEST_NS": the mean ns/op over all ITERS and the
 * ns/op of the fastest chunk. The fastest chunk is the figure to compare on a shared machine (other
 * processes' time slices land in some chunks, not all), as lmbench reports the best of its tries.
 */
#include <stdio.h>
#include <time.h>

#define BENCH_CHUNKS 20

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
static void bench_run_loop(const char *name, long iters, void (*loop)(long, void *), void *arg) {
    long warmup = iters / 4;
    loop(warmup, arg);
    long chunks = iters < BENCH_CHUNKS ? iters : BENCH_CHUNKS;
    long long total = 0;
    double best = -1;
    long done = 0;
    for (long c = 0; c < chunks; c++) {
        long n = iters / chunks + (c < iters % chunks ? 1 : 0);
        long long t0 = bench_now_ns();
        loop(n, arg);
        long long dt = bench_now_ns() - t0;
        total += dt;
        done += n;
        double per = (double)dt / n;
        if (best < 0 || per < best) best = per;
    }
    printf("%s %ld %.1f %ld %.1f\n", name, done, (double)total / done, warmup, best);
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
