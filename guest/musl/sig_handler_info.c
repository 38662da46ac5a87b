/* SA_SIGINFO fields for kill, raise (tkill/tgkill), sigqueue (rt_sigqueueinfo) and setitimer's SIGALRM;
 * the ucontext the handler gets: uc_sigmask is the mask before delivery, oldmask, and the blocked
 * mask inside the handler (sa_mask plus the signal itself). (uc_stack.ss_flags is not printed: before
 * any sigaltstack call it is the raw value inherited from the parent, 0 from a shell, 2 from a JVM.) */
#define _GNU_SOURCE
#include <stdio.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <ucontext.h>
#include <sys/time.h>

static volatile int got_sig, got_code, got_pid_ok, got_uid_ok, got_val, got_errno, kernel_sender;
static volatile int in_mask_usr1, in_mask_usr2, in_mask_term, uc_mask_term, uc_mask_self;
static volatile unsigned long uc_oldmask;
static volatile int hits;

static void handler(int sig, siginfo_t *si, void *ctx) {
    ucontext_t *uc = ctx;
    sigset_t cur;
    hits++;
    got_sig = si->si_signo == sig ? sig : -1;
    got_code = si->si_code;
    got_errno = si->si_errno;
    got_pid_ok = si->si_pid == getpid();
    got_uid_ok = si->si_uid == getuid();
    kernel_sender = si->si_pid == 0 && si->si_uid == 0;
    got_val = si->si_value.sival_int;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    in_mask_usr1 = sigismember(&cur, SIGUSR1);
    in_mask_usr2 = sigismember(&cur, SIGUSR2);
    in_mask_term = sigismember(&cur, SIGTERM);
    uc_mask_term = sigismember(&uc->uc_sigmask, SIGTERM);
    uc_mask_self = sigismember(&uc->uc_sigmask, sig);
    uc_oldmask = uc->uc_mcontext.gregs[REG_OLDMASK];
}

static const char *code_name(int c) {
    switch (c) {
    case SI_USER: return "SI_USER";
    case SI_TKILL: return "SI_TKILL";
    case SI_QUEUE: return "SI_QUEUE";
    case SI_KERNEL: return "SI_KERNEL";
    case SI_TIMER: return "SI_TIMER";
    default: return "other";
    }
}

static void show(const char *what) {
    printf("%-10s hits=%d sig=%d code=%s errno=%d %s in_handler_mask(usr1=%d usr2=%d term=%d) "
           "uc_sigmask(term=%d self=%d) oldmask_term=%d\n",
           what, hits, got_sig, code_name(got_code), got_errno,
           got_code == SI_KERNEL ? (kernel_sender ? "from kernel" : "?") : (got_pid_ok && got_uid_ok ? "from self" : "?"),
           in_mask_usr1,
           in_mask_usr2, in_mask_term, uc_mask_term, uc_mask_self, (int)((uc_oldmask >> (SIGTERM - 1)) & 1));
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGUSR2);
    sigaction(SIGUSR1, &sa, NULL);
    sigaction(SIGALRM, &sa, NULL);
    sigaction(SIGRTMIN + 2, &sa, NULL);

    sigset_t term;
    sigemptyset(&term);
    sigaddset(&term, SIGTERM);
    sigprocmask(SIG_BLOCK, &term, NULL);

    kill(getpid(), SIGUSR1);
    show("kill");
    raise(SIGUSR1);
    show("raise");
    union sigval v = {.sival_int = 4242};
    sigqueue(getpid(), SIGUSR1, v);
    show("sigqueue");
    printf("sigqueue value=%d\n", got_val);
    v.sival_int = 77;
    sigqueue(getpid(), SIGRTMIN + 2, v);
    show("sigqueue-rt");
    printf("rt value=%d\n", got_val);

    struct itimerval it = {{0, 0}, {0, 20000}};
    setitimer(ITIMER_REAL, &it, NULL);
    while (hits < 5) {
        /* spin until the timer fires */
    }
    show("itimer");

    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    printf("mask restored: usr1=%d usr2=%d term=%d\n", sigismember(&now, SIGUSR1), sigismember(&now, SIGUSR2),
           sigismember(&now, SIGTERM));
    /* Invalid uses. */
    printf("kill bad sig: %d\n", kill(getpid(), 65));
    printf("kill sig 0: %d\n", kill(getpid(), 0));
    return 0;
}
