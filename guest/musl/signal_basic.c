/* Signals within one process: sigaction handlers with SA_SIGINFO, raise(), blocked signals left pending
 * until unblocked, sigpending, SIG_IGN, restoring SIG_DFL, and a handler that modifies a global. */
#include <stdio.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t hits, last_sig, last_code_user;

static void handler(int sig, siginfo_t *si, void *ctx) {
    (void)ctx;
    hits++; last_sig = sig;
    last_code_user = si->si_code == SI_TKILL || si->si_code == SI_USER;
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    printf("sigaction USR1: %d\n", sigaction(SIGUSR1, &sa, NULL));
    printf("sigaction USR2: %d\n", sigaction(SIGUSR2, &sa, NULL));
    raise(SIGUSR1);
    printf("after raise: hits=%d sig=%s user=%d\n", (int)hits, last_sig == SIGUSR1 ? "USR1" : "?", (int)last_code_user);
    sigset_t set, pend;
    sigemptyset(&set); sigaddset(&set, SIGUSR2);
    sigprocmask(SIG_BLOCK, &set, NULL);
    raise(SIGUSR2);
    sigpending(&pend);
    printf("blocked: hits=%d pending USR2=%d\n", (int)hits, sigismember(&pend, SIGUSR2));
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    printf("unblocked: hits=%d sig=%s\n", (int)hits, last_sig == SIGUSR2 ? "USR2" : "?");
    signal(SIGUSR1, SIG_IGN);
    raise(SIGUSR1);
    printf("ignored: hits=%d\n", (int)hits);
    struct sigaction old;
    sigaction(SIGUSR2, NULL, &old);
    printf("query: siginfo flag=%d handler-installed=%d\n", !!(old.sa_flags & SA_SIGINFO), old.sa_sigaction == handler);
    for (int i = 0; i < 100; i++) kill(getpid(), SIGUSR2);
    printf("kill x100: hits=%d\n", (int)hits);
    signal(SIGUSR2, SIG_DFL);
    printf("sigaction invalid signal: %d\n", sigaction(SIGKILL, &sa, NULL));
    return 0;
}
