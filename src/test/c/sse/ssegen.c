/*
 * Hardware oracle for Flatland's SSE interpreter tests.
 *
 * For every instruction encoding in the table below (register forms: ModRM reg = xmm0/mm0/rax,
 * rm = xmm1/mm1/rcx), this program runs the raw instruction bytes natively inside a small stub
 * that loads xmm0, xmm1, mm0, mm1, rax, rcx, rdx, RFLAGS and MXCSR from a state block, executes the
 * instruction, and stores everything back. It prints the inputs and outputs; a SIGFPE (#XM) is
 * caught and reported with its si_code and the MXCSR the kernel saved.
 *
 * Build and run (x86-64 Linux with SSE4.2):
 *   gcc -O2 -o /tmp/ssegen src/test/c/sse/ssegen.c && /tmp/ssegen | gzip -9n > src/test/resources/sse/hw.txt.gz
 *   /tmp/ssegen --ud > src/test/resources/sse/ud.txt
 *   /tmp/ssegen --daz | gzip -9n > src/test/resources/sse/hw-daz.txt.gz
 *
 * Output: "# name hexbytes class" starts an instruction; each case line is
 *   mxcsr flags x0lo x0hi x1lo x1hi rax rcx rdx : x0lo x0hi x1lo x1hi rax rcx rdx mm0 mm1 mxcsr flags sig code
 * (all hex; an output equal to its input is printed as "=", mm0/mm1 compare with x0lo/x1lo; sig 0
 * when no signal). Memory-form entries (class & 16) append " m" and the six input quadwords of the
 * memory block at [rdi+0x60], then " m" and the six output quadwords.
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

struct st {
    uint64_t x0[2], x1[2];
    uint32_t mxcsr, pad;
    uint64_t rax, rcx, rdx, flags, mm0, mm1, pad2;
    uint64_t mem[6]; /* offset 0x60: the memory operand of the memory-form entries ([rdi+disp8]) */
} __attribute__((aligned(64)));

static unsigned char *code;
static sigjmp_buf jb;
static volatile int gotsig, gotcode;
static volatile uint32_t sigmx;

static void onsig(int s, siginfo_t *si, void *uc) {
    ucontext_t *u = uc;
    gotsig = s;
    gotcode = si->si_code;
    sigmx = u->uc_mcontext.fpregs->mxcsr;
    siglongjmp(jb, 1);
}

static int emit(int n, const unsigned char *insn) {
    static const unsigned char pre[] = {
        0xF3, 0x0F, 0x6F, 0x07,             /* movdqu xmm0,[rdi] */
        0xF3, 0x0F, 0x6F, 0x4F, 0x10,       /* movdqu xmm1,[rdi+16] */
        0x0F, 0x6F, 0x07,                   /* movq mm0,[rdi] */
        0x0F, 0x6F, 0x4F, 0x10,             /* movq mm1,[rdi+16] */
        0x0F, 0xAE, 0x57, 0x20,             /* ldmxcsr [rdi+32] */
        0x48, 0x8B, 0x47, 0x28,             /* mov rax,[rdi+40] */
        0x48, 0x8B, 0x4F, 0x30,             /* mov rcx,[rdi+48] */
        0x48, 0x8B, 0x57, 0x38,             /* mov rdx,[rdi+56] */
        0xFF, 0x77, 0x40,                   /* push qword [rdi+64] */
        0x9D,                               /* popfq */
    };
    static const unsigned char post[] = {
        0x9C,                               /* pushfq */
        0x8F, 0x47, 0x40,                   /* pop qword [rdi+64] */
        0xF3, 0x0F, 0x7F, 0x07,             /* movdqu [rdi],xmm0 */
        0xF3, 0x0F, 0x7F, 0x4F, 0x10,       /* movdqu [rdi+16],xmm1 */
        0x0F, 0xAE, 0x5F, 0x20,             /* stmxcsr [rdi+32] */
        0x48, 0x89, 0x47, 0x28,             /* mov [rdi+40],rax */
        0x48, 0x89, 0x4F, 0x30,             /* mov [rdi+48],rcx */
        0x48, 0x89, 0x57, 0x38,             /* mov [rdi+56],rdx */
        0x0F, 0x7F, 0x47, 0x48,             /* movq [rdi+72],mm0 */
        0x0F, 0x7F, 0x4F, 0x50,             /* movq [rdi+80],mm1 */
        0x0F, 0x77,                         /* emms */
        0xC3,
    };
    int k = 0;
    memcpy(code + k, pre, sizeof pre); k += sizeof pre;
    memcpy(code + k, insn, n); k += n;
    memcpy(code + k, post, sizeof post); k += sizeof post;
    __builtin___clear_cache((char *)code, (char *)code + k);
    return k;
}

static uint64_t rs = 0x9E3779B97F4A7C15ull;
static uint64_t rnd(void) {
    rs ^= rs << 13; rs ^= rs >> 7; rs ^= rs << 17;
    return rs;
}

static const uint32_t F[] = {
    0x00000000, 0x80000000, 0x3F800000, 0xBF800000, 0x3FC00000, 0x40000000, 0x40400000, 0x3DCCCCCD,
    0x7F7FFFFF, 0xFF7FFFFF, 0x00800000, 0x80800000, 0x00C00000, 0x00000001, 0x807FFFFF, 0x00400000,
    0x7F800000, 0xFF800000, 0x7FC00000, 0x7FC00123, 0xFFC00001, 0x7F800001, 0xFFA00042, 0x4B800000,
    0x4F000000, 0xCF000000, 0x4EFFFFFF, 0x5F000000, 0xDF000000, 0x3F000000, 0x40200000, 0xC0200000,
    0x3F800001, 0x3F7FFFFF, 0x00FFFFFF, 0x7F000000, 0x34000000, 0x0C000000, 0x33800000, 0xCF000001,
};
static const uint64_t D[] = {
    0x0000000000000000ull, 0x8000000000000000ull, 0x3FF0000000000000ull, 0xBFF0000000000000ull,
    0x3FF8000000000000ull, 0x4000000000000000ull, 0x4008000000000000ull, 0x3FB999999999999Aull,
    0x7FEFFFFFFFFFFFFFull, 0xFFEFFFFFFFFFFFFFull, 0x0010000000000000ull, 0x8010000000000000ull,
    0x0018000000000000ull, 0x0000000000000001ull, 0x800FFFFFFFFFFFFFull, 0x0008000000000000ull,
    0x7FF0000000000000ull, 0xFFF0000000000000ull, 0x7FF8000000000000ull, 0x7FF8000000000123ull,
    0xFFF8000000000001ull, 0x7FF0000000000001ull, 0xFFF4000000000042ull, 0x4340000000000000ull,
    0x43E0000000000000ull, 0xC3E0000000000000ull, 0x41DFFFFFFFE00000ull, 0x41E0000000000000ull,
    0xC1E0000000200000ull, 0x3FE0000000000000ull, 0x4004000000000000ull, 0xC004000000000000ull,
    0x3FF0000000000001ull, 0x3FEFFFFFFFFFFFFFull, 0x001FFFFFFFFFFFFFull, 0x7FE0000000000000ull,
    0x3CA0000000000000ull, 0x0120000000000000ull, 0x47EFFFFFE0000000ull, 0x36A0000000000000ull,
    0x380FFFFFF0000000ull, 0x3810000000000000ull, 0xC1E0000000000000ull, 0x41DFFFFFFFC00000ull,
};
#define NF (sizeof F / sizeof F[0])
#define ND (sizeof D / sizeof D[0])

/* "--daz": the pairwise sweep runs over these indices of F/D (zeros, ±1, smallest normals,
   denormals, infinities, QNaN/SNaN) under the MXCSR values of DAZ_MX instead of all of F/D under
   the default MXCSR; the other lanes repeat the pair (swapped in the upper half / odd lanes). */
static const int DAZ_IDX[] = {0, 1, 2, 3, 10, 11, 13, 14, 15, 16, 17, 18, 20, 21};
#define NDAZ (sizeof DAZ_IDX / sizeof DAZ_IDX[0])
static const uint32_t DAZ_MX[] = {0x1FC0, 0x9FC0, 0x5FC0};
static int dazmode;
static uint32_t sweepmx = 0x1F80;

/* A float near an interesting scale: random mantissa, exponent from a few bands. */
static uint32_t rf(void) {
    uint64_t r = rnd();
    switch (r & 7) {
    case 0: case 1: return F[(r >> 8) % NF];
    case 2: return (uint32_t)(r >> 16);
    case 3: return (uint32_t)((r >> 40) & 0x807FFFFF) | (uint32_t)((((r >> 8) % 4) + 0) << 23);      /* tiny */
    case 4: return (uint32_t)((r >> 40) & 0x807FFFFF) | (uint32_t)((0xFC + (r >> 8) % 3) << 23);     /* huge */
    case 6: {                                                                                      /* binade edges */
        static const uint32_t mm[] = {0, 0x7FFFFF, 1, 0x400000, 0x7FFFFE, 0x3FFFFF};
        return (uint32_t)(r & 0x80000000) | mm[(r >> 20) % 6] | (uint32_t)((0x60 + (r >> 8) % 64) << 23);
    }
    default: return (uint32_t)((r >> 40) & 0x807FFFFF) | (uint32_t)((0x70 + (r >> 8) % 32) << 23);   /* ~1 */
    }
}
static uint64_t rd(void) {
    uint64_t r = rnd(), m = rnd() & 0x800FFFFFFFFFFFFFull;
    switch (r & 7) {
    case 0: case 1: return D[(r >> 8) % ND];
    case 2: return rnd();
    case 3: return m | (((r >> 8) % 4) << 52);
    case 4: return m | ((0x7FC + (r >> 8) % 3) << 52);
    case 5: return (uint64_t)(rnd() & 0x80000000FFFFFFFFull) | ((0x3F0 + (r >> 8) % 90) << 52); /* short mantissa */
    case 6: {                                                                                      /* binade edges */
        static const uint64_t mm[] = {0, 0xFFFFFFFFFFFFFull, 1, 0x8000000000000ull, 0xFFFFFFFFFFFFEull, 0xFFFFFE0000000ull,
                                      0x10000000ull, 0xFFFFFFFull};
        return (r & 0x8000000000000000ull) | mm[(r >> 20) % 8] | ((0x3C0 + (r >> 8) % 128) << 52);
    }
    default: return m | ((0x3E0 + (r >> 8) % 64) << 52);
    }
}
static uint64_t ri(void) {
    static const uint64_t pat[] = {0, ~0ull, 0x8080808080808080ull, 0x7F7F7F7F7F7F7F7Full, 0x0101010101010101ull,
                                   0x8000800080008000ull, 0x7FFF7FFF7FFF7FFFull, 0x80000000ull, 0x7FFFFFFF80000001ull};
    uint64_t r = rnd();
    switch (r & 3) {
    case 0: return pat[(r >> 8) % 9];
    case 1: return rnd() & rnd();
    default: return rnd();
    }
}
/* Bytes from a small alphabet with zeros, for PCMPxSTRx. */
static uint64_t rstr(void) {
    static const unsigned char al[] = {'a', 'b', 'c', 'a', 'b', 0, 0x80, 0xFF, 'z', 'A'};
    uint64_t v = 0;
    for (int i = 0; i < 8; i++) v |= (uint64_t)al[rnd() % 10] << (8 * i);
    if (rnd() % 3) v |= 0x6161616161616161ull & rnd() & ~(rnd() & rnd());
    return v;
}

static uint64_t pairf(uint32_t a, uint32_t b) { return a | (uint64_t)b << 32; }

/* Operands around the underflow threshold: denormals, the smallest normals, and values whose
   products, quotients or differences land there. */
static uint32_t tf(void) {
    uint64_t r = rnd();
    uint32_t m = (uint32_t)(r >> 40) & 0x7FFFFF, sg = (uint32_t)r & 0x80000000;
    switch ((r >> 8) & 3) {
    case 0: return sg | m;                                            /* denormal */
    case 1: return sg | m | (uint32_t)(1 + (r >> 12) % 3) << 23;      /* just normal */
    case 2: return sg | m | (uint32_t)(0x30 + (r >> 12) % 40) << 23;  /* 2^-80..2^-40 */
    default: return sg | m | (uint32_t)(0x7F + (r >> 12) % 60 - 30) << 23;
    }
}
static uint64_t td(void) {
    uint64_t r = rnd(), m = rnd() & 0xFFFFFFFFFFFFFull, sg = r & 0x8000000000000000ull;
    switch ((r >> 8) & 3) {
    case 0: return sg | m;
    case 1: return sg | m | (1 + (r >> 12) % 3) << 52;
    case 2: return sg | m | (0x180 + (r >> 12) % 300) << 52;
    default: return sg | m | (0x3FF + (r >> 12) % 120 - 60) << 52;
    }
}
static const uint32_t MXT[] = {0x9F80, 0x1FC0, 0x9FC0, 0xDF80, 0xBF80, 0xFF80, 0x1F80, 0x8000, 0x9780, 0x9F00,
                               0x1780, 0x8F80, 0x5FC0};

static const uint32_t MX[] = {
    0x1F80, 0x3F80, 0x5F80, 0x7F80, 0x9F80, 0x1FC0, 0x9FC0, 0xDF80, 0x0000, 0x1D80, 0x1B00, 0x1F00, 0x1780,
    0x0F80, 0x1E80, 0x1F81,
};

enum { CF_, CD_, CI_, CS_, CI_SMALL, CM_, CF_TINY, CD_TINY, MEM = 16 };

static void run(const char *name, const char *hex, int clsm, int ncase) {
    int cls = clsm & 15, hasmem = clsm & MEM;
    unsigned char insn[16];
    int n = 0;
    for (const char *p = hex; *p; p += 2) {
        while (*p == ' ') p++;
        if (!*p) break;
        unsigned v;
        sscanf(p, "%2x", &v);
        insn[n++] = (unsigned char)v;
    }
    emit(n, insn);
    printf("# %s %s %d\n", name, hex, clsm);
    for (int k = 0; k < ncase; k++) {
        struct st s, in;
        memset(&s, 0, sizeof s);
        int E = dazmode ? (int)NDAZ : cls == CF_ ? (int)NF : (int)ND;
        int sweep = (cls == CF_ || cls == CD_) && k < E * E;
        int ia = dazmode ? DAZ_IDX[k / E] : k / E, ib = dazmode ? DAZ_IDX[k % E] : k % E;
        if (cls == CF_) {
            uint32_t a = sweep ? F[ia] : rf(), b = sweep ? F[ib] : rf();
            s.x0[0] = pairf(a, rf()); s.x0[1] = pairf(rf(), rf());
            s.x1[0] = pairf(b, rf()); s.x1[1] = pairf(rf(), rf());
            s.rcx = (rnd() & 1) ? (uint64_t)(int64_t)(int32_t)ri() : ri();
            if (dazmode) { s.x0[0] = s.x0[1] = pairf(a, b); s.x1[0] = s.x1[1] = pairf(b, a); }
        } else if (cls == CD_) {
            s.x0[0] = sweep ? D[ia] : rd(); s.x0[1] = rd();
            s.x1[0] = sweep ? D[ib] : rd(); s.x1[1] = rd();
            if (dazmode) { s.x0[1] = s.x1[0]; s.x1[1] = s.x0[0]; }
            s.rcx = (rnd() & 1) ? (uint64_t)(int64_t)(int32_t)ri() : ri();
        } else if (cls == CF_TINY) {
            s.x0[0] = pairf(tf(), tf()); s.x0[1] = pairf(tf(), tf());
            s.x1[0] = pairf(tf(), tf()); s.x1[1] = pairf(tf(), tf());
        } else if (cls == CD_TINY) {
            s.x0[0] = td(); s.x0[1] = td(); s.x1[0] = td(); s.x1[1] = td();
        } else if (cls == CS_) {
            s.x0[0] = rstr(); s.x0[1] = rstr(); s.x1[0] = rstr(); s.x1[1] = rstr();
            if (rnd() % 4 == 0) s.x1[0] = s.x0[0] >> (8 * (rnd() % 4));
            s.rcx = ri();
        } else {
            s.x0[0] = ri(); s.x0[1] = ri(); s.x1[0] = ri(); s.x1[1] = ri(); s.rcx = ri();
            if (cls == CI_SMALL) s.x1[0] = rnd() % 70;
        }
        s.rax = (cls == CS_) ? (uint64_t)(int64_t)((int)(rnd() % 41) - 20) : ri();
        s.rdx = (cls == CS_) ? (uint64_t)(int64_t)((int)(rnd() % 41) - 20) : ri();
        if (cls == CS_ && rnd() % 8 == 0) { s.rax = rnd(); s.rdx = rnd(); }
        for (int j = 0; j < 6; j++) {
            s.mem[j] = cls == CF_ ? pairf(rf(), rf()) : cls == CD_ ? rd() : cls == CS_ ? rstr() : ri();
        }
        if (cls == CM_) {
            s.mem[0] = (rnd() % 4 == 0) ? rnd() : (rnd() & 0xFFBF) | (rnd() & 0xFFFF0000ull << 32);
        }
        s.mxcsr = sweep ? sweepmx : MX[rnd() % (sizeof MX / sizeof MX[0])];
        if (cls == CF_TINY || cls == CD_TINY) s.mxcsr = MXT[rnd() % (sizeof MXT / sizeof MXT[0])];
        if (!sweep && rnd() % 8 == 0) s.mxcsr |= rnd() & 0x3F;
        s.flags = 0x202 | (rnd() & 0x8D5);
        if (dazmode) { /* the swept pair everywhere: small and compressible */
            s.rax = s.rdx = 0;
            s.rcx = 0x12345678;
            s.flags = 0x202;
            for (int j = 0; j < 6; j++) s.mem[j] = s.x1[j & 1];
        }
        in = s;
        gotsig = 0;
        if (sigsetjmp(jb, 1) == 0) {
            ((void (*)(struct st *))code)(&s);
        } else {
            s = in;
            s.mxcsr = sigmx;
            s.mm0 = in.x0[0];
            s.mm1 = in.x1[0];
            __asm__ volatile("emms");
        }
        __asm__ volatile("ldmxcsr %0" ::"m"((uint32_t){0x1F80}));
        printf("%x %lx %lx %lx %lx %lx %lx %lx %lx :", in.mxcsr, in.flags, in.x0[0], in.x0[1], in.x1[0],
               in.x1[1], in.rax, in.rcx, in.rdx);
        uint64_t ins[] = {in.x0[0], in.x0[1], in.x1[0], in.x1[1], in.rax, in.rcx, in.rdx, in.x0[0], in.x1[0], in.mxcsr,
                          in.flags};
        uint64_t outs[] = {s.x0[0], s.x0[1], s.x1[0], s.x1[1], s.rax, s.rcx, s.rdx, s.mm0, s.mm1, s.mxcsr,
                           gotsig ? in.flags : (s.flags & 0x8D5) | 0x202};
        for (int j = 0; j < 11; j++) {
            if (ins[j] == outs[j]) printf(" =");
            else printf(" %lx", outs[j]);
        }
        if (hasmem) {
            printf(" m");
            for (int j = 0; j < 6; j++) printf(" %lx", in.mem[j]);
            printf(" m");
            for (int j = 0; j < 6; j++) {
                if (in.mem[j] == s.mem[j]) printf(" =");
                else printf(" %lx", s.mem[j]);
            }
        }
        printf(" %x %x\n", gotsig, gotsig ? gotcode : 0);
    }
}

#include "ssetable.h"

/*
 * "--ud": for every opcode Flatland routes to its SSE unit, each mandatory prefix and a register and
 * a memory form, print "bytes sig" (sig 4 = #UD). 0F 77 (EMMS, no ModRM), 0F 78/79 (SSE4a EXTRQ/INSERTQ with two immediates)
 * and the FXSAVE/XSAVE group members that store 512+ bytes are not run.
 */
static int routed(int map, int b) {
    if (map == 1)
        return (b >= 0x10 && b <= 0x17) || (b >= 0x28 && b <= 0x2F) || (b >= 0x50 && b <= 0x7F) || b == 0xC2 ||
               (b >= 0xC4 && b <= 0xC6) || b >= 0xD0;
    return b < 0xF0;
}

static void ud1(const unsigned char *insn, int n) {
    struct st s;
    memset(&s, 0, sizeof s);
    s.mxcsr = 0x1F80;
    s.flags = 0x202;
    emit(n, insn);
    gotsig = 0;
    if (sigsetjmp(jb, 1) == 0) {
        ((void (*)(struct st *))code)(&s);
    } else {
        __asm__ volatile("emms");
    }
    __asm__ volatile("ldmxcsr %0" ::"m"((uint32_t){0x1F80}));
    for (int i = 0; i < n; i++) printf("%02X ", insn[i]);
    printf("%d\n", gotsig);
}

static void udscan(void) {
    static const unsigned char pfx[] = {0, 0x66, 0xF3, 0xF2};
    for (int map = 1; map <= 3; map++) {
        for (int b = 0; b < 256; b++) {
            if (!routed(map, b) || (map == 1 && (b == 0x77 || b == 0x78 || b == 0x79))) continue;
            int needimm = map == 3 || (map == 1 && ((b >= 0x70 && b <= 0x73) || b == 0xC2 || (b >= 0xC4 && b <= 0xC6)));
            for (int p = 0; p < 4; p++) {
                int ndig = (map == 1 && b >= 0x71 && b <= 0x73) ? 8 : 1;
                for (int form = 0; form < 2; form++) {
                    for (int dg = 0; dg < ndig; dg++) {
                        unsigned char insn[16];
                        int n = 0;
                        if (pfx[p]) insn[n++] = pfx[p];
                        insn[n++] = 0x0F;
                        if (map == 2) insn[n++] = 0x38;
                        if (map == 3) insn[n++] = 0x3A;
                        insn[n++] = (unsigned char)b;
                        if (form == 0) {
                            insn[n++] = (unsigned char)(ndig > 1 ? 0xC0 | dg << 3 : 0xC1);
                        } else {
                            insn[n++] = (unsigned char)(0x47 | dg << 3);
                            insn[n++] = 0x60;
                        }
                        if (needimm) insn[n++] = 0x00;
                        ud1(insn, n);
                    }
                }
            }
        }
    }
    /* 0F AE memory forms that do not store more than 16 bytes */
    static const unsigned char ae[][5] = {{0x0F, 0xAE, 0x57, 0x60}, {0x0F, 0xAE, 0x5F, 0x60}, {0x0F, 0xAE, 0x7F, 0x60},
                                          {0x66, 0x0F, 0xAE, 0x7F, 0x60}, {0x66, 0x0F, 0xAE, 0x77, 0x60}};
    static const int aen[] = {4, 4, 4, 5, 5};
    for (int i = 0; i < 5; i++) ud1(ae[i], aen[i]);
}

int main(int argc, char **argv) {
    code = mmap(0, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = onsig;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGFPE, &sa, 0);
    sigaction(SIGILL, &sa, 0);
    sigaction(SIGSEGV, &sa, 0);
    if (argc > 1 && strcmp(argv[1], "--ud") == 0) {
        udscan();
        return 0;
    }
    if (argc > 1 && strcmp(argv[1], "--daz") == 0) {
        dazmode = 1;
        for (int i = 0; TABLE[i].name; i++) {
            if ((TABLE[i].cls & 15) != CF_ && (TABLE[i].cls & 15) != CD_) continue;
            for (unsigned m = 0; m < sizeof DAZ_MX / sizeof DAZ_MX[0]; m++) {
                sweepmx = DAZ_MX[m];
                run(TABLE[i].name, TABLE[i].hex, TABLE[i].cls, NDAZ * NDAZ);
            }
        }
        return 0;
    }
    const char *only = argc > 1 ? argv[1] : 0;
    for (int i = 0; TABLE[i].name; i++) {
        if (only && strcmp(only, TABLE[i].name) != 0) continue;
        int nc = TABLE[i].count ? TABLE[i].count
                 : TABLE[i].cls == CF_ ? NF * NF + 300 : TABLE[i].cls == CD_ ? ND * ND + 300 : 300;
        run(TABLE[i].name, TABLE[i].hex, TABLE[i].cls, nc);
    }
    return 0;
}
