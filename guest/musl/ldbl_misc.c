// build: -lm
/* long double rounding and decomposition: floorl ceill roundl truncl rintl lrintl frexpl ldexpl modfl
 * scalbnl ilogbl, and 80-bit arithmetic (+ - * / compare, int64/uint64 conversions) over 300 values. */
#include "../common/gt.h"
#include <math.h>
#include <stdint.h>

int main(void) {
    gt_seed(83);
    for (int i = 0; i < 300; i++) {
        long double x = ((long double)(gt_next() >> 1) / 9223372036854775808.0L - 0.5L) * ldexpl(1, (int)gt_below(70));
        if (i % 10 == 0) x = (long double)((int)gt_below(21) - 10) / 2;   /* exact halves */
        int e; long double ip;
        long double fr = frexpl(x, &e);
        long double mf = modfl(x, &ip);
        printf("x=%La %.20Lg\n floor=%.20Lg ceil=%.20Lg round=%.20Lg trunc=%.20Lg rint=%.20Lg\n", x, x,
            floorl(x), ceill(x), roundl(x), truncl(x), rintl(x));
        printf(" frexp=%La,%d modf=%La,%La ldexp=%La scalbn=%La ilogb=%d\n", fr, e, mf, ip, ldexpl(x, -20),
            scalbnl(x, 100), x != 0 ? ilogbl(x) : 0);
        long double y = (long double)(int64_t)gt_next() / 3.0L;
        printf(" add=%La sub=%La mul=%La div=%La lt=%d\n", x + y, x - y, x * y, y != 0 ? x / y : 0, x < y);
        if (fabsl(x) < 9e18L) printf(" i64=%lld lrint=%ld\n", (long long)x, lrintl(x));
        if (x >= 0 && x < 1.8e19L) printf(" u64=%llu\n", (unsigned long long)x);
        uint64_t u = gt_next();
        long double lu = (long double)u;
        printf(" from u64 %llu -> %.20Lg back %llu\n", (unsigned long long)u, lu, (unsigned long long)lu);
    }
    return 0;
}
