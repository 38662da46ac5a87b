/*
 * nommu.md §7 item 13 and §3.1: fork and vfork. The fork syscall (57) exists on x86-64 but nommu
 * Linux refuses it with EINVAL (kernel/fork.c: no MMU, no copy-on-write). vfork works on both: the
 * child borrows the parent's memory, so its writes are seen by the parent, and the parent sleeps
 * until the child exits or its execve succeeds. Checked without timing:
 *   vfork_parent_waits_for_exit: the child yields many times before it exits; the parent, once
 *     running again, must see the child's last write.
 *   vfork_parent_resumes_at_exec: the exec'd child blocks reading a pipe that only the parent
 *     writes, which works only if execve released the parent.
 */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../common/nt.h"

extern char **environ;
static volatile int shared_word;

int main(int argc, char **argv) {
    if (argc == 3 && strcmp(argv[1], "read-pipe") == 0) {   /* the exec'd vfork child */
        char c;
        return read(atoi(argv[2]), &c, 1) == 1 && c == 'x' ? 0 : 1;
    }

    errno = 0;
    long pid = syscall(SYS_fork);
    if (pid == 0) _exit(0);
    if (pid > 0) waitpid(pid, NULL, 0);
    NT_RESULT(13, "fork", pid > 0);

    shared_word = 0;
    pid = vfork();
    if (pid == 0) {
        shared_word = 1;
        for (int i = 0; i < 200; i++) sched_yield();
        shared_word = 2;
        _exit(7);
    }
    NT_FACT(13, "vfork_parent_waits_for_exit", shared_word == 2);
    int st = 0;
    waitpid(pid, &st, 0);
    NT_FACT(13, "vfork_child_exit_status", WIFEXITED(st) && WEXITSTATUS(st) == 7);

    int p[2];
    if (pipe(p) != 0) return 1;
    char fdarg[16];
    snprintf(fdarg, sizeof fdarg, "%d", p[0]);
    char *args[] = {argv[0], "read-pipe", fdarg, NULL};
    pid = vfork();
    if (pid == 0) {
        execve("/proc/self/exe", args, environ);
        _exit(127);
    }
    /* Reached only after the child's execve succeeded (or it exited). */
    NT_RESULT(13, "vfork_parent_resumes_at_exec", write(p[1], "x", 1) == 1);
    waitpid(pid, &st, 0);
    NT_FACT(13, "vfork_exec_child_read_the_pipe", WIFEXITED(st) && WEXITSTATUS(st) == 0);

    /* A failed execve leaves the child running on the parent's memory; the parent still waits. */
    shared_word = 0;
    pid = vfork();
    if (pid == 0) {
        char *none[] = {"/nonexistent/prog", NULL};
        execve(none[0], none, environ);
        shared_word = errno;
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    printf("13.vfork_failed_exec_errno: %s\n", nt_errname(shared_word));
    return 0;
}
