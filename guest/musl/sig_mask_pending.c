/* sigprocmask/sigpending/sigsuspend: blocked signals stay pending (standard ones once, real-time ones
 * queued in order), unblocking delivers lowest-numbered first, sigsuspend returns EINTR with the old
 * mask back, SIG_IGN discards pending, SA_RESETHAND and SA_NODEFER, sigtimedwait with a zero timeout. */
#define _GNU_SOURCE
#include <stdio.h>
#include <signal.h>
#include <string.h>
#include <errno.h>
#include <time.h>
#include <unistd.h>

static volatile int order[64], norder, depth, maxdepth, rtvals[8], nrt, usr2_raises;

static void handler(int sig, siginfo_t *si, void *ctx) {
    (void)ctx;
    depth++;
    if (depth > maxdepth) maxdepth = depth;
    if (norder < 64) order[norder++] = sig;
    if (sig >= SIGRTMIN && nrt < 8) rtvals[nrt++] = si->si_value.sival_int;
    if (sig == SIGUSR2 && usr2_raises < 2) { /* nested only with SA_NODEFER */
        usr2_raises++;
        raise(SIGUSR2);
    }
    depth--;
}

static void install(int sig, int flags) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO | flags;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
}

static void print_order(const char *what) {
    printf("%s:", what);
    for (int i = 0; i < norder; i++) printf(" %d", order[i]);
    printf("\n");
    norder = 0;
}

int main(void) {
    install(SIGUSR1, 0);
    install(SIGHUP, 0);
    install(SIGTERM, 0);
    install(SIGRTMIN, 0);
    sigset_t set, old, pend;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigaddset(&set, SIGHUP);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGRTMIN);
    sigprocmask(SIG_BLOCK, &set, &old);
    raise(SIGTERM);
    raise(SIGUSR1);
    raise(SIGUSR1);
    raise(SIGHUP);
    for (int i = 0; i < 3; i++) {
        union sigval v = {.sival_int = 10 + i};
        sigqueue(getpid(), SIGRTMIN, v);
    }
    sigpending(&pend);
    printf("pending: hup=%d usr1=%d term=%d rtmin=%d usr2=%d\n", sigismember(&pend, SIGHUP),
           sigismember(&pend, SIGUSR1), sigismember(&pend, SIGTERM), sigismember(&pend, SIGRTMIN),
           sigismember(&pend, SIGUSR2));
    print_order("before unblock");
    sigprocmask(SIG_SETMASK, &old, NULL);
    print_order("after unblock");
    printf("rt values: %d %d %d (n=%d)\n", rtvals[0], rtvals[1], rtvals[2], nrt);

    /* SIG_IGN discards a pending signal. */
    sigprocmask(SIG_BLOCK, &set, NULL);
    raise(SIGHUP);
    signal(SIGHUP, SIG_IGN);
    sigpending(&pend);
    printf("after SIG_IGN pending hup=%d\n", sigismember(&pend, SIGHUP));
    install(SIGHUP, 0);
    sigprocmask(SIG_SETMASK, &old, NULL);
    print_order("nothing delivered");

    /* sigsuspend: the waiting mask lets USR1 in; EINTR; the old mask comes back. */
    sigprocmask(SIG_BLOCK, &set, NULL);
    raise(SIGUSR1);
    sigset_t wait;
    sigfillset(&wait);
    sigdelset(&wait, SIGUSR1);
    int r = sigsuspend(&wait);
    int e = errno;
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    printf("sigsuspend=%d errno=%s usr1 blocked again=%d\n", r, e == EINTR ? "EINTR" : "?", sigismember(&now, SIGUSR1));
    print_order("sigsuspend delivered");

    /* sigtimedwait takes a blocked pending signal without running the handler. */
    raise(SIGTERM);
    struct timespec zero = {0, 0};
    siginfo_t si;
    int s = sigtimedwait(&set, &si, &zero);
    printf("sigtimedwait=%d code_tkill=%d\n", s, si.si_code == SI_TKILL);
    s = sigtimedwait(&set, &si, &zero);
    e = errno;
    printf("sigtimedwait empty=%d errno=%s\n", s, e == EAGAIN ? "EAGAIN" : "?");
    sigprocmask(SIG_SETMASK, &old, NULL);
    print_order("nothing after sigtimedwait");

    /* SA_NODEFER lets the handler nest; without it the signal waits until the handler returns. */
    install(SIGUSR2, 0);
    raise(SIGUSR2);
    printf("defer: maxdepth=%d\n", maxdepth);
    print_order("defer");
    maxdepth = 0;
    usr2_raises = 0;
    install(SIGUSR2, SA_NODEFER);
    raise(SIGUSR2);
    printf("nodefer: maxdepth=%d\n", maxdepth);
    print_order("nodefer");

    /* SA_RESETHAND: the second raise takes the default action; SIGWINCH's default is to ignore. */
    install(SIGWINCH, SA_RESETHAND);
    raise(SIGWINCH);
    struct sigaction q;
    sigaction(SIGWINCH, NULL, &q);
    printf("resethand: handler reset=%d\n", q.sa_handler == SIG_DFL);
    raise(SIGWINCH);
    print_order("resethand");
    return 0;
}
