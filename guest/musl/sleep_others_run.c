/* A sleeping process does not stop the others: while a child sleeps in nanosleep (or
 * clock_nanosleep), its parent keeps running, as on Linux, where do_nanosleep schedules other
 * tasks. (busybox sh's "sleep 5 &" held up the shell itself for 5 s under Flatland before: the
 * kernel's one host thread slept for the child.) Also: a signal with a handler ends the child's
 * sleep with EINTR and the time left in rem; an uninterrupted sleep takes at least its time.
 * Children are vfork+execve of /proc/self/exe; the output has no times or pids. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void on_usr1(int sig) {
    (void)sig;
}

/* Child modes: "sleep N" (nanosleep), "csleep N" (clock_nanosleep), "interrupted" (a 10 s
 * nanosleep that SIGUSR1 cuts short; the exit status tells what happened). */
static int child(char **argv) {
    if (!strcmp(argv[1], "sleep")) {
        struct timespec ts = {atoi(argv[2]), 0};
        return nanosleep(&ts, NULL) == 0 ? 0 : 10;
    }
    if (!strcmp(argv[1], "csleep")) {
        struct timespec ts = {atoi(argv[2]), 0};
        return clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL) == 0 ? 0 : 10;
    }
    if (!strcmp(argv[1], "interrupted")) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_usr1;
        sa.sa_flags = SA_RESTART;   /* nanosleep is never restarted after a handler, SA_RESTART or not */
        sigaction(SIGUSR1, &sa, NULL);
        struct timespec ts = {10, 0}, rem = {-1, -1};
        int r = nanosleep(&ts, &rem);
        if (r == 0) return 20;
        if (errno != EINTR) return 21;
        if (rem.tv_sec < 5 || rem.tv_sec > 10 || rem.tv_nsec < 0 || rem.tv_nsec >= 1000000000) return 22;
        return 0;
    }
    return 100;
}

static pid_t spawn(const char *mode, const char *arg) {
    char *args[] = {"sleep_others_run", (char *)mode, (char *)arg, NULL};
    pid_t pid = vfork();
    if (pid == 0) {
        execve("/proc/self/exe", args, environ);
        _exit(127);
    }
    return pid;
}

static void check(const char *mode) {
    double t0 = now();
    pid_t pid = spawn(mode, "2");
    /* The child has exec'd (vfork returned) and sleeps 2 s: the parent runs now, the child is alive. */
    double t1 = now();
    int st;
    pid_t w = waitpid(pid, &st, WNOHANG);
    printf("%s: parent runs while the child sleeps: %s\n", mode, w == 0 && t1 - t0 < 1.5 ? "yes" : "no");
    /* A short sleep of the parent's own ends before the child's. */
    struct timespec ts = {0, 200000000};
    nanosleep(&ts, NULL);
    w = waitpid(pid, &st, WNOHANG);
    printf("%s: child still asleep after the parent's 0.2 s sleep: %s\n", mode, w == 0 ? "yes" : "no");
    waitpid(pid, &st, 0);
    double t2 = now();
    printf("%s: child exits 0 after sleeping at least 2 s: %s\n", mode,
           WIFEXITED(st) && WEXITSTATUS(st) == 0 && t2 - t0 >= 2.0 ? "yes" : "no");
}

int main(int argc, char **argv) {
    if (argc > 2) return child(argv);
    setvbuf(stdout, NULL, _IONBF, 0);
    check("sleep");
    check("csleep");

    pid_t pid = spawn("interrupted", "");
    struct timespec ts = {0, 300000000};   /* time for the child to install its handler and sleep */
    nanosleep(&ts, NULL);
    kill(pid, SIGUSR1);
    int st;
    waitpid(pid, &st, 0);
    printf("interrupted: child's nanosleep ended by SIGUSR1 with EINTR and rem in 5..10 s: %s (status %d)\n",
           WIFEXITED(st) && WEXITSTATUS(st) == 0 ? "yes" : "no", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    return 0;
}
