/* The nommu process model, seen from a program. On nommu Linux (and under Flatland): fork fails with
 * EINVAL; clone without CLONE_VM works but the child's mm has no mappings, so munmap of the parent's
 * memory fails with EINVAL in the child; system() needs a nommu /bin/sh (a host's dynamically linked
 * shell cannot be executed: ENOEXEC, exit status 127). Natively, on MMU Linux, fork works, the clone
 * child may munmap its private copy, and system() runs the host shell. Each line says what it saw. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static char child_stack[16384] __attribute__((aligned(16)));
static void *region;
static volatile int munmap_errno = -1;

static int child_fn(void *arg) {
    (void)arg;
    munmap_errno = munmap(region, 4096) == 0 ? 0 : errno;
    return 0;
}

int main(void) {
    long r = syscall(SYS_fork);
    if (r == 0) _exit(0);
    if (r > 0) waitpid((pid_t)r, NULL, 0);
    printf("fork: %s\n", r > 0 ? "works" : strerror(errno));

    region = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    pid_t pid = clone(child_fn, child_stack + sizeof child_stack, SIGCHLD, NULL);
    if (pid < 0) {
        printf("clone without CLONE_VM: %s\n", strerror(errno));
    } else {
        int st;
        waitpid(pid, &st, 0);
        /* nommu: the child ran in our memory, so its store to munmap_errno is visible here. */
        printf("clone without CLONE_VM: child exited %d; child munmap of parent memory: %s\n", WEXITSTATUS(st),
            munmap_errno == -1 ? "not visible to the parent (separate memory)"
                               : munmap_errno == 0 ? "succeeded" : strerror(munmap_errno));
    }

    int s = system("exit 3");
    if (s == -1) printf("system(\"exit 3\"): -1 (%s)\n", strerror(errno));
    else printf("system(\"exit 3\"): exit status %d\n", WEXITSTATUS(s));
    return 0;
}
