/* Every register survives a signal: GPRs, RFLAGS (CF, DF), XMM0-15, the x87 stack, FCW and MXCSR are
 * loaded with known values, a signal arrives (synchronously at a tgkill syscall return, and
 * asynchronously from setitimer in the middle of a loop), the handler (pure asm) clobbers all of
 * them, and after sigreturn every value is checked. The handler also records what it starts with:
 * signal number in RDI, RSP+8 16-byte aligned, DF clear, FCW/MXCSR at their defaults, XMM0 zero. */
#define _GNU_SOURCE
#include <stdio.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/time.h>
#include <sys/syscall.h>

unsigned long out[16], flags_out, xin[32], xout[32], tg_pid, tg_tid, after_syscall_addr;
long double fin[8], fout[8];
unsigned int mxcsr_out, clob_mxcsr = 0x7f80, set_mxcsr = 0x3f80, def_mxcsr = 0x1f80;
unsigned short fcw_out, set_fcw = 0x27f, clob_fcw = 0x7f;
volatile unsigned long handled, async_flag, h_align, h_flags, h_sig, h_xmm0, h_fcw, h_mxcsr;

void regtest(int sync);
extern char regtest_after_syscall[];
void asm_handler(int, siginfo_t *, void *);

#define LOADX(n) "movdqu xin+" #n "*16(%rip), %xmm" #n "\n"
#define STOREX(n) "movdqu %xmm" #n ", xout+" #n "*16(%rip)\n"
#define CLOBX(n) "pcmpeqd %xmm" #n ", %xmm" #n "\n"
__asm__(
    ".text\n.globl regtest\nregtest:\n"
    "push %rbx\npush %rbp\npush %r12\npush %r13\npush %r14\npush %r15\n"
    "mov %edi, %r11d\n"
    LOADX(0) LOADX(1) LOADX(2) LOADX(3) LOADX(4) LOADX(5) LOADX(6) LOADX(7)
    LOADX(8) LOADX(9) LOADX(10) LOADX(11) LOADX(12) LOADX(13) LOADX(14) LOADX(15)
    "fninit\nfldcw set_fcw(%rip)\nldmxcsr set_mxcsr(%rip)\n"
    "fldt fin+0(%rip)\nfldt fin+16(%rip)\nfldt fin+32(%rip)\nfldt fin+48(%rip)\n"
    "fldt fin+64(%rip)\nfldt fin+80(%rip)\nfldt fin+96(%rip)\nfldt fin+112(%rip)\n"
    "movabs $0x1111111111111111, %rbx\nmovabs $0x2222222222222222, %rbp\n"
    "movabs $0x8888888888888888, %r8\nmovabs $0x9999999999999999, %r9\n"
    "movabs $0xaaaaaaaaaaaaaaaa, %r10\nmovabs $0xcccccccccccccccc, %r12\n"
    "movabs $0xdddddddddddddddd, %r13\nmovabs $0xeeeeeeeeeeeeeeee, %r14\n"
    "movabs $0xffffffff0000ffff, %r15\n"
    "test %r11d, %r11d\njz 2f\n"
    /* synchronous: tgkill(pid, tid, SIGUSR1) from here; the signal arrives as the syscall returns */
    "mov tg_pid(%rip), %rdi\nmov tg_tid(%rip), %rsi\nmov $10, %edx\n"
    "mov $5, %eax\ncmp $3, %eax\nmov $234, %eax\nstc\nstd\n"
    "syscall\n"
    ".globl regtest_after_syscall\nregtest_after_syscall:\npushf\ncld\npopq flags_out(%rip)\n"
    "jmp 3f\n"
    /* asynchronous: spin until the timer's handler has run; r12 counts iterations */
    "2:\nmovabs $0x7777777777777777, %rdi\nmovabs $0x6666666666666666, %rsi\n"
    "movabs $0x5555555555555555, %rdx\nmovabs $0x4444444444444444, %rcx\n"
    "movabs $0x3333333333333333, %rax\nmov $0, %r11\n"
    "4:\nadd $1, %r11\ncmpq $0, async_flag(%rip)\nje 4b\n"
    "pushf\npopq flags_out(%rip)\n"
    "3:\n"
    "mov %rax, out+0(%rip)\nmov %rcx, out+8(%rip)\nmov %rdx, out+16(%rip)\nmov %rbx, out+24(%rip)\n"
    "mov %rbp, out+40(%rip)\nmov %rsi, out+48(%rip)\nmov %rdi, out+56(%rip)\n"
    "mov %r8, out+64(%rip)\nmov %r9, out+72(%rip)\nmov %r10, out+80(%rip)\nmov %r11, out+88(%rip)\n"
    "mov %r12, out+96(%rip)\nmov %r13, out+104(%rip)\nmov %r14, out+112(%rip)\nmov %r15, out+120(%rip)\n"
    STOREX(0) STOREX(1) STOREX(2) STOREX(3) STOREX(4) STOREX(5) STOREX(6) STOREX(7)
    STOREX(8) STOREX(9) STOREX(10) STOREX(11) STOREX(12) STOREX(13) STOREX(14) STOREX(15)
    "fnstcw fcw_out(%rip)\nstmxcsr mxcsr_out(%rip)\n"
    "fstpt fout+0(%rip)\nfstpt fout+16(%rip)\nfstpt fout+32(%rip)\nfstpt fout+48(%rip)\n"
    "fstpt fout+64(%rip)\nfstpt fout+80(%rip)\nfstpt fout+96(%rip)\nfstpt fout+112(%rip)\n"
    "fninit\nldmxcsr def_mxcsr(%rip)\n"
    "pop %r15\npop %r14\npop %r13\npop %r12\npop %rbp\npop %rbx\nret\n"

    ".globl asm_handler\nasm_handler:\n"
    "lea 8(%rsp), %rax\nand $15, %rax\nmov %rax, h_align(%rip)\n"
    "pushf\npopq h_flags(%rip)\nmov %rdi, h_sig(%rip)\n"
    "movq %xmm0, %rax\nmov %rax, h_xmm0(%rip)\n"
    "fnstcw h_fcw(%rip)\nstmxcsr h_mxcsr(%rip)\n"
    "addq $1, handled(%rip)\nmovq $1, async_flag(%rip)\n"
    CLOBX(0) CLOBX(1) CLOBX(2) CLOBX(3) CLOBX(4) CLOBX(5) CLOBX(6) CLOBX(7)
    CLOBX(8) CLOBX(9) CLOBX(10) CLOBX(11) CLOBX(12) CLOBX(13) CLOBX(14) CLOBX(15)
    "fninit\nfldpi\nfldpi\nfldpi\nfldpi\nfldpi\nfldpi\nfldpi\nfldpi\nfldcw clob_fcw(%rip)\n"
    "ldmxcsr clob_mxcsr(%rip)\n"
    "mov $-1, %rax\nmov $-2, %rbx\nmov $-3, %rcx\nmov $-4, %rdx\nmov $-5, %rsi\nmov $-6, %rdi\n"
    "mov $-7, %rbp\nmov $-8, %r8\nmov $-9, %r9\nmov $-10, %r10\nmov $-11, %r11\nmov $-12, %r12\n"
    "mov $-13, %r13\nmov $-14, %r14\nmov $-15, %r15\n"
    "xor %eax, %eax\nstd\nstc\n"
    "ret\n");

static const unsigned long expect_common[16] = {
    [3] = 0x1111111111111111UL, [5] = 0x2222222222222222UL, [8] = 0x8888888888888888UL,
    [9] = 0x9999999999999999UL, [10] = 0xaaaaaaaaaaaaaaaaUL, [12] = 0xccccccccccccccccUL,
    [13] = 0xddddddddddddddddUL, [14] = 0xeeeeeeeeeeeeeeeeUL, [15] = 0xffffffff0000ffffUL};
static const char *names[16] = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
                                "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"};

static int check(const char *what, int sync) {
    int bad = 0;
    for (int i = 0; i < 16; i++) {
        unsigned long want = expect_common[i];
        if (i == 4) continue;
        if (sync) {
            if (i == 0) want = 0;                       /* tgkill's result */
            if (i == 1) want = after_syscall_addr;      /* syscall put the return RIP in rcx */
            if (i == 2) want = 10;
            if (i == 6) want = tg_tid;
            if (i == 7) want = tg_pid;
            if (i == 11) continue;                      /* r11 = RFLAGS, checked below */
        } else {
            if (i == 0) want = 0x3333333333333333UL;
            if (i == 1) want = 0x4444444444444444UL;
            if (i == 2) want = 0x5555555555555555UL;
            if (i == 6) want = 0x6666666666666666UL;
            if (i == 7) want = 0x7777777777777777UL;
            if (i == 11) { if (out[11] == 0) { printf("%s: loop counter is 0\n", what); bad++; } continue; }
        }
        if (out[i] != want) { printf("%s: %s = %#lx, want %#lx\n", what, names[i], out[i], want); bad++; }
    }
    if (sync) {
        printf("%s: rflags CF,DF = %#lx, r11 CF,DF = %#lx\n", what, flags_out & 0xcd5, out[11] & 0xcd5);
    }
    if (memcmp(xin, xout, sizeof xin) != 0) { printf("%s: xmm differ\n", what); bad++; }
    for (int i = 0; i < 8; i++) {
        if (memcmp(&fin[7 - i], &fout[i], 10) != 0) { printf("%s: st(%d) differs\n", what, i); bad++; }
    }
    if (fcw_out != set_fcw) { printf("%s: fcw %#x\n", what, fcw_out); bad++; }
    if (mxcsr_out != set_mxcsr) { printf("%s: mxcsr %#x\n", what, mxcsr_out); bad++; }
    printf("%s: %s (handled=%lu)\n", what, bad ? "FAIL" : "all registers restored", (unsigned long)handled);
    printf("%s: handler entry: sig=%lu rsp+8 mod 16=%lu DF=%lu fcw=%#lx mxcsr=%#lx xmm0=%#lx\n", what,
           (unsigned long)h_sig, (unsigned long)h_align, (unsigned long)((h_flags >> 10) & 1),
           (unsigned long)h_fcw, (unsigned long)h_mxcsr, (unsigned long)h_xmm0);
    return bad;
}

int main(void) {
    for (int i = 0; i < 32; i++) xin[i] = 0x0123456789abcdefUL * (unsigned long)(i + 1) ^ (0xf0e1d2c3b4a59687UL >> i);
    long double vals[8] = {1.5L, -2.25L, 3.14159265358979323846264338L, 1e300L * 1e300L, -0.0L,
                           1.0L / 3.0L, 0x1.fffffffffffffffep16383L, 0x1p-16445L};
    memcpy(fin, vals, sizeof vals);
    after_syscall_addr = (unsigned long)regtest_after_syscall;
    tg_pid = (unsigned long)getpid();
    tg_tid = (unsigned long)syscall(SYS_gettid);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = asm_handler;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, NULL);
    sigaction(SIGALRM, &sa, NULL);
    int bad = 0;
    regtest(1);
    bad += check("sync", 1);
    memset(out, 0, sizeof out);
    memset(xout, 0, sizeof xout);
    memset(fout, 0, sizeof fout);
    h_sig = 0;
    async_flag = 0;
    struct itimerval it = {{0, 0}, {0, 5000}};
    setitimer(ITIMER_REAL, &it, NULL);
    regtest(0);
    bad += check("async", 0);
    return bad != 0;
}
