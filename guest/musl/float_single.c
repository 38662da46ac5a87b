/* Single-precision arithmetic and formatting: float ops (SSE ss), conversions, sqrtf, denormal floats. */
#include "../common/gt.h"
#include <math.h>
#include <float.h>
#include <string.h>

int main(void) {
    gt_seed(17);
    volatile float acc = 0.0f;
    for (int i = 0; i < 500; i++) {
        uint32_t bits = (uint32_t)gt_next();
        if (i % 5 == 0) bits &= 0x807fffffu;
        float f; memcpy(&f, &bits, 4);
        if (isnan(f)) continue;
        float g = (float)(int)gt_below(2000) / 16.0f - 60.0f;
        float s = f + g, d = f - g, p = f * g, q = g != 0 ? f / g : 0;
        float r = sqrtf(fabsf(f));
        acc += (isfinite(p) ? p : 0) * 1e-30f;
        printf("%.9g %.9g: %.9g %.9g %.9g %.9g %.9g %a\n", f, g, s, d, p, q, r, (double)r);
        if (fabsf(f) < 2e9f) printf("  cvt %d %ld %.3f\n", (int)g, lrintf(f), (double)f);
    }
    printf("acc %.9g\n", (double)acc);
    printf("fmaf %.9g %.9g\n", fmaf(1.0f + FLT_EPSILON, 1.0f - FLT_EPSILON, -1.0f), fmaf(3.0f, 1.0f / 3.0f, -1.0f));
    printf("%.9g %.9g %.9g\n", nextafterf(1.0f, 2.0f), nextafterf(0.0f, 1.0f), FLT_TRUE_MIN * 0.5f);
    return 0;
}
