/*
 * nommu.md §7 item 14 and §3.1: clone(CLONE_VM | CLONE_SIGHAND) without CLONE_THREAD is allowed on
 * both kernels and makes a second process that shares the caller's signal dispositions
 * (sighand_struct): a sigaction in the child is the parent's too. After the child execs, the two no
 * longer share them (de_thread's unshare_sighand): the exec'd child resets its caught signals to
 * SIG_DFL while the parent keeps its handler. MMU and nommu Linux agree on every line.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../common/nt.h"

extern char **environ;
static char child_stack[64 * 1024] __attribute__((aligned(16)));
static const char *self;

static void on_usr1(int sig) { (void)sig; }
static void on_usr2(int sig) { (void)sig; }

static int set_handler(void *arg) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    return sigaction(SIGUSR1, &sa, NULL) == 0 ? 0 : 1;
}

static int exec_probe(void *arg) {
    char *args[] = {(char *)self, "probe", NULL};
    execve("/proc/self/exe", args, environ);
    return 127;
}

static int handler_is(int sig, void (*h)(int)) {
    struct sigaction sa;
    sigaction(sig, NULL, &sa);
    return sa.sa_handler == h;
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "probe") == 0) {   /* the exec'd child: SIGUSR2's handler was reset */
        return handler_is(SIGUSR2, SIG_DFL) ? 0 : 1;
    }
    self = argv[0];
    int st = 0;
    errno = 0;
    int pid = clone(set_handler, child_stack + sizeof child_stack, CLONE_VM | CLONE_SIGHAND | SIGCHLD, NULL);
    NT_RESULT(14, "clone_vm_sighand", pid > 0);
    if (pid > 0) waitpid(pid, &st, 0);
    NT_FACT(14, "child_sigaction_seen_by_parent", handler_is(SIGUSR1, on_usr1));

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr2;
    sigaction(SIGUSR2, &sa, NULL);
    pid = clone(exec_probe, child_stack + sizeof child_stack, CLONE_VM | CLONE_SIGHAND | CLONE_VFORK | SIGCHLD, NULL);
    if (pid > 0) waitpid(pid, &st, 0);
    NT_FACT(14, "exec_resets_child_only", pid > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0
            && handler_is(SIGUSR2, on_usr2));
    return 0;
}
