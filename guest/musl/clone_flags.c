/* clone flag checks that Linux makes before creating anything (kernel/fork.c copy_process): these
 * EINVAL cases are the same with and without an MMU. Raw syscalls, so no child is ever created. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static void try(const char *what, unsigned long flags) {
    errno = 0;
    long r = syscall(SYS_clone, flags, 0, 0, 0, 0);
    if (r == 0) _exit(0);   /* not expected: a child would run here */
    printf("%-40s -> %ld %s\n", what, r, r < 0 ? strerror(errno) : "(created a child)");
}

int main(void) {
    try("CLONE_THREAD without CLONE_SIGHAND", CLONE_VM | CLONE_THREAD);
    try("CLONE_SIGHAND without CLONE_VM", CLONE_SIGHAND | SIGCHLD);
    try("CLONE_THREAD|CLONE_SIGHAND without VM", CLONE_THREAD | CLONE_SIGHAND);
    try("CLONE_NEWNS|CLONE_FS", CLONE_NEWNS | CLONE_FS | SIGCHLD);
    return 0;
}
