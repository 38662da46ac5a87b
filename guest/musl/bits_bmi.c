// build: -O2 -mbmi -mbmi2 -mlzcnt -mpopcnt
/* BMI1/BMI2/LZCNT/POPCNT instructions via intrinsics, checked against portable reference code. */
#include "../common/gt.h"
#include <x86intrin.h>
#include <stdint.h>

static uint64_t pdep_ref(uint64_t src, uint64_t mask) {
    uint64_t r = 0; int k = 0;
    for (int i = 0; i < 64; i++) if ((mask >> i) & 1) { if ((src >> k) & 1) r |= 1ull << i; k++; }
    return r;
}
static uint64_t pext_ref(uint64_t src, uint64_t mask) {
    uint64_t r = 0; int k = 0;
    for (int i = 0; i < 64; i++) if ((mask >> i) & 1) { if ((src >> i) & 1) r |= 1ull << k; k++; }
    return r;
}

int main(void) {
    gt_seed(2024);
    uint64_t h = GT_FNV_INIT;
    for (int i = 0; i < 4000; i++) {
        uint64_t a = gt_next() >> gt_below(48), b = gt_next() >> gt_below(48);
        unsigned n = gt_below(70);
        if (i % 7 == 0) a = 0;
        uint64_t pd = _pdep_u64(a, b), pe = _pext_u64(a, b);
        GT_CHECK(pd == pdep_ref(a, b), "pdep");
        GT_CHECK(pe == pext_ref(a, b), "pext");
        uint32_t pd32 = _pdep_u32((uint32_t)a, (uint32_t)b), pe32 = _pext_u32((uint32_t)a, (uint32_t)b);
        GT_CHECK(pd32 == (uint32_t)pdep_ref((uint32_t)a, (uint32_t)b), "pdep32");
        GT_CHECK(pe32 == (uint32_t)pext_ref((uint32_t)a, (uint32_t)b), "pext32");
        unsigned long long hi;
        uint64_t lo = _mulx_u64(a, b, &hi);
        GT_CHECK(lo == a * b && hi == (uint64_t)(((unsigned __int128)a * b) >> 64), "mulx");
        uint64_t r[16] = {pd, pe, pd32, pe32, _bzhi_u64(a, n), _bzhi_u32((uint32_t)a, n),
            _andn_u64(a, b), _blsr_u64(a), _blsi_u64(a), _blsmsk_u64(a), _lzcnt_u64(a), _tzcnt_u64(a),
            _lzcnt_u32((uint32_t)a), _tzcnt_u32((uint32_t)a), (uint64_t)_mm_popcnt_u64(a),
            _bextr_u64(a, n & 63, (n * 3) & 63)};
        h = gt_fnv(h, r, sizeof r);
        /* variable shifts compile to shlx/shrx/sarx with -mbmi2 */
        uint64_t s[3] = {a << (n & 63), a >> (n & 63), (uint64_t)((int64_t)b >> (n & 63))};
        h = gt_fnv(h, s, sizeof s);
        if (i < 10)
            printf("a=%016llx b=%016llx pdep=%016llx pext=%016llx lz=%llu tz=%llu bzhi=%016llx\n",
                (unsigned long long)a, (unsigned long long)b, (unsigned long long)pd,
                (unsigned long long)pe, (unsigned long long)r[10], (unsigned long long)r[11],
                (unsigned long long)r[4]);
    }
    printf("lzcnt(0)=%u tzcnt(0)=%u lzcnt64(0)=%llu tzcnt64(0)=%llu\n", _lzcnt_u32(0), _tzcnt_u32(0),
        (unsigned long long)_lzcnt_u64(0), (unsigned long long)_tzcnt_u64(0));
    printf("checksum %016llx\n", (unsigned long long)h);
    return gt_done("bits_bmi");
}
