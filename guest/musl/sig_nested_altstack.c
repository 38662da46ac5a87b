/* sigaltstack: SA_ONSTACK handlers run on the alternate stack, a nested SA_ONSTACK signal stays on it
 * (below the first frame), sigaltstack reports SS_ONSTACK inside and refuses changes (EPERM),
 * handlers without SA_ONSTACK use the normal stack, SS_AUTODISARM disarms the stack while a handler
 * runs and sigreturn re-arms it, uc_stack describes the stack, and argument errors. */
#define _GNU_SOURCE
#include <stdio.h>
#include <signal.h>
#include <string.h>
#include <errno.h>
#include <stdint.h>
#include <ucontext.h>
#ifndef SS_AUTODISARM
#define SS_AUTODISARM (1U << 31) /* linux/signal.h; glibc's headers lack it */
#endif

#define ALT_SIZE 65536
static char alt[ALT_SIZE] __attribute__((aligned(16)));
static volatile int on_alt1, on_alt2, nested_below, q_flags1, q_flags2, set_errno, uc_flags1, uc_flags2, uc_size_ok;
static volatile uintptr_t addr1, addr2;
static volatile int normal_on_alt = -1, depth;

static int in_alt(uintptr_t p) {
    return p >= (uintptr_t)alt && p < (uintptr_t)alt + ALT_SIZE;
}

static void h2(int sig, siginfo_t *si, void *ctx) {
    (void)sig; (void)si;
    uc_flags2 = ((ucontext_t *)ctx)->uc_stack.ss_flags;
    int local;
    addr2 = (uintptr_t)&local;
    on_alt2 = in_alt(addr2);
    stack_t q;
    sigaltstack(NULL, &q);
    q_flags2 = q.ss_flags;
}

static void h1(int sig, siginfo_t *si, void *ctx) {
    (void)sig; (void)si;
    ucontext_t *uc = ctx;
    int local;
    addr1 = (uintptr_t)&local;
    on_alt1 = in_alt(addr1);
    stack_t q;
    sigaltstack(NULL, &q);
    q_flags1 = q.ss_flags;
    uc_flags1 = uc->uc_stack.ss_flags;
    uc_size_ok = uc->uc_stack.ss_size == ALT_SIZE && uc->uc_stack.ss_sp == alt;
    stack_t n = {.ss_sp = alt, .ss_size = ALT_SIZE, .ss_flags = 0};
    set_errno = sigaltstack(&n, NULL) == 0 ? 0 : errno;
    raise(SIGUSR2);
    nested_below = addr2 < addr1;
}

static void plain(int sig) {
    (void)sig;
    int local;
    normal_on_alt = in_alt((uintptr_t)&local);
}

static void install(int sig, void (*fn)(int, siginfo_t *, void *), int flags) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = fn;
    sa.sa_flags = SA_SIGINFO | flags;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
}

int main(void) {
    stack_t q;
    sigaltstack(NULL, &q);
    printf("initial: flags=%d size=%zu\n", q.ss_flags, q.ss_size);
    stack_t small = {.ss_sp = alt, .ss_size = 100, .ss_flags = 0};
    int r = sigaltstack(&small, NULL);
    printf("too small: %d errno=%s\n", r, errno == ENOMEM ? "ENOMEM" : "?");
    stack_t badf = {.ss_sp = alt, .ss_size = ALT_SIZE, .ss_flags = 12345};
    r = sigaltstack(&badf, NULL);
    printf("bad flags: %d errno=%s\n", r, errno == EINVAL ? "EINVAL" : "?");
    stack_t ss = {.ss_sp = alt, .ss_size = ALT_SIZE, .ss_flags = 0};
    printf("set: %d\n", sigaltstack(&ss, NULL));
    sigaltstack(NULL, &q);
    printf("query: flags=%d size_ok=%d sp_ok=%d\n", q.ss_flags, q.ss_size == ALT_SIZE, q.ss_sp == alt);

    install(SIGUSR1, h1, SA_ONSTACK);
    install(SIGUSR2, h2, SA_ONSTACK);
    raise(SIGUSR1);
    printf("h1 on alt=%d q_flags=%d (SS_ONSTACK=%d) uc_stack.flags=%d uc_size_ok=%d change errno=%s\n", on_alt1,
           q_flags1, SS_ONSTACK, uc_flags1, uc_size_ok, set_errno == EPERM ? "EPERM" : "?");
    printf("h2 nested on alt=%d q_flags=%d uc_stack.flags=%d below first frame=%d\n", on_alt2, q_flags2, uc_flags2,
           nested_below);

    signal(SIGHUP, plain);
    raise(SIGHUP);
    printf("no SA_ONSTACK: on alt=%d\n", normal_on_alt);

    /* SS_AUTODISARM: inside, the stack reads as disabled; it comes back after sigreturn. */
    stack_t ad = {.ss_sp = alt, .ss_size = ALT_SIZE, .ss_flags = SS_AUTODISARM};
    printf("autodisarm set: %d\n", sigaltstack(&ad, NULL));
    sigaltstack(NULL, &q);
    printf("autodisarm query: flags=%#x\n", (unsigned)q.ss_flags);
    on_alt2 = -1;
    raise(SIGUSR2);
    printf("autodisarm handler: on alt=%d q_flags=%d uc_stack.flags=%#x\n", on_alt2, q_flags2, (unsigned)uc_flags2);
    sigaltstack(NULL, &q);
    printf("autodisarm after: flags=%#x size_ok=%d\n", (unsigned)q.ss_flags, q.ss_size == ALT_SIZE);

    stack_t dis = {.ss_flags = SS_DISABLE};
    printf("disable: %d\n", sigaltstack(&dis, NULL));
    sigaltstack(NULL, &q);
    printf("disabled: flags=%d size=%zu\n", q.ss_flags, q.ss_size);
    raise(SIGUSR2);
    printf("SA_ONSTACK without a stack: on alt=%d uc_stack.flags=%d\n", on_alt2, uc_flags2);
    return 0;
}
