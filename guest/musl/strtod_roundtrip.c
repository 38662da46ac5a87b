/* strtod round trips: %.17g and %a output parsed back must give the identical double; plus a set of
 * hard decimal inputs (halfway cases, long mantissas, underflow, overflow with ERANGE). */
#include "../common/gt.h"
#include <math.h>
#include <string.h>
#include <errno.h>

int main(void) {
    char buf[64];
    gt_seed(21);
    uint64_t h = GT_FNV_INIT;
    for (int i = 0; i < 600; i++) {
        uint64_t bits = gt_next();
        if (i % 6 == 0) bits &= 0x800fffffffffffffull;
        double x; memcpy(&x, &bits, 8);
        if (!isfinite(x)) continue;
        snprintf(buf, sizeof buf, "%.17g", x);
        double y = strtod(buf, NULL);
        GT_CHECK(memcmp(&x, &y, 8) == 0, "%%.17g round trip %s", buf);
        snprintf(buf, sizeof buf, "%a", x);
        y = strtod(buf, NULL);
        GT_CHECK(memcmp(&x, &y, 8) == 0, "%%a round trip %s", buf);
        snprintf(buf, sizeof buf, "%.15g", x);
        y = strtod(buf, NULL);
        h = gt_fnv(h, &y, 8);
        float f = strtof(buf, NULL);
        h = gt_fnv(h, &f, 4);
    }
    printf("checksum %016llx\n", (unsigned long long)h);
    static const char *hard[] = {"0.1", "2.2250738585072011e-308", "2.2250738585072012e-308", "4.9406564584124654e-324",
        "2.4703282292062327e-324", "2.4703282292062328e-324", "1.7976931348623157e308", "1.7976931348623158e308",
        "1.7976931348623159e308", "1e309", "-1e-400", "9007199254740993", "9007199254740992.5000000000000000001",
        "0x1.fffffffffffff8p0", "0x1p-1075", "0X1.8P+3", "  +123.456e-2xyz", "inf", "-Infinity", "nan", "NAN(123)",
        "0.000000000000000000000000000000000000000000001e45", "123456789012345678901234567890", ".5", "5.", "e5", "",
        "1e-2147483648", "1e+2147483647", "0x", "-0", "3.4028235677973366e38", "1.00000000000000011102230246251565404236316680908203125",
        "1.00000000000000011102230246251565404236316680908203124", "1.00000000000000011102230246251565404236316680908203126"};
    for (unsigned i = 0; i < sizeof hard / sizeof hard[0]; i++) {
        char *end;
        errno = 0;
        double d = strtod(hard[i], &end);
        int e1 = errno;
        errno = 0;
        float f = strtof(hard[i], NULL);
        printf("\"%s\" -> %a (%.17g) end=%d erange=%d f=%a erange=%d\n", hard[i], d, d, (int)(end - hard[i]),
            e1 == ERANGE, (double)f, errno == ERANGE);
    }
    printf("atof %.17g\n", atof("3.14159265358979323846"));
    return gt_done("strtod_roundtrip");
}
