// exit: 142
/* alarm/setitimer/getitimer with pause (EINTR), a periodic ITIMER_REAL, alarm's return value,
 * sigsuspend woken by alarm, nanosleep/clock_nanosleep interrupted (also with SA_RESTART), invalid
 * arguments, and death by SIGALRM's default action. */
#define _GNU_SOURCE
#include <stdio.h>
#include <signal.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/time.h>
#include <time.h>

static volatile int alarms;

static void on_alarm(int sig) {
    (void)sig;
    alarms++;
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGALRM, &sa, NULL);

    printf("alarm(0) first: %u\n", alarm(0));
    printf("alarm(5): %u\n", alarm(5));
    printf("alarm(3) returns old: %u\n", alarm(3));
    printf("alarm(0) cancels: %u\n", alarm(0));

    /* Long enough that the alarm cannot fire before pause() is reached, even interpreted on a busy machine. */
    struct itimerval it = {{0, 0}, {0, 500000}}, cur;
    printf("setitimer: %d\n", setitimer(ITIMER_REAL, &it, NULL));
    getitimer(ITIMER_REAL, &cur);
    printf("getitimer armed: %d interval=%ld\n", cur.it_value.tv_sec == 0 && cur.it_value.tv_usec > 0
           && cur.it_value.tv_usec <= 500000, (long)cur.it_interval.tv_usec);
    int r = pause();
    printf("pause=%d errno=%s alarms=%d\n", r, errno == EINTR ? "EINTR" : "?", alarms);
    getitimer(ITIMER_REAL, &cur);
    printf("getitimer after: %ld %ld\n", (long)cur.it_value.tv_sec, (long)cur.it_value.tv_usec);

    struct itimerval disarmed = {{0, 7000}, {0, 0}};
    setitimer(ITIMER_REAL, &disarmed, NULL);
    getitimer(ITIMER_REAL, &cur);
    printf("interval without value: %ld %ld\n", (long)cur.it_interval.tv_usec, (long)cur.it_value.tv_usec);

    struct itimerval per = {{0, 10000}, {0, 10000}};
    setitimer(ITIMER_REAL, &per, NULL);
    int base = alarms;
    while (alarms < base + 3) pause();
    struct itimerval off = {{0, 0}, {0, 0}}, prev;
    setitimer(ITIMER_REAL, &off, &prev);
    printf("periodic: at least 3 more=%d prev interval=%ld\n", alarms - base >= 3, (long)prev.it_interval.tv_usec);
    base = alarms;

    /* SIGALRM is blocked while the timer is armed, so it stays pending until sigsuspend unblocks it
     * atomically: no race with the timer, however slow the run. */
    sigset_t empty, alrm, old;
    sigemptyset(&empty);
    sigemptyset(&alrm);
    sigaddset(&alrm, SIGALRM);
    sigprocmask(SIG_BLOCK, &alrm, &old);
    /* 200 ms: long enough that the timer cannot expire before the call it is meant to interrupt has begun,
     * even interpreted on a loaded machine (20 ms was not). */
    struct itimerval once = {{0, 0}, {0, 200000}};
    setitimer(ITIMER_REAL, &once, NULL);
    r = sigsuspend(&empty);
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("itimer+sigsuspend=%d errno=%s one more alarm=%d\n", r, errno == EINTR ? "EINTR" : "?", alarms - base);

    r = setitimer(7, &it, NULL);
    printf("setitimer bad which: %d errno=%s\n", r, errno == EINVAL ? "EINVAL" : "?");
    struct itimerval bad = {{0, 0}, {0, 1000000}};
    r = setitimer(ITIMER_REAL, &bad, NULL);
    printf("setitimer bad usec: %d errno=%s\n", r, errno == EINVAL ? "EINVAL" : "?");

    /* nanosleep is interrupted (EINTR, the rest in rem) and, unlike read, not restarted even with SA_RESTART. */
    struct timespec req = {5, 0}, rem = {0, 0};
    setitimer(ITIMER_REAL, &once, NULL);
    r = nanosleep(&req, &rem);
    printf("nanosleep=%d errno=%s rem>=4s=%d rem<5s=%d\n", r, errno == EINTR ? "EINTR" : "?", rem.tv_sec >= 4,
           rem.tv_sec < 5);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);
    setitimer(ITIMER_REAL, &once, NULL);
    r = nanosleep(&req, NULL);
    printf("SA_RESTART nanosleep=%d errno=%s\n", r, errno == EINTR ? "EINTR" : "?");
    setitimer(ITIMER_REAL, &once, NULL);
    r = clock_nanosleep(CLOCK_MONOTONIC, 0, &req, &rem);
    printf("clock_nanosleep=%d (EINTR=%d) rem>=4s=%d\n", r, EINTR, rem.tv_sec >= 4);

    /* The default action of SIGALRM terminates: status 128+14. */
    signal(SIGALRM, SIG_DFL);
    fflush(stdout);
    setitimer(ITIMER_REAL, &once, NULL);
    for (;;) pause();
}
