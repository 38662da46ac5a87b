/*
 * Compiler-generated SSE code run end to end (decoder + interpreter + SSE unit) and natively.
 * kmain() fills results[]: string scans with SSE2 intrinsics (as libc's strlen/memchr do), -O3
 * vectorized integer and float loops, scalar double/float arithmetic and conversions under each
 * MXCSR rounding mode, min/max, sqrt, comparisons, and SSSE3/SSE4.1/SSE4.2 intrinsics.
 *
 * Native oracle (prints results[] as hex, one per line):
 *   gcc -O3 -msse4.2 -fno-math-errno -DNATIVE -o /tmp/kernels src/test/c/sse/kernels.c && /tmp/kernels > src/test/resources/sse/kernels.txt
 * Flat image for Flatland (loaded at 0x500000; _start calls kmain, then executes SYSCALL with RDI =
 * &results and RSI = the number of results):
 *   gcc -O3 -msse4.2 -fno-math-errno -ffreestanding -fno-pic -fno-pie -nostdlib -static -fno-asynchronous-unwind-tables \
 *       -Wl,-Ttext=0x500000 -Wl,--build-id=none -Wl,-e,_start -o /tmp/kernels.elf src/test/c/sse/kernels.c
 *   objcopy -O binary /tmp/kernels.elf src/test/resources/sse/kernels.bin
 */
#include <nmmintrin.h>
#include <stdint.h>

#define N 64
uint64_t results[N];
static int nres;
static void put(uint64_t v) { if (nres < N) results[nres++] = v; }
static uint64_t dbits(double d) { union { double d; uint64_t u; } x = {d}; return x.u; }
static uint32_t fbits(float f) { union { float f; uint32_t u; } x = {f}; return x.u; }

static char text[256] __attribute__((aligned(16)));
static float fa[67], fb[67], fc[67];
static int ia[67], ib[67];
static double da[33];

__attribute__((noinline)) static long sse_strlen(const char *s) {
    const __m128i z = _mm_setzero_si128();
    const char *p = (const char *)((uintptr_t)s & ~(uintptr_t)15);
    unsigned mask = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_load_si128((const __m128i *)p), z));
    mask >>= (uintptr_t)s & 15;
    if (mask) return __builtin_ctz(mask);
    for (p += 16;; p += 16) {
        mask = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_load_si128((const __m128i *)p), z));
        if (mask) return p + __builtin_ctz(mask) - s;
    }
}

__attribute__((noinline)) static long sse42_find(const char *s, const char *set) {
    __m128i m = _mm_loadu_si128((const __m128i *)set);
    for (long i = 0;; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(s + i));
        int idx = _mm_cmpistri(m, v, _SIDD_UBYTE_OPS | _SIDD_CMP_EQUAL_ANY);
        if (idx < 16) return i + idx;
        if (_mm_cmpistrz(m, v, _SIDD_UBYTE_OPS | _SIDD_CMP_EQUAL_ANY)) return -1;
    }
}

__attribute__((noinline)) static void vec_loops(void) {
    for (int i = 0; i < 67; i++) {
        fa[i] = fb[i] * fc[i] + fa[i];
        ia[i] = ia[i] * ib[i] + (ia[i] >> 3) - (ib[i] < ia[i] ? ib[i] : ia[i]);
    }
}

__attribute__((noinline)) static double scalar_mix(double x, double y, float f) {
    double r = 0;
    for (int i = 0; i < 33; i++) {
        r += da[i] / (x + i) - __builtin_sqrt(__builtin_fabs(da[i] * y + 1.0));
        r = r > x ? r * 0.5 : r;
        r += (double)(f * (float)i) - (double)(long)(r * 3.7);
    }
    return r;
}

void kmain(void) {
    for (int i = 0; i < 255; i++) text[i] = (char)('a' + (i * 7) % 26);
    text[200] = 0;
    text[77] = 'Q';
    put(sse_strlen(text));
    put(sse_strlen(text + 5));
    put(sse42_find(text, "Qxyz\0\0\0\0\0\0\0\0\0\0\0\0"));
    for (int i = 0; i < 67; i++) {
        fa[i] = (float)i * 0.37f - 3.0f;
        fb[i] = 1.0f / (float)(i + 1);
        fc[i] = (float)(i * i) * 1e-3f + 1e30f * (i == 13);
        ia[i] = i * 2654435761u;
        ib[i] = (i ^ 0x5a5a) * -7;
    }
    vec_loops();
    uint64_t h = 0;
    for (int i = 0; i < 67; i++) h = h * 31 + fbits(fa[i]) + (uint32_t)ia[i];
    put(h);
    for (int i = 0; i < 33; i++) da[i] = (double)(i * 3 + 1) / 7.0 - 2.0 + 1e-310 * (i == 5);
    for (unsigned rc = 0; rc < 4; rc++) {
        _mm_setcsr(0x1F80 | rc << 13);
        put(dbits(scalar_mix(1.25, 3.5, 0.1f)));
        put(_mm_getcsr());
        __m128d a = _mm_set_pd(1e300, -2.5);
        __m128d b = _mm_set_pd(1e10, 3.0);
        __m128d q = _mm_div_pd(_mm_mul_pd(a, b), _mm_set1_pd(7.0));
        put(dbits(_mm_cvtsd_f64(q)));
        put(dbits(_mm_cvtsd_f64(_mm_unpackhi_pd(q, q))));
        put((uint64_t)_mm_cvtsd_si64(_mm_set_sd(-2.5)) ^ (uint64_t)_mm_cvtss_si32(_mm_set_ss(3.5f)) << 32);
        put(fbits(_mm_cvtss_f32(_mm_cvtsd_ss(_mm_setzero_ps(), _mm_set_sd(1.0 / 3.0)))));
        put(_mm_getcsr());
    }
    _mm_setcsr(0x1F80);
    __m128i x = _mm_set_epi32(0x7fffffff, -5, 1000, 0x80000000);
    __m128i y = _mm_set_epi32(3, 7, -1000, 1);
    __m128i r = _mm_add_epi32(_mm_mullo_epi32(x, y), _mm_shuffle_epi8(x, _mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)));
    r = _mm_blend_epi16(r, _mm_min_epi32(x, y), 0x3C);
    r = _mm_packs_epi32(r, _mm_abs_epi32(y));
    put((uint64_t)_mm_cvtsi128_si64(r));
    put((uint64_t)_mm_extract_epi64(r, 1));
    __m128 fv = _mm_set_ps(2.5f, -0.5f, 1e-40f, 3.0f);
    put(fbits(_mm_cvtss_f32(_mm_dp_ps(fv, fv, 0xF1))));
    put((uint64_t)_mm_movemask_ps(_mm_cmplt_ps(fv, _mm_round_ps(fv, _MM_FROUND_TO_NEAREST_INT))));
    put((uint64_t)_mm_crc32_u64(0, 0) * 0 + (uint64_t)_mm_cmpestri(x, 4, y, 16, _SIDD_SWORD_OPS | _SIDD_CMP_RANGES));
    put((uint64_t)_mm_getcsr());
}

#ifdef NATIVE
#include <stdio.h>
int main(void) {
    kmain();
    for (int i = 0; i < nres; i++) printf("%016llx\n", (unsigned long long)results[i]);
    return 0;
}
#else
__asm__(".globl _start\n_start:\n call kmain\n lea results(%rip), %rdi\n mov nres(%rip), %esi\n syscall\n hlt\n");
#endif
