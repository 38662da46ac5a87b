/* SIGCHLD reaches the parent when a vfork child exits: an SA_SIGINFO handler sees si_code CLD_EXITED and
 * the child's pid; a child killed by a signal gives CLD_KILLED. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile int hits, last_code, last_pid;

static void on_chld(int sig, siginfo_t *si, void *uc) {
    (void)sig; (void)uc;
    hits++;
    last_code = si->si_code;
    last_pid = si->si_pid;
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_chld;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigaction(SIGCHLD, &sa, NULL);
    pid_t pid = vfork();
    if (pid == 0) _exit(3);
    int st;
    waitpid(pid, &st, 0);
    printf("exit: hits=%d code-is-CLD_EXITED=%d pid-ok=%d status=%d\n", hits, last_code == CLD_EXITED, last_pid == pid,
        WEXITSTATUS(st));
    pid = vfork();
    if (pid == 0) {
        char *args[] = {"/proc/self/exe", "x", NULL};
        (void)args;
        kill(getpid(), SIGKILL);
        _exit(1);
    }
    waitpid(pid, &st, 0);
    printf("kill: hits=%d code-is-CLD_KILLED=%d pid-ok=%d termsig=%d\n", hits, last_code == CLD_KILLED, last_pid == pid,
        WTERMSIG(st));
    return 0;
}
