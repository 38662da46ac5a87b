/*
 * Kernel and VFS latency benchmark: times one operation in a loop (benchtime.h: clock_gettime
 * (CLOCK_MONOTONIC), warm-up, best chunk) and prints "OP ITERS MEAN_NS WARMUP BEST_NS". Run natively and
 * under Flatland by scripts/bench-kernel and scripts/bench-vfs; the same binary (musl static-PIE) serves both.
 *
 * Usage: syscalls OP ITERS [FILE]
 *   getppid           the null syscall: getppid() in a loop of its own (musl does not cache it; as lmbench
 *                     lat_syscall null: while (n-- > 0) getppid();), about 6 instructions per call
 *   getppid-call      the same through the generic harness (an indirect call and a switch per
 *                     operation, as the other operations are timed), about 27 instructions per call
 *   stat FILE         stat(2) on FILE
 *   openclose FILE    open(FILE, O_RDONLY) + close
 *   pread FILE        pread(fd, buf, 4096, 0) on FILE (created with 4 KiB first)
 *   pwrite FILE       pwrite(fd, buf, 4096, 0) on FILE
 * The warm-up (ITERS/4 untimed operations) lets a JIT-compiled host (Flatland's JVM) be measured warm,
 * as a native kernel always is.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "benchtime.h"

static char buf[4096];

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

static int the_op;
static const char *the_file;
static int the_fd;
static const char *names[] = {"getppid-call", "stat", "openclose", "pread", "pwrite"};

static void one(void *arg) {
    (void)arg;
    if (op_run(the_op, the_file, the_fd)) die(names[the_op]);
}

static void getppid_loop(long n, void *arg) {
    (void)arg;
    while (n-- > 0)
        if (getppid() <= 0) die("getppid");
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: %s getppid|getppid-call|stat|openclose|pread|pwrite ITERS [FILE]\n", argv[0]);
        return 2;
    }
    if (strcmp(argv[1], "getppid") == 0) {
        long n = atol(argv[2]);
        if (n <= 0) {
            fprintf(stderr, "%s: bad arguments\n", argv[0]);
            return 2;
        }
        bench_run_loop("getppid", n, getppid_loop, NULL);
        return 0;
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
    the_op = op;
    the_file = file;
    the_fd = fd;
    bench_run(names[op], iters, one, NULL);
    if (fd >= 0) {
        close(fd);
        unlink(file);
    }
    return 0;
}
