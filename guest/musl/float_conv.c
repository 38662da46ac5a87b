// build: -lm
/* Conversions between double, float, long double and integers (cvtt*, cvt*, fist*), including values out
 * of range for the target type (the "integer indefinite" result), and lrint/llrint/lround. */
#include "../common/gt.h"
#include <math.h>
#include <stdint.h>
#include <string.h>

/* Conversions of out-of-range values are undefined in C, so do them with inline asm for exact x86 results. */
static int32_t cvttsd2si32(double x) { int32_t r; __asm__("cvttsd2si %1, %0" : "=r"(r) : "x"(x)); return r; }
static int64_t cvttsd2si64(double x) { int64_t r; __asm__("cvttsd2si %1, %0" : "=r"(r) : "x"(x)); return r; }
static int64_t cvtsd2si64(double x) { int64_t r; __asm__("cvtsd2si %1, %0" : "=r"(r) : "x"(x)); return r; }
static int32_t cvttss2si32(float x) { int32_t r; __asm__("cvttss2si %1, %0" : "=r"(r) : "x"(x)); return r; }

int main(void) {
    static const double v[] = {0.0, -0.0, 0.5, -0.5, 1.5, 2.5, -2.5, 2147483647.0, 2147483647.5, 2147483648.0,
        -2147483648.0, -2147483649.0, 9.2233720368547758e18, -9.2233720368547758e18, 1.8446744073709552e19,
        1e300, -1e300, INFINITY, -INFINITY, NAN, 4503599627370497.0, 0.49999999999999994, 1e-320};
    for (unsigned i = 0; i < sizeof v / sizeof v[0]; i++) {
        double x = v[i];
        printf("%.17g: tt32=%d tt64=%lld t64=%lld ss=%d f=%a ld=%La", x, cvttsd2si32(x), (long long)cvttsd2si64(x),
            (long long)cvtsd2si64(x), cvttss2si32((float)x), (double)(float)x, (long double)x);
        if (fabs(x) < 9e18) printf(" lrint=%ld llround=%lld round=%g", lrint(x), llround(x), round(x));
        printf("\n");
    }
    gt_seed(31);
    uint64_t h = GT_FNV_INIT;
    for (int i = 0; i < 20000; i++) {
        uint64_t u = gt_next() >> gt_below(64);
        int64_t s = (int64_t)gt_next() >> gt_below(64);
        double du = (double)u, ds = (double)s;
        float fu = (float)u, fs = (float)s;
        long double lu = (long double)u;
        uint64_t back = du < 18446744073709551616.0 ? (uint64_t)du : 0;
        int32_t i32 = (int32_t)s;
        double d32 = (double)i32;
        float f32 = (float)(uint32_t)u;
        h = gt_fnv(h, &du, 8); h = gt_fnv(h, &ds, 8); h = gt_fnv(h, &fu, 4); h = gt_fnv(h, &fs, 4);
        h = gt_fnv(h, &lu, 10); h = gt_fnv(h, &back, 8); h = gt_fnv(h, &d32, 8); h = gt_fnv(h, &f32, 4);
        double dd = ds * 0.001; float nf = (float)dd; double wide = nf;
        h = gt_fnv(h, &wide, 8);
    }
    printf("checksum %016llx\n", (unsigned long long)h);
    return 0;
}
