/* strlen, strchr, strrchr, strstr, strspn, strcspn, strpbrk, strcmp, strncmp on every alignment and many
 * lengths (crossing 16-byte and page boundaries), checked against reference loops. */
#include "../common/gt.h"
#include <string.h>

static char buf[8192 + 64] __attribute__((aligned(4096)));

static size_t ref_strlen(const char *s) { size_t n = 0; while (s[n]) n++; return n; }
static const char *ref_strchr(const char *s, int c) { for (;; s++) { if (*s == (char)c) return s; if (!*s) return 0; } }
static const char *ref_strrchr(const char *s, int c) { const char *r = 0; for (;; s++) { if (*s == (char)c) r = s; if (!*s) return r; } }
static const char *ref_strstr(const char *h, const char *n) {
    size_t ln = ref_strlen(n);
    for (; *h; h++) if (strncmp(h, n, ln) == 0) return h;
    return ln == 0 ? h : 0;
}
static size_t ref_strcspn(const char *s, const char *r) { size_t n = 0; while (s[n] && !ref_strchr(r, s[n])) n++; return n; }

int main(void) {
    long checks = 0;
    gt_seed(40);
    for (int a = 0; a < 64; a++) {
        for (int n = 0; n < 300; n += (n < 40 ? 1 : 17)) {
            /* place the string so it sometimes ends right before the page boundary at 4096 */
            int base = (n & 1) ? 4096 - n - 1 : a;
            char *s = buf + base;
            for (int i = 0; i < n; i++) s[i] = (char)('a' + gt_below(6));
            s[n] = 0;
            GT_CHECK(strlen(s) == (size_t)n, "strlen a=%d n=%d", a, n);
            int c = 'a' + (int)gt_below(8);
            GT_CHECK(strchr(s, c) == ref_strchr(s, c), "strchr");
            GT_CHECK(strrchr(s, c) == ref_strrchr(s, c), "strrchr");
            GT_CHECK(strchr(s, 0) == s + n, "strchr nul");
            char needle[5]; int nl = (int)gt_below(4) + 1;
            for (int i = 0; i < nl; i++) needle[i] = (char)('a' + gt_below(3));
            needle[nl] = 0;
            GT_CHECK(strstr(s, needle) == ref_strstr(s, needle), "strstr");
            GT_CHECK(strcspn(s, "ef") == ref_strcspn(s, "ef"), "strcspn");
            GT_CHECK(strspn(s, "abc") + strcspn(s + strspn(s, "abc"), "abc") <= (size_t)n, "strspn");
            const char *p = strpbrk(s, "fd");
            size_t k = ref_strcspn(s, "fd");
            GT_CHECK(p == (k < (size_t)n ? s + k : NULL), "strpbrk");
            char *t = buf + 6000 + (a % 16);
            memcpy(t, s, (size_t)n + 1);
            GT_CHECK(strcmp(s, t) == 0 && strncmp(s, t, (size_t)n + 5) == 0, "strcmp eq");
            if (n > 0) {
                t[n / 2] = (char)(t[n / 2] + 1);
                GT_CHECK(strcmp(s, t) < 0 && strcmp(t, s) > 0, "strcmp order");
                GT_CHECK(strncmp(s, t, (size_t)n / 2) == 0, "strncmp prefix");
            }
            checks += 12;
        }
    }
    const char *hay = "the quick brown fox jumps over the lazy dog; the end";
    printf("strstr=%s|\nstrrchr=%s|\nstrspn=%zu strcspn=%zu\n", strstr(hay, "the l"), strrchr(hay, 't'),
        strspn(hay, "the "), strcspn(hay, ";"));
    printf("%ld checks\n", checks);
    return gt_done("string_search");
}
