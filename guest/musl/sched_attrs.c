/* The scheduler and small process-attribute syscalls, through syscall(2) (musl's sched_* wrappers
 * answer ENOSYS by design): sched_{set,get}affinity, sched_{set,get}scheduler, sched_{set,get}param,
 * sched_get_priority_{max,min}, sched_rr_get_interval, getcpu, personality, fadvise64, readahead and
 * sync_file_range, each with its error cases, printing return values and errno names only. Output does
 * not depend on the host's CPU count: only whether CPU 0 is in a mask is printed, and the process pins
 * itself to CPU 0 before getcpu. Expected: native Linux (the differential harness), run as root. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef SCHED_RESET_ON_FORK
#define SCHED_RESET_ON_FORK 0x40000000
#endif
#define BADPTR ((void *)1)
#define NOPID 0x3ffffff0

static const char *ename(int e) {
    switch (e) {
    case 0: return "OK";
    case EPERM: return "EPERM";
    case ESRCH: return "ESRCH";
    case EBADF: return "EBADF";
    case EFAULT: return "EFAULT";
    case EINVAL: return "EINVAL";
    case ESPIPE: return "ESPIPE";
    case ENOSYS: return "ENOSYS";
    default: return "E?";
    }
}

static void show(const char *what, long r) {
    printf("%-44s = %ld %s\n", what, r, ename(r < 0 ? errno : 0));
}

#define T(what, call) do { errno = 0; long r_ = (call); show(what, r_); } while (0)

static long sys_setsched(int pid, int policy, int prio) {
    struct sched_param p = { .sched_priority = prio };
    return syscall(SYS_sched_setscheduler, pid, policy, &p);
}

static long sys_setparam(int pid, int prio) {
    struct sched_param p = { .sched_priority = prio };
    return syscall(SYS_sched_setparam, pid, &p);
}

static int getprio(void) {
    struct sched_param p = { .sched_priority = -7 };
    if (syscall(SYS_sched_getparam, 0, &p) != 0) return -1000 - errno;
    return p.sched_priority;
}

/* Results of a vfork child, read by the parent after the child has exited. */
static volatile long child_res[32];

static pid_t child_pid;

static void reap(pid_t pid) {
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
    }
}

/* What child_reports has a vfork child record in child_res. */
enum report { POLICY_PRIO, POLICY_NICE, NICE, PERSONALITY };

/* Runs a vfork child that records its scheduling state (or personality) in child_res[0] and
 * child_res[1] and exits; returns when the parent has reaped it. */
static void child_reports(enum report what) {
    if ((child_pid = vfork()) == 0) {
        switch (what) {
        case POLICY_PRIO:
            child_res[0] = syscall(SYS_sched_getscheduler, 0);
            child_res[1] = getprio();
            break;
        case POLICY_NICE:
            child_res[0] = syscall(SYS_sched_getscheduler, 0);
            child_res[1] = getpriority(PRIO_PROCESS, 0);
            break;
        case NICE:
            child_res[1] = getpriority(PRIO_PROCESS, 0);
            break;
        case PERSONALITY:
            child_res[0] = syscall(SYS_personality, 0xffffffffUL);
            break;
        }
        _exit(0);
    }
    reap(child_pid);
}

static void affinity(void) {
    unsigned long mask[16];
    memset(mask, 0, sizeof mask);
    long r = syscall(SYS_sched_getaffinity, 0, sizeof mask, mask);
    printf("getaffinity(0) ok=%d cpu0=%d\n", r > 0, (int)(mask[0] & 1));
    T("getaffinity(len=4)", syscall(SYS_sched_getaffinity, 0, 4, mask));
    T("getaffinity(nopid)", syscall(SYS_sched_getaffinity, NOPID, sizeof mask, mask));
    unsigned long one = 1, none = 0, high = 1UL << 63;
    unsigned char byte = 1;
    T("setaffinity(0, 8, {cpu0})", syscall(SYS_sched_setaffinity, 0, 8, &one));
    T("setaffinity(getpid, 8, {cpu0})", syscall(SYS_sched_setaffinity, getpid(), 8, &one));
    T("setaffinity(0, 8, {})", syscall(SYS_sched_setaffinity, 0, 8, &none));
    T("setaffinity(0, 8, {cpu63})", syscall(SYS_sched_setaffinity, 0, 8, &high));
    T("setaffinity(0, 0, {cpu0})", syscall(SYS_sched_setaffinity, 0, 0, &one));
    T("setaffinity(0, 1, {cpu0} byte)", syscall(SYS_sched_setaffinity, 0, 1, &byte));
    memset(mask, 0, sizeof mask);
    mask[0] = 1;
    T("setaffinity(0, 128, {cpu0})", syscall(SYS_sched_setaffinity, 0, sizeof mask, mask));
    T("setaffinity(0, 8, BADPTR)", syscall(SYS_sched_setaffinity, 0, 8, BADPTR));
    T("setaffinity(0, 0, BADPTR)", syscall(SYS_sched_setaffinity, 0, 0, BADPTR));
    T("setaffinity(nopid, 8, {cpu0})", syscall(SYS_sched_setaffinity, NOPID, 8, &one));
    T("setaffinity(-1, 8, {cpu0})", syscall(SYS_sched_setaffinity, -1, 8, &one));
    T("setaffinity(nopid, 8, BADPTR)", syscall(SYS_sched_setaffinity, NOPID, 8, BADPTR));
}

static void getcpu_tests(void) {
    unsigned cpu = 77, node = 77;
    T("getcpu(&cpu, &node, 0)", syscall(SYS_getcpu, &cpu, &node, 0));
    printf("cpu=%u node=%u\n", cpu, node);
    T("getcpu(0, 0, 0)", syscall(SYS_getcpu, 0, 0, 0));
    cpu = 77;
    T("getcpu(&cpu, 0, 0)", syscall(SYS_getcpu, &cpu, 0, 0));
    printf("cpu=%u\n", cpu);
    T("getcpu(BADPTR, 0, 0)", syscall(SYS_getcpu, BADPTR, 0, 0));
    T("getcpu(0, BADPTR, 0)", syscall(SYS_getcpu, 0, BADPTR, 0));
}

static void priorities(void) {
    static const int pol[] = { 0, 1, 2, 3, 4, 5, 6, 100, -1 };
    for (unsigned i = 0; i < sizeof pol / sizeof pol[0]; i++) {
        char b[64];
        snprintf(b, sizeof b, "get_priority_max(%d)", pol[i]);
        T(b, syscall(SYS_sched_get_priority_max, pol[i]));
        snprintf(b, sizeof b, "get_priority_min(%d)", pol[i]);
        T(b, syscall(SYS_sched_get_priority_min, pol[i]));
    }
}

static void interval(const char *what) {
    struct timespec ts = { 5, 5 };
    errno = 0;
    long r = syscall(SYS_sched_rr_get_interval, 0, &ts);
    printf("rr_get_interval %-28s = %ld %s %lld.%09ld\n", what, r, ename(r < 0 ? errno : 0),
           (long long)ts.tv_sec, ts.tv_nsec);
}

static void scheduler(void) {
    struct sched_param p = { 0 };
    T("getscheduler(0)", syscall(SYS_sched_getscheduler, 0));
    T("getscheduler(getpid)", syscall(SYS_sched_getscheduler, getpid()));
    T("getscheduler(-1)", syscall(SYS_sched_getscheduler, -1));
    T("getscheduler(nopid)", syscall(SYS_sched_getscheduler, NOPID));
    T("getparam(0, &p)", syscall(SYS_sched_getparam, 0, &p));
    printf("prio=%d\n", p.sched_priority);
    T("getparam(0, NULL)", syscall(SYS_sched_getparam, 0, 0));
    T("getparam(-1, &p)", syscall(SYS_sched_getparam, -1, &p));
    T("getparam(nopid, &p)", syscall(SYS_sched_getparam, NOPID, &p));
    T("getparam(0, BADPTR)", syscall(SYS_sched_getparam, 0, BADPTR));
    T("getparam(nopid, NULL)", syscall(SYS_sched_getparam, NOPID, 0));

    T("setscheduler(0, 4, 0)", sys_setsched(0, 4, 0));
    T("setscheduler(0, 100, 0)", sys_setsched(0, 100, 0));
    T("setscheduler(0, -1, 0)", sys_setsched(0, -1, 0));
    T("setscheduler(0, FIFO, 0)", sys_setsched(0, SCHED_FIFO, 0));
    T("setscheduler(0, FIFO, 100)", sys_setsched(0, SCHED_FIFO, 100));
    T("setscheduler(0, RR, -1)", sys_setsched(0, SCHED_RR, -1));
    T("setscheduler(0, OTHER, 1)", sys_setsched(0, SCHED_OTHER, 1));
    T("setscheduler(0, BATCH, -1)", sys_setsched(0, SCHED_BATCH, -1));
    T("setscheduler(0, DEADLINE, 0)", sys_setsched(0, 6, 0));
    T("setscheduler(0, OTHER, NULL)", syscall(SYS_sched_setscheduler, 0, SCHED_OTHER, 0));
    T("setscheduler(0, OTHER, BADPTR)", syscall(SYS_sched_setscheduler, 0, SCHED_OTHER, BADPTR));
    T("setscheduler(-1, OTHER, 0)", sys_setsched(-1, SCHED_OTHER, 0));
    T("setscheduler(nopid, OTHER, 0)", sys_setsched(NOPID, SCHED_OTHER, 0));
    T("setscheduler(nopid, 4, 0)", sys_setsched(NOPID, 4, 0));
    T("setparam(0, NULL)", syscall(SYS_sched_setparam, 0, 0));
    T("setparam(0, 5) under OTHER", sys_setparam(0, 5));
    T("setparam(0, 0) under OTHER", sys_setparam(0, 0));
    interval("OTHER ok");
    T("rr_get_interval(-1)", syscall(SYS_sched_rr_get_interval, -1, BADPTR));
    T("rr_get_interval(nopid)", syscall(SYS_sched_rr_get_interval, NOPID, BADPTR));
    T("rr_get_interval(0, BADPTR)", syscall(SYS_sched_rr_get_interval, 0, BADPTR));

    T("setscheduler(0, FIFO, 10)", sys_setsched(0, SCHED_FIFO, 10));
    T("getscheduler(0)", syscall(SYS_sched_getscheduler, 0));
    printf("prio=%d\n", getprio());
    interval("FIFO");
    T("setparam(0, 20) under FIFO", sys_setparam(0, 20));
    printf("prio=%d\n", getprio());
    T("setparam(0, 0) under FIFO", sys_setparam(0, 0));
    T("setparam(0, 99) under FIFO", sys_setparam(0, 99));
    printf("prio=%d\n", getprio());
    /* A vfork child inherits the policy and priority. */
    child_reports(POLICY_PRIO);
    printf("child: policy=%ld prio=%ld\n", child_res[0], child_res[1]);
    T("setscheduler(0, RR, 3)", sys_setsched(0, SCHED_RR, 3));
    interval("RR");
    T("setscheduler(0, RR|RESET_ON_FORK, 4)", sys_setsched(0, SCHED_RR | SCHED_RESET_ON_FORK, 4));
    T("getscheduler(0)", syscall(SYS_sched_getscheduler, 0));
    T("setparam(0, 6) keeps RESET_ON_FORK", sys_setparam(0, 6));
    T("getscheduler(0)", syscall(SYS_sched_getscheduler, 0));
    printf("prio=%d\n", getprio());
    child_reports(POLICY_PRIO);
    printf("child after RESET_ON_FORK: policy=%ld prio=%ld\n", child_res[0], child_res[1]);
    /* RESET_ON_FORK also gives the child nice 0 in place of a negative one; a positive one stays. */
    T("setpriority(PRIO_PROCESS, 0, -5)", setpriority(PRIO_PROCESS, 0, -5));
    child_reports(NICE);
    printf("child nice after RESET_ON_FORK with nice -5: %ld\n", child_res[1]);
    T("setpriority(PRIO_PROCESS, 0, 3)", setpriority(PRIO_PROCESS, 0, 3));
    child_reports(NICE);
    printf("child nice after RESET_ON_FORK with nice 3: %ld\n", child_res[1]);
    T("setpriority(PRIO_PROCESS, 0, 0)", setpriority(PRIO_PROCESS, 0, 0));
    T("setscheduler(0, BATCH|RESET_ON_FORK, 0)", sys_setsched(0, SCHED_BATCH | SCHED_RESET_ON_FORK, 0));
    T("setpriority(PRIO_PROCESS, 0, -5)", setpriority(PRIO_PROCESS, 0, -5));
    child_reports(POLICY_NICE);
    printf("BATCH child after RESET_ON_FORK: policy=%ld nice=%ld\n", child_res[0], child_res[1]);
    T("setpriority(PRIO_PROCESS, 0, 4)", setpriority(PRIO_PROCESS, 0, 4));
    child_reports(NICE);
    printf("BATCH child after RESET_ON_FORK: nice=%ld\n", child_res[1]);
    T("setpriority(PRIO_PROCESS, 0, 0)", setpriority(PRIO_PROCESS, 0, 0));
    T("setscheduler(0, IDLE, 0)", sys_setsched(0, SCHED_IDLE, 0));
    T("getscheduler(0)", syscall(SYS_sched_getscheduler, 0));
    interval("IDLE ok");
    T("setscheduler(0, OTHER, 0)", sys_setsched(0, SCHED_OTHER, 0));
    T("getscheduler(0)", syscall(SYS_sched_getscheduler, 0));

    /* A non-root child (uid 65534, RLIMIT_RTPRIO = RLIMIT_NICE = 0): EPERM as Linux rules say. */
    if ((child_pid = vfork()) == 0) {
        struct rlimit zero = { 0, 0 };
        int i = 0;
        child_res[i++] = setrlimit(RLIMIT_RTPRIO, &zero) | setrlimit(RLIMIT_NICE, &zero);
        child_res[i++] = syscall(SYS_setresuid, 65534, 65534, 65534);
#define C(call) do { errno = 0; long r_ = (call); child_res[i++] = r_ < 0 ? -errno : r_; } while (0)
        C(sys_setsched(0, SCHED_FIFO, 1));
        C(sys_setsched(0, SCHED_BATCH, 0));
        C(sys_setsched(0, SCHED_OTHER | SCHED_RESET_ON_FORK, 0));
        C(sys_setsched(0, SCHED_OTHER, 0));
        C(sys_setsched(0, SCHED_IDLE, 0));
        C(sys_setsched(0, SCHED_IDLE | SCHED_RESET_ON_FORK, 0));
        C(sys_setsched(0, SCHED_OTHER | SCHED_RESET_ON_FORK, 0));
        C(sys_setsched(0, SCHED_BATCH | SCHED_RESET_ON_FORK, 0));
        C(sys_setsched(0, SCHED_IDLE | SCHED_RESET_ON_FORK, 0));
        C(sys_setsched(0, 6, 0));
        C(sys_setsched(1, SCHED_IDLE, 0));
        C(sys_setsched(0, SCHED_FIFO, 0));
        C(syscall(SYS_sched_getscheduler, 0));
        unsigned long one = 1;
        C(syscall(SYS_sched_setaffinity, 1, 8, &one));
        C(syscall(SYS_sched_setaffinity, 0, 8, &one));
        _exit(0);
    }
    reap(child_pid);
    static const char *const what[] = {
        "setrlimit", "setresuid", "FIFO 1", "BATCH", "OTHER|RESET_ON_FORK", "OTHER (clears reset)",
        "IDLE", "IDLE|RESET_ON_FORK", "OTHER|RESET from IDLE", "BATCH|RESET from IDLE",
        "IDLE|RESET again", "DEADLINE", "pid 1 IDLE", "FIFO 0", "getscheduler",
        "setaffinity(1)", "setaffinity(0)",
    };
    for (int i = 0; i < (int)(sizeof what / sizeof what[0]); i++) {
        long r = child_res[i];
        printf("nonroot %-36s = %ld %s\n", what[i], r < 0 ? -1 : r, ename(r < 0 ? (int)-r : 0));
    }
}

static void personality_tests(const char *self) {
    T("personality(query)", syscall(SYS_personality, 0xffffffffUL));
    T("personality(ADDR_NO_RANDOMIZE)", syscall(SYS_personality, 0x0040000));
    T("personality(query)", syscall(SYS_personality, 0xffffffffUL));
    child_reports(PERSONALITY);
    printf("child personality=%#lx\n", child_res[0]);
    T("personality(READ_IMPLIES_EXEC|ADDR_NO_RAND)", syscall(SYS_personality, 0x0440000));
    fflush(stdout);
    pid_t pid = vfork();
    if (pid == 0) {
        char *argv[] = { (char *)self, "personality", 0 };
        execv(self, argv);
        _exit(99);
    }
    /* vfork returns after the child's execve; wait for its output before ours. */
    reap(pid);
    T("personality(0)", syscall(SYS_personality, 0));
    T("personality(query)", syscall(SYS_personality, 0xffffffffUL));
}

static void file_tests(const char *self) {
    int fd = open(self, O_RDONLY);
    int dir = open("/", O_RDONLY | O_DIRECTORY);
    int null = open("/dev/null", O_RDWR);
    int wonly = open("/dev/null", O_WRONLY);
    int path = open(self, O_PATH);
    int pfd[2], sv[2];
    if (fd < 0 || dir < 0 || null < 0 || wonly < 0 || path < 0 || pipe(pfd) || socketpair(AF_UNIX, SOCK_STREAM, 0, sv)) {
        printf("setup failed\n");
        return;
    }
    char b[64];
    for (int adv = -1; adv <= 6; adv++) {
        snprintf(b, sizeof b, "fadvise64(file, 0, 0, %d)", adv);
        T(b, syscall(SYS_fadvise64, fd, 0, 0, adv));
    }
    T("fadvise64(file, 0, -1, 0)", syscall(SYS_fadvise64, fd, 0, -1L, 0));
    T("fadvise64(file, -5, 100, 0)", syscall(SYS_fadvise64, fd, -5L, 100, 0));
    T("fadvise64(pipe, 0, 0, 0)", syscall(SYS_fadvise64, pfd[0], 0, 0, 0));
    T("fadvise64(pipe, 0, -1, 9)", syscall(SYS_fadvise64, pfd[1], 0, -1L, 9));
    T("fadvise64(socket, 0, 0, 0)", syscall(SYS_fadvise64, sv[0], 0, 0, 0));
    T("fadvise64(dir, 0, 0, 4)", syscall(SYS_fadvise64, dir, 0, 0, 4));
    T("fadvise64(/dev/null, 0, 0, 1)", syscall(SYS_fadvise64, null, 0, 0, 1));
    T("fadvise64(/dev/null, 0, 0, 9)", syscall(SYS_fadvise64, null, 0, 0, 9));
    T("fadvise64(O_PATH, 0, 0, 0)", syscall(SYS_fadvise64, path, 0, 0, 0));
    T("fadvise64(-1, 0, 0, 0)", syscall(SYS_fadvise64, -1, 0, 0, 0));
    T("fadvise64(999, 0, 0, 99)", syscall(SYS_fadvise64, 999, 0, 0, 99));

    T("readahead(file, 0, 4096)", syscall(SYS_readahead, fd, 0, 4096));
    T("readahead(file, 1<<40, 4096)", syscall(SYS_readahead, fd, 1L << 40, 4096));
    T("readahead(file, 0, -1)", syscall(SYS_readahead, fd, 0, -1L));
    T("readahead(file, -1, 10)", syscall(SYS_readahead, fd, -1L, 10));
    T("readahead(pipe read end)", syscall(SYS_readahead, pfd[0], 0, 10));
    T("readahead(pipe write end)", syscall(SYS_readahead, pfd[1], 0, 10));
    T("readahead(socket)", syscall(SYS_readahead, sv[0], 0, 10));
    T("readahead(dir)", syscall(SYS_readahead, dir, 0, 10));
    T("readahead(/dev/null rw)", syscall(SYS_readahead, null, 0, 10));
    T("readahead(/dev/null wronly)", syscall(SYS_readahead, wonly, 0, 10));
    T("readahead(O_PATH)", syscall(SYS_readahead, path, 0, 10));
    T("readahead(-1)", syscall(SYS_readahead, -1, 0, 10));

    T("sync_file_range(file, 0, 0, 0)", syscall(SYS_sync_file_range, fd, 0, 0, 0));
    T("sync_file_range(file, 0, 100, 7)", syscall(SYS_sync_file_range, fd, 0, 100, 7));
    T("sync_file_range(file, 0, 0, 8)", syscall(SYS_sync_file_range, fd, 0, 0, 8));
    T("sync_file_range(file, -1, 0, 0)", syscall(SYS_sync_file_range, fd, -1L, 0, 0));
    T("sync_file_range(file, 0, -1, 0)", syscall(SYS_sync_file_range, fd, 0, -1L, 0));
    T("sync_file_range(file, 10, -5, 0)", syscall(SYS_sync_file_range, fd, 10, -5L, 0));
    T("sync_file_range(file, MAX, 1, 0)", syscall(SYS_sync_file_range, fd, INT64_MAX, 1, 0));
    T("sync_file_range(file, MAX, 0, 0)", syscall(SYS_sync_file_range, fd, INT64_MAX, 0, 0));
    T("sync_file_range(pipe, 0, 0, 0)", syscall(SYS_sync_file_range, pfd[0], 0, 0, 0));
    T("sync_file_range(pipe, -1, 0, 0)", syscall(SYS_sync_file_range, pfd[0], -1L, 0, 0));
    T("sync_file_range(socket, 0, 0, 0)", syscall(SYS_sync_file_range, sv[0], 0, 0, 0));
    T("sync_file_range(dir, 0, 0, 1)", syscall(SYS_sync_file_range, dir, 0, 0, 1));
    T("sync_file_range(/dev/null, 0, 0, 0)", syscall(SYS_sync_file_range, null, 0, 0, 0));
    T("sync_file_range(O_PATH, 0, 0, 0)", syscall(SYS_sync_file_range, path, 0, 0, 0));
    T("sync_file_range(-1, 0, 0, 99)", syscall(SYS_sync_file_range, -1, 0, 0, 99));
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "personality") == 0) {
        printf("after execve personality=%#lx\n", syscall(SYS_personality, 0xffffffffUL));
        return 0;
    }
    setvbuf(stdout, 0, _IOFBF, 1 << 16);
    affinity();
    getcpu_tests();
    priorities();
    scheduler();
    personality_tests(argv[0]);
    file_tests(argv[0]);
    return 0;
}
