/* rtest: randomized x86-64 instruction tester.
 *
 *   rtest SEED NSEQ [CLASSES] [--dump K]
 *
 * For each sequence number 0..NSEQ-1 it generates (from SEED and the number only) a random
 * initial machine state and a short random instruction sequence of one class, runs it, masks
 * what the SDM leaves undefined, and prints "NUM CLASS NINSN HASH". The last line is
 * "total sequences N instructions M digest D". The output is the same on any correct x86-64
 * CPU, so the native run and the emulated run can be compared line by line.
 * CLASSES is a comma-separated subset of the class names (default: all).
 * --dump K runs only sequence K and prints its listing (offset, bytes, mnemonic), its initial
 * state and its masked final state, one field per line.
 * --trunc STEPS keeps only the first STEPS generator steps of every sequence (a step is one
 * instruction with its fixups); the prefix is unchanged, so bisecting STEPS finds the first
 * instruction whose result differs. */
#define _GNU_SOURCE
#include "rtest.h"
#include <signal.h>
#include <stdio.h>
#include <ucontext.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

const char *const class_names[NCLASS] = {
    "int", "shift", "muldiv", "bit", "bmi", "cmov", "mov", "lea", "str", "misc",
    "x87", "sse", "ssei", "ssse3", "sse4"};

extern uint64_t rt_host_rsp;
uint8_t *rt_mem;
static uint8_t mem_init[MEMSZ], mem_base[MEMSZ];
static uint8_t *code_area;
static long trunc_steps = -1;    /* --trunc N: generate only the first N steps of each sequence */
#define SLOT 2048
#define NSLOT 32
static uint8_t stage[SLOT] __attribute__((aligned(16)));

/* ---- random floating-point values (bit patterns built with integer code only) ---- */
static int msb(uint64_t v) { return 63 - __builtin_clzll(v); }

static uint32_t rnd_f32(void) {
    uint32_t s = (uint32_t)(rnd() & 1) << 31, r = (uint32_t)rnd();
    switch (rn(12)) {
    case 0: return s;
    case 1: return s | 0x7f800000;
    case 2: return s | 0x7fc00000 | (r & 0x3fffff);
    case 3: return s | 0x7f800000 | ((r & 0x3fffff) | 1);
    case 4: return s | (r & 0x7fffff);
    case 5: { uint32_t v = 1 + rn(1000); int e = msb(v); return s | (uint32_t)(127 + e) << 23 | ((v << (23 - e)) & 0x7fffff); }
    case 6: return s | (uint32_t)(127 - 3 + rn(7)) << 23 | (r & 0x7fffff);
    case 7: return s | (uint32_t)(127 - 40 + rn(81)) << 23 | (r & 0x7fffff);
    case 8: return s | (uint32_t)(1 + rn(3)) << 23 | (r & 0x7fffff);
    case 9: return s | (uint32_t)(0xfe - rn(3)) << 23 | (r & 0x7fffff);
    case 10: return s | (uint32_t)(127 + 23 + rn(10)) << 23 | (r & 0x7fffff);
    default: return r;
    }
}

static uint64_t rnd_f64(void) {
    uint64_t s = (rnd() & 1) << 63, r = rnd();
    uint64_t m = r & 0xfffffffffffffULL;
    switch (rn(12)) {
    case 0: return s;
    case 1: return s | 0x7ff0000000000000ULL;
    case 2: return s | 0x7ff8000000000000ULL | (m & 0x7ffffffffffffULL);
    case 3: return s | 0x7ff0000000000000ULL | ((m & 0x7ffffffffffffULL) | 1);
    case 4: return s | m;
    case 5: { uint64_t v = 1 + rn(100000); int e = msb(v); return s | (uint64_t)(1023 + e) << 52 | ((v << (52 - e)) & 0xfffffffffffffULL); }
    case 6: return s | (uint64_t)(1023 - 3 + rn(7)) << 52 | m;
    case 7: return s | (uint64_t)(1023 - 60 + rn(121)) << 52 | m;
    case 8: return s | (uint64_t)(1 + rn(3)) << 52 | m;
    case 9: return s | (uint64_t)(0x7fe - rn(3)) << 52 | m;
    case 10: return s | (uint64_t)(1023 + 52 + rn(12)) << 52 | m;
    default: return r;
    }
}

/* A valid 80-bit value (never an unnormal or pseudo-denormal). */
static void rnd_f80(uint8_t *out) {
    uint64_t mant, r = rnd();
    unsigned exp, s = (unsigned)(rnd() & 1);
    switch (rn(12)) {
    case 0: exp = 0; mant = 0; break;
    case 1: exp = 0x7fff; mant = 1ULL << 63; break;
    case 2: exp = 0x7fff; mant = 3ULL << 62 | (r >> 2); break;
    case 3: exp = 0x7fff; mant = 1ULL << 63 | ((r >> 2) | 1); break;
    case 4: exp = 0; mant = r >> 1; break;
    case 5: case 6: { uint64_t v = 1 + rn(1000000); int e = msb(v); exp = 16383 + (unsigned)e; mant = v << (63 - e); break; }
    case 7: exp = 16383 - 3 + rn(7); mant = 1ULL << 63 | r; break;
    case 8: case 9: exp = 16383 - 80 + rn(161); mant = 1ULL << 63 | r; break;
    case 10: exp = 16383 + 60 + rn(8); mant = 1ULL << 63 | r; break;
    default: exp = 1 + rn(0x7ffe); mant = 1ULL << 63 | r; break;
    }
    memcpy(out, &mant, 8);
    uint16_t se = (uint16_t)(s << 15 | exp);
    memcpy(out + 8, &se, 2);
}

static void fill_random(uint8_t *p, int n) {
    for (int i = 0; i + 8 <= n; i += 8) {
        uint64_t v;
        switch (rn(6)) {
        case 0: case 1: v = rnd(); break;
        case 2: v = rnd_f64(); break;
        case 3: v = (uint64_t)rnd_f32() | (uint64_t)rnd_f32() << 32; break;
        case 4: v = rnd_value(64); break;
        default: v = (uint64_t)(uint32_t)rnd_value(32) | (uint64_t)(uint16_t)rnd_value(16) << 32 | (uint64_t)(uint8_t)rnd_value(8) << 56; break;
        }
        memcpy(p + i, &v, 8);
    }
}

static void init_state(int cls) {
    memset(&rt_in, 0, sizeof rt_in);
    for (int i = 0; i < 16; i++) rt_in.gpr[i] = rnd_value(64);
    rt_in.gpr[RSP] = 0;
    rt_in.gpr[R15] = (uint64_t)(uintptr_t)(rt_mem + MEMHALF);
    rt_in.rflags = 2 | (rnd() & F_ALL6);
    rt_in.mxcsr = 0x1f80 | rn(4) << 13 | (chance(20) ? 0x8000 : 0) | (chance(20) ? 0x40 : 0);
    static const unsigned pcs[5] = {0, 2, 3, 3, 3};
    rt_in.fcw = (uint16_t)(0x7f | pcs[rn(5)] << 8 | rn(4) << 10);
    rt_in.x87n = (uint16_t)(cls == C_X87 ? rn(9) : rn(3));
    for (int i = 0; i < rt_in.x87n; i++) rnd_f80(rt_in.x87[i]);
    for (int i = 0; i < 16; i++) {
        uint8_t *x = rt_in.xmm[i];
        switch (rn(4)) {
        case 0: for (int j = 0; j < 4; j++) { uint32_t v = rnd_f32(); memcpy(x + 4 * j, &v, 4); } break;
        case 1: for (int j = 0; j < 2; j++) { uint64_t v = rnd_f64(); memcpy(x + 8 * j, &v, 8); } break;
        default: fill_random(x, 16); break;
        }
    }
    /* scratch memory: the per-seed base pattern with 24 random qwords replaced (cheap under an
       emulator, and still independent of the order in which sequences run) */
    memcpy(mem_init, mem_base, MEMSZ);
    for (int i = 0; i < 24; i++) fill_random(mem_init + 8 * rn(MEMSZ / 8), 8);
    memcpy(rt_mem, mem_init, MEMSZ);
}

static void gen_one(int cls) {
    switch (cls) {
    case C_INT: gen_int(); break;
    case C_SHIFT: gen_shift(); break;
    case C_MULDIV: gen_muldiv(); break;
    case C_BIT: gen_bit(); break;
    case C_BMI: gen_bmi(); break;
    case C_CMOV: gen_cmov(); break;
    case C_MOV: gen_mov(); break;
    case C_LEA: gen_lea(); break;
    case C_STR: gen_str(); break;
    case C_MISC: gen_misc(); break;
    case C_X87: gen_x87(); break;
    default: gen_sse(cls); break;
    }
}

/* Generates sequence `seq` into its code slot; returns the class. */
static int generate(uint64_t seed, uint32_t seq, const int *classes, int nclasses) {
    G.rng = seed * 0x9e3779b97f4a7c15ULL ^ ((uint64_t)seq << 20) ^ 0x5151;
    rnd(); rnd();
    int cls = classes[rn((unsigned)nclasses)];
    init_state(cls);
    /* Emitted into a staging buffer and copied into the executable slot in one go: an emulator
       that tracks writes to code pages then sees one bulk copy instead of many byte stores. */
    uint8_t *slot = code_area + (seq % NSLOT) * SLOT;
    G.pool = stage;
    fill_random(stage, 64);
    G.start = G.p = stage + 64;
    G.undef = 0;
    G.fdepth = rt_in.x87n;
    G.fcc_undef = 1;       /* the prologue's FLDCW and FLDs leave C0/C2/C3 undefined (SDM) */
    G.nins = 0;
    G.cur_fixup = 0;
    G.cur_size = 0;
    int n = 6 + (int)rn(27);
    if (trunc_steps >= 0 && trunc_steps < n) n = trunc_steps;   /* --trunc: keep a prefix */
    for (int i = 0; i < n && G.nins < MAXINS - 24 && G.p - G.start < SLOT - 400; i++) gen_one(cls);
    /* jmp qword [rip+0]; .quad rt_exit */
    uint8_t *p = G.p;
    p[0] = 0xFF; p[1] = 0x25; p[2] = p[3] = p[4] = p[5] = 0;
    uint64_t target = (uint64_t)(uintptr_t)&rt_exit;
    memcpy(p + 6, &target, 8);
    G.slot_len = (int)(p + 14 - stage);
    memcpy(slot, stage, (size_t)G.slot_len);
    G.slot = slot;
    return cls;
}

/* ---- masked result ---- */
struct result {
    uint64_t gpr[16], rflags;
    uint32_t fcw, fsw, ftw, mxcsr;
    int stvalid[8];
    uint8_t st[8][10];
    uint8_t xmm[16][16];
} __attribute__((aligned(8)));
_Static_assert(sizeof(struct result) % 8 == 0, "hashed as 64-bit words");

static void collect(struct result *r) {
    memset(r, 0, sizeof *r);
    for (int i = 0; i < 16; i++) r->gpr[i] = rt_out.gpr[i];
    r->gpr[RSP] -= rt_host_rsp;                       /* 0 when the stack is balanced */
    r->gpr[R15] -= (uint64_t)(uintptr_t)(rt_mem + MEMHALF);
    r->rflags = rt_out.rflags & (F_ALL6 | F_DF) & ~(uint64_t)G.undef;
    uint16_t fcw, fsw;
    memcpy(&fcw, rt_fx, 2);
    memcpy(&fsw, rt_fx + 2, 2);
    fsw &= (uint16_t)~0x0200;                          /* C1: not compared */
    if (G.fcc_undef) fsw &= (uint16_t)~0x4500;         /* C0, C2, C3 undefined */
    r->fcw = fcw;
    r->fsw = fsw;
    r->ftw = rt_fx[4];
    memcpy(&r->mxcsr, rt_fx + 24, 4);
    int top = (fsw >> 11) & 7;
    for (int i = 0; i < 8; i++) {
        r->stvalid[i] = (r->ftw >> ((top + i) & 7)) & 1;
        if (r->stvalid[i]) memcpy(r->st[i], rt_fx + 32 + 16 * i, 10);
    }
    memcpy(r->xmm, rt_fx + 160, 256);
}

/* Hash of n bytes (n a multiple of 8, p 8-aligned): one multiply per word. */
static uint64_t hash_words(uint64_t h, const void *p, size_t n) {
    const uint64_t *w = p;
    for (size_t i = 0; i < n / 8; i++) {
        h = (h ^ w[i]) * 0x9e3779b97f4a7c15ULL;
        h ^= h >> 29;
    }
    return h;
}

static uint64_t hash_result(const struct result *r) {
    uint64_t h = 0xcbf29ce484222325ULL;
    h = hash_words(h, r, sizeof *r);
    return hash_words(h, rt_mem, MEMSZ);
}

/* "NUM CLASS NINSN HASH\n" without printf (it is the per-sequence cost under an emulator). */
static char *put_dec(char *p, uint64_t v) {
    char t[24]; int n = 0;
    do { t[n++] = (char)('0' + v % 10); v /= 10; } while (v);
    while (n) *p++ = t[--n];
    return p;
}

static void print_line(uint32_t seq, int cls, int nins, uint64_t h) {
    char buf[96], *p = buf;
    p = put_dec(p, seq);
    *p++ = ' ';
    for (const char *c = class_names[cls]; *c; c++) *p++ = *c;
    *p++ = ' ';
    p = put_dec(p, (uint64_t)nins);
    *p++ = ' ';
    for (int i = 60; i >= 0; i -= 4) *p++ = "0123456789abcdef"[(h >> i) & 15];
    *p++ = '\n';
    fwrite(buf, 1, (size_t)(p - buf), stdout);
}

/* A fault inside generated code (an emulator that rejects an instruction, or a generator bug)
 * becomes a result line "NUM CLASS crash signal SIG at +OFF" (OFF: offset of the faulting
 * instruction in the listing), so the comparison names the sequence instead of stopping. */
static volatile uint32_t cur_seq;
static volatile int cur_cls;

static void on_fault(int sig, siginfo_t *si, void *ctx) {
    (void)si;
    fflush(stdout);
    long off = -1;
    uintptr_t rip = (uintptr_t)((ucontext_t *)ctx)->uc_mcontext.gregs[REG_RIP];
    if (G.slot && rip >= (uintptr_t)G.slot + 64 && rip < (uintptr_t)G.slot + SLOT) off = (long)(rip - (uintptr_t)G.slot - 64);
    char buf[128], *p = buf;
    p = put_dec(p, cur_seq);
    *p++ = ' ';
    for (const char *c = class_names[cur_cls]; *c; c++) *p++ = *c;
    const char *m = " crash signal ";
    while (*m) *p++ = *m++;
    p = put_dec(p, (uint64_t)sig);
    if (off >= 0) { m = " at +"; while (*m) *p++ = *m++; p = put_dec(p, (uint64_t)off); }
    else { m = " outside the generated code"; while (*m) *p++ = *m++; }
    *p++ = '\n';
    if (write(1, buf, (size_t)(p - buf)) < 0) { /* nothing more to do */ }
    _exit(3);
}

static void install_fault_handlers(void) {
    static const int sigs[] = {SIGILL, SIGSEGV, SIGBUS, SIGFPE, SIGTRAP};
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO;
    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) sigaction(sigs[i], &sa, 0);
}

/* ---- dump ---- */
static void print_hex(const uint8_t *p, int n) { for (int i = 0; i < n; i++) printf("%02x", p[i]); }

static void print_f80(const uint8_t *p) {
    uint16_t se; uint64_t m;
    memcpy(&m, p, 8); memcpy(&se, p + 8, 2);
    printf("%04x:%016llx", se, (unsigned long long)m);
}

static void dump(int cls, const struct result *r) {
    printf("class %s\n", class_names[cls]);
    for (int i = 0; i < G.nins; i++) {
        const struct insn_log *l = &G.log[i];
        printf("insn +%03d ", l->off);
        print_hex(G.start + l->off, l->len);
        printf(" %s", l->name);
        if (l->size) printf(" /%d", l->size);
        printf("%s\n", l->fixup ? " (fixup)" : "");
    }
    static const char *const rn_[16] = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
                                        "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"};
    for (int i = 0; i < 16; i++) if (i != RSP && i != R15) printf("in %s=%016llx\n", rn_[i], (unsigned long long)rt_in.gpr[i]);
    printf("in rflags=%03llx mxcsr=%08x fcw=%04x x87n=%d\n", (unsigned long long)rt_in.rflags, rt_in.mxcsr, rt_in.fcw, rt_in.x87n);
    for (int i = 0; i < rt_in.x87n; i++) { printf("in st%d=", i); print_f80(rt_in.x87[i]); printf("\n"); }
    for (int i = 0; i < 16; i++) { printf("in xmm%d=", i); print_hex(rt_in.xmm[i], 16); printf("\n"); }
    for (int i = 0; i < 16; i++) printf("out %s=%016llx\n", rn_[i], (unsigned long long)r->gpr[i]);
    printf("out rflags=%03llx (undefined mask %03x)\n", (unsigned long long)r->rflags, G.undef);
    printf("out fcw=%04x fsw=%04x ftw=%02x mxcsr=%08x\n", r->fcw, r->fsw, r->ftw, r->mxcsr);
    for (int i = 0; i < 8; i++) {
        printf("out st%d=", i);
        if (r->stvalid[i]) print_f80(r->st[i]); else printf("empty");
        printf("\n");
    }
    for (int i = 0; i < 16; i++) { printf("out xmm%d=", i); print_hex(r->xmm[i], 16); printf("\n"); }
    for (int i = 0; i < MEMSZ; i += 8)
        if (memcmp(rt_mem + i, mem_init + i, 8)) {
            printf("out mem[%+05d]=", i - MEMHALF); print_hex(rt_mem + i, 8);
            printf(" (was "); print_hex(mem_init + i, 8); printf(")\n");
        }
}

static int parse_classes(const char *s, int *out) {
    int n = 0;
    if (!s || !strcmp(s, "all")) { for (int i = 0; i < NCLASS; i++) out[n++] = i; return n; }
    char buf[256];
    snprintf(buf, sizeof buf, "%s", s);
    for (char *t = strtok(buf, ","); t; t = strtok(0, ",")) {
        int found = 0;
        for (int i = 0; i < NCLASS; i++) if (!strcmp(t, class_names[i])) { out[n++] = i; found = 1; }
        if (!found) { fprintf(stderr, "rtest: unknown class '%s'\n", t); exit(2); }
    }
    return n;
}

int main(int argc, char **argv) {
    const char *pos[3] = {0, 0, 0};
    int npos = 0;
    long dump_seq = -1;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--dump") && i + 1 < argc) dump_seq = strtol(argv[++i], 0, 0);
        else if (!strcmp(argv[i], "--trunc") && i + 1 < argc) trunc_steps = strtol(argv[++i], 0, 0);
        else if (npos < 3) pos[npos++] = argv[i];
    }
    if (npos < 2) {
        fprintf(stderr, "usage: rtest SEED NSEQ [CLASSES] [--dump K] [--trunc STEPS]\nclasses:");
        for (int i = 0; i < NCLASS; i++) fprintf(stderr, " %s", class_names[i]);
        fprintf(stderr, "\n");
        return 2;
    }
    uint64_t seed = strtoull(pos[0], 0, 0);
    uint32_t nseq = (uint32_t)strtoul(pos[1], 0, 0);
    int classes[NCLASS];
    int nclasses = parse_classes(pos[2], classes);
    code_area = mmap(0, SLOT * NSLOT, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    rt_mem = mmap(0, MEMSZ, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (code_area == MAP_FAILED || rt_mem == MAP_FAILED) { perror("rtest: mmap"); return 1; }
    G.rng = seed ^ 0x6a09e667f3bcc908ULL;
    fill_random(mem_base, MEMSZ);
    install_fault_handlers();
    /* One write per sequence: if the process dies, its output ends exactly before the sequence
       that killed it (an emulator without signal delivery cannot run on_fault). */
    setvbuf(stdout, 0, _IOLBF, 0);
    uint64_t total = 0, digest = 0;
    struct result r;
    for (uint32_t s = 0; s < nseq; s++) {
        if (dump_seq >= 0 && s != (uint32_t)dump_seq) continue;
        int cls = generate(seed, s, classes, nclasses);
        cur_seq = s; cur_cls = cls;
        rt_enter(G.slot + 64);
        collect(&r);
        uint64_t h = hash_result(&r);
        total += (uint64_t)G.nins;
        digest = (digest ^ h) * 0x100000001b3ULL;
        print_line(s, cls, G.nins, h);
        if (dump_seq >= 0) dump(cls, &r);
    }
    printf("total sequences %u instructions %llu digest %016llx\n", dump_seq >= 0 ? 1 : nseq,
           (unsigned long long)total, (unsigned long long)digest);
    return 0;
}
