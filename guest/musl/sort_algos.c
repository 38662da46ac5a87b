/* Hand-written sorting algorithms (merge sort, heap sort, radix sort, insertion sort) over the same
 * pseudo-random data; all must agree, and a checksum of the result is printed. */
#include "../common/gt.h"
#include <string.h>

enum { N = 6000 };
static uint32_t orig[N], a[N], b[N], tmp[N];

static void merge_sort(uint32_t *x, uint32_t *t, int n) {
    if (n < 2) return;
    int m = n / 2;
    merge_sort(x, t, m); merge_sort(x + m, t, n - m);
    int i = 0, j = m, k = 0;
    while (i < m && j < n) t[k++] = x[i] <= x[j] ? x[i++] : x[j++];
    while (i < m) t[k++] = x[i++];
    while (j < n) t[k++] = x[j++];
    memcpy(x, t, (size_t)n * sizeof *x);
}
static void sift(uint32_t *x, int i, int n) {
    for (;;) {
        int l = 2 * i + 1, g = i;
        if (l < n && x[l] > x[g]) g = l;
        if (l + 1 < n && x[l + 1] > x[g]) g = l + 1;
        if (g == i) return;
        uint32_t t = x[i]; x[i] = x[g]; x[g] = t; i = g;
    }
}
static void heap_sort(uint32_t *x, int n) {
    for (int i = n / 2 - 1; i >= 0; i--) sift(x, i, n);
    for (int e = n - 1; e > 0; e--) { uint32_t t = x[0]; x[0] = x[e]; x[e] = t; sift(x, 0, e); }
}
static void radix_sort(uint32_t *x, uint32_t *t, int n) {
    for (int shift = 0; shift < 32; shift += 8) {
        int cnt[257] = {0};
        for (int i = 0; i < n; i++) cnt[((x[i] >> shift) & 0xff) + 1]++;
        for (int i = 0; i < 256; i++) cnt[i + 1] += cnt[i];
        for (int i = 0; i < n; i++) t[cnt[(x[i] >> shift) & 0xff]++] = x[i];
        memcpy(x, t, (size_t)n * sizeof *x);
    }
}
static void insertion_sort(uint32_t *x, int n) {
    for (int i = 1; i < n; i++) { uint32_t v = x[i]; int j = i - 1; while (j >= 0 && x[j] > v) { x[j + 1] = x[j]; j--; } x[j + 1] = v; }
}

int main(void) {
    gt_seed(120);
    for (int i = 0; i < N; i++) orig[i] = (uint32_t)(gt_next() >> 32);
    memcpy(a, orig, sizeof a); merge_sort(a, tmp, N);
    memcpy(b, orig, sizeof b); heap_sort(b, N);
    printf("merge == heap: %d\n", memcmp(a, b, sizeof a) == 0);
    memcpy(b, orig, sizeof b); radix_sort(b, tmp, N);
    printf("merge == radix: %d\n", memcmp(a, b, sizeof a) == 0);
    memcpy(b, orig, 1000 * sizeof *b); insertion_sort(b, 1000);
    memcpy(tmp, orig, 1000 * sizeof *b); merge_sort(tmp, a + 2000, 1000);
    printf("insertion == merge (1000): %d\n", memcmp(b, tmp, 1000 * sizeof *b) == 0);
    memcpy(a, orig, sizeof a); merge_sort(a, tmp, N);
    printf("min=%u max=%u median=%u checksum=%016llx\n", a[0], a[N - 1], a[N / 2], (unsigned long long)gt_fnv(GT_FNV_INIT, a, sizeof a));
    return 0;
}
