/* Process groups and sessions: setpgid/getpgid/getpgrp/setsid/getsid with Linux's errnos (EACCES after
 * the child execed, EPERM across sessions and for group or session leaders, ESRCH for a non-child,
 * EINVAL for a negative pgid), inheritance over vfork and execve, and kill() to a process group
 * (kill(-pgid), kill(0) from inside a group, kill(-1, 0)). Children come from vfork; each re-executes
 * this program ("sleeper": blocks reading a pipe; "selfkill": kill(0, SIGUSR1) to its own group).
 * Output names errnos and compares ids, never prints them. */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *en(int e) {
    switch (e) {
    case 0: return "0";
    case EPERM: return "EPERM";
    case ESRCH: return "ESRCH";
    case EACCES: return "EACCES";
    case EINVAL: return "EINVAL";
    default: return strerror(e);
    }
}

/* Runs expr and prints its result and errno (0 on success). */
#define T(label, expr) do { errno = 0; long r_ = (long)(expr); int e_ = errno; \
    printf("%s: %ld %s\n", label, r_, en(r_ < 0 ? e_ : 0)); } while (0)

static int pipefd[2];
static char *self;

static void exec_self(const char *mode) {
    char *argv[] = {self, (char *)mode, NULL};
    execv("/proc/self/exe", argv);
    _exit(127);
}

static volatile int r1, e1, r2, e2, r3, e3;
static volatile int usr1;

static void on_usr1(int s) { (void)s; usr1++; }

static int sleeper(void) {
    char c;
    while (read(0, &c, 1) > 0) {
    }
    return 0;
}

static int selfkill(void) {
    signal(SIGUSR1, on_usr1);
    int r = kill(0, SIGUSR1);
    printf("selfkill: kill(0)=%d usr1=%d own-group-leader=%d\n", r, usr1, getpgrp() == getpid());
    return 0;
}

/* vfork a child that runs fn (in the shared memory, before exec) and then becomes a sleeper. */
static pid_t spawn(int mode) {
    pid_t p = vfork();
    if (p != 0) return p;
    dup2(pipefd[0], 0);
    switch (mode) {
    case 1: setpgid(0, 0); break;
    default: break;
    }
    exec_self("sleeper");
    return 0;
}

int main(int argc, char **argv) {
    self = argv[0];
    if (argc > 1 && strcmp(argv[1], "sleeper") == 0) return sleeper();
    if (argc > 1 && strcmp(argv[1], "selfkill") == 0) return selfkill();
    setvbuf(stdout, NULL, _IONBF, 0);
    pipe(pipefd);

    printf("getpgrp==getpgid(0): %d\n", getpgrp() == getpgid(0));
    printf("getpgid(self)==getpgid(0): %d\n", getpgid(getpid()) == getpgid(0));
    printf("getsid(self)==getsid(0): %d\n", getsid(getpid()) == getsid(0));
    T("getpgid(missing)", getpgid(999999));
    T("getsid(missing)", getsid(999999));
    T("setpgid(0,-1)", setpgid(0, -1));
    T("setpgid(ppid)", setpgid(getppid(), 0));
    T("kill(-missing,0)", kill(-999999, 0));

    /* A child inherits the process group and session; after its exec setpgid on it is EACCES. */
    pid_t a = spawn(0);
    printf("child inherits pgrp: %d sid: %d\n", getpgid(a) == getpgrp(), getsid(a) == getsid(0));
    T("setpgid(execed child)", setpgid(a, a));
    T("kill(-1,0) with a child alive", kill(-1, 0));

    /* A child that made its own group; another child joins it before exec. */
    pid_t b = spawn(1);
    printf("b leads its group: %d\n", getpgid(b) == b);
    pid_t c = vfork();
    if (c == 0) {
        errno = 0; r1 = setpgid(0, b); e1 = errno;
        dup2(pipefd[0], 0);
        exec_self("sleeper");
    }
    printf("c joined b: r=%d %s same-group=%d\n", r1, en(e1), getpgid(c) == b);
    T("kill(-b,0)", kill(-b, 0));
    printf("kill(-b,SIGTERM): %d\n", kill(-b, SIGTERM));
    int st;
    pid_t w1 = waitpid(b, &st, 0);
    printf("b: waited=%d signaled=%d sig=%d\n", w1 == b, WIFSIGNALED(st), WIFSIGNALED(st) ? WTERMSIG(st) : -1);
    pid_t w2 = waitpid(c, &st, 0);
    printf("c: waited=%d signaled=%d sig=%d\n", w2 == c, WIFSIGNALED(st), WIFSIGNALED(st) ? WTERMSIG(st) : -1);
    printf("a survived: kill(a,0)=%d\n", kill(a, 0));
    T("kill(-b,0) after", kill(-b, 0));

    /* setsid in a child: a new session and group led by it; a second setsid is EPERM. */
    pid_t d = vfork();
    if (d == 0) {
        errno = 0; r1 = setsid(); e1 = errno;
        r2 = (getsid(0) == getpid()) && (getpgrp() == getpid()) && r1 == getpid();
        errno = 0; r3 = setsid(); e3 = errno;
        _exit(0);
    }
    waitpid(d, &st, 0);
    printf("setsid in child: ok=%d %s leads=%d again=%d %s\n", r1 > 0, en(e1), r2, r3, en(e3));

    /* A process-group leader cannot setsid; joining a group that does not exist is EPERM. */
    pid_t e = vfork();
    if (e == 0) {
        setpgid(0, 0);
        errno = 0; r1 = setsid(); e1 = errno;
        errno = 0; r2 = setpgid(0, 999999); e2 = errno;
        _exit(0);
    }
    waitpid(e, &st, 0);
    printf("setsid as group leader: %d %s\n", r1, en(e1));
    printf("setpgid(0, missing group): %d %s\n", r2, en(e2));

    /* A child in another session: setpgid on it is EPERM (checked before EACCES). */
    pid_t f = vfork();
    if (f == 0) {
        setsid();
        dup2(pipefd[0], 0);
        exec_self("sleeper");
    }
    T("setpgid(child in other session)", setpgid(f, f));
    T("setpgid(other-session child, own group)", setpgid(f, getpgrp()));

    /* kill(0) inside a group of its own reaches the caller. */
    pid_t g = vfork();
    if (g == 0) {
        setpgid(0, 0);
        exec_self("selfkill");
    }
    waitpid(g, &st, 0);
    printf("selfkill exit: %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);

    close(pipefd[1]);
    kill(a, SIGKILL);
    kill(f, SIGKILL);
    waitpid(a, &st, 0);
    printf("a: sig=%d\n", WIFSIGNALED(st) ? WTERMSIG(st) : -1);
    waitpid(f, &st, 0);
    printf("f: sig=%d\n", WIFSIGNALED(st) ? WTERMSIG(st) : -1);
    return 0;
}
