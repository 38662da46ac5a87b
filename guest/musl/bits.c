/* Bit tricks with the baseline ISA: popcount, clz/ctz, bswap, parity, rotates, ffs. */
#include "../common/gt.h"
#include <stdint.h>
#include <strings.h>

static int pop_ref(uint64_t x) { int n = 0; while (x) { n += x & 1; x >>= 1; } return n; }
static int clz_ref(uint64_t x) { int n = 0; for (int i = 63; i >= 0 && !((x >> i) & 1); i--) n++; return n; }
static int ctz_ref(uint64_t x) { int n = 0; while (n < 64 && !((x >> n) & 1)) n++; return n; }
static inline uint64_t rol64(uint64_t x, unsigned r) { r &= 63; return (x << r) | (x >> ((64 - r) & 63)); }
static inline uint32_t ror32(uint32_t x, unsigned r) { r &= 31; return (x >> r) | (x << ((32 - r) & 31)); }
static inline uint16_t rol16(uint16_t x, unsigned r) { r &= 15; return (uint16_t)((x << r) | (x >> ((16 - r) & 15))); }

int main(void) {
    gt_seed(7);
    uint64_t h = GT_FNV_INIT;
    for (int i = 0; i < 5000; i++) {
        uint64_t x = gt_next() >> gt_below(64);
        if (i % 5 == 0) x = 1ull << gt_below(64);
        int p = __builtin_popcountll(x);
        GT_CHECK(p == pop_ref(x), "popcount %llx", (unsigned long long)x);
        if (x) {
            GT_CHECK(__builtin_clzll(x) == clz_ref(x), "clz %llx", (unsigned long long)x);
            GT_CHECK(__builtin_ctzll(x) == ctz_ref(x), "ctz %llx", (unsigned long long)x);
        }
        uint64_t r[10] = {(uint64_t)p, (uint64_t)__builtin_parityll(x), __builtin_bswap64(x),
            __builtin_bswap32((uint32_t)x), __builtin_bswap16((uint16_t)x), rol64(x, i),
            ror32((uint32_t)x, i), rol16((uint16_t)x, i), (uint64_t)ffsll((long long)x),
            (uint64_t)__builtin_clrsbll((long long)x)};
        h = gt_fnv(h, r, sizeof r);
        if (i < 16)
            printf("%016llx pop=%d par=%d bswap=%016llx rol=%016llx ror32=%08x ffs=%d clrsb=%d\n",
                (unsigned long long)x, p, __builtin_parityll(x), (unsigned long long)r[2],
                (unsigned long long)r[5], (unsigned)r[6], (int)r[8], (int)r[9]);
    }
    printf("checksum %016llx\n", (unsigned long long)h);
    for (int i = 0; i < 32; i++) {
        uint32_t x = 0x80000000u >> i;
        printf("%2d: clz=%d ctz=%d pop=%d ffs=%d\n", i, __builtin_clz(x), __builtin_ctz(x),
            __builtin_popcount(x | 1), ffs((int)x));
    }
    return gt_done("bits");
}
