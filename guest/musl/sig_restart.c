// timeout: 120
/* Which blocking syscalls a signal handler with SA_RESTART restarts, and which fail with EINTR anyway
 * (Linux's -ERESTARTSYS, -ERESTARTNOHAND and -ERESTART_RESTARTBLOCK rules; man 7 signal, "Interruption of
 * system calls and library functions by signal handlers"). The main thread blocks; a helper thread waits
 * DELAY, sends SIGUSR1 to it, waits DELAY again and then ends the wait (writes the pipe, wakes the futex,
 * sends the awaited signal). A restarted call therefore returns the event; an interrupted one EINTR.
 * wait4 waits for a child (this program run as "child") that exits after 3*DELAY. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define DELAY_MS 150
#define FUTEX_WAIT_PRIVATE 128
#define FUTEX_WAKE_PRIVATE 129

enum action { NONE, WRITE_PIPE, WAKE_FUTEX, SEND_USR2 };

static pthread_t main_thread;
static volatile int handled;
static int pipefd[2];
static int futex_word;
static enum action act;

static void sleep_ms(long ms) {
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

static void on_usr1(int sig) {
    (void)sig;
    handled++;
}

static void *helper(void *arg) {
    (void)arg;
    sleep_ms(DELAY_MS);
    pthread_kill(main_thread, SIGUSR1);
    sleep_ms(DELAY_MS);
    switch (act) {
    case WRITE_PIPE: write(pipefd[1], "x", 1); break;
    case WAKE_FUTEX:
        __atomic_store_n(&futex_word, 1, __ATOMIC_SEQ_CST);
        syscall(SYS_futex, &futex_word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
        break;
    case SEND_USR2: pthread_kill(main_thread, SIGUSR2); break;
    case NONE: break;
    }
    return NULL;
}

static pthread_t th;

static void begin(int restart, enum action a) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sa.sa_flags = restart ? SA_RESTART : 0;
    sigaction(SIGUSR1, &sa, NULL);
    handled = 0;
    act = a;
    pthread_create(&th, NULL, helper, NULL);
}

static void end(const char *what, int restart, long r, int err) {
    pthread_join(th, NULL);
    printf("%-24s %-10s ret=%ld errno=%s handled=%d\n", what, restart ? "SA_RESTART" : "plain", r,
        r >= 0 ? "-" : err == EINTR ? "EINTR" : strerror(err), handled);
}

static void pipe_read(int restart) {
    char c;
    begin(restart, WRITE_PIPE);
    long r = read(pipefd[0], &c, 1);
    end("read(pipe)", restart, r, errno);
}

static void futex_wait(int restart, int timed) {
    futex_word = 0;
    struct timespec to = {5, 0};
    begin(restart, WAKE_FUTEX);
    long r = syscall(SYS_futex, &futex_word, FUTEX_WAIT_PRIVATE, 0, timed ? &to : NULL, NULL, 0);
    end(timed ? "futex(WAIT, timeout)" : "futex(WAIT)", restart, r, errno);
}

static void timerfd_read(int restart) {
    int fd = timerfd_create(CLOCK_MONOTONIC, 0);
    struct itimerspec it = {{0, 0}, {0, DELAY_MS * 2 * 1000000L}};
    timerfd_settime(fd, 0, &it, NULL);
    unsigned long long ticks = 0;
    begin(restart, NONE);
    long r = read(fd, &ticks, sizeof ticks);
    end("read(timerfd)", restart, r, errno);
    close(fd);
}

static void wait_child(char *self, int restart) {
    pid_t p = vfork();
    if (p == 0) {
        char *argv[] = {self, "child", NULL};
        execv("/proc/self/exe", argv);
        _exit(127);
    }
    int st = 0;
    begin(restart, NONE);
    long r = wait4(p, &st, 0, NULL);
    end("wait4", restart, r < 0 ? r : r == p, errno);
    if (r < 0) {
        waitpid(p, &st, 0);
    }
}

static void never_restarted(void) {
    char c;
    long r;
    sigset_t none;
    sigemptyset(&none);

    begin(1, NONE);
    r = pause();
    end("pause", 1, r, errno);

    begin(1, NONE);
    r = sigsuspend(&none);
    end("sigsuspend", 1, r, errno);

    struct pollfd pfd = {pipefd[0], POLLIN, 0};
    begin(1, WRITE_PIPE);
    r = poll(&pfd, 1, -1);
    end("poll", 1, r, errno);
    read(pipefd[0], &c, 1);

    fd_set rd;
    FD_ZERO(&rd);
    FD_SET(pipefd[0], &rd);
    begin(1, WRITE_PIPE);
    r = select(pipefd[0] + 1, &rd, NULL, NULL, NULL);
    end("select", 1, r, errno);
    read(pipefd[0], &c, 1);

    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN}, out;
    epoll_ctl(ep, EPOLL_CTL_ADD, pipefd[0], &ev);
    begin(1, WRITE_PIPE);
    r = epoll_wait(ep, &out, 1, -1);
    end("epoll_wait", 1, r, errno);
    read(pipefd[0], &c, 1);
    close(ep);

    struct timespec ts = {DELAY_MS * 3 / 1000, (DELAY_MS * 3 % 1000) * 1000000L};
    begin(1, NONE);
    r = nanosleep(&ts, &ts);
    end("nanosleep", 1, r, errno);

    sigset_t usr2, old;
    sigemptyset(&usr2);
    sigaddset(&usr2, SIGUSR2);
    pthread_sigmask(SIG_BLOCK, &usr2, &old);
    begin(1, SEND_USR2);
    /* raw: musl's sigtimedwait retries on EINTR itself */
    r = syscall(SYS_rt_sigtimedwait, &usr2, NULL, NULL, 8);
    end("rt_sigtimedwait", 1, r, errno);
    /* the SIGUSR2 sent after the interruption is still pending: take it */
    printf("usr2 then taken: %d\n", sigwaitinfo(&usr2, NULL) == SIGUSR2);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "child") == 0) {
        sleep_ms(DELAY_MS * 3);
        return 0;
    }
    setvbuf(stdout, NULL, _IONBF, 0);
    main_thread = pthread_self();
    pipe(pipefd);
    for (int restart = 1; restart >= 0; restart--) {
        pipe_read(restart);
        futex_wait(restart, 0);
        futex_wait(restart, 1);
        wait_child(argv[0], restart);
        timerfd_read(restart);
        char c;
        if (!restart) {
            read(pipefd[0], &c, 1);   /* the byte written after the EINTR */
        }
    }
    never_restarted();
    return 0;
}
