/* getpriority/setpriority and nice (kernel/sys.c): the raw syscall returns 20 - nice; values are
 * clamped to -20..19; a child inherits its parent's nice through vfork and keeps it across execve;
 * PRIO_PGRP covers the process group; bad which is EINVAL, no match ESRCH. Only raises the nice
 * value (lowering it needs CAP_SYS_NICE), and only looks at its own process group and an unused
 * uid, so the output does not depend on the user or on other processes on the machine. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void show(const char *label, long r) {
    if (r < 0) printf("%s: -1 %s\n", label, errno == EINVAL ? "EINVAL" : errno == ESRCH ? "ESRCH"
                      : errno == EACCES ? "EACCES" : errno == EPERM ? "EPERM" : "other");
    else printf("%s: %ld\n", label, r);
}

int main(int argc, char **argv) {
    if (argc == 2) {   /* the exec'd child: report the nice value it inherited */
        errno = 0;
        show("child: raw getpriority", syscall(SYS_getpriority, PRIO_PROCESS, 0));
        return 0;
    }
    setvbuf(stdout, NULL, _IONBF, 0);
    setsid();
    show("raw getpriority at start", syscall(SYS_getpriority, PRIO_PROCESS, 0));
    show("setpriority 5", setpriority(PRIO_PROCESS, 0, 5));
    show("raw getpriority", syscall(SYS_getpriority, PRIO_PROCESS, 0));
    errno = 0;
    show("nice(3)", nice(3));
    show("setpriority 100 (clamped)", setpriority(PRIO_PROCESS, 0, 100));
    show("raw getpriority after clamp", syscall(SYS_getpriority, PRIO_PROCESS, 0));
    show("setpriority 10", setpriority(PRIO_PROCESS, getpid(), 10));
    show("raw getpriority by pid", syscall(SYS_getpriority, PRIO_PROCESS, getpid()));
    show("raw getpriority PRIO_PGRP 0", syscall(SYS_getpriority, PRIO_PGRP, 0));
    show("raw getpriority PRIO_PGRP own", syscall(SYS_getpriority, PRIO_PGRP, getpgrp()));
    show("getpriority which 9", syscall(SYS_getpriority, 9, 0));
    show("setpriority which -1", syscall(SYS_setpriority, -1, 0, 1));
    show("getpriority pid 999999", syscall(SYS_getpriority, PRIO_PROCESS, 999999));
    show("setpriority pid 999999", syscall(SYS_setpriority, PRIO_PROCESS, 999999, 1));
    show("getpriority unused uid", syscall(SYS_getpriority, PRIO_USER, 54321));
    show("setpriority unused pgrp", syscall(SYS_setpriority, PRIO_PGRP, 999999, 1));
    show("setpriority PRIO_PGRP 12", setpriority(PRIO_PGRP, 0, 12));
    pid_t c = vfork();
    if (c == 0) {
        char *args[] = {argv[0], "child", NULL};
        execv("/proc/self/exe", args);
        _exit(127);
    }
    int st;
    waitpid(c, &st, 0);
    show("child exit", WEXITSTATUS(st));
    return 0;
}
