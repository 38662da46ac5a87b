/* printf of 80-bit long doubles with %Lf %Le %Lg %La at many precisions: generated values over the whole
 * exponent range, the 80-bit limits, denormals and halfway cases. musl formats these with x87 arithmetic. */
#include "../common/gt.h"
#include <float.h>
#include <math.h>

int main(void) {
    static const long double fixed[] = {0.0L, -0.0L, 1.0L, 0.1L, 1.0L / 3, 2.5L, 0.125L, 1e4000L, 1e-4000L, LDBL_MAX,
        LDBL_MIN, LDBL_MIN / 3, LDBL_TRUE_MIN, LDBL_EPSILON, 18446744073709551615.0L, 9.5L, 0.05L, 1e19L, 123456789012345678.5L};
    for (unsigned i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
        long double x = fixed[i];
        printf("%La | %.3Le | %.25Lg | %Lg | %.0Le | %.10La\n", x, x, x, x, x, x);
        if (fabsl(x) < 1e30L) printf("  %Lf | %.0Lf | %.30Lf\n", x, x, x);
    }
    printf("%Lf %Lf %Le %Lg\n", (long double)INFINITY, -(long double)INFINITY, (long double)NAN, -(long double)NAN);
    gt_seed(84);
    for (int i = 0; i < 250; i++) {
        long double m = (long double)(gt_next() | 1ull << 63) / 18446744073709551616.0L;
        long double x = ldexpl(m, (int)gt_below(600) - 300);
        if (i & 1) x = -x;
        printf("%.18Le %.21Lg %La", x, x, x);
        if (fabsl(x) < 1e25L) printf(" %.8Lf", x);
        printf("\n");
    }
    return 0;
}
