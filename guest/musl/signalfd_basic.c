/* signalfd: blocked signals are read as signalfd_siginfo records (signo, code, pid-free fields),
 * several per read, EAGAIN when none is pending, poll and epoll readiness, mask updates, errors. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <unistd.h>

static const char *err(long r) {
    return r < 0 ? strerror(errno) : "ok";
}

int main(void) {
    sigset_t m;
    sigemptyset(&m);
    sigaddset(&m, SIGUSR1);
    sigaddset(&m, SIGUSR2);
    sigaddset(&m, SIGRTMIN);
    sigprocmask(SIG_BLOCK, &m, NULL);
    int fd = signalfd(-1, &m, SFD_NONBLOCK | SFD_CLOEXEC);
    printf("signalfd: %s\n", err(fd));
    struct signalfd_siginfo si[4];
    printf("read empty: %s\n", err(read(fd, si, sizeof si)));
    printf("read short: %s\n", err(read(fd, si, 100)));
    struct pollfd p = {.fd = fd, .events = POLLIN};
    printf("poll empty: %d\n", poll(&p, 1, 0));
    raise(SIGUSR2);
    raise(SIGUSR1);
    union sigval v = {.sival_int = 42};
    sigqueue(getpid(), SIGRTMIN, v);
    int r = poll(&p, 1, 0);
    printf("poll pending: %d revents %#x\n", r, p.revents);
    int ep = epoll_create1(0);
    struct epoll_event e = {.events = EPOLLIN, .data.u32 = 1};
    printf("epoll add: %s\n", err(epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e)));
    printf("epoll wait: %d\n", epoll_wait(ep, &e, 1, 0));
    ssize_t n = read(fd, si, sizeof si);
    printf("read: %zd bytes\n", n);
    for (int i = 0; i < n / (int)sizeof *si; i++) {
        printf("  signo %u code %d int %d\n", si[i].ssi_signo, si[i].ssi_code,
               si[i].ssi_signo == (unsigned)SIGRTMIN ? si[i].ssi_int : 0);
    }
    printf("poll drained: %d\n", poll(&p, 1, 0));
    sigset_t only2;
    sigemptyset(&only2);
    sigaddset(&only2, SIGUSR2);
    printf("update mask: %d\n", signalfd(fd, &only2, 0) == fd);
    raise(SIGUSR1);
    printf("read other signal: %s\n", err(read(fd, si, sizeof si)));
    sigset_t pend;
    sigpending(&pend);
    printf("SIGUSR1 still pending: %d\n", sigismember(&pend, SIGUSR1));
    printf("bad flags: %s\n", err(signalfd(-1, &m, 1)));
    printf("not a signalfd: %s\n", err(signalfd(ep, &m, 0)));
    printf("bad size: %s\n", err(syscall(289, -1, &m, 4, 0)));
    return 0;
}
