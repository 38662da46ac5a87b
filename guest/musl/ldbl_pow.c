// build: -lm
/* long double powl, sqrtl, cbrtl, fmodl, hypotl, remainderl over 320 generated value pairs. */
#include "../common/gt.h"
#include <math.h>

int main(void) {
    gt_seed(81);
    for (int i = 0; i < 320; i++) {
        long double a = (long double)(gt_next() >> 1) / 9223372036854775808.0L * 100.0L;
        long double b = ((long double)(gt_next() >> 1) / 9223372036854775808.0L - 0.5L) * 30.0L;
        if (i % 9 == 0) b = (long double)(int)(gt_below(40)) - 20;
        long double s = sqrtl(a);
        printf("a=%.20Lg b=%.20Lg\n powl=%.20Lg sqrtl=%.20Lg cbrtl=%La\n", a, b, powl(a, b), s, cbrtl(b));
        printf(" fmodl=%.20Lg remainderl=%.20Lg hypotl=%.20Lg sq=%La\n", fmodl(a * 1e6L, b), remainderl(a, b),
            hypotl(a, b), s * s - a);
    }
    printf("powl(-8,1/3)=%Lg powl(-2,3)=%Lg powl(0,-1)=%Lg sqrtl(-1)=%Lg powl(1,nan)=%Lg\n",
        powl(-8, 1.0L / 3), powl(-2, 3), powl(0, -1), sqrtl(-1), powl(1, NAN));
    return 0;
}
