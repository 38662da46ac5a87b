// exit: 3
/* What sigreturn takes from a frame the handler edited: a signal added to uc_sigmask stays blocked
 * after the return, SIGSTOP added there is dropped, and an FP image with a reserved MXCSR bit makes
 * rt_sigreturn fail with SIGSEGV. (sig_fpe_ill edits the saved RIP and RAX.) */
#define _GNU_SOURCE
#include <stdio.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <ucontext.h>

static volatile int mode;

static void h(int sig, siginfo_t *si, void *ctx) {
    (void)sig; (void)si;
    ucontext_t *uc = ctx;
    if (mode == 0) {
        sigaddset(&uc->uc_sigmask, SIGUSR2);
        sigaddset(&uc->uc_sigmask, SIGSTOP);
    } else {
        uc->uc_mcontext.fpregs->mxcsr = 0x11f80;
    }
}

static void on_segv(int sig) {
    (void)sig;
    static const char msg[] = "SIGSEGV from rt_sigreturn\n";
    write(1, msg, sizeof msg - 1);
    _exit(3);
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = h;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    printf("after edited uc_sigmask: usr2 blocked=%d stop blocked=%d usr1 blocked=%d\n", sigismember(&cur, SIGUSR2),
           sigismember(&cur, SIGSTOP), sigismember(&cur, SIGUSR1));
    fflush(stdout);
    signal(SIGSEGV, on_segv);
    mode = 1;
    raise(SIGUSR1);
    printf("sigreturn with a bad MXCSR returned\n");
    return 0;
}
