/*
 * Process creation benchmark: vfork + execve(PROGRAM) + waitpid in a loop, timed with
 * clock_gettime(CLOCK_MONOTONIC); prints "OP ITERS NS_PER_OP WARMUP" like syscalls.c.
 *
 * Usage: spawn ITERS PROGRAM [ARGS...]
 *   spawn 1000 target/guest/bench/exit0              vfork+exec of a program that exits at once
 *   spawn 1 /path/busybox sh -c '...'                 one timed command (the busybox sh row)
 * The child's exit status must be 0 each time, else the benchmark fails. WARMUP = ITERS/4 untimed
 * rounds come first (none when ITERS is 1).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static long long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void once(char **argv) {
    pid_t pid = vfork();
    if (pid < 0) {
        perror("vfork");
        exit(1);
    }
    if (pid == 0) {
        execve(argv[0], argv, environ);
        _exit(127);
    }
    int st;
    if (waitpid(pid, &st, 0) != pid) {
        perror("waitpid");
        exit(1);
    }
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        fprintf(stderr, "spawn: %s: status 0x%x\n", argv[0], st);
        exit(1);
    }
}

int main(int argc, char **argv) {
    if (argc < 3 || atol(argv[1]) <= 0) {
        fprintf(stderr, "usage: %s ITERS PROGRAM [ARGS...]\n", argv[0]);
        return 2;
    }
    long iters = atol(argv[1]);
    long warmup = iters / 4;
    for (long i = 0; i < warmup; i++) once(argv + 2);
    long long t0 = now_ns();
    for (long i = 0; i < iters; i++) once(argv + 2);
    long long t1 = now_ns();
    printf("spawn %ld %.1f %ld\n", iters, (double)(t1 - t0) / iters, warmup);
    return 0;
}
