/* Resource limits (getrlimit/setrlimit/prlimit64) as an unprivileged process sees them: when run as
 * root the program first drops to uid 65534, because root (CAP_SYS_RESOURCE) is exempt from most of
 * these rules and Flatland's guest identity is an ordinary uid. Only relative facts are printed: the
 * starting limits differ between machines.
 *   RLIMIT_NOFILE: open/pipe/dup give EMFILE at the soft limit, dup2 to fd >= limit EBADF,
 *                  F_DUPFD from >= limit EINVAL (fs/file.c)
 *   setrlimit:     soft > hard EINVAL, raising hard EPERM, bad resource EINVAL (kernel/sys.c)
 *   RLIMIT_NPROC:  clone (pthread_create) and vfork EAGAIN once the user has that many tasks
 *   inheritance:   threads share the limits; a vfork child and the program it execs keep them
 * A process of uid 65534 elsewhere on the machine would change the RLIMIT_NPROC lines natively. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static const char *err(int r) {
    if (r >= 0) return "ok";
    switch (errno) {
    case EMFILE: return "EMFILE";
    case EBADF: return "EBADF";
    case EINVAL: return "EINVAL";
    case EPERM: return "EPERM";
    case EAGAIN: return "EAGAIN";
    default: return strerror(errno);
    }
}

static void *sleeper(void *arg) {
    pause();
    return arg;
}

static void *set_nofile_30(void *arg) {
    struct rlimit r;
    getrlimit(RLIMIT_NOFILE, &r);
    r.rlim_cur = 30;
    setrlimit(RLIMIT_NOFILE, &r);
    return arg;
}

static int nofile(void) {
    struct rlimit r;
    struct rlimit h;
    getrlimit(RLIMIT_NOFILE, &r);
    printf("nofile: starts with soft <= hard: %s\n", r.rlim_cur <= r.rlim_max ? "yes" : "no");
    h = r;
    r.rlim_cur = 16;
    printf("nofile: setrlimit soft 16: %s\n", err(setrlimit(RLIMIT_NOFILE, &r)));
    int last = -1, fd, n = 0;
    while ((fd = open("/dev/null", O_RDONLY)) >= 0) {
        last = fd;
        n++;
    }
    printf("nofile: opened up to fd %d, then %s\n", last, err(fd));   /* n depends on inherited fds */
    (void)n;
    int p[2];
    printf("nofile: pipe at the limit: %s\n", err(pipe(p)));
    printf("nofile: dup at the limit: %s\n", err(dup(0)));
    printf("nofile: dup2 to fd 16: %s\n", err(dup2(0, 16)));
    printf("nofile: dup2 to fd 15 (open): %s\n", err(dup2(0, 15)));
    printf("nofile: F_DUPFD from 16: %s\n", err(fcntl(0, F_DUPFD, 16)));
    printf("nofile: F_DUPFD from 10 (all taken): %s\n", err(fcntl(0, F_DUPFD, 10)));
    close(12);
    printf("nofile: F_DUPFD from 10 after close(12): %d\n", fcntl(0, F_DUPFD, 10));
    for (fd = 3; fd <= last; fd++) close(fd);
    r.rlim_cur = 4;
    printf("nofile: soft 4 with fds 0-2 open: %s\n", err(setrlimit(RLIMIT_NOFILE, &r)));
    fd = open("/dev/null", O_RDONLY);
    printf("nofile: open gives fd %d\n", fd);
    printf("nofile: then %s\n", err(open("/dev/null", O_RDONLY)));
    close(fd);
    r = h;
    printf("nofile: back to the start: %s\n", err(setrlimit(RLIMIT_NOFILE, &r)));
    return 0;
}

/* A dup that fails with EMFILE must not keep the file open: the pipe's reader still sees EOF once the
 * only write end is closed. */
static void dup_at_limit_keeps_no_reference(void) {
    struct rlimit h, r;
    int p[2];
    char c;
    getrlimit(RLIMIT_NOFILE, &h);
    if (pipe(p) != 0) return;
    r = h;
    r.rlim_cur = p[1] + 1;   /* every fd up to p[1] is in use: the next one is at the limit */
    setrlimit(RLIMIT_NOFILE, &r);
    printf("nofile: dup of the write end at the limit: %s\n", err(dup(p[1])));
    printf("nofile: F_DUPFD of the write end at the limit: %s\n", err(fcntl(p[1], F_DUPFD, 0)));
    close(p[1]);
    printf("nofile: reader then sees EOF: %s\n", read(p[0], &c, 1) == 0 ? "yes" : "no");
    close(p[0]);
    setrlimit(RLIMIT_NOFILE, &h);
}

static void rules(void) {
    struct rlimit r, h;
    getrlimit(RLIMIT_NOFILE, &h);
    r.rlim_cur = 64;
    r.rlim_max = 32;
    printf("rules: soft > hard: %s\n", err(setrlimit(RLIMIT_NOFILE, &r)));
    r.rlim_cur = 50;
    r.rlim_max = 100;
    printf("rules: lower hard to 100: %s\n", err(setrlimit(RLIMIT_NOFILE, &r)));
    r.rlim_max = 200;
    printf("rules: raise hard to 200: %s\n", err(setrlimit(RLIMIT_NOFILE, &r)));
    r.rlim_cur = 100;
    r.rlim_max = 100;
    printf("rules: raise soft to hard: %s\n", err(setrlimit(RLIMIT_NOFILE, &r)));
    r.rlim_cur = 101;
    printf("rules: soft above hard: %s\n", err(setrlimit(RLIMIT_NOFILE, &r)));
    printf("rules: restore the old hard: %s\n", err(setrlimit(RLIMIT_NOFILE, &h)));
    printf("rules: getrlimit(16): %s\n", err(syscall(SYS_getrlimit, 16, &r)));
    printf("rules: setrlimit(-1): %s\n", err(syscall(SYS_setrlimit, -1, &r)));
    struct rlimit old, neu = {40, 100};
    printf("rules: prlimit64 sets and returns the old: %s",
           err(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, &neu, &old)));
    getrlimit(RLIMIT_NOFILE, &r);
    printf(", old soft was 100: %s, now %llu/%llu\n", old.rlim_cur == 100 ? "yes" : "no",
           (unsigned long long)r.rlim_cur, (unsigned long long)r.rlim_max);
    printf("rules: prlimit64 of pid 1: %s\n", err(syscall(SYS_prlimit64, 1, RLIMIT_NOFILE, NULL, &r)) );
}

static void nproc(void) {
    struct rlimit h, r;
    getrlimit(RLIMIT_NPROC, &h);
    r.rlim_max = h.rlim_max;
    pthread_t t[4];
    for (int lim = 1; lim <= 3; lim++) {
        r.rlim_cur = lim;
        setrlimit(RLIMIT_NPROC, &r);
        int made = 0, e = 0;
        while (made < 4 && (e = pthread_create(&t[made], NULL, sleeper, NULL)) == 0) made++;
        printf("nproc: soft %d: %d more threads, then %s\n", lim, made, e == EAGAIN ? "EAGAIN" : strerror(e));
        if (lim == 1) {
            pid_t p = vfork();
            if (p == 0) _exit(0);
            printf("nproc: vfork at the limit: %s\n", p < 0 && errno == EAGAIN ? "EAGAIN" : "allowed");
            if (p > 0) waitpid(p, NULL, 0);
        }
        for (int i = 0; i < made; i++) {
            pthread_cancel(t[i]);
            pthread_join(t[i], NULL);
        }
    }
    setrlimit(RLIMIT_NPROC, &h);
}

int main(int argc, char **argv) {
    if (argc > 1) {   /* the exec'd child of inherit() */
        struct rlimit r;
        getrlimit(RLIMIT_NOFILE, &r);
        printf("inherit: after execve soft %llu, hard unchanged: %s\n", (unsigned long long)r.rlim_cur,
               (unsigned long long)r.rlim_max == strtoull(argv[1], NULL, 10) ? "yes" : "no");
        return 0;
    }
    if (getuid() == 0 && setuid(65534) != 0) {
        perror("setuid");
        return 1;
    }
    nofile();
    dup_at_limit_keeps_no_reference();
    rules();
    nproc();

    struct rlimit r;
    getrlimit(RLIMIT_NOFILE, &r);
    r.rlim_cur = 20;
    setrlimit(RLIMIT_NOFILE, &r);
    pthread_t t;
    pthread_create(&t, NULL, set_nofile_30, NULL);
    pthread_join(t, NULL);
    getrlimit(RLIMIT_NOFILE, &r);
    printf("inherit: a thread's setrlimit is the process's: soft %llu\n", (unsigned long long)r.rlim_cur);
    char hard[32];
    snprintf(hard, sizeof hard, "%llu", (unsigned long long)r.rlim_max);
    char *args[] = {argv[0], hard, NULL};
    fflush(stdout);
    pid_t p = vfork();
    if (p == 0) {
        execve("/proc/self/exe", args, environ);
        _exit(127);
    }
    int st;
    waitpid(p, &st, 0);
    printf("inherit: child exited %d\n", WEXITSTATUS(st));
    return 0;
}
