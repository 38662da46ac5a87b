/* A SIGSEGV handler siglongjmps out of NULL-page reads and writes: si_code SEGV_MAPERR, si_addr is
 * the faulting address, the sigcontext has trapno 14 (page fault) and cr2 = the address, and the
 * signal mask saved by sigsetjmp comes back, so the handler runs again on the next fault. (A fault
 * with SIGSEGV blocked kills the process; Flatland's crash line on stderr would differ from native, so
 * SignalDeliveryTest covers that.) */
#define _GNU_SOURCE
#include <stdio.h>
#include <signal.h>
#include <setjmp.h>
#include <string.h>
#include <stdint.h>
#include <ucontext.h>

static sigjmp_buf env;
static volatile int faults, code_maperr, addr_ok, trapno_pf, cr2_ok, user_bit, blocked_in_handler;
static volatile uintptr_t want_addr;

static void on_segv(int sig, siginfo_t *si, void *ctx) {
    ucontext_t *uc = ctx;
    faults++;
    code_maperr = si->si_code == SEGV_MAPERR;
    addr_ok = (uintptr_t)si->si_addr == want_addr;
    trapno_pf = uc->uc_mcontext.gregs[REG_TRAPNO] == 14;
    cr2_ok = (uintptr_t)uc->uc_mcontext.gregs[REG_CR2] == want_addr;
    user_bit = (uc->uc_mcontext.gregs[REG_ERR] & 4) != 0;
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    blocked_in_handler = sigismember(&cur, sig);
    siglongjmp(env, 1);
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, NULL);
    uintptr_t addrs[] = {0, 16, 0x1000, 0x2345};
    for (int i = 0; i < 4; i++) {
        want_addr = addrs[i];
        if (sigsetjmp(env, 1) == 0) {
            volatile int *p = (volatile int *)addrs[i];
            int v = *p;
            printf("read %d did not fault (%d)\n", i, v);
        } else {
            printf("read %#lx: faults=%d maperr=%d addr_ok=%d trapno_pf=%d cr2_ok=%d user=%d blocked=%d\n",
                   (unsigned long)addrs[i], faults, code_maperr, addr_ok, trapno_pf, cr2_ok, user_bit,
                   blocked_in_handler);
        }
    }
    want_addr = 8;
    if (sigsetjmp(env, 1) == 0) {
        *(volatile long *)8 = 1;
        printf("write did not fault\n");
    } else {
        printf("write 0x8: faults=%d maperr=%d addr_ok=%d cr2_ok=%d\n", faults, code_maperr, addr_ok, cr2_ok);
    }
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    printf("mask after siglongjmp: segv blocked=%d\n", sigismember(&cur, SIGSEGV));

    return 0;
}
