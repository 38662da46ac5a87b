/*
 * Hardware oracle for FXSAVE/FXRSTOR layout: builds a known x87/SSE state, runs FXSAVE64 and
 * FXSAVE into buffers pre-filled with 0xA5, and prints both 512-byte images as hex, 32 bytes a line.
 *   gcc -O2 -o /tmp/fxsave src/test/c/sse/fxsave.c && /tmp/fxsave > src/test/resources/sse/fxsave.txt
 * State: FNINIT; FLD1; FLDPI; FLDZ (TOP = 5); FCW 0x027F; MXCSR 0x9FC5; XMMi = bytes 16*i .. 16*i+15.
 * Then "mmx": FNINIT; FLD1; MOVQ mm3, bytes 0..7; FXSAVE64 (registers keep their earlier contents),
 * and "cvtpi2ps_m"/"cvtpi2pd_m": FNINIT; FLD1; CVTPI2PS/PD xmm0, m64; FXSAVE64.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static unsigned char img64[512] __attribute__((aligned(16)));
static unsigned char img32[512] __attribute__((aligned(16)));
static unsigned char xmms[256] __attribute__((aligned(16)));
static unsigned char imgmmx[512] __attribute__((aligned(16)));
static unsigned char imgps[512] __attribute__((aligned(16)));
static unsigned char imgpd[512] __attribute__((aligned(16)));

static void dump(const char *tag, const unsigned char *b) {
    for (int i = 0; i < 512; i += 32) {
        printf("%s %03d", tag, i);
        for (int k = 0; k < 32; k++) printf(" %02x", b[i + k]);
        printf("\n");
    }
}

int main(void) {
    for (int i = 0; i < 256; i++) xmms[i] = (unsigned char)i;
    memset(img64, 0xA5, sizeof img64);
    memset(img32, 0xA5, sizeof img32);
    uint16_t cw = 0x027F;
    uint32_t mx = 0x9FC5, def = 0x1F80;
    __asm__ volatile(
        "fninit\n fldcw %[cw]\n fld1\n fldpi\n fldz\n"
        "movdqa 0(%[x]), %%xmm0\n movdqa 16(%[x]), %%xmm1\n movdqa 32(%[x]), %%xmm2\n movdqa 48(%[x]), %%xmm3\n"
        "movdqa 64(%[x]), %%xmm4\n movdqa 80(%[x]), %%xmm5\n movdqa 96(%[x]), %%xmm6\n movdqa 112(%[x]), %%xmm7\n"
        "movdqa 128(%[x]), %%xmm8\n movdqa 144(%[x]), %%xmm9\n movdqa 160(%[x]), %%xmm10\n movdqa 176(%[x]), %%xmm11\n"
        "movdqa 192(%[x]), %%xmm12\n movdqa 208(%[x]), %%xmm13\n movdqa 224(%[x]), %%xmm14\n movdqa 240(%[x]), %%xmm15\n"
        "ldmxcsr %[mx]\n fxsave64 %[a]\n fxsave %[b]\n ldmxcsr %[def]\n fninit\n"
        : [a] "=m"(img64), [b] "=m"(img32)
        : [cw] "m"(cw), [mx] "m"(mx), [def] "m"(def), [x] "r"(xmms)
        : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11",
          "xmm12", "xmm13", "xmm14", "xmm15", "st", "st(1)", "st(2)", "memory");
    /* MMX aliasing: FNINIT; FLD1 (TOP = 7, phys 7 = 1.0); MOVQ mm3, xmms[0..7]; FXSAVE64. */
    memset(imgmmx, 0xA5, sizeof imgmmx);
    __asm__ volatile("ldmxcsr %[mx]\n fninit\n fld1\n movq (%[x]), %%mm3\n fxsave64 %[c]\n emms\n ldmxcsr %[def]\n"
                     : [c] "=m"(imgmmx)
                     : [x] "r"(xmms), [mx] "m"(mx), [def] "m"(def)
                     : "mm3", "st", "memory");
    /* Does a memory-source CVTPI2PS / CVTPI2PD enter MMX mode? FNINIT; FLD1; CVTPI2Px xmm0, m64; FXSAVE64. */
    memset(imgps, 0xA5, sizeof imgps);
    memset(imgpd, 0xA5, sizeof imgpd);
    __asm__ volatile("ldmxcsr %[mx]\n fninit\n fld1\n cvtpi2ps (%[x]), %%xmm0\n fxsave64 %[c]\n emms\n"
                     "fninit\n fld1\n cvtpi2pd (%[x]), %%xmm0\n fxsave64 %[d]\n emms\n ldmxcsr %[def]\n"
                     : [c] "=m"(imgps), [d] "=m"(imgpd)
                     : [x] "r"(xmms), [mx] "m"(mx), [def] "m"(def)
                     : "xmm0", "st", "memory");
    dump("fxsave64", img64);
    dump("fxsave", img32);
    dump("mmx", imgmmx);
    dump("cvtpi2ps_m", imgps);
    dump("cvtpi2pd_m", imgpd);
    return 0;
}
