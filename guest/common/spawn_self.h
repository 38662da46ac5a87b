/* Runs the test program itself again as a second process, the nommu way (vfork + execve), for the
 * guest tests that need one: gt_spawn_self(self, MODE, ID) starts "self MODE ID" and returns its pid;
 * gt_reap(WHAT, PID) waits for it and prints "WHAT: exit N" (128+signal when killed). */
#ifndef GT_SPAWN_SELF_H
#define GT_SPAWN_SELF_H
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>
#include "errname.h"

static inline pid_t gt_spawn_self(char *self, const char *mode, int id) {
    char arg[32];
    snprintf(arg, sizeof arg, "%d", id);
    char *argv[] = {self, (char *)mode, arg, NULL};
    fflush(stdout);
    pid_t p = vfork();
    if (p == 0) {
        execv(self, argv);
        _exit(127);
    }
    return p;
}

static inline void gt_reap(const char *what, pid_t p) {
    int st = 0;
    if (waitpid(p, &st, 0) != p) {
        printf("%s: waitpid failed %s\n", what, gt_errname(errno));
        return;
    }
    printf("%s: exit %d\n", what, WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
}
#endif
