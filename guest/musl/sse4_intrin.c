// build: -O2 -msse4.2
/* SSE4.1/SSE4.2 intrinsics: crc32, pcmpistri/pcmpestri/pcmpistrm, blendv, dpps/dppd, roundpd/ps/sd,
 * pminsd/pmaxuw, pmulld, packusdw, pinsr/pextr, phminposuw, mpsadbw, pcmpgtq, ptest, pmovzx/sx. */
#include "../common/gt.h"
#include <nmmintrin.h>
#include <smmintrin.h>
#include <string.h>

static void p128(const char *name, __m128i v) {
    uint64_t q[2]; memcpy(q, &v, 16);
    printf("%-10s %016llx%016llx\n", name, (unsigned long long)q[1], (unsigned long long)q[0]);
}
static void pps(const char *name, __m128 v) { float f[4]; memcpy(f, &v, 16); printf("%-10s %a %a %a %a\n", name, f[0], f[1], f[2], f[3]); }
static void ppd(const char *name, __m128d v) { double d[2]; memcpy(d, &v, 16); printf("%-10s %a %a\n", name, d[0], d[1]); }

static uint32_t crc32c_ref(uint32_t crc, const uint8_t *p, size_t n) {
    crc = ~crc;
    while (n--) { crc ^= *p++; for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0x82F63B78u & -(crc & 1)); }
    return ~crc;
}

int main(void) {
    static uint8_t data[1000];
    gt_seed(80);
    for (unsigned i = 0; i < sizeof data; i++) data[i] = (uint8_t)gt_next();
    uint32_t c8 = 0xffffffff, c64 = 0xffffffff;
    for (unsigned i = 0; i < sizeof data; i++) c8 = _mm_crc32_u8(c8, data[i]);
    for (unsigned i = 0; i < sizeof data; i += 8) { uint64_t q; memcpy(&q, data + i, 8); c64 = (uint32_t)_mm_crc32_u64(c64, q); }
    uint32_t c16 = _mm_crc32_u16(_mm_crc32_u32(0, 0x12345678u), 0xabcd);
    printf("crc32c u8=%08x u64=%08x mixed=%08x ref=%08x\n", ~c8, ~c64, c16, crc32c_ref(0, data, sizeof data));
    GT_CHECK(~c8 == crc32c_ref(0, data, sizeof data), "crc32 u8 vs reference");
    GT_CHECK(c8 == c64, "crc32 u64 vs u8");

    const char *hay[] = {"hello, world!!!!", "abcdefghijklmnop", "no vowels: zzzz", "0123456789ABCDEF", "tab\tsep\tfields."};
    __m128i vowels = _mm_loadu_si128((const __m128i *)"aeiouAEIOU\0\0\0\0\0\0");
    __m128i range = _mm_loadu_si128((const __m128i *)"azAZ\0\0\0\0\0\0\0\0\0\0\0\0");
    __m128i sub = _mm_loadu_si128((const __m128i *)"def\0\0\0\0\0\0\0\0\0\0\0\0\0");
    for (unsigned i = 0; i < sizeof hay / sizeof hay[0]; i++) {
        __m128i h = _mm_loadu_si128((const __m128i *)hay[i]);
        int any = _mm_cmpistri(vowels, h, _SIDD_UBYTE_OPS | _SIDD_CMP_EQUAL_ANY | _SIDD_LEAST_SIGNIFICANT);
        int last = _mm_cmpistri(vowels, h, _SIDD_UBYTE_OPS | _SIDD_CMP_EQUAL_ANY | _SIDD_MOST_SIGNIFICANT);
        int nonalpha = _mm_cmpistri(range, h, _SIDD_UBYTE_OPS | _SIDD_CMP_RANGES | _SIDD_NEGATIVE_POLARITY);
        int ord = _mm_cmpistri(sub, h, _SIDD_UBYTE_OPS | _SIDD_CMP_EQUAL_ORDERED);
        int eq = _mm_cmpistri(h, h, _SIDD_UBYTE_OPS | _SIDD_CMP_EQUAL_EACH | _SIDD_NEGATIVE_POLARITY);
        int est = _mm_cmpestri(vowels, 5, h, 7, _SIDD_UBYTE_OPS | _SIDD_CMP_EQUAL_ANY);
        int cf = _mm_cmpistrc(vowels, h, _SIDD_UBYTE_OPS | _SIDD_CMP_EQUAL_ANY);
        int zf = _mm_cmpistrz(vowels, h, _SIDD_UBYTE_OPS | _SIDD_CMP_EQUAL_ANY);
        printf("\"%.16s\": any=%d last=%d nonalpha=%d ord=%d eq=%d est=%d cf=%d zf=%d\n", hay[i], any, last, nonalpha,
            ord, eq, est, cf, zf);
        p128(" mask", _mm_cmpistrm(vowels, h, _SIDD_UBYTE_OPS | _SIDD_CMP_EQUAL_ANY | _SIDD_UNIT_MASK));
        p128(" bitmask", _mm_cmpistrm(range, h, _SIDD_UBYTE_OPS | _SIDD_CMP_RANGES | _SIDD_BIT_MASK));
        p128(" wordmask", _mm_cmpestrm(h, 6, vowels, 8, _SIDD_UWORD_OPS | _SIDD_CMP_EQUAL_EACH | _SIDD_UNIT_MASK));
    }
    __m128i a = _mm_set_epi32(-5, 100, 0x7fffffff, -0x80000000), b = _mm_set_epi32(7, -100, 3, 2);
    p128("minsd", _mm_min_epi32(a, b)); p128("maxsd", _mm_max_epi32(a, b));
    p128("minud", _mm_min_epu32(a, b)); p128("maxuw", _mm_max_epu16(a, b));
    p128("minsb", _mm_min_epi8(a, b)); p128("mulld", _mm_mullo_epi32(a, b));
    p128("muldq", _mm_mul_epi32(a, b)); p128("packusdw", _mm_packus_epi32(a, b));
    p128("blendv8", _mm_blendv_epi8(a, b, _mm_set_epi8(-1, 0, 0, -128, 1, 0, -1, 0, 127, -1, 0, 0, -2, 0, 0, -1)));
    p128("blend16", _mm_blend_epi16(a, b, 0xA5));
    p128("insert", _mm_insert_epi32(_mm_insert_epi8(a, 0x5a, 13), 0x11223344, 2));
    printf("extract %d %d %lld\n", _mm_extract_epi8(a, 15), _mm_extract_epi32(a, 1), (long long)_mm_extract_epi64(a, 1));
    __m128i w = _mm_set_epi16(900, 7, 65535, 3, 12, 3, 400, 8);
    p128("minpos", _mm_minpos_epu16(w));
    __m128i bytes = _mm_loadu_si128((const __m128i *)data), bytes2 = _mm_loadu_si128((const __m128i *)(data + 16));
    p128("mpsadbw0", _mm_mpsadbw_epu8(bytes, bytes2, 0)); p128("mpsadbw5", _mm_mpsadbw_epu8(bytes, bytes2, 5));
    p128("cmpgtq", _mm_cmpgt_epi64(_mm_set_epi64x(-1, 5), _mm_set_epi64x(-2, 5)));
    p128("cmpeqq", _mm_cmpeq_epi64(_mm_set_epi64x(3, 4), _mm_set_epi64x(3, 5)));
    p128("cvtepu8", _mm_cvtepu8_epi32(bytes)); p128("cvtepi16", _mm_cvtepi16_epi64(bytes));
    p128("cvtepi8_16", _mm_cvtepi8_epi16(bytes));
    printf("testz=%d testc=%d testnzc=%d\n", _mm_testz_si128(a, b), _mm_testc_si128(a, _mm_and_si128(a, b)),
        _mm_test_mix_ones_zeros(a, b));
    __m128 x = _mm_set_ps(1.5f, -2.25f, 3.0f, 0.5f), y = _mm_set_ps(-4.0f, 0.125f, 10.0f, 2.0f);
    pps("dp_ps ff", _mm_dp_ps(x, y, 0xff)); pps("dp_ps 71", _mm_dp_ps(x, y, 0x71)); pps("dp_ps a3", _mm_dp_ps(x, y, 0xa3));
    pps("blendv_ps", _mm_blendv_ps(x, y, _mm_set_ps(-0.0f, 1.0f, -1.0f, 0.0f))); pps("blend_ps", _mm_blend_ps(x, y, 5));
    pps("insert_ps", _mm_insert_ps(x, y, 0x9a));
    __m128d xd = _mm_set_pd(-2.5, 1.75), yd = _mm_set_pd(0.5, 4.0);
    ppd("dp_pd", _mm_dp_pd(xd, yd, 0x31)); ppd("blendv_pd", _mm_blendv_pd(xd, yd, _mm_set_pd(-1.0, 1.0)));
    static const double rv[] = {2.5, -2.5, 1.49999, -0.5, 3.5, -7.75, 1e300, -0.0};
    for (unsigned i = 0; i < sizeof rv / sizeof rv[0]; i += 2) {
        __m128d v = _mm_set_pd(rv[i + 1], rv[i]);
        ppd("round near", _mm_round_pd(v, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC));
        ppd("round down", _mm_round_pd(v, _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC));
        ppd("round up", _mm_round_pd(v, _MM_FROUND_TO_POS_INF | _MM_FROUND_NO_EXC));
        ppd("round zero", _mm_round_pd(v, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC));
        ppd("floor_sd", _mm_floor_sd(xd, v)); pps("ceil_ps", _mm_ceil_ps(_mm_cvtpd_ps(v)));
        pps("round_ps", _mm_round_ps(_mm_set_ps((float)rv[i], (float)rv[i + 1], 0.5f, -1.5f), _MM_FROUND_CUR_DIRECTION));
    }
    return gt_done("sse4_intrin");
}
