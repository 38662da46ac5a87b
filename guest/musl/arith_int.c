/* Integer arithmetic over all widths: add/sub/mul/shift/compare on pseudo-random and edge values. */
#include "../common/gt.h"
#include <stdint.h>
#include <limits.h>

static const int64_t edges[] = {0, 1, -1, 2, -2, 127, -128, 255, 32767, -32768, 65535,
    INT32_MAX, INT32_MIN, UINT32_MAX, INT64_MAX, INT64_MIN + 1, 0x5555555555555555ll, 0x123456789abcdefll};

int main(void) {
    uint64_t h = GT_FNV_INIT;
    int n = sizeof edges / sizeof edges[0];
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
            int64_t a = edges[i], b = edges[j];
            uint64_t ua = (uint64_t)a, ub = (uint64_t)b;
            uint64_t r[12] = {ua + ub, ua - ub, ua * ub, ua ^ ub, ua & ~ub, ua | ub,
                (uint64_t)(a < b), (uint64_t)(ua < ub), ua << (ub & 63), ua >> (ub & 63),
                (uint64_t)(a >> (ub & 63)), (uint64_t)((int32_t)a * (int32_t)b)};
            h = gt_fnv(h, r, sizeof r);
        }
    }
    printf("edges: %016llx\n", (unsigned long long)h);
    for (int w = 0; w < 4; w++) {
        gt_seed(w + 1);
        uint64_t acc = 0;
        for (int i = 0; i < 20000; i++) {
            uint64_t x = gt_next(), y = gt_next();
            switch (w) {
            case 0: { int8_t a = (int8_t)x, b = (int8_t)y; acc = acc * 31 + (uint8_t)(a * b + (a >> 3) - b); break; }
            case 1: { int16_t a = (int16_t)x, b = (int16_t)y; acc = acc * 31 + (uint16_t)(a * b - (a << 2) + (b >> 5)); break; }
            case 2: { int32_t a = (int32_t)x, b = (int32_t)y; acc = acc * 31 + (uint32_t)((uint32_t)a * (uint32_t)b + (a > b ? a : b)); break; }
            case 3: { acc = acc * 31 + (x * y) + (x > y) + ((int64_t)x >> 17) + (y << (x & 63)); break; }
            }
        }
        printf("width %d: %016llx\n", 8 << w, (unsigned long long)acc);
    }
    /* unsigned high multiply via 128-bit and via 32-bit halves must agree */
    gt_seed(99);
    for (int i = 0; i < 1000; i++) {
        uint64_t a = gt_next(), b = gt_next();
        uint64_t hi = (uint64_t)(((unsigned __int128)a * b) >> 64);
        uint64_t a0 = (uint32_t)a, a1 = a >> 32, b0 = (uint32_t)b, b1 = b >> 32;
        uint64_t m = a1 * b0 + ((a0 * b0) >> 32);
        uint64_t m2 = a0 * b1 + (uint32_t)m;
        uint64_t hi2 = a1 * b1 + (m >> 32) + (m2 >> 32);
        GT_CHECK(hi == hi2, "mulhi %llx %llx", (unsigned long long)a, (unsigned long long)b);
    }
    return gt_done("arith_int");
}
