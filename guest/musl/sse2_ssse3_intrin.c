// build: -O2 -mssse3
/* SSE2 and SSSE3 intrinsics: pshufb, palignr, phadd, pmaddubsw, pmulhrsw, psign, pabs, pmaddwd, psadbw,
 * pack/unpack, shifts, movemask, float/double compare/min/max/sqrt/cvt and shuffles. */
#include "../common/gt.h"
#include <tmmintrin.h>
#include <string.h>

static void p128(const char *name, __m128i v) {
    uint64_t q[2]; memcpy(q, &v, 16);
    printf("%-12s %016llx%016llx\n", name, (unsigned long long)q[1], (unsigned long long)q[0]);
}
static void pps(const char *name, __m128 v) { float f[4]; memcpy(f, &v, 16); printf("%-12s %a %a %a %a\n", name, f[0], f[1], f[2], f[3]); }
static void ppd(const char *name, __m128d v) { double d[2]; memcpy(d, &v, 16); printf("%-12s %a %a\n", name, d[0], d[1]); }

int main(void) {
    gt_seed(81);
    for (int round = 0; round < 24; round++) {
        __m128i a = _mm_set_epi64x((long long)gt_next(), (long long)gt_next());
        __m128i b = _mm_set_epi64x((long long)gt_next(), (long long)gt_next());
        if (round % 4 == 0) b = _mm_set1_epi16((short)(0x8000 >> round % 16));
        printf("round %d\n", round);
        p128("a", a); p128("b", b);
        p128("pshufb", _mm_shuffle_epi8(a, b)); p128("palignr5", _mm_alignr_epi8(a, b, 5));
        p128("phaddw", _mm_hadd_epi16(a, b)); p128("phaddsw", _mm_hadds_epi16(a, b)); p128("phsubd", _mm_hsub_epi32(a, b));
        p128("pmaddubsw", _mm_maddubs_epi16(a, b)); p128("pmulhrsw", _mm_mulhrs_epi16(a, b));
        p128("psignb", _mm_sign_epi8(a, b)); p128("pabsw", _mm_abs_epi16(a));
        p128("pmaddwd", _mm_madd_epi16(a, b)); p128("psadbw", _mm_sad_epu8(a, b));
        p128("packsswb", _mm_packs_epi16(a, b)); p128("packuswb", _mm_packus_epi16(a, b)); p128("packssdw", _mm_packs_epi32(a, b));
        p128("unpcklbw", _mm_unpacklo_epi8(a, b)); p128("unpckhdq", _mm_unpackhi_epi32(a, b)); p128("unpcklqdq", _mm_unpacklo_epi64(a, b));
        p128("paddsb", _mm_adds_epi8(a, b)); p128("psubusw", _mm_subs_epu16(a, b)); p128("pavgb", _mm_avg_epu8(a, b));
        p128("pmulhw", _mm_mulhi_epi16(a, b)); p128("pmulhuw", _mm_mulhi_epu16(a, b)); p128("pmuludq", _mm_mul_epu32(a, b));
        p128("pcmpgtb", _mm_cmpgt_epi8(a, b)); p128("pcmpeqw", _mm_cmpeq_epi16(a, _mm_or_si128(a, b)));
        p128("psraw", _mm_sra_epi16(a, _mm_cvtsi32_si128(round % 18))); p128("psrld", _mm_srli_epi32(a, round % 33));
        p128("psllq", _mm_sll_epi64(a, _mm_cvtsi32_si128(round * 3))); p128("pslldq", _mm_slli_si128(a, 3));
        p128("psrldq", _mm_srli_si128(a, 11)); p128("pshufd", _mm_shuffle_epi32(a, 0x1b));
        p128("pshuflw", _mm_shufflelo_epi16(a, 0x4e)); p128("pshufhw", _mm_shufflehi_epi16(a, 0xb1));
        printf("%-12s %08x %08x\n", "movemask", _mm_movemask_epi8(a), _mm_movemask_pd(_mm_castsi128_pd(b)));
        __m128 fa = _mm_cvtepi32_ps(_mm_srai_epi32(a, 8)), fb = _mm_div_ps(_mm_cvtepi32_ps(b), _mm_set1_ps(1024.0f));
        pps("cvtdq2ps", fa); pps("divps", fb); pps("sqrtps", _mm_sqrt_ps(_mm_max_ps(fa, fb)));
        pps("minps", _mm_min_ps(fa, fb)); pps("rcp-free", _mm_mul_ps(_mm_sub_ps(fa, fb), _mm_add_ps(fa, fb)));
        pps("shufps", _mm_shuffle_ps(fa, fb, 0x93)); pps("unpckhps", _mm_unpackhi_ps(fa, fb));
        p128("cmpltps", _mm_castps_si128(_mm_cmplt_ps(fa, fb))); p128("cmpunordps", _mm_castps_si128(_mm_cmpunord_ps(fa, _mm_sqrt_ps(fb))));
        p128("cvtps2dq", _mm_cvtps_epi32(fb)); p128("cvttps2dq", _mm_cvttps_epi32(fa));
        __m128d da = _mm_cvtepi32_pd(a), db = _mm_cvtps_pd(fb);
        ppd("cvtdq2pd", da); ppd("cvtps2pd", db); ppd("divpd", _mm_div_pd(da, db)); ppd("sqrtpd", _mm_sqrt_pd(da));
        ppd("maxpd", _mm_max_pd(da, db)); ppd("addsubfree", _mm_sub_pd(_mm_mul_pd(da, db), da));
        ppd("shufpd", _mm_shuffle_pd(da, db, 1)); p128("cvtpd2dq", _mm_cvtpd_epi32(db)); pps("cvtpd2ps", _mm_cvtpd_ps(da));
        p128("cmpnlepd", _mm_castpd_si128(_mm_cmpnle_pd(da, db)));
        printf("%-12s %d %d %d\n", "comisd", _mm_comilt_sd(da, db), _mm_ucomieq_sd(da, da), _mm_comige_sd(db, da));
    }
    return 0;
}
