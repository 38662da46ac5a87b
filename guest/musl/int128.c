/* __int128 multiply, divide and modulo, printed in decimal by a hand-written conversion. */
#include "../common/gt.h"
#include <string.h>

typedef unsigned __int128 u128;
typedef __int128 s128;

static const char *u128str(u128 v, char *buf) {
    char tmp[48]; int n = 0;
    do { tmp[n++] = (char)('0' + (int)(v % 10)); v /= 10; } while (v);
    for (int i = 0; i < n; i++) buf[i] = tmp[n - 1 - i];
    buf[n] = 0;
    return buf;
}
static const char *s128str(s128 v, char *buf) {
    if (v < 0) { buf[0] = '-'; u128str(-(u128)v, buf + 1); return buf; }
    return u128str((u128)v, buf);
}

int main(void) {
    char b1[64], b2[64], b3[64], b4[64];
    u128 f = 1;
    for (int i = 1; i <= 34; i++) {
        f *= (u128)i;
        printf("%d! = %s\n", i, u128str(f, b1));
    }
    u128 max = ~(u128)0;
    printf("u128 max = %s\n", u128str(max, b1));
    printf("s128 min = %s\n", s128str((s128)(max >> 1) * -1 - 1, b1));
    gt_seed(128);
    uint64_t h = GT_FNV_INIT;
    for (int i = 0; i < 3000; i++) {
        u128 a = ((u128)gt_next() << 64) | gt_next();
        u128 b = (u128)gt_next() >> (gt_below(64));
        if (i % 3 == 0) b = ((u128)gt_next() << gt_below(60)) | 1;
        if (b == 0) b = 7;
        u128 q = a / b, r = a % b;
        GT_CHECK(q * b + r == a && r < b, "udiv %d", i);
        s128 sa = (s128)a, sb = (s128)b * ((i & 1) ? -1 : 1);
        if (sb == 0) sb = 3;
        s128 sq = sa / sb, sr = sa % sb;
        GT_CHECK(sq * sb + sr == sa, "sdiv %d", i);
        GT_CHECK(sr == 0 || ((sr < 0) == (sa < 0)), "srem sign %d", i);
        h = gt_fnv(h, &q, sizeof q); h = gt_fnv(h, &r, sizeof r);
        h = gt_fnv(h, &sq, sizeof sq); h = gt_fnv(h, &sr, sizeof sr);
        if (i < 12)
            printf("%s / %s = %s rem %s\n", u128str(a, b1), u128str(b, b2), u128str(q, b3), u128str(r, b4));
        if (i < 12)
            printf("%s / %s = %s rem %s\n", s128str(sa, b1), s128str(sb, b2), s128str(sq, b3), s128str(sr, b4));
    }
    printf("checksum %016llx\n", (unsigned long long)h);
    /* 64x64->128 products and shifts */
    for (int s = 0; s < 128; s += 9) {
        u128 v = ((u128)0x0123456789abcdefull << 64) | 0xfedcba9876543210ull;
        printf("shift %3d: %s %s\n", s, u128str(v << s, b1), u128str(v >> s, b2));
    }
    return gt_done("int128");
}
