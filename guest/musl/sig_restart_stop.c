// timeout: 120
/* A blocking syscall interrupted by a signal that runs no handler (here SIGSTOP, then SIGCONT) is
 * restarted, as Linux's arch_do_signal_or_restart does for -ERESTARTSYS/-ERESTARTNOHAND, and through
 * restart_syscall(2) for -ERESTART_RESTARTBLOCK (nanosleep keeps its original end time, a timed futex
 * wait its absolute timeout). epoll_wait is the exception: it returns EINTR even then (ep_poll returns
 * -EINTR directly). Each child is this program run with a mode; it blocks, the parent stops and
 * continues it, and then ends its wait (a byte on its stdin pipe, or SIGUSR1 for pause). */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define DELAY_MS 150
#define FUTEX_WAIT_PRIVATE 128

static volatile int usr1;

static void on_usr1(int sig) {
    (void)sig;
    usr1++;
}

static void sleep_ms(long ms) {
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

static long ms_since(struct timespec *a) {
    struct timespec b;
    clock_gettime(CLOCK_MONOTONIC, &b);
    return (b.tv_sec - a->tv_sec) * 1000 + (b.tv_nsec - a->tv_nsec) / 1000000;
}

static void report(const char *what, long r, int err) {
    printf("%-22s ret=%ld errno=%s\n", what, r, r >= 0 ? "-" : err == EINTR ? "EINTR" : strerror(err));
}

static int child(const char *mode) {
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    if (strcmp(mode, "nanosleep") == 0) {
        struct timespec ts = {0, DELAY_MS * 4 * 1000000L}, rem = {9, 9};
        long r = nanosleep(&ts, &rem);
        report("nanosleep", r, errno);
        printf("%-22s slept the whole time=%d rem untouched=%d\n", "", ms_since(&start) >= DELAY_MS * 4,
            rem.tv_sec == 9);
    } else if (strcmp(mode, "clock_nanosleep") == 0) {
        struct timespec ts = {0, DELAY_MS * 4 * 1000000L};
        long r = clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL);
        report("clock_nanosleep", r, r);
        printf("%-22s slept the whole time=%d\n", "", ms_since(&start) >= DELAY_MS * 4);
    } else if (strcmp(mode, "futex") == 0) {
        static int word;
        struct timespec to = {0, DELAY_MS * 4 * 1000000L};
        long r = syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 0, &to, NULL, 0);
        report("futex(WAIT, timeout)", r, errno);
        printf("%-22s waited the whole time=%d\n", "", ms_since(&start) >= DELAY_MS * 4);
    } else if (strcmp(mode, "read") == 0) {
        char c;
        long r = read(0, &c, 1);
        report("read(pipe)", r, errno);
    } else if (strcmp(mode, "pause") == 0) {
        signal(SIGUSR1, on_usr1);
        long r = pause();
        report("pause", r, errno);
        printf("%-22s ended by SIGUSR1=%d\n", "", usr1);
    } else if (strcmp(mode, "epoll") == 0) {
        int ep = epoll_create1(0);
        struct epoll_event ev = {.events = EPOLLIN}, out;
        epoll_ctl(ep, EPOLL_CTL_ADD, 0, &ev);
        long r = epoll_wait(ep, &out, 1, -1);
        report("epoll_wait", r, errno);
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc > 2 && strcmp(argv[1], "child") == 0) {
        return child(argv[2]);
    }
    setvbuf(stdout, NULL, _IONBF, 0);
    signal(SIGPIPE, SIG_IGN);   /* the epoll child may be gone when its byte is written */
    const char *modes[] = {"nanosleep", "clock_nanosleep", "futex", "read", "pause", "epoll"};
    for (unsigned i = 0; i < sizeof modes / sizeof *modes; i++) {
        int fd[2];
        pipe(fd);
        pid_t p = vfork();
        if (p == 0) {
            dup2(fd[0], 0);
            char *args[] = {argv[0], "child", (char *)modes[i], NULL};
            execv("/proc/self/exe", args);
            _exit(127);
        }
        close(fd[0]);
        int st;
        sleep_ms(DELAY_MS);
        kill(p, SIGSTOP);
        waitpid(p, &st, WUNTRACED);
        kill(p, SIGCONT);
        sleep_ms(DELAY_MS);
        if (strcmp(modes[i], "pause") == 0) {
            kill(p, SIGUSR1);
        } else {
            write(fd[1], "x", 1);
        }
        waitpid(p, &st, 0);
        close(fd[1]);
        if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
            printf("%s: child status 0x%x\n", modes[i], st);
        }
    }
    return 0;
}
