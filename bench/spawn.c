/*
 * Process creation benchmark: vfork + execve(PROGRAM) + waitpid in a loop, timed with
 * benchtime.h; prints "spawn ITERS MEAN_NS WARMUP BEST_NS" like syscalls.c.
 *
 * Usage: spawn ITERS PROGRAM [ARGS...]
 *   spawn 1000 target/guest/bench/exit0              vfork+exec of a program that exits at once
 *   spawn 2 /path/busybox sh -c '...'                 a timed shell script (the busybox sh row)
 * The child's exit status must be 0 each time, else the benchmark fails. WARMUP = ITERS/4 untimed
 * rounds come first (none when ITERS < 4).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "benchtime.h"

extern char **environ;

static void once(void *arg) {
    char **argv = arg;
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
    bench_run("spawn", iters, once, argv + 2);
    return 0;
}
