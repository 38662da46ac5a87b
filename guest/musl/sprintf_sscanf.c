// build: -Wno-format-truncation
/* snprintf of every integer conversion and flag, truncation return values, and sscanf of many formats:
 * %d %i %x %o %u %lld %hhd %s %[..] %c %n %f %lf %Lf %e, widths, literal matching and EOF. */
#include "../common/gt.h"
#include <string.h>
#include <limits.h>

int main(void) {
    char buf[256];
    static const long long v[] = {0, 1, -1, 42, -42, 255, 4096, INT_MAX, INT_MIN, LLONG_MAX, LLONG_MIN, 0x7fff};
    for (unsigned i = 0; i < sizeof v / sizeof v[0]; i++) {
        long long x = v[i];
        snprintf(buf, sizeof buf, "%d|%5d|%-5d|%05d|%+d|% d|%.3d|%u|%x|%X|%#x|%o|%#o|%lld|%llx|%hd|%hhu|%ld|%zu|%c",
            (int)x, (int)x, (int)x, (int)x, (int)x, (int)x, (int)x, (unsigned)x, (unsigned)x, (unsigned)x, (unsigned)x,
            (unsigned)x, (unsigned)x, x, (unsigned long long)x, (short)x, (unsigned char)x, (long)x, (size_t)i,
            (int)('A' + i));
        printf("%s\n", buf);
    }
    int n = snprintf(buf, 8, "%s-%d", "truncated string", 12345);
    printf("snprintf ret=%d buf=[%s] null-size ret=%d\n", n, buf, snprintf(NULL, 0, "%0*d", 40, 7));
    printf("[%10s][%-10s][%.3s][%*.*s][%%][%p]\n", "right", "left", "precision", 8, 2, "star", (void *)0);
    int a, b, cnt; unsigned u; long long ll; char s1[32], s2[32], ch; double d; float f; long double ld; signed char hh;
    int r = sscanf("  -17 0x1F 0755 077 18446744073709551615", "%d %i %i %o %llu", &a, &b, &cnt, &u, (unsigned long long *)&ll);
    printf("r=%d a=%d b=%d c=%d u=%u ll=%llu\n", r, a, b, cnt, u, (unsigned long long)ll);
    r = sscanf("key=value;rest", "%31[^=]=%31[^;];%n", s1, s2, &cnt);
    printf("r=%d [%s] [%s] n=%d\n", r, s1, s2, cnt);
    r = sscanf("3.25e2 -0.0625 1.5L 2e-3 x", "%lf %f %Lf%*c %le %c", &d, &f, &ld, &d, &ch);
    printf("r=%d d=%g f=%g ld=%Lg ch=%c\n", r, d, (double)f, ld, ch);
    r = sscanf("12345678", "%3d%2d%hhd", &a, &b, &hh);
    printf("r=%d %d %d %d\n", r, a, b, hh);
    r = sscanf("abc", "%d", &a);
    printf("mismatch r=%d\n", r);
    r = sscanf("", "%d", &a);
    printf("empty r=%d\n", r);
    r = sscanf("date: 2024-02-29 23:59", "date: %d-%d-%d %d:%d", &a, &b, &cnt, (int *)&u, (int *)&hh);
    printf("date r=%d %d %d %d\n", r, a, b, cnt);
    r = sscanf("  word1\tword2\nword3", "%s %s %s", s1, s2, buf);
    printf("words r=%d [%s][%s][%s]\n", r, s1, s2, buf);
    r = sscanf("inf nan 0x1.8p1", "%lf %lf %lf", &d, (double *)&ll, (double *)s1);
    printf("special r=%d %g\n", r, d);
    /* round trip of many integers through sprintf/sscanf */
    gt_seed(90);
    int ok = 1;
    for (int i = 0; i < 2000; i++) {
        long long x = (long long)gt_next() >> gt_below(64);
        long long y;
        snprintf(buf, sizeof buf, "%lld", x); sscanf(buf, "%lld", &y); ok &= x == y;
        snprintf(buf, sizeof buf, "%#llx", (unsigned long long)x); sscanf(buf, "%lli", &y); ok &= x == y || x < 0;
    }
    printf("int round trips ok=%d\n", ok);
    return 0;
}
