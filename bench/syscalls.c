/*
 * Kernel and VFS latency benchmark: times one operation in a loop with clock_gettime(CLOCK_MONOTONIC)
 * and prints "OP ITERS NS_PER_OP WARMUP". Run natively and under Flatland by scripts/bench-kernel and
 * scripts/bench-vfs; the same binary (musl static-PIE) serves both.
 *
 * Usage: syscalls OP ITERS [FILE]
 *   getppid           the null syscall: getppid() (musl does not cache it; lmbench lat_syscall null)
 *   stat FILE         stat(2) on FILE
 *   openclose FILE    open(FILE, O_RDONLY) + close
 *   pread FILE        pread(fd, buf, 4096, 0) on FILE (created with 4 KiB first)
 *   pwrite FILE       pwrite(fd, buf, 4096, 0) on FILE
 * Before the timed loop the operation runs WARMUP = ITERS/4 times untimed, so that a JIT-compiled
 * host (Flatland's JVM) is measured warm, as a native kernel always is.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char buf[4096];

static long long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void die(const char *what) {
    perror(what);
    exit(1);
}

/* One operation; returns nonzero on failure. */
static int op_run(int op, const char *file, int fd) {
    struct stat st;
    switch (op) {
    case 0:
        return getppid() <= 0;
    case 1:
        return stat(file, &st) != 0;
    case 2: {
        int f = open(file, O_RDONLY);
        if (f < 0) return 1;
        return close(f) != 0;
    }
    case 3:
        return pread(fd, buf, sizeof buf, 0) != (ssize_t)sizeof buf;
    case 4:
        return pwrite(fd, buf, sizeof buf, 0) != (ssize_t)sizeof buf;
    }
    return 1;
}

int main(int argc, char **argv) {
    static const char *names[] = {"getppid", "stat", "openclose", "pread", "pwrite"};
    if (argc < 3) {
        fprintf(stderr, "usage: %s getppid|stat|openclose|pread|pwrite ITERS [FILE]\n", argv[0]);
        return 2;
    }
    int op = -1;
    for (int i = 0; i < 5; i++)
        if (strcmp(argv[1], names[i]) == 0) op = i;
    long iters = atol(argv[2]);
    if (op < 0 || iters <= 0 || (op > 0 && argc < 4)) {
        fprintf(stderr, "%s: bad arguments\n", argv[0]);
        return 2;
    }
    const char *file = op > 0 ? argv[3] : NULL;
    int fd = -1;
    if (op > 0) {
        memset(buf, 'x', sizeof buf);
        fd = open(file, O_RDWR | O_CREAT | O_TRUNC, 0644);
        if (fd < 0) die("open");
        if (write(fd, buf, sizeof buf) != (ssize_t)sizeof buf) die("write");
    }
    long warmup = iters / 4;
    for (long i = 0; i < warmup; i++)
        if (op_run(op, file, fd)) die(names[op]);
    long long t0 = now_ns();
    for (long i = 0; i < iters; i++)
        if (op_run(op, file, fd)) die(names[op]);
    long long t1 = now_ns();
    if (fd >= 0) {
        close(fd);
        unlink(file);
    }
    printf("%s %ld %.1f %ld\n", names[op], iters, (double)(t1 - t0) / iters, warmup);
    return 0;
}
