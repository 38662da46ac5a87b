/* ioprio_set(2) and ioprio_get(2) through syscall(2) (block/ioprio.c): the class/level checks
 * (ioprio_check_cap), which = PROCESS / PGRP / USER and their ESRCH/EINVAL cases, the raw value of a
 * process against the nice- and policy-derived value of a process group (class NONE), what vfork
 * children and a CLONE_IO child share or inherit (copy_io), and a child changing its parent's.
 * The process makes itself a process-group leader first, so PGRP never reaches the harness, and
 * never asks IOPRIO_WHO_USER about a uid that has processes on the host. Prints return values (hex)
 * and errno names. Expected: native Linux (the differential harness), run as root. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../common/errname.h"

#define NOPID 0x3ffffff0
#define NOUID 54321

#define WHO_PROCESS 1
#define WHO_PGRP 2
#define WHO_USER 3
#define CLASS_NONE 0
#define CLASS_RT 1
#define CLASS_BE 2
#define CLASS_IDLE 3
#define PRIO(c, d) (((c) << 13) | (d))

static void show(const char *what, long r) {
    if (r < 0) printf("%-44s = %ld %s\n", what, r, gt_errname(errno));
    else printf("%-44s = %#lx OK\n", what, r);
}

#define T(what, call) do { errno = 0; long r_ = (call); show(what, r_); } while (0)

static long ioset(int which, int who, int prio) {
    return syscall(SYS_ioprio_set, which, who, prio);
}

static long ioget(int which, int who) {
    return syscall(SYS_ioprio_get, which, who);
}

static void both(const char *label) {
    errno = 0;
    long a = ioget(WHO_PROCESS, 0);
    int ea = errno;
    errno = 0;
    long b = ioget(WHO_PGRP, 0);
    int eb = errno;
    printf("%-30s process=%#lx %s pgrp=%#lx %s\n", label, a, gt_errname(a < 0 ? ea : 0), b, gt_errname(b < 0 ? eb : 0));
}

static void checks(void) {
    static const struct { const char *what; int prio; } c[] = {
        { "NONE 0", PRIO(CLASS_NONE, 0) },
        { "NONE 1", PRIO(CLASS_NONE, 1) },
        { "NONE hint 8", PRIO(CLASS_NONE, 8) },
        { "RT 0", PRIO(CLASS_RT, 0) },
        { "RT 7", PRIO(CLASS_RT, 7) },
        { "BE 0", PRIO(CLASS_BE, 0) },
        { "BE 7", PRIO(CLASS_BE, 7) },
        { "BE 7 hint 0x1ff8", PRIO(CLASS_BE, 0x1fff) },
        { "IDLE 0", PRIO(CLASS_IDLE, 0) },
        { "IDLE 5", PRIO(CLASS_IDLE, 5) },
        { "class 4", PRIO(4, 0) },
        { "class 5", PRIO(5, 1) },
        { "class 7 (INVALID)", PRIO(7, 0) },
        { "-1", -1 },
        { "BE 3 | 1<<16", PRIO(CLASS_BE, 3) | (1 << 16) },
        { "BE 3 | 0x40000000", PRIO(CLASS_BE, 3) | 0x40000000 },
        { "0x10000 (NONE above 16 bits)", 0x10000 },
    };
    for (unsigned i = 0; i < sizeof c / sizeof c[0]; i++) {
        char b[80];
        snprintf(b, sizeof b, "set(PROCESS, 0, %s)", c[i].what);
        T(b, ioset(WHO_PROCESS, 0, c[i].prio));
        snprintf(b, sizeof b, "  get(PROCESS, 0)");
        T(b, ioget(WHO_PROCESS, 0));
    }
}

static void errors(void) {
    T("get(0, 0)", ioget(0, 0));
    T("get(4, 0)", ioget(4, 0));
    T("get(-1, 0)", ioget(-1, 0));
    T("get(PROCESS, nopid)", ioget(WHO_PROCESS, NOPID));
    T("get(PROCESS, -1)", ioget(WHO_PROCESS, -1));
    T("get(PGRP, nopid)", ioget(WHO_PGRP, NOPID));
    T("get(PGRP, -1)", ioget(WHO_PGRP, -1));
    T("get(USER, nouid)", ioget(WHO_USER, NOUID));
    T("get(USER, -1)", ioget(WHO_USER, -1));
    T("set(0, 0, BE 4)", ioset(0, 0, PRIO(CLASS_BE, 4)));
    T("set(4, 0, BE 4)", ioset(4, 0, PRIO(CLASS_BE, 4)));
    T("set(4, 0, class 5)", ioset(4, 0, PRIO(5, 0)));
    T("set(PROCESS, nopid, BE 4)", ioset(WHO_PROCESS, NOPID, PRIO(CLASS_BE, 4)));
    T("set(PROCESS, nopid, class 6)", ioset(WHO_PROCESS, NOPID, PRIO(6, 0)));
    T("set(PROCESS, nopid, NONE 2)", ioset(WHO_PROCESS, NOPID, PRIO(CLASS_NONE, 2)));
    T("set(PROCESS, -1, BE 4)", ioset(WHO_PROCESS, -1, PRIO(CLASS_BE, 4)));
    T("set(PGRP, nopid, BE 4)", ioset(WHO_PGRP, NOPID, PRIO(CLASS_BE, 4)));
    T("set(USER, nouid, BE 4)", ioset(WHO_USER, NOUID, PRIO(CLASS_BE, 4)));
    T("set(USER, -1, BE 4)", ioset(WHO_USER, -1, PRIO(CLASS_BE, 4)));
}

static void nice_derived(void) {
    T("set(PROCESS, getpid, NONE 0)", ioset(WHO_PROCESS, getpid(), PRIO(CLASS_NONE, 0)));
    both("NONE nice 0");
    static const int nices[] = { 10, 19, -20, -1, 4, 0 };
    for (unsigned i = 0; i < sizeof nices / sizeof nices[0]; i++) {
        char b[40];
        setpriority(PRIO_PROCESS, 0, nices[i]);
        snprintf(b, sizeof b, "NONE nice %d", nices[i]);
        both(b);
    }
    struct sched_param sp = { .sched_priority = 0 };
    setpriority(PRIO_PROCESS, 0, 7);
    T("sched_setscheduler(IDLE)", syscall(SYS_sched_setscheduler, 0, SCHED_IDLE, &sp));
    both("NONE IDLE nice 7");
    sp.sched_priority = 5;
    T("sched_setscheduler(FIFO 5)", syscall(SYS_sched_setscheduler, 0, SCHED_FIFO, &sp));
    both("NONE FIFO nice 7");
    sp.sched_priority = 0;
    T("sched_setscheduler(OTHER)", syscall(SYS_sched_setscheduler, 0, SCHED_OTHER, &sp));
    setpriority(PRIO_PROCESS, 0, 0);
    T("set(PGRP, 0, BE 3)", ioset(WHO_PGRP, 0, PRIO(CLASS_BE, 3)));
    both("PGRP BE 3");
    T("set(PGRP, getpgrp, IDLE 0)", ioset(WHO_PGRP, getpgrp(), PRIO(CLASS_IDLE, 0)));
    both("PGRP IDLE");
}

static volatile long child_res[4];

static void vfork_child(const char *label, int set_parent, int set_own) {
    pid_t pid = vfork();
    if (pid == 0) {
        child_res[0] = ioget(WHO_PROCESS, 0);
        child_res[1] = 0;
        child_res[2] = 0;
        if (set_own) {
            ioset(WHO_PROCESS, 0, set_own);
            child_res[2] = ioget(WHO_PGRP, 0);
        }
        if (set_parent) {
            child_res[1] = ioset(WHO_PROCESS, getppid(), set_parent);
        }
        _exit(0);
    }
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
    }
    printf("vfork child %-24s get=%#lx set_parent=%ld pgrp_after_own=%#lx\n", label, child_res[0],
           child_res[1], child_res[2]);
}

static char clone_stack[64 * 1024] __attribute__((aligned(16)));

static int clone_fn(void *arg) {
    child_res[0] = ioget(WHO_PROCESS, 0);
    child_res[1] = ioset(WHO_PROCESS, 0, (int)(long)arg);
    return 0;
}

static void clone_child(const char *label, int flags, int prio) {
    child_res[0] = child_res[1] = -99;
    errno = 0;
    pid_t pid = clone(clone_fn, clone_stack + sizeof clone_stack, flags | CLONE_VM | CLONE_VFORK | SIGCHLD,
                      (void *)(long)prio);
    if (pid < 0) {
        printf("clone %s failed %s\n", label, gt_errname(errno));
        return;
    }
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
    }
    printf("clone child %-24s get=%#lx set=%ld ", label, child_res[0], child_res[1]);
    both("parent after");
}

static void inherit(void) {
    T("set(PROCESS, 0, BE 2)", ioset(WHO_PROCESS, 0, PRIO(CLASS_BE, 2)));
    vfork_child("BE 2", 0, 0);
    T("set(PROCESS, 0, IDLE 1)", ioset(WHO_PROCESS, 0, PRIO(CLASS_IDLE, 1)));
    vfork_child("IDLE 1", 0, 0);
    T("set(PROCESS, 0, NONE 0)", ioset(WHO_PROCESS, 0, PRIO(CLASS_NONE, 0)));
    vfork_child("NONE", 0, 0);
    T("set(PROCESS, 0, RT 6)", ioset(WHO_PROCESS, 0, PRIO(CLASS_RT, 6)));
    vfork_child("RT 6, sets parent BE 1", PRIO(CLASS_BE, 1), 0);
    both("parent after child set");
    vfork_child("BE 1, own BE 7", 0, PRIO(CLASS_BE, 7));
    T("set(PROCESS, 0, BE 5)", ioset(WHO_PROCESS, 0, PRIO(CLASS_BE, 5)));
    vfork_child("BE 5, own RT 0", 0, PRIO(CLASS_RT, 0));
    clone_child("no CLONE_IO", 0, PRIO(CLASS_IDLE, 0));
    clone_child("CLONE_IO", CLONE_IO, PRIO(CLASS_BE, 6));
    T("set(PROCESS, 0, NONE 0)", ioset(WHO_PROCESS, 0, PRIO(CLASS_NONE, 0)));
    clone_child("NONE, CLONE_IO", CLONE_IO, PRIO(CLASS_RT, 3));
}

int main(void) {
    /* A session leader (Flatland's first process) is a group leader already; setpgid fails. */
    setpgid(0, 0);
    if (getpgrp() != getpid()) {
        printf("not a process-group leader\n");
    }
    both("initial");
    vfork_child("initial", 0, 0);
    errors();
    checks();
    nice_derived();
    inherit();
    both("final");
    return 0;
}
