// build: -lm
/* double libm (SSE2 code paths in musl): exp log pow sin cos tan atan2 sqrt cbrt erf lgamma over 400 values. */
#include "../common/gt.h"
#include <math.h>

int main(void) {
    gt_seed(90);
    for (int i = 0; i < 400; i++) {
        double m = (double)(gt_next() >> 11) / 9007199254740992.0 - 0.5;
        double x = m * (i < 300 ? 20.0 : 1e5);
        double y = fabs(x) + 1e-3;
        printf("%.17g: exp=%.17g log=%.17g pow=%.17g sin=%.17g cos=%.17g\n", x, exp(x), log(y), pow(y, m * 7),
            sin(x), cos(x));
        printf("  tan=%.17g atan2=%.17g sqrt=%.17g cbrt=%.17g erf=%.17g lgamma=%.17g tanh=%a\n", tan(x),
            atan2(m, x), sqrt(y), cbrt(x), erf(m * 4), lgamma(y), tanh(x / 8));
    }
    return 0;
}
