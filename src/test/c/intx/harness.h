/*
 * Hardware oracle for Flatland's extended integer families (see README in this folder).
 *
 * Each test case is one instruction in a stub of its own (top-level asm). tramp() loads
 * RAX RBX RCX RDX RSI RDI R8 R9 and RFLAGS from g_in, calls the stub, and stores the same
 * registers and RFLAGS into g_out. RSI and RDI are printed and read as offsets from g_buf,
 * a 128-byte buffer that ends exactly at a PROT_NONE guard page (the page before the buffer's
 * page is a guard too), so memory forms use (%rsi) / (%rdi) and string instructions can run
 * into the guard. A fault is caught with sigsetjmp; the registers then come from the signal's
 * ucontext, i.e. the state at the faulting instruction.
 *
 * Output format (parsed by IntxHardwareCases.java):
 *   #case NAME|DESC|REGS      REGS lists the printed registers: a b c d S D 8 9, f (flags),
 *                             m (bytes 0..15 of g_buf as m0, m1), M (all 128 bytes)
 *   #bytes HEX                the instruction's machine code (first vector of a case only)
 *   IN|OUT|u=MASK             IN and OUT are "k=hex" tokens; OUT may start with sig=N;
 *                             MASK holds the RFLAGS bits the SDM leaves undefined.
 * Every register not listed in REGS is checked to be unchanged by the instruction.
 * The buffer starts as byte i = (i*37 + 11) & 0xff, then m0/m1 (when listed) overwrite bytes 0..15.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

typedef struct {
    uint64_t r[8]; /* rax rbx rcx rdx rsi rdi r8 r9 */
    uint64_t f;
} Regs;

Regs g_in, g_out;
void (*g_stub)(void);
void tramp(void);

asm(".text\n.globl tramp\ntramp:\n"
    "push %rbx\npush %rbp\npush %r12\npush %r13\npush %r14\npush %r15\n"
    "mov g_in+0(%rip),%rax\nmov g_in+8(%rip),%rbx\nmov g_in+16(%rip),%rcx\nmov g_in+24(%rip),%rdx\n"
    "mov g_in+32(%rip),%rsi\nmov g_in+40(%rip),%rdi\nmov g_in+48(%rip),%r8\nmov g_in+56(%rip),%r9\n"
    "pushq g_in+64(%rip)\npopfq\n"
    "call *g_stub(%rip)\n"
    "pushfq\npopq g_out+64(%rip)\ncld\n"
    "mov %rax,g_out+0(%rip)\nmov %rbx,g_out+8(%rip)\nmov %rcx,g_out+16(%rip)\nmov %rdx,g_out+24(%rip)\n"
    "mov %rsi,g_out+32(%rip)\nmov %rdi,g_out+40(%rip)\nmov %r8,g_out+48(%rip)\nmov %r9,g_out+56(%rip)\n"
    "pop %r15\npop %r14\npop %r13\npop %r12\npop %rbp\npop %rbx\nret\n");

/* STUB(id, "instruction") defines s_id: the instruction, ret, and the marker "INTX" that lets
   run() find where the instruction's bytes end (printed as #bytes for the interpreter replay). */
#define STUB(id, insn) void s_##id(void); asm(".text\ns_" #id ":\n" insn "\nret\n.ascii \"INTX\"\n");

#define BUF 128
static uint8_t *g_buf;
static uint8_t *g_page;
static sigjmp_buf g_jmp;
static volatile int g_sig;

static const char KEYS[] = "abcdSD89";
static const int GREG[8] = {REG_RAX, REG_RBX, REG_RCX, REG_RDX, REG_RSI, REG_RDI, REG_R8, REG_R9};
#define FLAGMASK 0xcd5ULL /* CF PF AF ZF SF DF OF */

static void on_signal(int sig, siginfo_t *si, void *ctx) {
    ucontext_t *uc = ctx;
    (void) si;
    for (int i = 0; i < 8; i++) {
        g_out.r[i] = uc->uc_mcontext.gregs[GREG[i]];
    }
    g_out.f = uc->uc_mcontext.gregs[REG_EFL];
    g_sig = sig;
    siglongjmp(g_jmp, 1);
}

static void harness_init(void) {
    /* guard | data page | guard, below 2 GiB so that 0x67 (32-bit) addressing reaches it */
    uint8_t *p = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
    if (p == MAP_FAILED) {
        perror("mmap");
        exit(1);
    }
    mprotect(p, 4096, PROT_NONE);
    mprotect(p + 8192, 4096, PROT_NONE);
    g_page = p + 4096;
    g_buf = p + 8192 - BUF;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_signal;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGFPE, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    sigaction(SIGILL, &sa, NULL);
    setvbuf(stdout, NULL, _IOFBF, 1 << 16);
}

static const char *g_regs;

static int g_bytes_done;

static void begin_case(const char *name, const char *desc, const char *regs) {
    printf("#case %s|%s|%s\n", name, desc, regs);
    g_regs = regs;
    g_bytes_done = 0;
}

/* Prints the stub's instruction bytes: everything before the ret that precedes "INTX". */
static void print_bytes(void (*stub)(void)) {
    const unsigned char *p = (const unsigned char *) stub;
    int n = 0;
    while (!(p[n] == 0xc3 && memcmp(p + n + 1, "INTX", 4) == 0)) {
        n++;
    }
    printf("#bytes ");
    for (int i = 0; i < n; i++) {
        printf("%02x", p[i]);
    }
    printf("\n");
    g_bytes_done = 1;
}

static int listed(char k) {
    return strchr(g_regs, k) != NULL;
}

static void print_state(const Regs *s, int withMem) {
    int first = 1;
    for (int i = 0; i < 8; i++) {
        if (listed(KEYS[i])) {
            uint64_t v = s->r[i];
            if (KEYS[i] == 'S' || KEYS[i] == 'D') {
                v -= (uint64_t) g_buf;
            }
            printf("%s%c=%llx", first ? "" : " ", KEYS[i], (unsigned long long) v);
            first = 0;
        }
    }
    if (listed('f')) {
        printf("%sf=%llx", first ? "" : " ", (unsigned long long) (s->f & FLAGMASK));
        first = 0;
    }
    if (withMem && listed('m')) {
        uint64_t m0, m1;
        memcpy(&m0, g_buf, 8);
        memcpy(&m1, g_buf + 8, 8);
        printf(" m0=%llx m1=%llx", (unsigned long long) m0, (unsigned long long) m1);
    }
    if (withMem && listed('M')) {
        printf(" M=");
        for (int i = 0; i < BUF; i++) {
            printf("%02x", g_buf[i]);
        }
    }
}

/*
 * Runs the stub once. in: register values (RSI/RDI as buffer offsets), flags, and the first
 * 16 buffer bytes m0, m1. Prints one vector line with the undefined-flag mask.
 */
static void run(void (*stub)(void), const Regs *in, uint64_t m0, uint64_t m1, uint64_t undef) {
    memset(g_page, 0, 4096);
    for (int i = 0; i < BUF; i++) {
        g_buf[i] = (uint8_t) (i * 37 + 11);
    }
    if (listed('m')) {
        memcpy(g_buf, &m0, 8);
        memcpy(g_buf + 8, &m1, 8);
    }
    g_in = *in;
    for (int i = 0; i < 8; i++) {
        if (!listed(KEYS[i])) {
            g_in.r[i] = 0x1111111111111111ULL * (i + 1);
        }
    }
    g_in.r[4] += (uint64_t) g_buf;
    g_in.r[5] += (uint64_t) g_buf;
    g_in.f = (in->f & FLAGMASK) | 0x202;
    if (!g_bytes_done) {
        print_bytes(stub);
    }
    /* print the input as the test will set it up */
    Regs shown = g_in;
    print_state(&shown, 0);
    if (listed('m')) {
        printf(" m0=%llx m1=%llx", (unsigned long long) m0, (unsigned long long) m1);
    }
    printf("|");
    g_stub = stub;
    g_sig = 0;
    if (sigsetjmp(g_jmp, 1) == 0) {
        tramp();
    }
    if (g_sig) {
        printf("sig=%d ", g_sig);
    }
    print_state(&g_out, 1);
    printf("|u=%llx\n", (unsigned long long) undef);
    for (int i = 0; i < 8; i++) {
        if (!listed(KEYS[i]) && g_out.r[i] != g_in.r[i]) {
            fprintf(stderr, "BUG: unlisted register %c changed (%s)\n", KEYS[i], g_regs);
            exit(1);
        }
    }
}

/* Operand values with interesting edges at every width. */
static const uint64_t VALS[] = {
    0, 1, 2, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff,
    0x7fffffffffffffffULL, 0x8000000000000000ULL, 0xffffffffffffffffULL, 0x123456789abcdef0ULL,
    0xfedcba9876543210ULL, 0xdeadbeefULL, 0x5555555555555555ULL, 0xaaaaaaaaaaaaaaaaULL,
    0x8000000000000001ULL, 0x00000000ffff0000ULL,
};
#define NVALS (sizeof VALS / sizeof VALS[0])

#define F_ALL 0x8d5ULL /* CF PF AF ZF SF OF */
#define CF 0x1ULL
#define PF 0x4ULL
#define AF 0x10ULL
#define ZF 0x40ULL
#define SF 0x80ULL
#define DF 0x400ULL
#define OF 0x800ULL

/* A smaller pool for two-operand sweeps. */
static const uint64_t PV[] = {0, 1, 0x7f, 0x80, 0xffff, 0x80000000, 0xffffffff, 0x7fffffffffffffffULL,
                              0x8000000000000000ULL, 0xffffffffffffffffULL, 0x123456789abcdef0ULL, 0xdeadbeefULL,
                              0xf0f0f0f00f0f0f0fULL};
#define NPV (sizeof PV / sizeof PV[0])

/* Sweeps register ra over `as` and register rb over `bs`; flags alternate between all-set and clear. */
static void pair_sweep(const char *name, const char *desc, const char *regs, void (*stub)(void), int ra,
                       const uint64_t *as, unsigned na, int rb, const uint64_t *bs, unsigned nb, uint64_t undef) {
    begin_case(name, desc, regs);
    int k = 0;
    for (unsigned i = 0; i < na; i++) {
        for (unsigned j = 0; j < nb; j++, k++) {
            Regs in = {0};
            in.r[0] = 0xa5a5a5a5a5a5a5a5ULL; /* a destination's old value, visible when left unchanged */
            in.r[ra] = as[i];
            in.r[rb] = bs[j];
            in.f = (k & 1) ? F_ALL : ((k & 2) ? CF | OF : 0);
            run(stub, &in, 0, 0, undef);
        }
    }
}

static void pair_case(const char *name, const char *desc, const char *regs, void (*stub)(void), int ra, int rb,
                      uint64_t undef) {
    pair_sweep(name, desc, regs, stub, ra, PV, NPV, rb, PV, NPV, undef);
}

/* One source register over every value in VALS, both flag inputs; RAX starts as a marker. */
static void unary_case(const char *name, const char *desc, const char *regs, void (*stub)(void), int ra,
                       uint64_t undef) {
    begin_case(name, desc, regs);
    for (unsigned i = 0; i < NVALS; i++) {
        for (int f = 0; f < 2; f++) {
            Regs in = {0};
            in.r[0] = 0xa5a5a5a5a5a5a5a5ULL;
            in.r[ra] = VALS[i];
            in.f = f ? F_ALL : 0;
            run(stub, &in, 0, 0, undef);
        }
    }
}

/* Deterministic pseudo-random operands (splitmix64, fixed seed) for the random sections. */
static uint64_t g_seed = 0x1234567887654321ULL;
static uint64_t rnd(void) {
    uint64_t z = (g_seed += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* A random value with a random number of significant bits, so small and edge values occur too. */
static uint64_t rnd_sized(void) {
    uint64_t v = rnd();
    unsigned bits = rnd() % 65;
    v = bits == 64 ? v : v & ((1ULL << bits) - 1);
    return (rnd() & 7) == 0 ? ~v : v;
}

/* n random vectors with registers ra and rb (and RDX when rd >= 0) random; flags random. */
static void random_case(const char *name, const char *desc, const char *regs, void (*stub)(void), int ra, int rb,
                        int rd, int n, uint64_t undef) {
    begin_case(name, desc, regs);
    for (int i = 0; i < n; i++) {
        Regs in = {0};
        in.r[0] = 0xa5a5a5a5a5a5a5a5ULL;
        in.r[ra] = rnd_sized();
        if (rb >= 0) {
            in.r[rb] = rnd_sized();
        }
        if (rd >= 0) {
            in.r[rd] = rnd_sized();
        }
        in.f = rnd() & F_ALL;
        run(stub, &in, 0, 0, undef);
    }
}

/* n random vectors for a memory form: RAX RBX RCX RDX random, RSI = 0 (the buffer), m0 m1 random. */
static void random_mem_case(const char *name, const char *desc, const char *regs, void (*stub)(void), int n,
                            uint64_t undef) {
    begin_case(name, desc, regs);
    for (int i = 0; i < n; i++) {
        Regs in = {0};
        for (int r = 0; r < 4; r++) {
            in.r[r] = rnd_sized();
        }
        in.r[2] &= (i & 1) ? 0xff : ~0ULL; /* small counts in RCX half of the time */
        in.f = rnd() & F_ALL;
        run(stub, &in, rnd_sized(), rnd_sized(), undef);
    }
}
