/*
 * Hardware samples of the x87 transcendentals for X87TranscendentalModelTest (see
 * docs/x87-accuracy.md). Recorded on an AMD EPYC (family 25 model 1, Zen 3, `lscpu`: "AMD EPYC",
 * KVM guest).
 *
 * Build and run (x86-64 Linux, gcc):
 *   gcc -O1 -o /tmp/x87trans src/test/c/x87/x87trans.c
 *   /tmp/x87trans gen SEED N > samples.txt    random operands over the ranges libm feeds these
 *                                             instructions, FCW 0x037f (round to nearest, PC64)
 *   /tmp/x87trans run < operands.txt          operands from a file, one "op cw a b" a line
 *   /tmp/x87trans ymul SEED N OP A            N random y in [1,2) with one fixed x = A: the
 *                                             readout of the internal logarithm (accuracy doc)
 *
 * Output lines have the format of hw.txt.gz (x87gen.c): op cw a b fsw ftw st0 st1 rflags mem,
 * with ST0 = a and ST1 = b before the instruction.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct __attribute__((packed)) { uint64_t m; uint16_t se; } f80;
typedef struct __attribute__((packed)) {
    uint16_t cw, r0, sw, r1, tw, r2;
    uint32_t fip; uint16_t fcs, fop; uint32_t fdp; uint16_t fds, r3;
    f80 st[8];
} save_t;

static uint64_t rs = 0x9e3779b97f4a7c15ull;
static uint64_t rnd(void) {
    rs ^= rs << 13; rs ^= rs >> 7; rs ^= rs << 17; return rs;
}

#define PRE "fninit\n fldcw (%[cw])\n fldt (%[b])\n fldt (%[a])\n"
#define POST "\n fnsave (%[s])\n pushfq\n popq %[fl]\n"
#define DEF(name, body) static void name(const f80 *a, const f80 *b, const uint16_t *cw, save_t *s, \
        uint64_t *fl) { \
    __asm__ volatile(PRE body POST : [fl] "=r"(*fl) : [a] "r"(a), [b] "r"(b), [cw] "r"(cw), \
        [s] "r"(s) : "memory", "cc"); }

DEF(op_f2xm1, ".byte 0xd9,0xf0")
DEF(op_fyl2x, ".byte 0xd9,0xf1")
DEF(op_fyl2xp1, ".byte 0xd9,0xf9")
DEF(op_fpatan, ".byte 0xd9,0xf3")
DEF(op_fsin, ".byte 0xd9,0xfe")
DEF(op_fcos, ".byte 0xd9,0xff")
DEF(op_fptan, ".byte 0xd9,0xf2")
DEF(op_fsincos, ".byte 0xd9,0xfb")

typedef void (*fn_t)(const f80 *, const f80 *, const uint16_t *, save_t *, uint64_t *);
static const struct { const char *name; fn_t fn; } OPS[] = {
    {"f2xm1", op_f2xm1}, {"fyl2x", op_fyl2x}, {"fyl2xp1", op_fyl2xp1}, {"fpatan", op_fpatan},
    {"fsin", op_fsin}, {"fcos", op_fcos}, {"fptan", op_fptan}, {"fsincos", op_fsincos},
};

static f80 parse(const char *s) {
    f80 v; char t[5];
    memcpy(t, s, 4); t[4] = 0;
    v.se = (uint16_t)strtoul(t, 0, 16);
    v.m = strtoull(s + 4, 0, 16);
    return v;
}

static void pr80(const f80 *v) { printf(" %04x%016llx", v->se, (unsigned long long)v->m); }

static void one(const char *op, uint16_t cw, f80 a, f80 b) {
    for (unsigned i = 0; i < sizeof OPS / sizeof OPS[0]; i++) {
        if (strcmp(op, OPS[i].name) != 0) continue;
        save_t s; uint64_t fl;
        OPS[i].fn(&a, &b, &cw, &s, &fl);
        printf("%s %04x", op, cw);
        pr80(&a); pr80(&b);
        printf(" %04x %04x", s.sw, s.tw);
        pr80(&s.st[0]); pr80(&s.st[1]);
        printf(" %04x -\n", (unsigned)(fl & 0x8d5));
        return;
    }
    fprintf(stderr, "unknown op %s\n", op);
    exit(2);
}

/* A value uniform in [lo, hi) (lo < hi, both small), with a full 64-bit significand. */
static f80 uniform(long double lo, long double hi) {
    long double u = (long double)(rnd() >> 1) / 9223372036854775808.0L;
    long double v = lo + (hi - lo) * u;
    f80 r; memcpy(&r, &v, 10);
    if ((r.se & 0x7fff) != 0) r.m ^= rnd() & 0x3ff;         /* low bits not all from the scaling */
    return r;
}

int main(int argc, char **argv) {
    if (argc == 2 && !strcmp(argv[1], "run")) {
        char op[16], a[32], b[32]; unsigned cw;
        while (scanf("%15s %x %31s %31s", op, &cw, a, b) == 4) one(op, (uint16_t)cw, parse(a), parse(b));
        return 0;
    }
    if (argc == 4 && !strcmp(argv[1], "gen")) {
        rs ^= strtoull(argv[2], 0, 0) * 0x2545f4914f6cdd1dull;
        long n = atol(argv[3]);
        f80 one_ = {1ull << 63, 0x3fff};
        for (long i = 0; i < n; i++) {
            f80 y = (i % 3 == 0) ? one_ : uniform(0.5L, 2);
            one("f2xm1", 0x037f, uniform(-1, 1), one_);
            one("fyl2x", 0x037f, uniform(0.5L, 4), y);
            one("fyl2xp1", 0x037f, uniform(-0.29L, 0.29L), y);
            one("fpatan", 0x037f, uniform(-2, 2), uniform(-2, 2));
            one("fsin", 0x037f, uniform(-3.2L, 3.2L), one_);
            one("fcos", 0x037f, uniform(-3.2L, 3.2L), one_);
        }
        return 0;
    }
    if (argc == 6 && !strcmp(argv[1], "ymul")) {
        rs ^= strtoull(argv[2], 0, 0) * 0x2545f4914f6cdd1dull;
        long n = atol(argv[3]);
        f80 x = parse(argv[5]);
        for (long i = 0; i < n; i++) {
            f80 y; y.se = 0x3fff; y.m = (1ull << 63) | (rnd() >> 1);
            one(argv[4], 0x037f, x, y);
        }
        return 0;
    }
    fprintf(stderr, "usage: %s run | gen SEED N | ymul SEED N OP A\n", argv[0]);
    return 2;
}
