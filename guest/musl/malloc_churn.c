/* malloc/calloc/realloc/free churn with pseudo-random sizes (1 B to 36 KiB), contents verified on every
 * step, aligned_alloc/posix_memalign alignment, and a checksum of the live data at the end. */
#include "../common/gt.h"
#include <string.h>

enum { SLOTS = 512 };
static unsigned char *slot[SLOTS];
static size_t len[SLOTS];
static unsigned char tag[SLOTS];

static int verify(int i) { for (size_t k = 0; k < len[i]; k++) if (slot[i][k] != (unsigned char)(tag[i] + k)) return 0; return 1; }

int main(void) {
    gt_seed(60);
    long ops = 0, bad = 0;
    for (int step = 0; step < 5000; step++) {
        int i = (int)gt_below(SLOTS);
        size_t n = gt_below(32) == 0 ? 4096 + gt_below(32 * 1024) : 1 + gt_below(300);
        if (slot[i] && !verify(i)) bad++;
        switch (gt_below(4)) {
        case 0: free(slot[i]); slot[i] = NULL; len[i] = 0; break;
        case 1: {
            unsigned char *p = realloc(slot[i], n);
            if (!p) { printf("realloc failed\n"); return 2; }
            size_t keep = len[i] < n ? len[i] : n;
            for (size_t k = 0; k < keep; k++) if (p[k] != (unsigned char)(tag[i] + k)) { bad++; break; }
            slot[i] = p; len[i] = n;
            for (size_t k = 0; k < n; k++) p[k] = (unsigned char)(tag[i] + k);
            break;
        }
        case 2: {
            free(slot[i]);
            slot[i] = calloc(n, 1); len[i] = n;
            if (!slot[i]) { printf("calloc failed\n"); return 2; }
            for (size_t k = 0; k < n; k++) if (slot[i][k]) { bad++; break; }
            tag[i] = (unsigned char)step;
            for (size_t k = 0; k < n; k++) slot[i][k] = (unsigned char)(tag[i] + k);
            break;
        }
        default:
            free(slot[i]);
            slot[i] = malloc(n); len[i] = n; tag[i] = (unsigned char)(step * 3);
            if (!slot[i]) { printf("malloc failed\n"); return 2; }
            for (size_t k = 0; k < n; k++) slot[i][k] = (unsigned char)(tag[i] + k);
        }
        ops++;
    }
    uint64_t h = GT_FNV_INIT; size_t live = 0;
    for (int i = 0; i < SLOTS; i++) if (slot[i]) { if (!verify(i)) bad++; h = gt_fnv(h, slot[i], len[i]); live += len[i]; free(slot[i]); }
    printf("ops=%ld corrupted=%ld live=%zu checksum=%016llx\n", ops, bad, live, (unsigned long long)h);
    int aligned = 1;
    for (size_t al = 16; al <= 4096; al *= 2) {
        void *p = aligned_alloc(al, al * 3), *q = NULL;
        aligned &= p && ((uintptr_t)p % al) == 0;
        aligned &= posix_memalign(&q, al, 100) == 0 && ((uintptr_t)q % al) == 0;
        free(p); free(q);
    }
    printf("aligned=%d\n", aligned);
    printf("malloc(0) freeable: "); free(malloc(0)); printf("yes\n");
    return bad ? 1 : 0;
}
