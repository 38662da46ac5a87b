// build: -lm
/* long double sinl, cosl, tanl, atanl, atan2l, asinl, sinhl, tanhl over 320 generated values,
 * including large arguments that need exact argument reduction. */
#include "../common/gt.h"
#include <math.h>

int main(void) {
    gt_seed(82);
    for (int i = 0; i < 320; i++) {
        long double m = (long double)(gt_next() >> 1) / 9223372036854775808.0L - 0.5L;
        long double x = m * (i < 200 ? 8.0L : (i < 280 ? 1e6L : 1e18L));
        long double y = ((long double)(gt_next() >> 1) / 9223372036854775808.0L - 0.5L) * 4.0L;
        printf("x=%.20Lg\n sinl=%.20Lg cosl=%.20Lg tanl=%La\n", x, sinl(x), cosl(x), tanl(x));
        printf(" atan2l=%.20Lg atanl=%.20Lg asinl=%.20Lg sinhl=%La tanhl=%.20Lg\n", atan2l(y, m), atanl(x),
            asinl(m * 2), sinhl(y * 3), tanhl(m * 10));
    }
    return 0;
}
