/* printf %e %f %g with many precisions over pseudo-random doubles of every magnitude. */
#include "../common/gt.h"
#include <math.h>
#include <string.h>

int main(void) {
    gt_seed(5);
    for (int i = 0; i < 700; i++) {
        double m = (double)(gt_next() >> 11) / 9007199254740992.0;   /* [0,1) exact */
        int e = (int)gt_below(80) - 40;
        double x = ldexp(m, (int)(e * 3.3219));
        if (i & 1) x = -x;
        printf("%e %.0e %.3e %.15e|%g %.1g %.10g %.17g|%#g %G %.12E\n", x, x, x, x, x, x, x, x, x, x, x);
        if (fabs(x) < 1e22)
            printf("  %f %.0f %.2f %.10f %12.4f %-12.1f| %+.3f % .3f %#.0f\n", x, x, x, x, x, x, x, x, x);
    }
    /* huge %f output: every digit of powers of two */
    for (int k = 0; k < 1030; k += 97)
        printf("2^%d = %.0f\n2^-%d = %.*f\n", k, ldexp(1, k), k % 80, k % 80 + 1, ldexp(1, -(k % 80)));
    return 0;
}
