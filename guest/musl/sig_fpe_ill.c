/* CPU faults as signals with handlers that step over the faulting instruction by editing the saved
 * RIP: integer divide by zero and INT_MIN/-1 (SIGFPE, FPE_INTDIV), ud2 (SIGILL, ILL_ILLOPN), int3
 * (SIGTRAP, SI_KERNEL, RIP already past it). si_addr and the saved RIP are the instruction's address;
 * trapno is the x86 vector. */
#define _GNU_SOURCE
#include <stdio.h>
#include <signal.h>
#include <string.h>
#include <stdint.h>
#include <ucontext.h>

extern char div0_insn[], divov_insn[], ud2_insn[], int3_insn[], int3_after[];
int run_div0(int a, int b);
int run_divov(int a, int b);
void run_ud2(void);
void run_int3(void);
__asm__(".text\n"
        ".globl run_div0\nrun_div0:\nmov %edi, %eax\ncltd\n.globl div0_insn\ndiv0_insn:\nidiv %esi\nret\n"
        ".globl run_divov\nrun_divov:\nmov %edi, %eax\ncltd\n.globl divov_insn\ndivov_insn:\nidiv %esi\nret\n"
        ".globl run_ud2\nrun_ud2:\n.globl ud2_insn\nud2_insn:\nud2\nret\n"
        ".globl run_int3\nrun_int3:\n.globl int3_insn\nint3_insn:\nint3\n.globl int3_after\nint3_after:\nret\n");

static volatile int last_sig, last_code, addr_ok, rip_ok, count;
static volatile long trapno;
static volatile uintptr_t want_addr, want_rip;

static void handler(int sig, siginfo_t *si, void *ctx) {
    ucontext_t *uc = ctx;
    count++;
    last_sig = sig;
    last_code = si->si_code;
    addr_ok = (uintptr_t)si->si_addr == want_addr;
    rip_ok = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP] == want_rip;
    trapno = uc->uc_mcontext.gregs[REG_TRAPNO];
    if (sig != SIGTRAP) {
        uc->uc_mcontext.gregs[REG_RIP] += 2; /* idiv %esi and ud2 are both 2 bytes */
        uc->uc_mcontext.gregs[REG_RAX] = -77;
    }
}

static void show(const char *what, int ret) {
    printf("%-6s sig=%d code=%d addr_ok=%d rip_ok=%d trapno=%ld ret=%d count=%d\n", what, last_sig, last_code,
           addr_ok, rip_ok, trapno, ret, count);
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGFPE, &sa, NULL);
    sigaction(SIGILL, &sa, NULL);
    sigaction(SIGTRAP, &sa, NULL);
    printf("FPE_INTDIV=%d ILL_ILLOPN=%d SI_KERNEL=%d\n", FPE_INTDIV, ILL_ILLOPN, SI_KERNEL);

    want_addr = want_rip = (uintptr_t)div0_insn;
    show("div0", run_div0(7, 0));
    want_addr = want_rip = (uintptr_t)divov_insn;
    show("divov", run_divov(INT32_MIN, -1));
    printf("div ok: %d\n", run_div0(100, 7));
    want_addr = want_rip = (uintptr_t)ud2_insn;
    run_ud2();
    show("ud2", 0);
    want_addr = 0;
    want_rip = (uintptr_t)int3_after;
    run_int3();
    show("int3", 0);
    return 0;
}
