// build: -lm
/* long double (x87 80-bit) expl, logl, log2l, log10l, expm1l, log1pl, exp2l over 320 generated values,
 * printed with %.20Lg and %La. */
#include "../common/gt.h"
#include <math.h>

int main(void) {
    gt_seed(80);
    for (int i = 0; i < 320; i++) {
        long double m = (long double)(gt_next() >> 1) / 9223372036854775808.0L;   /* [0,1) 63 bits */
        long double x = (m - 0.5L) * (i < 160 ? 40.0L : 22000.0L);
        long double y = fabsl(x) + (i % 7 == 0 ? 1e-30L : 0.0L);
        printf("x=%.20Lg\n expl=%.20Lg expm1l=%.20Lg exp2l=%La\n", x, expl(x), expm1l(x / 64), exp2l(x / 4));
        printf(" logl=%.20Lg log2l=%.20Lg log10l=%La log1pl=%.20Lg\n", logl(y), log2l(y), log10l(y), log1pl(y / 1000));
    }
    printf("specials: %Lg %Lg %Lg %Lg %Lg\n", expl(-INFINITY), logl(0.0L), logl(-1.0L), expl(11357.0L), expl(-11400.0L));
    return 0;
}
