/* qsort on ints, strings and structs (stable via tie-breaker), bsearch hits and misses. */
#include "../common/gt.h"
#include <string.h>

struct rec { int key; int seq; char name[12]; };
static int cmp_int(const void *a, const void *b) { int x = *(const int *)a, y = *(const int *)b; return (x > y) - (x < y); }
static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }
static int cmp_rec(const void *a, const void *b) {
    const struct rec *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    return x->seq - y->seq;
}

int main(void) {
    enum { N = 5000 };
    int *a = malloc(N * sizeof *a);
    gt_seed(50);
    for (int i = 0; i < N; i++) a[i] = (int)(gt_next() % 100000) - 50000;
    qsort(a, N, sizeof *a, cmp_int);
    int sorted = 1;
    for (int i = 1; i < N; i++) sorted &= a[i - 1] <= a[i];
    uint64_t h = gt_fnv(GT_FNV_INIT, a, N * sizeof *a);
    printf("ints sorted=%d min=%d max=%d median=%d hash=%016llx\n", sorted, a[0], a[N - 1], a[N / 2], (unsigned long long)h);
    int hits = 0;
    for (int k = -50000; k < 50000; k += 97) hits += bsearch(&k, a, N, sizeof *a, cmp_int) != NULL;
    printf("bsearch hits=%d\n", hits);
    static char words[500][12];
    char *wp[500];
    for (int i = 0; i < 500; i++) {
        int len = 1 + (int)gt_below(10);
        for (int j = 0; j < len; j++) words[i][j] = (char)('a' + gt_below(26));
        wp[i] = words[i];
    }
    qsort(wp, 500, sizeof *wp, cmp_str);
    for (int i = 0; i < 500; i += 50) printf("word %d: %s\n", i, wp[i]);
    struct rec *r = malloc(3000 * sizeof *r);
    for (int i = 0; i < 3000; i++) { r[i].key = (int)gt_below(50); r[i].seq = i; snprintf(r[i].name, sizeof r[i].name, "r%d", i); }
    qsort(r, 3000, sizeof *r, cmp_rec);
    for (int i = 0; i < 3000; i += 300) printf("rec %d: key=%d %s\n", i, r[i].key, r[i].name);
    /* already sorted, reversed and all-equal inputs */
    for (int i = 0; i < N; i++) a[i] = N - i;
    qsort(a, N, sizeof *a, cmp_int);
    printf("reversed -> %d..%d\n", a[0], a[N - 1]);
    for (int i = 0; i < N; i++) a[i] = 7;
    qsort(a, N, sizeof *a, cmp_int);
    printf("equal -> %d\n", a[N / 3]);
    free(a); free(r);
    return 0;
}
