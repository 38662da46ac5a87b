/* strtol/strtoul/strtoll with bases 0, 2..36, end pointers, ERANGE at the limits, atoi/atol, and the
 * <ctype.h> classification and case mapping of every byte 0..255 in the C locale. */
#include "../common/gt.h"
#include <ctype.h>
#include <errno.h>
#include <string.h>

int main(void) {
    static const char *in[] = {"0", "-0", "42", "-42", "  +17xyz", "0x1F", "0X", "017", "08", "0b101", "z", "ZZ",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
        "18446744073709551615", "18446744073709551616", "-1", "  \t\n 123", "", "-", "1e5", "7fffffff"};
    static const int bases[] = {0, 10, 16, 8, 2, 36};
    for (unsigned i = 0; i < sizeof in / sizeof in[0]; i++) {
        printf("\"%s\":", in[i]);
        for (unsigned k = 0; k < sizeof bases / sizeof bases[0]; k++) {
            char *end; errno = 0;
            long v = strtol(in[i], &end, bases[k]);
            int e1 = errno; errno = 0;
            unsigned long long uv = strtoull(in[i], NULL, bases[k]);
            printf(" b%d=%ld/%d/%d,%llu/%d", bases[k], v, (int)(end - in[i]), e1 == ERANGE, uv, errno == ERANGE);
        }
        printf(" atoi=%d\n", atoi(in[i]));
    }
    errno = 0;
    long b1 = strtol("11", NULL, 1);
    printf("base 1 rejected: %ld errno EINVAL=%d\n", b1, errno == EINVAL);
    printf("strtoul(\"-5\") = %lu\n", strtoul("-5", NULL, 10));
    uint64_t h = GT_FNV_INIT;
    for (int c = -1; c < 256; c++) {
        unsigned char r[14] = {!!isalpha(c), !!isdigit(c), !!isalnum(c), !!isspace(c), !!isupper(c), !!islower(c),
            !!ispunct(c), !!isprint(c), !!isgraph(c), !!iscntrl(c), !!isxdigit(c), !!isblank(c),
            (unsigned char)toupper(c), (unsigned char)tolower(c)};
        h = gt_fnv(h, r, sizeof r);
    }
    printf("ctype table checksum %016llx\n", (unsigned long long)h);
    for (int c = 32; c < 127; c++) putchar(isalnum(c) ? toupper(c) : ispunct(c) ? '.' : '_');
    putchar('\n');
    return 0;
}
