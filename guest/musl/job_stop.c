/* Job-control stops: SIGSTOP/SIGTSTP stop a child (in a process group of its own, so that the group is
 * not orphaned), SIGCONT resumes it; wait4 with WUNTRACED/WCONTINUED and waitid with
 * WSTOPPED/WCONTINUED/WNOWAIT report each event once with the status words 0x7f|sig<<8 and 0xffff;
 * the parent gets SIGCHLD with CLD_STOPPED/CLD_CONTINUED unless SA_NOCLDSTOP; a signal sent to a stopped
 * child waits for SIGCONT, SIGKILL does not. Children are vfork+exec'd copies of this program. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile int hits, last_code, last_status, last_pid_ok;
static pid_t expect_pid;
static int pipefd[2];

static void on_chld(int sig, siginfo_t *si, void *uc) {
    (void)sig; (void)uc;
    hits++;
    last_code = si->si_code;
    last_status = si->si_status;
    last_pid_ok = si->si_pid == expect_pid;
}

static const char *code_name(int c) {
    switch (c) {
    case CLD_EXITED: return "CLD_EXITED";
    case CLD_KILLED: return "CLD_KILLED";
    case CLD_STOPPED: return "CLD_STOPPED";
    case CLD_CONTINUED: return "CLD_CONTINUED";
    default: return "?";
    }
}

static void handler(int flags) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_chld;
    sa.sa_flags = SA_SIGINFO | SA_RESTART | flags;
    sigaction(SIGCHLD, &sa, NULL);
}

static pid_t spawn(char *self) {
    pid_t p = vfork();
    if (p == 0) {
        setpgid(0, 0);
        dup2(pipefd[0], 0);
        char *argv[] = {self, "sleeper", NULL};
        execv("/proc/self/exe", argv);
        _exit(127);
    }
    expect_pid = p;
    return p;
}

static void show(const char *what, pid_t r, pid_t p, int st) {
    printf("%s: pid-ok=%d status=0x%x stopped=%d stopsig=%d continued=%d signaled=%d\n", what, r == p, st,
        WIFSTOPPED(st), WIFSTOPPED(st) ? WSTOPSIG(st) : 0, WIFCONTINUED(st), WIFSIGNALED(st));
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "sleeper") == 0) {
        char c;
        while (read(0, &c, 1) > 0) {
        }
        return 0;
    }
    setvbuf(stdout, NULL, _IONBF, 0);
    pipe(pipefd);
    handler(0);
    pid_t p = spawn(argv[0]);
    int st = 0;

    kill(p, SIGSTOP);
    pid_t r = waitpid(p, &st, WUNTRACED);
    show("SIGSTOP", r, p, st);
    printf("sigchld: hits=%d %s status=%d pid-ok=%d\n", hits, code_name(last_code), last_status, last_pid_ok);
    printf("reported once: %d\n", waitpid(p, &st, WUNTRACED | WNOHANG));
    printf("without WUNTRACED: %d\n", waitpid(p, &st, WNOHANG));

    kill(p, SIGCONT);
    r = waitpid(p, &st, WCONTINUED);
    show("SIGCONT", r, p, st);
    /* (Linux sends CLD_CONTINUED from the child once it runs again, so its arrival here is not ordered
     * with this wait: it is not printed.) */
    printf("continue reported once: %d\n", waitpid(p, &st, WCONTINUED | WNOHANG));

    kill(p, SIGTSTP);
    siginfo_t si;
    memset(&si, 0, sizeof si);
    int w = waitid(P_PID, p, &si, WSTOPPED | WNOWAIT);
    printf("waitid WNOWAIT: %d %s status=%d pid-ok=%d\n", w, code_name(si.si_code), si.si_status, si.si_pid == p);
    memset(&si, 0, sizeof si);
    w = waitid(P_PGID, p, &si, WSTOPPED);
    printf("waitid P_PGID: %d %s status=%d pid-ok=%d\n", w, code_name(si.si_code), si.si_status, si.si_pid == p);
    memset(&si, 0, sizeof si);
    w = waitid(P_PID, p, &si, WSTOPPED | WNOHANG);
    printf("waitid again: %d pid=%d\n", w, si.si_pid);

    kill(p, SIGCONT);
    memset(&si, 0, sizeof si);
    w = waitid(P_ALL, 0, &si, WCONTINUED);
    printf("waitid WCONTINUED: %d %s status=%d pid-ok=%d\n", w, code_name(si.si_code), si.si_status, si.si_pid == p);

    handler(SA_NOCLDSTOP);
    last_code = 0;
    kill(p, SIGSTOP);
    r = waitpid(-p, &st, WUNTRACED);
    show("SA_NOCLDSTOP stop", r, p, st);
    printf("no CLD_STOPPED for the stop: %d\n", last_code != CLD_STOPPED);

    kill(p, SIGTERM);
    printf("SIGTERM waits while stopped: %d\n", waitpid(p, &st, WNOHANG));
    kill(p, SIGCONT);
    r = waitpid(p, &st, 0);
    printf("after SIGCONT: pid-ok=%d signaled=%d sig=%d\n", r == p, WIFSIGNALED(st), WTERMSIG(st));

    handler(0);
    p = spawn(argv[0]);
    kill(p, SIGSTOP);
    waitpid(p, &st, WUNTRACED);
    kill(p, SIGKILL);
    r = waitpid(p, &st, 0);
    printf("SIGKILL while stopped: pid-ok=%d signaled=%d sig=%d\n", r == p, WIFSIGNALED(st), WTERMSIG(st));
    printf("sigchld: %s status=%d\n", code_name(last_code), last_status);
    errno = 0;
    r = waitpid(-1, &st, WUNTRACED | WCONTINUED);
    printf("no more children: %d ECHILD=%d\n", r, errno == ECHILD);
    return 0;
}
