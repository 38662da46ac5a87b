/* poll, ppoll, select and pselect6 on pipes, a regular file, /dev/null and a closed fd; timeouts,
 * select's time-left write-back, EINTR from SIGALRM, and a wake-up by another thread. Every line
 * is a fact that does not depend on timing (remaining times are only compared). */
#define _GNU_SOURCE
#include "../common/gt.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/select.h>
#include <sys/time.h>
#include <unistd.h>

static int wfd;

static void *writer(void *arg) {
    (void)arg;
    usleep(20000);
    write(wfd, "x", 1);
    return NULL;
}

static void on_alarm(int sig) {
    (void)sig;
}

int main(void) {
    int p[2];
    pipe(p);
    wfd = p[1];
    struct pollfd fds[4];

    /* An empty pipe: the write end is writable, the read end is not readable. */
    fds[0] = (struct pollfd){.fd = p[0], .events = POLLIN};
    fds[1] = (struct pollfd){.fd = p[1], .events = POLLOUT};
    fds[2] = (struct pollfd){.fd = -1, .events = POLLIN};
    fds[3] = (struct pollfd){.fd = 99, .events = POLLIN};
    int r = poll(fds, 4, 0);
    printf("poll empty: %d revents %#x %#x %#x %#x\n", r, fds[0].revents, fds[1].revents, fds[2].revents,
           fds[3].revents);

    write(p[1], "ab", 2);
    r = poll(fds, 2, 100);
    printf("poll data: %d revents %#x %#x\n", r, fds[0].revents, fds[1].revents);

    /* A timeout with nothing ready: 0 and revents cleared. */
    char buf[8];
    read(p[0], buf, sizeof buf);
    r = poll(fds, 1, 30);
    printf("poll timeout: %d revents %#x\n", r, fds[0].revents);

    /* Regular file and /dev/null: always ready (DEFAULT_POLLMASK). */
    int f = open("/proc/self/exe", O_RDONLY);
    int dn = open("/dev/null", O_RDWR);
    struct pollfd ff[2] = {{.fd = f, .events = POLLIN | POLLOUT | POLLPRI}, {.fd = dn, .events = POLLIN | POLLOUT}};
    r = poll(ff, 2, -1);
    printf("poll file: %d revents %#x %#x\n", r, ff[0].revents, ff[1].revents);

    /* Hang-up: the writer closed. */
    int q[2];
    pipe(q);
    close(q[1]);
    struct pollfd h = {.fd = q[0], .events = POLLIN};
    r = poll(&h, 1, 0);
    printf("poll hup: %d revents %#x\n", r, h.revents);
    /* Error: the reader closed. */
    int e2[2];
    pipe(e2);
    close(e2[0]);
    struct pollfd er = {.fd = e2[1], .events = POLLOUT};
    signal(SIGPIPE, SIG_IGN);
    r = poll(&er, 1, 0);
    printf("poll err: %d revents %#x\n", r, er.revents);

    /* select: ready bits, EBADF, a timeout that is written back with the time left. */
    fd_set rs, ws;
    FD_ZERO(&rs);
    FD_ZERO(&ws);
    FD_SET(p[0], &rs);
    FD_SET(p[1], &ws);
    struct timeval tv = {0, 50000};
    r = select(p[1] + 1, &rs, &ws, NULL, &tv);
    printf("select: %d r=%d w=%d left<=50ms %d\n", r, FD_ISSET(p[0], &rs), FD_ISSET(p[1], &ws),
           tv.tv_sec == 0 && tv.tv_usec <= 50000);
    FD_ZERO(&rs);
    FD_SET(p[0], &rs);
    tv = (struct timeval){0, 20000};
    r = select(p[0] + 1, &rs, NULL, NULL, &tv);
    printf("select timeout: %d r=%d left %ld.%06ld\n", r, FD_ISSET(p[0], &rs), (long)tv.tv_sec, (long)tv.tv_usec);
    FD_ZERO(&rs);
    FD_SET(50, &rs);
    r = select(51, &rs, NULL, NULL, NULL);
    printf("select closed fd: %d %s\n", r, r < 0 ? strerror(errno) : "");
    tv = (struct timeval){-1, 0};
    r = select(0, NULL, NULL, NULL, &tv);
    printf("select negative: %d %s\n", r, r < 0 ? strerror(errno) : "");
    r = select(-1, NULL, NULL, NULL, NULL);
    printf("select nfds -1: %d %s\n", r, r < 0 ? strerror(errno) : "");

    /* ppoll and pselect with a timespec and a mask. */
    struct timespec ts = {0, 10000000};
    sigset_t none;
    sigemptyset(&none);
    r = ppoll(fds, 1, &ts, &none);
    printf("ppoll timeout: %d left %ld.%09ld\n", r, (long)ts.tv_sec, ts.tv_nsec);
    ts = (struct timespec){0, 2000000000};
    r = ppoll(fds, 1, &ts, NULL);
    printf("ppoll bad timespec: %d %s\n", r, r < 0 ? strerror(errno) : "");
    FD_ZERO(&ws);
    FD_SET(p[1], &ws);
    ts = (struct timespec){1, 0};
    r = pselect(p[1] + 1, NULL, &ws, NULL, &ts, &none);
    printf("pselect: %d w=%d\n", r, FD_ISSET(p[1], &ws));

    /* A signal interrupts an endless poll: EINTR. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    /* 200 ms, so that the alarm comes while poll waits, even interpreted */
    struct itimerval it = {{0, 0}, {0, 200000}};
    setitimer(ITIMER_REAL, &it, NULL);
    r = poll(fds, 1, -1);
    printf("poll signal: %d %s\n", r, r < 0 ? strerror(errno) : "");
    setitimer(ITIMER_REAL, &it, NULL);
    FD_ZERO(&rs);
    FD_SET(p[0], &rs);
    r = select(p[0] + 1, &rs, NULL, NULL, NULL);
    printf("select signal: %d %s\n", r, r < 0 ? strerror(errno) : "");

    /* Another thread's write wakes an endless poll. */
    pthread_t th;
    pthread_create(&th, NULL, writer, NULL);
    fds[0] = (struct pollfd){.fd = p[0], .events = POLLIN};
    r = poll(fds, 1, -1);
    printf("poll woken: %d revents %#x\n", r, fds[0].revents);
    pthread_join(th, NULL);
    printf("read after wake: %zd\n", read(p[0], buf, sizeof buf));
    return 0;
}
