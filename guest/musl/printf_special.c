/* printf of special and boundary doubles: inf, nan, -0, denormals, round-half-even boundaries,
 * DBL_MAX/MIN, the float range, and field widths with padding flags. */
#include "../common/gt.h"
#include <math.h>
#include <float.h>

int main(void) {
    static const double sp[] = {INFINITY, -INFINITY, NAN, -0.0, 0.0, DBL_MAX, -DBL_MAX, DBL_MIN, DBL_TRUE_MIN,
        FLT_MAX, FLT_MIN, FLT_TRUE_MIN, DBL_EPSILON, FLT_EPSILON, 1e308, 1e-308, 2.2250738585072009e-308};
    for (unsigned i = 0; i < sizeof sp / sizeof sp[0]; i++) {
        double x = sp[i];
        printf("[%e] [%f] [%g] [%a] [%10.3e] [%-10g|] [%+g] [%010g] [%.30g] [%.0e]\n", x, x, x, x, x, x, x, x, x, x);
    }
    printf("[%5f] [%-6F] [%+E] [%08.3f] [%G]\n", INFINITY, -INFINITY, NAN, -INFINITY, NAN);
    /* rounding boundaries: halves are exact in binary, so round-half-even decides */
    static const double halves[] = {0.5, 1.5, 2.5, 3.5, -0.5, -2.5, 0.125, 0.375, 2.675, 1.005, 1.0005, 0.045,
        9.5, 99.5, 999.5, 0.25, 0.75, 1e15 + 0.5, 4503599627370495.5, 5e-324, 0.1 + 0.2};
    for (unsigned i = 0; i < sizeof halves / sizeof halves[0]; i++) {
        double x = halves[i];
        printf("%.0f %.1f %.2f %.3f %.0e %.1e %.2g %.20f\n", x, x, x, x, x, x, x, x);
    }
    /* 9s carry into a new digit */
    for (int p = 0; p < 8; p++) {
        double x = 9.9999999 * pow(10, p - 4);
        printf("%.*f %.*e %.*g\n", p, x, p, x, p + 1, x);
    }
    /* all denormal exponents */
    for (int k = 1022; k <= 1074; k++) {
        double x = ldexp(1.0, -k);
        printf("2^-%d %.17g %.6e %a\n", k, x, x, x);
    }
    /* integer formatting with flags, for completeness */
    printf("[%5d] [%-5d] [%05d] [%+d] [% d] [%x] [%#X] [%#o] [%lld] [%llu] [%hhd] [%hu] [%.3d] [%*d]\n",
        42, 42, 42, 42, 42, 255, 255, 8, -9223372036854775807ll - 1, 18446744073709551615ull, 300, 70000, 7, 6, -3);
    return 0;
}
