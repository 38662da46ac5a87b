/* wait4/waitid and "clone children" (kernel/exit.c eligible_child): a child whose exit signal is not
 * SIGCHLD is waited for only with __WCLONE or __WALL, and a SIGCHLD child only without __WCLONE (or with
 * __WALL); when no child is eligible the wait is ECHILD. The exit signal itself reaches the parent.
 * Children are made with clone(CLONE_VM|CLONE_VFORK) on a stack of their own and exit at once. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef __WALL
#define __WALL 0x40000000
#endif
#ifndef __WCLONE
#define __WCLONE 0x80000000
#endif

static char stack[64 * 1024] __attribute__((aligned(16)));
static volatile int usr1;

static int child_main(void *arg) {
    _exit((int)(long)arg);
}

static pid_t make(int exit_signal, int code) {
    return clone(child_main, stack + sizeof stack, CLONE_VM | CLONE_VFORK | exit_signal, (void *)(long)code);
}

static void on_usr1(int sig) {
    (void)sig;
    usr1++;
}

static const char *err(pid_t r, pid_t p) {
    if (r == p) return "pid";
    if (r == 0) return "0";
    return errno == ECHILD ? "ECHILD" : "E?";
}

int main(void) {
    signal(SIGUSR1, on_usr1);
    int st = 0;

    pid_t p = make(0, 5);
    errno = 0;
    pid_t r = waitpid(p, &st, WNOHANG);
    printf("exit signal 0, plain wait: %s\n", err(r, p));
    errno = 0;
    r = waitpid(-1, &st, WNOHANG);
    printf("exit signal 0, wait any: %s\n", err(r, p));
    r = waitpid(p, &st, __WCLONE);
    printf("exit signal 0, __WCLONE: %s status=%d\n", err(r, p), WEXITSTATUS(st));

    p = make(SIGUSR1, 6);
    errno = 0;
    r = waitpid(p, &st, WNOHANG);
    printf("SIGUSR1 child, plain wait: %s\n", err(r, p));
    siginfo_t si;
    memset(&si, 0, sizeof si);
    int w = waitid(P_PID, p, &si, WEXITED | __WALL);
    printf("SIGUSR1 child, waitid __WALL: %d pid-ok=%d status=%d\n", w, si.si_pid == p, si.si_status);
    /* the exit signal was sent before the child became waitable (exit_notify), so it has been handled */
    printf("SIGUSR1 child: parent got SIGUSR1=%d\n", usr1);

    p = make(SIGCHLD, 7);
    errno = 0;
    r = waitpid(p, &st, __WCLONE | WNOHANG);
    printf("SIGCHLD child, __WCLONE: %s\n", err(r, p));
    r = waitpid(p, &st, __WALL);
    printf("SIGCHLD child, __WALL: %s status=%d\n", err(r, p), WEXITSTATUS(st));
    return 0;
}
