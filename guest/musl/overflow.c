/* __builtin_{add,sub,mul}_overflow on every width, signed and unsigned, over edge values. */
#include "../common/gt.h"
#include <stdint.h>
#include <limits.h>

static const int64_t v[] = {0, 1, -1, 2, 3, -3, 100, -100, 127, -128, 255, 256, 32767, -32768, 65535, 65536,
    46341, -46341, INT32_MAX, INT32_MIN, (int64_t)UINT32_MAX, 3037000499ll, 3037000500ll, -3037000500ll,
    INT64_MAX, INT64_MIN, INT64_MAX / 2 + 1, INT64_MIN / 2 - 1};

#define OV(T, NAME) do { T r; int o; \
    o = __builtin_add_overflow((T)a, (T)b, &r); printf(" " NAME "+%d:%lld", o, (long long)r); \
    o = __builtin_sub_overflow((T)a, (T)b, &r); printf(" " NAME "-%d:%lld", o, (long long)r); \
    o = __builtin_mul_overflow((T)a, (T)b, &r); printf(" " NAME "*%d:%lld", o, (long long)r); } while (0)

int main(void) {
    int n = sizeof v / sizeof v[0];
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
            int64_t a = v[i], b = v[j];
            printf("%lld,%lld:", (long long)a, (long long)b);
            OV(int8_t, "s8"); OV(uint8_t, "u8"); OV(int16_t, "s16"); OV(uint16_t, "u16");
            OV(int32_t, "s32"); OV(uint32_t, "u32"); OV(int64_t, "s64");
            { uint64_t r; int o = __builtin_mul_overflow((uint64_t)a, (uint64_t)b, &r);
              printf(" u64*%d:%llu", o, (unsigned long long)r);
              o = __builtin_add_overflow((uint64_t)a, (uint64_t)b, &r);
              printf(" u64+%d:%llu\n", o, (unsigned long long)r); }
        }
    }
    return 0;
}
