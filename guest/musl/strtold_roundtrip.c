/* strtold round trips over 150 80-bit values (%.21Lg and %La), plus hard inputs near the 80-bit limits. */
#include "../common/gt.h"
#include <math.h>
#include <string.h>
#include <errno.h>

static int same(long double a, long double b) { return memcmp(&a, &b, 10) == 0; }

int main(void) {
    char buf[96];
    gt_seed(22);
    for (int i = 0; i < 150; i++) {
        long double m = (long double)(gt_next() | 1ull << 63) / 18446744073709551616.0L;   /* [0.5,1) 64 bits */
        long double x = ldexpl(m, (int)gt_below(4000) - 2000);
        if (i & 1) x = -x;
        snprintf(buf, sizeof buf, "%.21Lg", x);
        long double y = strtold(buf, NULL);
        GT_CHECK(same(x, y), "%%.21Lg round trip %s", buf);
        if (i < 150) printf("%s\n", buf);
        snprintf(buf, sizeof buf, "%La", x);
        y = strtold(buf, NULL);
        GT_CHECK(same(x, y), "%%La round trip %s", buf);
        if (i < 150) printf("%s\n", buf);
    }
    /* Inputs near the 80-bit limits cost millions of instructions each in musl (big-number decimal
     * conversion), so only a few are here. */
    static const char *hard[] = {"1.18973149535723176502e+4932", "3.36210314311209350626e-4932",
        "1.82259976594123730126e-4951", "1.82259976594123730127e-4951",
        "0.1", "0x1.fffffffffffffffep16383", "0x1p-16446", "18446744073709551615.5",
        "3.141592653589793238462643383279502884197", "-nan", "inf"};
    for (unsigned i = 0; i < sizeof hard / sizeof hard[0]; i++) {
        errno = 0;
        long double x = strtold(hard[i], NULL);
        printf("\"%s\" -> %La %.21Lg erange=%d\n", hard[i], x, x, errno == ERANGE);
    }
    return gt_done("strtold_roundtrip");
}
