/* Small shared helpers for the guest differential tests: a deterministic PRNG and a checksum.
 * Everything here is deterministic: no addresses, times or pids reach the output. */
#ifndef GT_H
#define GT_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* xorshift64* (Vigna); the same sequence on every run. */
static uint64_t gt_state = 0x9E3779B97F4A7C15ull;
static inline void gt_seed(uint64_t s) { gt_state = s ? s : 0x9E3779B97F4A7C15ull; }
static inline uint64_t gt_next(void) {
    uint64_t x = gt_state;
    x ^= x >> 12; x ^= x << 25; x ^= x >> 27;
    gt_state = x;
    return x * 0x2545F4914F6CDD1Dull;
}
static inline uint32_t gt_below(uint32_t n) { return (uint32_t)((gt_next() >> 32) % n); }

/* FNV-1a over bytes, used to summarise large results in one line. */
static inline uint64_t gt_fnv(uint64_t h, const void *p, size_t n) {
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) { h ^= b[i]; h *= 0x100000001B3ull; }
    return h;
}
#define GT_FNV_INIT 0xCBF29CE484222325ull

static int gt_failures;
/* Records a self-check failure; the program exits 1 at the end when any failed. */
#define GT_CHECK(cond, ...) do { if (!(cond)) { gt_failures++; printf("FAIL %s:%d: ", __FILE__, __LINE__); \
    printf(__VA_ARGS__); printf("\n"); } } while (0)
static inline int gt_done(const char *name) {
    printf("%s: %s\n", name, gt_failures ? "FAILED" : "ok");
    return gt_failures ? 1 : 0;
}
#endif
