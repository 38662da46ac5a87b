/* epoll (level, edge, one-shot, nested, errors), eventfd (counter and semaphore modes) and
 * timerfd (one-shot and periodic, gettime, errors), with results that do not depend on timing. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

static const char *err(int r) {
    return r < 0 ? strerror(errno) : "ok";
}

static int wait_once(int ep, int timeout) {
    struct epoll_event ev[4];
    int n = epoll_wait(ep, ev, 4, timeout);
    printf("  wait(%d): %d", timeout, n);
    for (int i = 0; i < n; i++) {
        printf(" [data=%llu events=%#x]", (unsigned long long)ev[i].data.u64, ev[i].events);
    }
    printf("\n");
    return n;
}

int main(void) {
    int p[2];
    pipe(p);
    int ep = epoll_create1(EPOLL_CLOEXEC);
    printf("epoll_create1: %s cloexec=%d\n", err(ep), (fcntl(ep, F_GETFD) & FD_CLOEXEC) != 0);
    printf("epoll_create1(bad): %s\n", err(epoll_create1(1)));
    printf("epoll_create(0): %s\n", err(epoll_create(0)));
    struct epoll_event e = {.events = EPOLLIN, .data.u64 = 7};
    printf("ctl add: %s\n", err(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &e)));
    printf("ctl add again: %s\n", err(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &e)));
    printf("ctl mod missing: %s\n", err(epoll_ctl(ep, EPOLL_CTL_MOD, p[1], &e)));
    printf("ctl del missing: %s\n", err(epoll_ctl(ep, EPOLL_CTL_DEL, p[1], &e)));
    printf("ctl self: %s\n", err(epoll_ctl(ep, EPOLL_CTL_ADD, ep, &e)));
    int f = open("/proc/self/exe", O_RDONLY);
    printf("ctl regular file: %s\n", err(epoll_ctl(ep, EPOLL_CTL_ADD, f, &e)));
    printf("ctl bad fd: %s\n", err(epoll_ctl(ep, EPOLL_CTL_ADD, 77, &e)));
    printf("ctl not epoll: %s\n", err(epoll_ctl(p[1], EPOLL_CTL_ADD, p[0], &e)));
    printf("ctl bad op: %s\n", err(epoll_ctl(ep, 9, p[0], &e)));
    struct epoll_event evs[2];
    printf("wait maxevents 0: %s\n", err(epoll_wait(ep, evs, 0, 0)));
    printf("wait not epoll: %s\n", err(epoll_wait(p[0], evs, 2, 0)));

    printf("level-triggered:\n");
    wait_once(ep, 0);
    write(p[1], "abc", 3);
    wait_once(ep, 0);
    wait_once(ep, 0);   /* still readable: reported again */

    printf("edge-triggered:\n");
    e.events = EPOLLIN | EPOLLET;
    e.data.u64 = 8;
    epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &e);
    wait_once(ep, 0);
    wait_once(ep, 0);   /* no new edge */
    write(p[1], "d", 1);
    wait_once(ep, 0);   /* new data: a new edge */
    char buf[16];
    printf("  read %zd\n", read(p[0], buf, sizeof buf));
    wait_once(ep, 10);

    printf("one-shot:\n");
    e.events = EPOLLIN | EPOLLONESHOT;
    e.data.u64 = 9;
    epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &e);
    write(p[1], "e", 1);
    wait_once(ep, 0);
    wait_once(ep, 0);   /* disabled until re-armed */
    epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &e);
    wait_once(ep, 0);
    read(p[0], buf, sizeof buf);

    printf("write end and hang-up:\n");
    e.events = EPOLLOUT;
    e.data.u64 = 10;
    epoll_ctl(ep, EPOLL_CTL_ADD, p[1], &e);
    e.events = EPOLLIN;
    e.data.u64 = 11;
    epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &e);
    wait_once(ep, 0);
    epoll_ctl(ep, EPOLL_CTL_DEL, p[1], NULL);
    close(p[1]);
    wait_once(ep, 0);
    epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL);

    printf("eventfd:\n");
    int efd = eventfd(3, EFD_NONBLOCK);
    uint64_t v = 0;
    ssize_t got = read(efd, &v, 8);
    printf("  read: %zd value %llu\n", got, (unsigned long long)v);
    printf("  read empty: %s\n", err(read(efd, &v, 8)));
    printf("  short read: %s\n", err(read(efd, &v, 4)));
    v = 0xffffffffffffffffULL;
    printf("  write max+1: %s\n", err(write(efd, &v, 8)));
    v = 0xfffffffffffffffeULL;
    printf("  write max: %zd\n", write(efd, &v, 8));
    v = 1;
    printf("  write over: %s\n", err(write(efd, &v, 8)));
    read(efd, &v, 8);
    printf("  flags bad: %s\n", err(eventfd(0, 0x100)));
    int sem = eventfd(2, EFD_SEMAPHORE | EFD_NONBLOCK);
    for (int i = 0; i < 3; i++) {
        v = 0;
        ssize_t n = read(sem, &v, 8);
        printf("  semaphore read %d: %s value %llu\n", i, n < 0 ? strerror(errno) : "ok", (unsigned long long)v);
    }
    e.events = EPOLLIN | EPOLLOUT;
    e.data.u64 = 12;
    epoll_ctl(ep, EPOLL_CTL_ADD, sem, &e);
    wait_once(ep, 0);
    v = 5;
    write(sem, &v, 8);
    wait_once(ep, 0);
    epoll_ctl(ep, EPOLL_CTL_DEL, sem, NULL);

    printf("nested epoll:\n");
    int inner = epoll_create1(0);
    e.events = EPOLLIN;
    e.data.u64 = 13;
    epoll_ctl(inner, EPOLL_CTL_ADD, sem, &e);
    e.data.u64 = 14;
    epoll_ctl(ep, EPOLL_CTL_ADD, inner, &e);
    wait_once(ep, 0);
    printf("  loop: %s\n", err(epoll_ctl(inner, EPOLL_CTL_ADD, ep, &e)));
    epoll_ctl(ep, EPOLL_CTL_DEL, inner, NULL);

    printf("timerfd:\n");
    printf("  bad clock: %s\n", err(timerfd_create(42, 0)));
    printf("  bad flags: %s\n", err(timerfd_create(CLOCK_MONOTONIC, 1)));
    int tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
    struct itimerspec its;
    timerfd_gettime(tfd, &its);
    printf("  disarmed: %ld %ld %ld %ld\n", (long)its.it_value.tv_sec, its.it_value.tv_nsec,
           (long)its.it_interval.tv_sec, its.it_interval.tv_nsec);
    printf("  read disarmed: %s\n", err(read(tfd, &v, 8)));
    /* 500 ms: long enough that the checks before the wait run before the expiry even when
     * interpreted (an expiry consumed by "read early" would leave the wait below endless) */
    its = (struct itimerspec){{0, 0}, {0, 500000000}};
    printf("  settime: %s\n", err(timerfd_settime(tfd, 0, &its, NULL)));
    timerfd_gettime(tfd, &its);
    printf("  armed: left<=500ms %d\n", its.it_value.tv_sec == 0 && its.it_value.tv_nsec > 0
                                            && its.it_value.tv_nsec <= 500000000);
    printf("  read early: %s\n", err(read(tfd, &v, 8)));
    e.events = EPOLLIN;
    e.data.u64 = 15;
    epoll_ctl(ep, EPOLL_CTL_ADD, tfd, &e);
    wait_once(ep, -1);   /* sleeps until the expiry */
    v = 0;
    got = read(tfd, &v, 8);
    printf("  read: %zd count %llu\n", got, (unsigned long long)v);
    wait_once(ep, 0);
    its = (struct itimerspec){{0, 1000000000}, {0, 0}};
    printf("  bad nsec: %s\n", err(timerfd_settime(tfd, 0, &its, NULL)));
    printf("  bad settime flags: %s\n", err(timerfd_settime(tfd, 8, &its, NULL)));
    printf("  not a timerfd: %s\n", err(timerfd_settime(efd, 0, &its, NULL)));
    int bt = timerfd_create(CLOCK_MONOTONIC, 0);
    its = (struct itimerspec){{0, 5000000}, {0, 5000000}};
    struct itimerspec old;
    timerfd_settime(bt, 0, &its, &old);
    printf("  old of new timer: %ld %ld\n", (long)old.it_value.tv_sec, old.it_value.tv_nsec);
    v = 0;
    ssize_t n = read(bt, &v, 8);   /* blocks until the first expiry */
    printf("  periodic blocking read: %zd count>=1 %d\n", n, v >= 1);
    struct timespec abs;
    clock_gettime(CLOCK_MONOTONIC, &abs);
    its = (struct itimerspec){{0, 0}, abs};
    timerfd_settime(bt, TFD_TIMER_ABSTIME, &its, &old);
    printf("  old interval: %ld %ld\n", (long)old.it_interval.tv_sec, old.it_interval.tv_nsec);
    n = read(bt, &v, 8);   /* an absolute time in the past expires at once */
    printf("  abstime past: %zd count %llu\n", n, (unsigned long long)v);
    return 0;
}
