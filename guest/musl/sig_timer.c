/* POSIX timers through the raw syscalls (kernel/time/posix-timers.c): timer_create with SIGEV_SIGNAL,
 * SIGEV_NONE, SIGEV_THREAD_ID and no sigevent (SIGALRM, value = id), the SI_TIMER siginfo (si_timerid,
 * si_overrun, si_value), one-shot and periodic timers, TIMER_ABSTIME, timer_gettime, overruns counted
 * while the signal stays queued and reported by timer_getoverrun, timer_delete, and the EINVAL/EOPNOTSUPP
 * cases. The timer signals are blocked and taken with sigwaitinfo, so nothing depends on timing except
 * "at least" counts. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define MS 1000000L

struct ksigevent {
    union sigval value;
    int signo;
    int notify;
    int tid;
    int pad[11];
};

static long tcreate(int clk, struct ksigevent *ev, int *id) { return syscall(SYS_timer_create, clk, ev, id); }

static long tset(int id, int flags, long value_ns, long interval_ns, struct itimerspec *old) {
    struct itimerspec it = {{interval_ns / 1000000000L, interval_ns % 1000000000L},
                            {value_ns / 1000000000L, value_ns % 1000000000L}};
    return syscall(SYS_timer_settime, id, flags, &it, old);
}

static const char *res(long r) {
    if (r >= 0) return "ok";
    switch (errno) {
    case EINVAL: return "EINVAL";
    case EOPNOTSUPP: return "EOPNOTSUPP";
    case EFAULT: return "EFAULT";
    default: return "E?";
    }
}

static siginfo_t take(int sig) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    siginfo_t si;
    memset(&si, 0, sizeof si);
    sigwaitinfo(&set, &si);
    return si;
}

static void sleep_ms(long ms) {
    struct timespec ts = {ms / 1000, (ms % 1000) * MS};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

static volatile int thread_tid;
static volatile int thread_go;

static void *waiter(void *arg) {
    (void)arg;
    thread_tid = (int)syscall(SYS_gettid);
    siginfo_t si = take(SIGRTMIN + 3);
    printf("thread got SIGEV_THREAD_ID timer: code=%d value=%d\n", si.si_code, si.si_value.sival_int);
    return NULL;
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    sigset_t all;
    sigemptyset(&all);
    sigaddset(&all, SIGALRM);
    sigaddset(&all, SIGRTMIN + 1);
    sigaddset(&all, SIGRTMIN + 2);
    sigaddset(&all, SIGRTMIN + 3);
    sigaddset(&all, SIGUSR1);
    sigprocmask(SIG_BLOCK, &all, NULL);

    int id0 = -1, id1 = -1, id2 = -1;
    const char *r = res(tcreate(CLOCK_MONOTONIC, NULL, &id0));
    printf("create (no sigevent): %s id=%d\n", r, id0);
    struct ksigevent ev;
    memset(&ev, 0, sizeof ev);
    ev.notify = SIGEV_SIGNAL;
    ev.signo = SIGRTMIN + 1;
    ev.value.sival_int = 77;
    r = res(tcreate(CLOCK_REALTIME, &ev, &id1));
    printf("create SIGEV_SIGNAL: %s id=%d\n", r, id1);

    /* one-shot, relative */
    struct itimerspec cur;
    /* long enough that gettime surely comes first, even interpreted on a busy machine */
    printf("settime 300ms: %s\n", res(tset(id1, 0, 300 * MS, 0, NULL)));
    syscall(SYS_timer_gettime, id1, &cur);
    printf("gettime armed: left in (0,300ms]=%d interval=%ld\n",
           cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec > 0 && cur.it_value.tv_nsec <= 300 * MS,
           (long)cur.it_interval.tv_nsec);
    siginfo_t si = take(SIGRTMIN + 1);
    printf("fired: signo-ok=%d code=%s timerid-ok=%d overrun=%d value=%d\n", si.si_signo == SIGRTMIN + 1,
           si.si_code == SI_TIMER ? "SI_TIMER" : "?", si.si_timerid == id1, si.si_overrun, si.si_value.sival_int);
    syscall(SYS_timer_gettime, id1, &cur);
    printf("gettime after: %ld %ld\n", (long)cur.it_value.tv_sec, (long)cur.it_value.tv_nsec);

    /* the default sigevent: SIGALRM with the id as value */
    tset(id0, 0, 10 * MS, 0, NULL);
    si = take(SIGALRM);
    printf("default: code=%s value-is-id=%d\n", si.si_code == SI_TIMER ? "SI_TIMER" : "?", si.si_value.sival_int == id0);

    /* absolute time on CLOCK_REALTIME */
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    long abs_ns = (now.tv_sec * 1000000000L + now.tv_nsec) + 20 * MS;
    printf("settime TIMER_ABSTIME: %s\n", res(tset(id1, TIMER_ABSTIME, abs_ns, 0, NULL)));
    si = take(SIGRTMIN + 1);
    printf("absolute fired: value=%d\n", si.si_value.sival_int);

    /* periodic with the signal left queued: expiries become overruns */
    struct itimerspec old;
    printf("periodic 5ms: %s\n", res(tset(id1, 0, 5 * MS, 5 * MS, &old)));
    printf("old value was disarmed: %d\n", old.it_value.tv_sec == 0 && old.it_value.tv_nsec == 0);
    sleep_ms(60);
    si = take(SIGRTMIN + 1);
    int over = (int)syscall(SYS_timer_getoverrun, id1);
    printf("one signal for many expiries: overrun>=5=%d getoverrun-matches=%d\n", si.si_overrun >= 5,
           over == si.si_overrun);
    tset(id1, 0, 0, 0, &old);
    printf("disarm returns interval=%ld\n", (long)old.it_interval.tv_nsec);
    sigset_t pend;
    sigpending(&pend);
    /* a signal queued meanwhile is taken so that it does not count below */
    if (sigismember(&pend, SIGRTMIN + 1)) take(SIGRTMIN + 1);

    /* SIGEV_NONE: counts down, sends nothing */
    memset(&ev, 0, sizeof ev);
    ev.notify = SIGEV_NONE;
    printf("create SIGEV_NONE: %s\n", res(tcreate(CLOCK_MONOTONIC, &ev, &id2)));
    tset(id2, 0, 10 * MS, 0, NULL);
    sleep_ms(20);
    syscall(SYS_timer_gettime, id2, &cur);
    sigpending(&pend);
    printf("SIGEV_NONE expired: left=%ld nothing pending=%d\n", cur.it_value.tv_nsec, !sigismember(&pend, SIGALRM));

    /* SIGEV_THREAD_ID: the signal goes to that thread */
    pthread_t th;
    pthread_create(&th, NULL, waiter, NULL);
    while (thread_tid == 0) sched_yield();
    int id3 = -1;
    memset(&ev, 0, sizeof ev);
    ev.notify = SIGEV_THREAD_ID;
    ev.signo = SIGRTMIN + 3;
    ev.value.sival_int = 99;
    ev.tid = thread_tid;
    printf("create SIGEV_THREAD_ID: %s\n", res(tcreate(CLOCK_MONOTONIC, &ev, &id3)));
    tset(id3, 0, 10 * MS, 0, NULL);
    pthread_join(th, NULL);

    /* errors */
    int idx;
    printf("bad clock 99: %s\n", res(tcreate(99, NULL, &idx)));
    printf("CLOCK_MONOTONIC_RAW: %s\n", res(tcreate(CLOCK_MONOTONIC_RAW, NULL, &idx)));
    memset(&ev, 0, sizeof ev);
    ev.notify = SIGEV_SIGNAL;
    ev.signo = 65;
    printf("signal 65: %s\n", res(tcreate(CLOCK_MONOTONIC, &ev, &idx)));
    ev.signo = 0;
    printf("signal 0: %s\n", res(tcreate(CLOCK_MONOTONIC, &ev, &idx)));
    ev.signo = SIGUSR1;
    ev.notify = 7;
    printf("bad notify: %s\n", res(tcreate(CLOCK_MONOTONIC, &ev, &idx)));
    ev.notify = SIGEV_THREAD_ID;
    ev.tid = 1;
    printf("thread id of another process: %s\n", res(tcreate(CLOCK_MONOTONIC, &ev, &idx)));
    struct itimerspec bad = {{0, 0}, {0, 1000000000L}};
    printf("settime bad nsec: %s\n", res(syscall(SYS_timer_settime, id0, 0, &bad, NULL)));
    printf("settime NULL: %s\n", res(syscall(SYS_timer_settime, id0, 0, NULL, NULL)));
    printf("delete: %s\n", res(syscall(SYS_timer_delete, id0)));
    printf("delete again: %s\n", res(syscall(SYS_timer_delete, id0)));
    printf("settime deleted: %s\n", res(tset(id0, 0, MS, 0, NULL)));
    printf("gettime deleted: %s\n", res(syscall(SYS_timer_gettime, id0, &cur)));
    printf("getoverrun deleted: %s\n", res(syscall(SYS_timer_getoverrun, id0)));
    return 0;
}
