/* printf %a / %A on doubles and floats: exact hexadecimal formatting, precisions, denormals. */
#include "../common/gt.h"
#include <math.h>
#include <float.h>
#include <string.h>

int main(void) {
    static const double fixed[] = {0.0, -0.0, 1.0, -1.0, 0.5, 0.1, 1.0 / 3, 2.0 / 3, 1e-300, 1e300, DBL_MAX,
        DBL_MIN, DBL_MIN / 2, DBL_TRUE_MIN, 4.9e-324, 3.14159265358979, 1e16, 123456789.125, 0x1.fffffffffffffp-1,
        0x1.8p+1, 0x1.0000000000001p0};
    for (unsigned i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
        double x = fixed[i];
        printf("%a %A %.0a %.1a %.3a %.13a %20.5a %-20.2a| %+a\n", x, x, x, x, x, x, x, x, x);
    }
    printf("%a %a %a %A\n", INFINITY, -INFINITY, NAN, -NAN);
    gt_seed(11);
    for (int i = 0; i < 600; i++) {
        uint64_t bits = gt_next();
        if (i % 4 == 0) bits &= 0x800fffffffffffffull;           /* denormals */
        double x; memcpy(&x, &bits, 8);
        if (isnan(x)) continue;
        printf("%a %.2a %.6a\n", x, x, x);
        float f = (float)x;
        if (i % 3 == 0) printf("  f %a %.1a\n", (double)f, (double)f);
    }
    return 0;
}
