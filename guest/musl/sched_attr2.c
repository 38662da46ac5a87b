/* sched_setattr(2) and sched_getattr(2) through syscall(2) (kernel/sched/syscalls.c): struct
 * sched_attr size handling (0 = VER0, E2BIG with the kernel's size written back, short and long
 * getattr buffers), the argument checks and their order, every policy with its nice / priority /
 * runtime, the SCHED_FLAG_* bits (KEEP_POLICY, KEEP_PARAMS, RESET_ON_FORK, UTIL_CLAMP without
 * CONFIG_UCLAMP_TASK), SCHED_DEADLINE parameter checks, the fair-task custom slice
 * (sched_runtime, clamped to 0.1..100 ms) and what a vfork child inherits. Prints return values,
 * errno names and the fields read back. Output does not depend on the host's CPU count: the default
 * slice (sysctl_sched_base_slice, scaled by the number of CPUs) prints as "D", and an admitted valid
 * SCHED_DEADLINE request (a one-CPU kernel's admission control may answer EBUSY) prints as
 * "admitted-or-EBUSY". Expected: native Linux (the differential harness), run as root. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../common/errname.h"

#define BADPTR ((void *)1)
#define NOPID 0x3ffffff0

#define SCHED_OTHER_ 0
#define SCHED_FIFO_ 1
#define SCHED_RR_ 2
#define SCHED_BATCH_ 3
#define SCHED_IDLE_ 5
#define SCHED_DEADLINE_ 6

#define F_RESET_ON_FORK 0x01
#define F_RECLAIM 0x02
#define F_KEEP_POLICY 0x08
#define F_KEEP_PARAMS 0x10
#define F_UTIL_CLAMP_MIN 0x20
#define F_UTIL_CLAMP_MAX 0x40

struct attr {
    uint32_t size;
    uint32_t sched_policy;
    uint64_t sched_flags;
    int32_t sched_nice;
    uint32_t sched_priority;
    uint64_t sched_runtime;
    uint64_t sched_deadline;
    uint64_t sched_period;
    uint32_t sched_util_min;
    uint32_t sched_util_max;
};

static void show(const char *what, long r) {
    printf("%-52s = %ld %s\n", what, r, gt_errname(r < 0 ? errno : 0));
}

#define T(what, call) do { errno = 0; long r_ = (call); show(what, r_); } while (0)

/* The default slice of a fair task, read before any change. */
static uint64_t default_slice;

static long setattr(int pid, void *a, unsigned flags) {
    return syscall(SYS_sched_setattr, pid, a, flags);
}

static long getattr(int pid, void *a, unsigned size, unsigned flags) {
    return syscall(SYS_sched_getattr, pid, a, size, flags);
}

static void print_runtime(uint64_t rt) {
    if (rt == default_slice) printf(" runtime=D");
    else printf(" runtime=%llu", (unsigned long long)rt);
}

static void print_attr(const struct attr *a) {
    printf("  size=%u policy=%u flags=%#llx nice=%d prio=%u", a->size, a->sched_policy,
           (unsigned long long)a->sched_flags, a->sched_nice, a->sched_priority);
    print_runtime(a->sched_runtime);
    printf(" deadline=%llu period=%llu util=%u/%u\n", (unsigned long long)a->sched_deadline,
           (unsigned long long)a->sched_period, a->sched_util_min, a->sched_util_max);
}

/* sched_getattr(0) of the caller, printed with getpriority's nice and getscheduler. */
static void state(const char *label) {
    struct attr a;
    memset(&a, 0x5a, sizeof a);
    errno = 0;
    long r = getattr(0, &a, sizeof a, 0);
    printf("state %s: getattr = %ld %s", label, r, gt_errname(r < 0 ? errno : 0));
    if (r == 0) {
        printf(" getscheduler=%#lx getpriority=%d\n", syscall(SYS_sched_getscheduler, 0),
               getpriority(PRIO_PROCESS, 0));
        print_attr(&a);
    } else {
        printf("\n");
    }
}

/* A sched_attr with the given policy and parameters, size sizeof (56). */
static struct attr mk(uint32_t policy, uint64_t flags, int nice, uint32_t prio) {
    struct attr a;
    memset(&a, 0, sizeof a);
    a.size = sizeof a;
    a.sched_policy = policy;
    a.sched_flags = flags;
    a.sched_nice = nice;
    a.sched_priority = prio;
    return a;
}

static long set(uint32_t policy, uint64_t flags, int nice, uint32_t prio) {
    struct attr a = mk(policy, flags, nice, prio);
    return setattr(0, &a, 0);
}

static long set_rt(uint32_t policy, int nice, uint64_t runtime) {
    struct attr a = mk(policy, 0, nice, 0);
    a.sched_runtime = runtime;
    return setattr(0, &a, 0);
}

static long set_dl(uint64_t runtime, uint64_t deadline, uint64_t period) {
    struct attr a = mk(SCHED_DEADLINE_, 0, 0, 0);
    a.sched_runtime = runtime;
    a.sched_deadline = deadline;
    a.sched_period = period;
    return setattr(0, &a, 0);
}

static void getattr_checks(void) {
    unsigned char buf[128];
    struct attr a;
    T("getattr(0, NULL, 56, 0)", getattr(0, NULL, 56, 0));
    T("getattr(-1, &a, 56, 0)", getattr(-1, &a, 56, 0));
    T("getattr(0, &a, 47, 0)", getattr(0, &a, 47, 0));
    T("getattr(0, &a, 4097, 0)", getattr(0, buf, 4097, 0));
    T("getattr(0, &a, 56, 1)", getattr(0, &a, 56, 1));
    T("getattr(nopid, &a, 56, 0)", getattr(NOPID, &a, 56, 0));
    T("getattr(nopid, &a, 47, 0)", getattr(NOPID, &a, 47, 0));
    T("getattr(0, BADPTR, 56, 0)", getattr(0, BADPTR, 56, 0));
    T("getattr(getpid, &a, 56, 0)", getattr(getpid(), &a, 56, 0));
    T("getattr(gettid, &a, 56, 0)", getattr(syscall(SYS_gettid), &a, 56, 0));

    memset(buf, 0xaa, sizeof buf);
    T("getattr(0, buf, 48, 0)", getattr(0, buf, 48, 0));
    memcpy(&a, buf, sizeof a);
    printf("  size=%u byte48=%#x byte55=%#x\n", a.size, buf[48], buf[55]);
    memset(buf, 0xaa, sizeof buf);
    T("getattr(0, buf, 100, 0)", getattr(0, buf, 100, 0));
    memcpy(&a, buf, sizeof a);
    printf("  size=%u byte56=%#x byte99=%#x\n", a.size, buf[56], buf[99]);
    memset(buf, 0xaa, sizeof buf);
    T("getattr(0, buf, 52, 0)", getattr(0, buf, 52, 0));
    memcpy(&a, buf, sizeof a);
    printf("  size=%u util_min=%#x byte52=%#x\n", a.size, a.sched_util_min, buf[52]);
}

static void size_checks(void) {
    unsigned char buf[4200];
    struct attr *a = (struct attr *)buf;
    memset(buf, 0, sizeof buf);
    T("setattr(0, NULL, 0)", setattr(0, NULL, 0));
    *a = mk(SCHED_OTHER_, 0, 0, 0);
    T("setattr(-1, &a, 0)", setattr(-1, a, 0));
    T("setattr(0, &a, 1)", setattr(0, a, 1));
    T("setattr(0, BADPTR, 0)", setattr(0, BADPTR, 0));
    T("setattr(nopid, &a, 0)", setattr(NOPID, a, 0));
    a->size = 0;
    T("setattr(size 0)", setattr(0, a, 0));
    printf("  size=%u\n", a->size);
    a->size = 47;
    T("setattr(size 47)", setattr(0, a, 0));
    printf("  size=%u\n", a->size);
    a->size = 47;
    T("setattr(nopid, size 47)", setattr(NOPID, a, 0));
    printf("  size=%u\n", a->size);
    a->size = 1;
    T("setattr(size 1)", setattr(0, a, 0));
    printf("  size=%u\n", a->size);
    a->size = 4097;
    T("setattr(size 4097)", setattr(0, a, 0));
    printf("  size=%u\n", a->size);
    a->size = 4096;
    T("setattr(size 4096, zero tail)", setattr(0, a, 0));
    printf("  size=%u\n", a->size);
    a->size = 64;
    T("setattr(size 64, zero tail)", setattr(0, a, 0));
    printf("  size=%u\n", a->size);
    buf[60] = 1;
    T("setattr(size 64, tail byte 60 set)", setattr(0, a, 0));
    printf("  size=%u\n", a->size);
    a->size = 60;
    T("setattr(size 60, byte 60 set beyond)", setattr(0, a, 0));
    printf("  size=%u\n", a->size);
    buf[60] = 0;
    a->size = 56;
    a->sched_policy = 0xffffffff;
    T("setattr(policy -1)", setattr(0, a, 0));
    a->sched_policy = 0x80000000;
    T("setattr(policy 0x80000000)", setattr(0, a, 0));
    a->sched_policy = 4;
    T("setattr(policy 4)", setattr(0, a, 0));
    a->sched_policy = 100;
    T("setattr(policy 100)", setattr(0, a, 0));
    a->sched_policy = 0xffffffff;
    T("setattr(nopid, policy -1)", setattr(NOPID, a, 0));
    a->sched_policy = 100;
    T("setattr(nopid, policy 100)", setattr(NOPID, a, 0));
    a->sched_policy = 0xffffffff;
    a->sched_flags = F_KEEP_POLICY;
    T("setattr(policy -1, KEEP_POLICY)", setattr(0, a, 0));
    a->sched_policy = 100;
    T("setattr(policy 100, KEEP_POLICY)", setattr(0, a, 0));
    a->sched_policy = 0;
    a->sched_flags = 0x80;
    T("setattr(flags 0x80)", setattr(0, a, 0));
    a->sched_flags = 0x10000000;
    T("setattr(flags SUGOV)", setattr(0, a, 0));
    a->sched_flags = 1ULL << 40;
    T("setattr(flags 1<<40)", setattr(0, a, 0));
    a->sched_flags = F_RECLAIM | 0x04;
    T("setattr(flags RECLAIM|DL_OVERRUN on OTHER)", setattr(0, a, 0));
    state("after RECLAIM|DL_OVERRUN");
    a->sched_flags = 0;
}

static void fair(void) {
    T("setattr(OTHER nice 5)", set(SCHED_OTHER_, 0, 5, 0));
    state("OTHER nice 5");
    T("setattr(OTHER nice 100)", set(SCHED_OTHER_, 0, 100, 0));
    state("OTHER nice 100");
    T("setattr(OTHER nice -100)", set(SCHED_OTHER_, 0, -100, 0));
    state("OTHER nice -100");
    T("setattr(OTHER nice 0 prio 1)", set(SCHED_OTHER_, 0, 0, 1));
    T("setattr(OTHER nice 0 prio 100)", set(SCHED_OTHER_, 0, 0, 100));
    T("setattr(BATCH nice 3)", set(SCHED_BATCH_, 0, 3, 0));
    state("BATCH nice 3");
    T("setattr(IDLE nice 7)", set(SCHED_IDLE_, 0, 7, 0));
    state("IDLE nice 7");
    T("setattr(OTHER nice 0)", set(SCHED_OTHER_, 0, 0, 0));
    T("setpriority(0, 0, 6)", setpriority(PRIO_PROCESS, 0, 6));
    state("setpriority 6");
    T("setattr(OTHER runtime 5ms)", set_rt(SCHED_OTHER_, 6, 5000000));
    state("runtime 5ms");
    T("setattr(OTHER runtime 1)", set_rt(SCHED_OTHER_, 6, 1));
    state("runtime 1");
    T("setattr(BATCH runtime 1s)", set_rt(SCHED_BATCH_, 6, 1000000000));
    state("BATCH runtime 1s");
    T("setattr(IDLE runtime 2ms)", set_rt(SCHED_IDLE_, 6, 2000000));
    state("IDLE runtime 2ms");
    T("setattr(OTHER runtime 2ms)", set_rt(SCHED_OTHER_, 6, 2000000));
    struct { int prio; } p = { 0 };
    T("sched_setscheduler(OTHER)", syscall(SYS_sched_setscheduler, 0, SCHED_OTHER_, &p));
    state("setscheduler keeps the slice");
    p.prio = 3;
    T("sched_setscheduler(FIFO 3)", syscall(SYS_sched_setscheduler, 0, SCHED_FIFO_, &p));
    state("FIFO after custom slice");
    p.prio = 0;
    T("sched_setscheduler(OTHER)", syscall(SYS_sched_setscheduler, 0, SCHED_OTHER_, &p));
    state("OTHER after FIFO");
    T("setattr(OTHER runtime 0)", set_rt(SCHED_OTHER_, 0, 0));
    state("runtime 0");
}

static void realtime(void) {
    T("setattr(FIFO prio 0)", set(SCHED_FIFO_, 0, 0, 0));
    T("setattr(FIFO prio 100)", set(SCHED_FIFO_, 0, 0, 100));
    T("setattr(FIFO prio 10 nice 5)", set(SCHED_FIFO_, 0, 5, 10));
    state("FIFO 10");
    T("setattr(RR prio 99)", set(SCHED_RR_, 0, 0, 99));
    state("RR 99");
    T("setattr(KEEP_POLICY prio 20)", set(SCHED_OTHER_, F_KEEP_POLICY, 0, 20));
    state("KEEP_POLICY prio 20");
    T("setattr(KEEP_POLICY prio 0)", set(SCHED_OTHER_, F_KEEP_POLICY, 0, 0));
    T("setattr(FIFO, KEEP_PARAMS)", set(SCHED_FIFO_, F_KEEP_PARAMS, 0, 0));
    state("FIFO KEEP_PARAMS");
    T("setattr(OTHER, KEEP_PARAMS)", set(SCHED_OTHER_, F_KEEP_PARAMS, 0, 0));
    state("OTHER KEEP_PARAMS");
    T("setattr(FIFO 5, KEEP_PARAMS|RESET_ON_FORK)", set(SCHED_FIFO_, F_KEEP_PARAMS | F_RESET_ON_FORK, 0, 5));
    state("KEEP_PARAMS|RESET_ON_FORK");
    T("setattr(KEEP_POLICY|KEEP_PARAMS)", set(SCHED_OTHER_, F_KEEP_POLICY | F_KEEP_PARAMS, 0, 0));
    state("KEEP_ALL");
    T("setattr(OTHER)", set(SCHED_OTHER_, 0, 0, 0));
    state("OTHER");
    T("setattr(OTHER, KEEP_PARAMS nice 9)", set(SCHED_OTHER_, F_KEEP_PARAMS, 9, 0));
    state("OTHER KEEP_PARAMS nice 9");
    T("setattr(BATCH, KEEP_PARAMS)", set(SCHED_BATCH_, F_KEEP_PARAMS, 0, 0));
    state("BATCH KEEP_PARAMS");
    T("setattr(FIFO 1, RESET_ON_FORK)", set(SCHED_FIFO_, F_RESET_ON_FORK, 0, 1));
    state("FIFO 1 RESET_ON_FORK");
    T("setattr(FIFO 1)", set(SCHED_FIFO_, 0, 0, 1));
    state("FIFO 1 reset cleared");
    T("setattr(OTHER)", set(SCHED_OTHER_, 0, 0, 0));
}

static void uclamp(void) {
    struct attr a = mk(SCHED_OTHER_, F_UTIL_CLAMP_MIN, 0, 0);
    a.size = 48;
    T("setattr(UTIL_CLAMP_MIN size 48)", setattr(0, &a, 0));
    a.size = 0;
    T("setattr(UTIL_CLAMP_MAX size 0)", (a.sched_flags = F_UTIL_CLAMP_MAX, setattr(0, &a, 0)));
    a.size = 56;
    a.sched_flags = F_UTIL_CLAMP_MIN;
    a.sched_util_min = 100;
    T("setattr(UTIL_CLAMP_MIN 100)", setattr(0, &a, 0));
    a.sched_flags = F_UTIL_CLAMP_MIN | F_UTIL_CLAMP_MAX;
    a.sched_util_max = 2000;
    T("setattr(UTIL_CLAMP both, max 2000)", setattr(0, &a, 0));
    a.sched_policy = SCHED_FIFO_;
    a.sched_priority = 0;
    T("setattr(FIFO 0 UTIL_CLAMP)", setattr(0, &a, 0));
    state("after uclamp");
}

static void deadline(void) {
    T("setattr(DL deadline 0)", set_dl(10000000, 0, 30000000));
    T("setattr(DL runtime 1023)", set_dl(1023, 30000000, 30000000));
    T("setattr(DL runtime > deadline)", set_dl(20000000, 10000000, 30000000));
    T("setattr(DL deadline > period)", set_dl(10000000, 40000000, 30000000));
    T("setattr(DL period 50us)", set_dl(10000, 40000, 50000));
    T("setattr(DL period 5s)", set_dl(10000000, 30000000, 5000000000ULL));
    T("setattr(DL deadline bit 63)", set_dl(10000000, 1ULL << 63, 0));
    T("setattr(DL period bit 63)", set_dl(10000000, 30000000, 1ULL << 63));
    T("setattr(DL prio 1)", (errno = 0, ({ struct attr a = mk(SCHED_DEADLINE_, 0, 0, 1);
        a.sched_runtime = 10000000; a.sched_deadline = a.sched_period = 30000000; setattr(0, &a, 0); })));
    T("setattr(DL KEEP_PARAMS)", set(SCHED_DEADLINE_, F_KEEP_PARAMS, 0, 0));
    T("setattr(nopid, DL deadline 0)", ({ struct attr a = mk(SCHED_DEADLINE_, 0, 0, 0); setattr(NOPID, &a, 0); }));
    /* A valid triple: Linux admits it when the root domain has the bandwidth; a kernel whose
     * admission control rejects it answers EBUSY (sched_dl_overflow). */
    errno = 0;
    long r = set_dl(10000000, 30000000, 0);
    int e = errno;
    printf("%-52s = %s\n", "setattr(DL 10ms/30ms/0)",
           r == 0 || (r == -1 && e == EBUSY) ? "admitted-or-EBUSY" : gt_errname(e));
    if (r == 0) {
        struct attr a = mk(SCHED_OTHER_, 0, 0, 0);
        setattr(0, &a, 0);
    }
    state("after deadline");
}

static volatile long child_res[12];
static struct attr child_attr;

static void child_state(const char *label) {
    memset(&child_attr, 0x5a, sizeof child_attr);
    pid_t pid = vfork();
    if (pid == 0) {
        child_res[0] = getattr(0, &child_attr, sizeof child_attr, 0);
        child_res[1] = getpriority(PRIO_PROCESS, 0);
        _exit(0);
    }
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
    }
    printf("child %s: getattr = %ld getpriority=%ld\n", label, child_res[0], child_res[1]);
    print_attr(&child_attr);
}

static void inherit(void) {
    T("setattr(OTHER nice 4 runtime 3ms)", set_rt(SCHED_OTHER_, 4, 3000000));
    child_state("OTHER nice 4 runtime 3ms");
    struct attr a = mk(SCHED_BATCH_, F_RESET_ON_FORK, -3, 0);
    a.sched_runtime = 3000000;
    T("setattr(BATCH nice -3 runtime 3ms RESET_ON_FORK)", setattr(0, &a, 0));
    child_state("BATCH nice -3 RESET_ON_FORK");
    a = mk(SCHED_RR_, F_RESET_ON_FORK, 0, 7);
    T("setattr(RR 7 RESET_ON_FORK)", setattr(0, &a, 0));
    child_state("RR 7 RESET_ON_FORK");
    T("setattr(FIFO 8)", set(SCHED_FIFO_, 0, 0, 8));
    child_state("FIFO 8");
    T("setattr(OTHER nice 0)", set(SCHED_OTHER_, 0, 0, 0));
    child_state("OTHER");
}

int main(void) {
    struct attr a;
    memset(&a, 0, sizeof a);
    errno = 0;
    long r = getattr(0, &a, sizeof a, 0);
    default_slice = a.sched_runtime;
    printf("initial getattr = %ld %s default slice nonzero=%d\n", r, gt_errname(r < 0 ? errno : 0), default_slice != 0);
    state("initial");
    getattr_checks();
    size_checks();
    fair();
    realtime();
    uclamp();
    deadline();
    inherit();
    state("final");
    return 0;
}
