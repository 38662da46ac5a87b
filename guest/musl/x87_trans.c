/* The eight x87 instructions whose last bit the SDM leaves to the CPU (F2XM1, FYL2X, FYL2XP1,
 * FPATAN, FSIN, FCOS, FPTAN, FSINCOS), run directly with inline assembly over random operands in
 * their domains and over special operands (zeros, infinities, NaNs, denormals, an unnormal, values
 * outside the domain), in all four rounding modes and at 24- and 53-bit precision control.
 * Prints each result as sign+exponent:significand with the status word, so any last-bit or flag
 * difference from the machine it runs on shows as a differing line. */
#include <stdint.h>
#include <stdio.h>

typedef struct {
    uint64_t m;
    uint16_t se;
} __attribute__((packed)) f80;

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* A random value with |x| in [2^(lo-16383), 2^(hi-16383+1)), random sign when sign < 0. */
static f80 rnd(int lo, int hi, int sign)
{
    f80 v;
    v.m = next() | 0x8000000000000000ull;
    v.se = (uint16_t)(lo + (int)(next() % (uint64_t)(hi - lo + 1)));
    if (sign < 0 ? (next() & 1) : sign)
        v.se |= 0x8000;
    return v;
}

static f80 mk(uint16_t se, uint64_t m)
{
    f80 v = {m, se};
    return v;
}

#define BIAS 16383
#define NSPECIAL 12
static f80 special(int i)
{
    switch (i) {
    case 0: return mk(0, 0);                                   /* +0 */
    case 1: return mk(0x8000, 0);                              /* -0 */
    case 2: return mk(0x7fff, 0x8000000000000000ull);          /* +inf */
    case 3: return mk(0xffff, 0x8000000000000000ull);          /* -inf */
    case 4: return mk(0x7fff, 0xc000000000000000ull);          /* QNaN */
    case 5: return mk(0, 0x0000010000000000ull);               /* denormal */
    case 6: return mk(BIAS, 0x8000000000000000ull);            /* 1 */
    case 7: return mk(0x8000 | BIAS, 0x8000000000000000ull);   /* -1 */
    case 8: return mk(BIAS + 1, 0xc000000000000000ull);        /* 3 */
    case 9: return mk(BIAS + 70, 0x8000000000000001ull);       /* 2^70 + 2^7: outside FSIN's range */
    case 10: return mk(BIAS - 1, 0x4000000000000000ull);       /* an unnormal (integer bit clear) */
    default: return mk(1, 0x8000000000000000ull);              /* smallest normal */
    }
}

static void show(const char *op, unsigned cw, f80 a, f80 b, int two, f80 r, f80 r2, int pushed, uint16_t sw)
{
    printf("%s %04x %04x:%016llx", op, cw, a.se, (unsigned long long)a.m);
    if (two)
        printf(" %04x:%016llx", b.se, (unsigned long long)b.m);
    printf(" -> %04x:%016llx", r.se, (unsigned long long)r.m);
    if (pushed)
        printf(" %04x:%016llx", r2.se, (unsigned long long)r2.m);
    printf(" sw %04x\n", sw);
}

static const uint16_t defcw = 0x037f;

#define UNARY(NAME, INSN)                                                                   \
    static void NAME(unsigned cw, f80 a)                                                    \
    {                                                                                       \
        f80 r;                                                                              \
        uint16_t sw, c = (uint16_t)cw;                                                      \
        __asm__ volatile("fldcw %3\n\tfnclex\n\tfldt %2\n\t" INSN "\n\tfnstsw %1\n\t"       \
                         "fstpt %0\n\tfnclex\n\tfldcw %4"                                   \
                         : "=m"(r), "=m"(sw) : "m"(a), "m"(c), "m"(defcw));                 \
        show(#NAME, cw, a, a, 0, r, r, 0, sw);                                              \
    }

/* ST1 = b, ST0 = a; the result replaces ST1 and ST0 is popped. */
#define BINARY(NAME, INSN)                                                                  \
    static void NAME(unsigned cw, f80 a, f80 b)                                             \
    {                                                                                       \
        f80 r;                                                                              \
        uint16_t sw, c = (uint16_t)cw;                                                      \
        __asm__ volatile("fldcw %4\n\tfnclex\n\tfldt %3\n\tfldt %2\n\t" INSN "\n\t"         \
                         "fnstsw %1\n\tfstpt %0\n\tfnclex\n\tfldcw %5"                      \
                         : "=m"(r), "=m"(sw) : "m"(a), "m"(b), "m"(c), "m"(defcw));         \
        show(#NAME, cw, a, b, 1, r, r, 0, sw);                                              \
    }

/* FPTAN and FSINCOS push a second value unless the operand is out of range (C2 set). */
#define PUSHING(NAME, INSN)                                                                 \
    static void NAME(unsigned cw, f80 a)                                                    \
    {                                                                                       \
        f80 r = {0, 0}, top = {0, 0};                                                       \
        uint16_t sw, c = (uint16_t)cw;                                                      \
        __asm__ volatile("fldcw %4\n\tfnclex\n\tfldt %3\n\t" INSN "\n\tfnstsw %%ax\n\t"     \
                         "movw %%ax, %2\n\ttestw $0x400, %%ax\n\tjnz 1f\n\tfstpt %1\n"      \
                         "1:\n\tfstpt %0\n\tfnclex\n\tfldcw %5"                             \
                         : "=m"(r), "=m"(top), "=m"(sw) : "m"(a), "m"(c), "m"(defcw)        \
                         : "ax", "cc");                                                     \
        show(#NAME, cw, a, a, 0, r, top, !(sw & 0x400), sw);                                \
    }

UNARY(f2xm1, "f2xm1")
UNARY(fsin, "fsin")
UNARY(fcos, "fcos")
BINARY(fyl2x, "fyl2x")
BINARY(fyl2xp1, "fyl2xp1")
BINARY(fpatan, "fpatan")
PUSHING(fptan, "fptan")
PUSHING(fsincos, "fsincos")

#define RANDOM 120

int main(void)
{
    static const unsigned cws[] = {0x037f, 0x077f, 0x0b7f, 0x0f7f, 0x007f, 0x027f};
    for (unsigned k = 0; k < sizeof cws / sizeof cws[0]; k++) {
        unsigned cw = cws[k];
        int n = k < 4 ? RANDOM : RANDOM / 4;
        for (int i = 0; i < n; i++) {
            f2xm1(cw, rnd(BIAS - (i % 3 ? 12 : 70), BIAS - 1, -1));
            fsin(cw, rnd(BIAS - 6, BIAS + 20, -1));
            fcos(cw, rnd(BIAS - 6, BIAS + 20, -1));
            fptan(cw, rnd(BIAS - 6, BIAS + 20, -1));
            fsincos(cw, rnd(BIAS - 6, BIAS + 20, -1));
            fyl2x(cw, rnd(BIAS - 30, BIAS + 30, 0), rnd(BIAS - 5, BIAS + 5, -1));
            fyl2xp1(cw, rnd(BIAS - (i % 3 ? 8 : 60), BIAS - 3, -1), rnd(BIAS - 5, BIAS + 5, -1));
            fpatan(cw, rnd(BIAS - 8, BIAS + 8, -1), rnd(BIAS - 8, BIAS + 8, -1));
        }
        if (k >= 4)
            continue;
        f80 one = special(6);
        for (int i = 0; i < NSPECIAL; i++) {
            f80 s = special(i);
            f2xm1(cw, s);
            fsin(cw, s);
            fcos(cw, s);
            fptan(cw, s);
            fsincos(cw, s);
            fyl2x(cw, s, one);
            fyl2x(cw, one, s);
            fyl2xp1(cw, s, one);
            fyl2xp1(cw, one, s);
            fpatan(cw, s, one);
            fpatan(cw, one, s);
        }
    }
    return 0;
}
