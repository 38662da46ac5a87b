// build: -pthread
/* pidfd_open, poll/epoll on a pidfd, pidfd_send_signal, waitid(P_PIDFD) and pidfd_getfd: results and
 * errno names only (no pids, fd numbers or times). Children are vfork+execve of this program with a
 * mode argument, so the test runs the same under nommu. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../common/errname.h"

#ifndef P_PIDFD
#define P_PIDFD 3
#endif
#define PIDFD_NONBLOCK O_NONBLOCK

static long sys_pidfd_open(long pid, long flags) { return syscall(434, pid, flags); }
static long sys_pidfd_send_signal(long fd, long sig, void *info, long flags) { return syscall(424, fd, sig, info, flags); }
static long sys_pidfd_getfd(long fd, long target, long flags) { return syscall(438, fd, target, flags); }
static long sys_waitid(long type, long id, siginfo_t *si, long opts) { return syscall(SYS_waitid, type, id, si, opts, 0); }

static char *self;

/* Prints "ok" for a non-negative result (an fd number or 0), else the errno name. */
static void show(const char *what, long r) {
    printf("%s: %s\n", what, r >= 0 ? "ok" : gt_errname(errno));
}

/* vfork+execve this program with mode (and an optional argument); the child's pid. */
static pid_t spawn(const char *mode, const char *arg) {
    char *argv[] = {self, (char *) mode, (char *) arg, NULL};
    pid_t p = vfork();
    if (p == 0) {
        execv(self, argv);
        _exit(127);
    }
    return p;
}

static volatile long thread_tid;
static volatile int thread_stop;

static void *thread_main(void *arg) {
    (void) arg;
    thread_tid = syscall(SYS_gettid);
    while (!thread_stop) {
        usleep(1000);
    }
    return NULL;
}

static int poll1(int fd, int timeout) {
    struct pollfd p = {fd, POLLIN, 0};
    int n = poll(&p, 1, timeout);
    return n < 0 ? -1 : p.revents;
}

static void open_checks(void) {
    show("open(self, 1)", sys_pidfd_open(getpid(), 1));
    show("open(self, ~NONBLOCK)", sys_pidfd_open(getpid(), ~PIDFD_NONBLOCK));
    show("open(0, 0)", sys_pidfd_open(0, 0));
    show("open(-1, 0)", sys_pidfd_open(-1, 0));
    show("open(0, 1)", sys_pidfd_open(0, 1));
    show("open(INT_MAX, 0)", sys_pidfd_open(0x7fffffff, 0));
    long fd = sys_pidfd_open(getpid(), 0);
    show("open(self, 0)", fd);
    printf("fd flags cloexec=%d accmode_rdwr=%d nonblock=%d\n", fcntl(fd, F_GETFD) == FD_CLOEXEC,
           (fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR, (fcntl(fd, F_GETFL) & O_NONBLOCK) != 0);
    printf("poll(self) revents=%#x\n", poll1(fd, 0));
    close(fd);
    fd = sys_pidfd_open(getpid(), PIDFD_NONBLOCK);
    show("open(self, NONBLOCK)", fd);
    printf("fd flags cloexec=%d nonblock=%d\n", fcntl(fd, F_GETFD) == FD_CLOEXEC,
           (fcntl(fd, F_GETFL) & O_NONBLOCK) != 0);
    close(fd);

    pthread_t th;
    pthread_create(&th, NULL, thread_main, NULL);
    while (thread_tid == 0) {
        usleep(1000);
    }
    show("open(thread tid, 0)", sys_pidfd_open(thread_tid, 0));
    thread_stop = 1;
    pthread_join(th, NULL);
}

static void signal_checks(void) {
    pid_t c = spawn("pause", NULL);
    long fd = sys_pidfd_open(c, 0);
    show("open(child)", fd);
    printf("poll(live child) revents=%#x\n", poll1(fd, 0));
    show("send(flags 8)", sys_pidfd_send_signal(fd, 0, NULL, 8));
    show("send(flags 3)", sys_pidfd_send_signal(fd, 0, NULL, 3));
    show("send(fd -1)", sys_pidfd_send_signal(-1, 0, NULL, 0));
    show("send(fd -1, flags 8)", sys_pidfd_send_signal(-1, 0, NULL, 8));
    show("getfd(fd -1, flags 1)", sys_pidfd_getfd(-1, 0, 1));
    show("send(stdin)", sys_pidfd_send_signal(0, 0, NULL, 0));
    show("send(sig 65)", sys_pidfd_send_signal(fd, 65, NULL, 0));
    show("send(sig -1)", sys_pidfd_send_signal(fd, -1, NULL, 0));
    show("send(sig 0)", sys_pidfd_send_signal(fd, 0, NULL, 0));
    show("send(sig 0, THREAD_GROUP)", sys_pidfd_send_signal(fd, 0, NULL, 2));
    show("send(sig 0, THREAD)", sys_pidfd_send_signal(fd, 0, NULL, 1));
    show("send(sig 0, PROCESS_GROUP of a non-leader)", sys_pidfd_send_signal(fd, 0, NULL, 4));
    show("send(sig 65, PROCESS_GROUP of a non-leader)", sys_pidfd_send_signal(fd, 65, NULL, 4));
    siginfo_t si;
    memset(&si, 0, sizeof si);
    si.si_signo = SIGUSR1;
    si.si_code = SI_USER;
    show("send(info SI_USER to child)", sys_pidfd_send_signal(fd, SIGUSR1, &si, 0));
    si.si_code = SI_TKILL;
    show("send(info SI_TKILL to child)", sys_pidfd_send_signal(fd, SIGUSR1, &si, 0));
    si.si_code = SI_QUEUE;
    si.si_signo = SIGUSR2;
    show("send(info signo mismatch)", sys_pidfd_send_signal(fd, SIGUSR1, &si, 0));
    show("send(info bad pointer)", sys_pidfd_send_signal(fd, SIGUSR1, (void *) 8, 0));

    long self = sys_pidfd_open(getpid(), 0);
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, &old);
    si.si_signo = SIGUSR1;
    si.si_code = SI_USER;
    si.si_value.sival_int = 42;
    show("send(self info SI_USER)", sys_pidfd_send_signal(self, SIGUSR1, &si, 0));
    siginfo_t got;
    memset(&got, 0, sizeof got);
    struct timespec zero = {0, 0};
    int s = sigtimedwait(&set, &got, &zero);
    printf("self got sig=%d code=%d value=%d\n", s == SIGUSR1, got.si_code, got.si_value.sival_int);
    show("send(self SIGUSR1 NULL info)", sys_pidfd_send_signal(self, SIGUSR1, NULL, 0));
    s = sigtimedwait(&set, &got, &zero);
    printf("self got sig=%d code=%d pid_ok=%d\n", s == SIGUSR1, got.si_code, got.si_pid == getpid());
    show("send(self flags THREAD)", sys_pidfd_send_signal(self, SIGUSR1, NULL, 1));
    s = sigtimedwait(&set, &got, &zero);
    printf("self got sig=%d code=%d\n", s == SIGUSR1, got.si_code);
    sigprocmask(SIG_SETMASK, &old, NULL);
    close(self);

    show("send(SIGKILL)", sys_pidfd_send_signal(fd, SIGKILL, NULL, 0));
    fd_set rd;
    FD_ZERO(&rd);
    FD_SET(fd, &rd);
    int ns = select(fd + 1, &rd, NULL, NULL, NULL);
    printf("select(killed child) = %d readable=%d\n", ns, FD_ISSET(fd, &rd) != 0);
    printf("poll(killed child, -1) revents=%#x\n", poll1(fd, -1));
    show("send(sig 0 to zombie)", sys_pidfd_send_signal(fd, 0, NULL, 0));
    show("open(zombie)", sys_pidfd_open(c, 0));
    memset(&si, 0, sizeof si);
    show("waitid(P_PIDFD, WEXITED|WNOWAIT)", sys_waitid(P_PIDFD, fd, &si, WEXITED | WNOWAIT));
    printf("  code=%d status=%d pid_ok=%d\n", si.si_code, si.si_status, si.si_pid == c);
    memset(&si, 0, sizeof si);
    show("waitid(P_PIDFD, WEXITED)", sys_waitid(P_PIDFD, fd, &si, WEXITED));
    printf("  code=%d status=%d pid_ok=%d\n", si.si_code, si.si_status, si.si_pid == c);
    printf("poll(reaped child) revents=%#x\n", poll1(fd, 0));
    int ep = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event ev = {.events = EPOLLIN | EPOLLET, .data.u64 = 9};
    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
    int n1 = epoll_wait(ep, &ev, 1, 0);
    int e1 = ev.events;
    int n2 = epoll_wait(ep, &ev, 1, 0);
    printf("epoll ET reaped: %d events=%#x then %d\n", n1, e1, n2);
    close(ep);
    show("send(sig 65 to reaped)", sys_pidfd_send_signal(fd, 65, NULL, 0));
    show("send(sig 0 to reaped)", sys_pidfd_send_signal(fd, 0, NULL, 0));
    show("waitid(P_PIDFD reaped)", sys_waitid(P_PIDFD, fd, &si, WEXITED | WNOHANG));
    show("getfd(reaped)", sys_pidfd_getfd(fd, 0, 0));
    show("open(reaped)", sys_pidfd_open(c, 0));
    close(fd);
}

static void wait_checks(void) {
    siginfo_t si;
    long self = sys_pidfd_open(getpid(), 0);
    show("waitid(P_PIDFD self)", sys_waitid(P_PIDFD, self, &si, WEXITED));
    close(self);
    show("waitid(P_PIDFD -1)", sys_waitid(P_PIDFD, -1, &si, WEXITED));
    show("waitid(P_PIDFD stdin)", sys_waitid(P_PIDFD, 0, &si, WEXITED));
    show("waitid(P_PIDFD 1000)", sys_waitid(P_PIDFD, 1000, &si, WEXITED));

    int pfd[2];
    pipe(pfd);
    char arg[16];
    snprintf(arg, sizeof arg, "%d", pfd[0]);
    pid_t c = spawn("read", arg);
    long fd = sys_pidfd_open(c, PIDFD_NONBLOCK);
    show("waitid(P_PIDFD, no options)", sys_waitid(P_PIDFD, fd, &si, 0));
    show("waitid(nonblock live)", sys_waitid(P_PIDFD, fd, &si, WEXITED));
    memset(&si, 0xff, sizeof si);
    show("waitid(nonblock live WNOHANG)", sys_waitid(P_PIDFD, fd, &si, WEXITED | WNOHANG));
    printf("  signo=%d pid=%d\n", si.si_signo, si.si_pid);

    int ep = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event ev = {.events = EPOLLIN, .data.u64 = 7};
    show("epoll_ctl(ADD pidfd)", epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev));
    printf("epoll_wait(live, 0) = %d\n", epoll_wait(ep, &ev, 1, 0));
    write(pfd[1], "x", 1);    /* the child reads it and exits 3 */
    int n = epoll_wait(ep, &ev, 1, -1);
    printf("epoll_wait(-1) = %d events=%#x data=%d\n", n, ev.events, (int) ev.data.u64);
    close(ep);
    memset(&si, 0, sizeof si);
    show("waitid(nonblock exited)", sys_waitid(P_PIDFD, fd, &si, WEXITED));
    printf("  code=%d status=%d pid_ok=%d\n", si.si_code, si.si_status, si.si_pid == c);
    close(fd);
    close(pfd[0]);
    close(pfd[1]);

    /* A blocking waitid(P_PIDFD) on a child that exits later, while a sibling exits first. */
    pid_t other = spawn("exit", "5");
    pipe(pfd);
    snprintf(arg, sizeof arg, "%d", pfd[0]);
    c = spawn("read", arg);
    fd = sys_pidfd_open(c, 0);
    write(pfd[1], "x", 1);
    memset(&si, 0, sizeof si);
    show("waitid(P_PIDFD blocking)", sys_waitid(P_PIDFD, fd, &si, WEXITED));
    printf("  code=%d status=%d pid_ok=%d\n", si.si_code, si.si_status, si.si_pid == c);
    int st = 0;
    int ok = waitpid(other, &st, 0) == other;
    printf("other reaped=%d status=%d\n", ok, WEXITSTATUS(st));
    close(fd);
    close(pfd[0]);
    close(pfd[1]);
}

static void getfd_checks(void) {
    int pfd[2];
    pipe(pfd);
    char arg[16];
    snprintf(arg, sizeof arg, "%d", pfd[0]);
    pid_t c = spawn("read", arg);
    long fd = sys_pidfd_open(c, 0);
    show("getfd(flags 1)", sys_pidfd_getfd(fd, pfd[0], 1));
    show("getfd(pidfd -1)", sys_pidfd_getfd(-1, pfd[0], 0));
    show("getfd(stdin as pidfd)", sys_pidfd_getfd(0, pfd[0], 0));
    show("getfd(target 1000)", sys_pidfd_getfd(fd, 1000, 0));
    show("getfd(target -1)", sys_pidfd_getfd(fd, -1, 0));
    long d = sys_pidfd_getfd(fd, pfd[0], 0);
    show("getfd(child pipe)", d);
    struct stat a, b;
    fstat(pfd[0], &a);
    fstat(d, &b);
    printf("same pipe=%d cloexec=%d\n", a.st_ino == b.st_ino && a.st_dev == b.st_dev, fcntl(d, F_GETFD) == FD_CLOEXEC);
    close(d);
    long self = sys_pidfd_open(getpid(), 0);
    d = sys_pidfd_getfd(self, pfd[1], 0);
    show("getfd(self pipe write end)", d);
    write(d, "x", 1);   /* through the duplicate: the child reads it and exits 3 */
    close(d);
    printf("poll(child, -1) revents=%#x\n", poll1(fd, -1));
    show("getfd(zombie)", sys_pidfd_getfd(fd, pfd[0], 0));
    int st = 0;
    int ok = waitpid(c, &st, 0) == c;
    printf("child reaped=%d status=%d\n", ok, WEXITSTATUS(st));
    close(self);
    close(fd);
    close(pfd[0]);
    close(pfd[1]);
}

int main(int argc, char **argv) {
    self = argv[0];
    if (argc > 1 && strcmp(argv[1], "pause") == 0) {
        signal(SIGUSR1, SIG_IGN);
        for (;;) {
            pause();
        }
    }
    if (argc > 2 && strcmp(argv[1], "read") == 0) {
        char ch;
        read(atoi(argv[2]), &ch, 1);
        _exit(3);
    }
    if (argc > 2 && strcmp(argv[1], "exit") == 0) {
        _exit(atoi(argv[2]));
    }
    setvbuf(stdout, NULL, _IONBF, 0);
    open_checks();
    signal_checks();
    wait_checks();
    getfd_checks();
    return 0;
}
