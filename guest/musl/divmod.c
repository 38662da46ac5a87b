/* Division edge cases: truncation toward zero, remainder signs, unsigned wrap, every width,
 * constant divisors (compiled to multiply-shift) and variable ones (idiv/div). INT_MIN/-1 is avoided (UB). */
#include "../common/gt.h"
#include <stdint.h>
#include <limits.h>
#include <stdlib.h>

static volatile int64_t vd[] = {1, -1, 2, -2, 3, -3, 7, -7, 10, -10, 255, 65536, -65537, 1000000007, -2147483648ll,
    2147483647, 4294967296ll, INT64_MAX, INT64_MIN};

int main(void) {
    static const int64_t nums[] = {0, 1, -1, 5, -5, 7, -7, 100, -100, 12345678901ll, -12345678901ll,
        INT32_MAX, INT32_MIN, INT64_MAX, INT64_MIN + 1, 0x7fffffffffff1234ll};
    int nn = sizeof nums / sizeof nums[0], nd = sizeof vd / sizeof vd[0];
    for (int i = 0; i < nn; i++) {
        for (int j = 0; j < nd; j++) {
            int64_t a = nums[i], d = vd[j];
            uint64_t ua = (uint64_t)a, ud = (uint64_t)d;
            printf("%lld/%lld: s64 %lld %lld u64 %llu %llu", (long long)a, (long long)d,
                (long long)(a / d), (long long)(a % d), (unsigned long long)(ua / ud), (unsigned long long)(ua % ud));
            int32_t a32 = (int32_t)a, d32 = (int32_t)d;
            if (d32 != 0 && !(a32 == INT32_MIN && d32 == -1))
                printf(" s32 %d %d", a32 / d32, a32 % d32);
            if ((uint32_t)d != 0)
                printf(" u32 %u %u", (uint32_t)a / (uint32_t)d, (uint32_t)a % (uint32_t)d);
            int16_t a16 = (int16_t)a, d16 = (int16_t)d;
            if (d16 != 0)
                printf(" s16 %d %d", a16 / d16, a16 % d16);
            int8_t a8 = (int8_t)a, d8 = (int8_t)d;
            if (d8 != 0)
                printf(" s8 %d %d u8 %u", a8 / d8, a8 % d8, (uint8_t)a8 / (uint8_t)d8);
            printf("\n");
        }
    }
    /* constant divisors: the compiler turns these into multiplications */
    gt_seed(3);
    uint64_t h = GT_FNV_INIT;
    for (int i = 0; i < 20000; i++) {
        int64_t x = (int64_t)gt_next() >> gt_below(63);
        uint64_t u = gt_next() >> gt_below(63);
        int64_t r[14] = {x / 3, x % 3, x / -7, x % -7, x / 10, x % 10, x / 1000000007, x % 1000000007,
            (int64_t)(u / 3), (int64_t)(u % 10), (int64_t)(u / 641), (int32_t)x / 13, (int32_t)x % 13, (int32_t)x / 16};
        h = gt_fnv(h, r, sizeof r);
        int64_t d = (int64_t)(gt_next() >> gt_below(64)) | 1;
        GT_CHECK((x / d) * d + x % d == x, "identity");
    }
    printf("constdiv %016llx\n", (unsigned long long)h);
    ldiv_t q = ldiv(-17, 5);
    lldiv_t q2 = lldiv(17, -5);
    printf("ldiv(-17,5)=%ld,%ld lldiv(17,-5)=%lld,%lld abs=%d labs=%ld\n", q.quot, q.rem, q2.quot, q2.rem,
        abs(-42), labs(-42l));
    return gt_done("divmod");
}
