/* An open-addressing hash map with string keys: inserts, lookups, deletions with tombstones, growth,
 * and a word-frequency count over generated text. */
#include "../common/gt.h"
#include <string.h>

typedef struct { char *key; long val; int state; } slot;   /* state: 0 empty, 1 used, 2 deleted */
static slot *tab; static size_t cap, used;

static uint64_t hash(const char *s) { return gt_fnv(GT_FNV_INIT, s, strlen(s)); }
static slot *find(const char *k, int for_insert) {
    size_t i = hash(k) & (cap - 1); slot *tomb = NULL;
    for (;;) {
        slot *s = &tab[i];
        if (s->state == 0) return for_insert && tomb ? tomb : s;
        if (s->state == 2) { if (!tomb) tomb = s; }
        else if (strcmp(s->key, k) == 0) return s;
        i = (i + 1) & (cap - 1);
    }
}
static void put(const char *k, long v);
static void grow(void) {
    slot *old = tab; size_t oc = cap;
    cap = cap ? cap * 2 : 16; tab = calloc(cap, sizeof *tab); used = 0;
    for (size_t i = 0; i < oc; i++) if (old[i].state == 1) { put(old[i].key, old[i].val); free(old[i].key); }
    free(old);
}
static void put(const char *k, long v) {
    if ((used + 1) * 4 > cap * 3) grow();
    slot *s = find(k, 1);
    if (s->state == 1) { s->val = v; return; }
    s->key = strdup(k); s->val = v; s->state = 1; used++;
}
static long *get(const char *k) { if (!cap) return NULL; slot *s = find(k, 0); return s->state == 1 ? &s->val : NULL; }
static int del(const char *k) { slot *s = find(k, 0); if (s->state != 1) return 0; free(s->key); s->key = NULL; s->state = 2; return 1; }

int main(void) {
    static const char *syll[] = {"ka", "lo", "mi", "nu", "pe", "ri", "so", "ta", "vu", "ze"};
    gt_seed(110);
    char w[32];
    long words = 0;
    for (int i = 0; i < 20000; i++) {
        int n = 1 + (int)gt_below(3); w[0] = 0;
        for (int j = 0; j < n; j++) strcat(w, syll[gt_below(10)]);
        long *v = get(w);
        if (v) (*v)++; else put(w, 1);
        words++;
    }
    printf("words=%ld distinct=%zu cap=%zu\n", words, used, cap);
    long maxv = 0; const char *maxk = "";
    long total = 0;
    for (size_t i = 0; i < cap; i++) if (tab[i].state == 1) { total += tab[i].val; if (tab[i].val > maxv || (tab[i].val == maxv && strcmp(tab[i].key, maxk) < 0)) { maxv = tab[i].val; maxk = tab[i].key; } }
    printf("total=%ld most frequent=%s (%ld)\n", total, maxk, maxv);
    int deleted = 0;
    for (int a = 0; a < 10; a++) for (int b = 0; b < 10; b++) { snprintf(w, sizeof w, "%s%s", syll[a], syll[b]); deleted += del(w); }
    printf("deleted two-syllable words: %d, remaining=%zu\n", deleted, used - (size_t)deleted);
    for (int a = 0; a < 10; a++) { long *v = get(syll[a]); printf("%s=%ld ", syll[a], v ? *v : -1); }
    printf("\nkazeka=%ld kaka=%s\n", get("kazeka") ? *get("kazeka") : -1, get("kaka") ? "present" : "deleted");
    return 0;
}
