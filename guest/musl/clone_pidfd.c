/* clone(CLONE_PIDFD): the parent gets a close-on-exec pidfd for the child at the parent_tid pointer
 * (clone) or args->pidfd (clone3); the child does not have it; it polls readable once the child has
 * exited and waitid(P_PIDFD) reaps that child. Error cases: CLONE_PIDFD with CLONE_PARENT_SETTID
 * (legacy clone: one pointer for both) and with CLONE_DETACHED are EINVAL, a bad pointer EFAULT and
 * nothing is created. Children are CLONE_VM|CLONE_VFORK on a stack of their own. Results and errno
 * names only. Expected: native Linux. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../common/errname.h"

#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x1000
#endif
#ifndef P_PIDFD
#define P_PIDFD 3
#endif

static char stack[64 * 1024] __attribute__((aligned(16)));
static volatile int child_saw_fd;
static volatile int watched;

static int child(void *arg) {
    /* the pidfd is in the parent's table only (no CLONE_FILES) */
    child_saw_fd = fcntl(watched, F_GETFD) >= 0;
    _exit((int)(intptr_t)arg);
}

static void report(const char *what, int pidfd) {
    printf("%s: cloexec %d\n", what, (fcntl(pidfd, F_GETFD) & FD_CLOEXEC) != 0);
    /* blocking: a vfork parent resumes when the child releases its memory, which comes before
     * the child becomes a zombie */
    struct pollfd p = {pidfd, POLLIN, 0};
    int n = poll(&p, 1, -1);
    printf("  poll until exit = %d revents %#x\n", n, p.revents);
    siginfo_t si;
    memset(&si, 0, sizeof si);
    gt_show("  waitid(P_PIDFD)", syscall(SYS_waitid, P_PIDFD, pidfd, &si, WEXITED, 0));
    printf("  si_code CLD_EXITED %d status %d\n", si.si_code == CLD_EXITED, si.si_status);
    p.revents = 0;
    n = poll(&p, 1, 0);
    printf("  poll after reaping = %d revents %#x\n", n, p.revents);
    gt_show("  waitid again", syscall(SYS_waitid, P_PIDFD, pidfd, &si, WEXITED, 0));
    close(pidfd);
}

struct clone_args_v0 {
    uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
};

/* clone3 whose child calls exit(code) at once, without touching memory: it starts on its new stack
 * at the syscall's return, where no C code could run safely. Returns the parent's result. */
static long clone3_exit(struct clone_args_v0 *ca, size_t size, long code) {
    long ret;
    register long r10 __asm__("r10") = code;
    __asm__ volatile("syscall\n\t"
                     "test %%rax, %%rax\n\t"
                     "jnz 1f\n\t"
                     "mov %%r10, %%rdi\n\t"
                     "mov $60, %%eax\n\t"
                     "syscall\n\t"
                     "1:"
                     : "=a"(ret)
                     : "a"((long)SYS_clone3), "D"(ca), "S"(size), "r"(r10)
                     : "rcx", "r11", "memory");
    if (ret < 0) {
        errno = (int)-ret;
        return -1;
    }
    return ret;
}

int main(void) {
    int pidfd = -1;
    /* the next free descriptor is the one the pidfd will get: the child looks for it */
    watched = dup(0);
    close(watched);
    int pid = clone(child, stack + sizeof stack, CLONE_VM | CLONE_VFORK | CLONE_PIDFD | SIGCHLD, (void *)7, &pidfd);
    printf("clone CLONE_PIDFD: %s, pidfd set %d, pidfd is the next free fd %d, child saw it %d\n",
           pid > 0 ? "ok" : gt_errname(errno), pidfd >= 0, pidfd == watched, child_saw_fd);
    if (pid > 0) report("clone", pidfd);

    int before = dup(0);
    close(before);
    errno = 0;
    int r = syscall(SYS_clone, CLONE_VM | CLONE_VFORK | CLONE_PIDFD | CLONE_PARENT_SETTID | SIGCHLD, 0, &pidfd, 0, 0);
    printf("clone PIDFD|PARENT_SETTID = %d %s\n", r < 0 ? -1 : r, r < 0 ? gt_errname(errno) : "");
    r = syscall(SYS_clone, CLONE_VM | CLONE_VFORK | CLONE_PIDFD | CLONE_DETACHED | SIGCHLD, 0, &pidfd, 0, 0);
    printf("clone PIDFD|DETACHED = %d %s\n", r < 0 ? -1 : r, r < 0 ? gt_errname(errno) : "");
    r = syscall(SYS_clone, CLONE_VM | CLONE_VFORK | CLONE_PIDFD | SIGCHLD, 0, (void *)16, 0, 0);
    printf("clone PIDFD bad pointer = %d %s\n", r < 0 ? -1 : r, r < 0 ? gt_errname(errno) : "");
    int after = dup(0);
    close(after);
    printf("no descriptor left behind %d, no child left behind %d\n", before == after,
           waitpid(-1, NULL, WNOHANG) < 0 && errno == ECHILD);

    /* clone3: the pidfd goes to args->pidfd; parent_tid is separate */
    int pidfd3 = -1, ptid = 0;
    struct clone_args_v0 ca;
    memset(&ca, 0, sizeof ca);
    ca.flags = CLONE_VM | CLONE_VFORK | CLONE_PIDFD | CLONE_PARENT_SETTID;
    ca.pidfd = (uintptr_t)&pidfd3;
    ca.parent_tid = (uintptr_t)&ptid;
    ca.exit_signal = SIGCHLD;
    ca.stack = (uintptr_t)stack;
    ca.stack_size = sizeof stack;
    long c3 = clone3_exit(&ca, sizeof ca, 9);
    printf("clone3 CLONE_PIDFD|PARENT_SETTID: %s, pidfd set %d, parent_tid is the pid %d\n",
           c3 > 0 ? "ok" : gt_errname(errno), pidfd3 >= 0, c3 > 0 && ptid == c3);
    if (c3 > 0) report("clone3", pidfd3);
    return 0;
}
