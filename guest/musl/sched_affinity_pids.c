/* sched_getaffinity of other processes: any existing pid may be asked (no permission check in
 * sched_getaffinity), here the parent and pid 1 (init); a pid that does not exist is ESRCH. The
 * masks themselves depend on the machine, so only "some CPU is set" is printed. busybox's
 * "taskset -p 1" does this. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static const char *ename(int e) {
    return e == ESRCH ? "ESRCH" : e == EINVAL ? "EINVAL" : e == EPERM ? "EPERM" : e == EFAULT ? "EFAULT" : "other";
}

static void show(const char *what, pid_t pid) {
    cpu_set_t set;
    CPU_ZERO(&set);
    long r = syscall(SYS_sched_getaffinity, pid, sizeof set, &set);
    if (r < 0) {
        printf("%s: -1 %s\n", what, ename(errno));
    } else {
        printf("%s: returns a multiple of 8: %s, some CPU set: %s\n", what, r > 0 && r % 8 == 0 ? "yes" : "no",
               CPU_COUNT(&set) > 0 ? "yes" : "no");
    }
}

int main(void) {
    show("self (0)", 0);
    show("self (getpid)", getpid());
    show("parent", getppid());
    show("init (1)", 1);
    show("no such pid (4194304, above pid_max)", 4194304);
    cpu_set_t set;
    long r = syscall(SYS_sched_getaffinity, 0, 4, &set);
    printf("4-byte mask: %ld %s\n", r, r < 0 ? ename(errno) : "");
    return 0;
}
