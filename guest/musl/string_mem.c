/* memcpy, memmove (both directions, overlapping), memset, memcmp, memchr over source alignments 0..15
 * (four destination alignments each) and lengths 0..300, checked byte by byte against simple loops. */
#include "../common/gt.h"
#include <string.h>

static unsigned char src[512], dst[512], ref[512];

static void fill(unsigned char *p, size_t n, unsigned seed) { for (size_t i = 0; i < n; i++) p[i] = (unsigned char)(i * 7 + seed * 13 + (i >> 3)); }

int main(void) {
    size_t checks = 0;
    for (int sa = 0; sa < 16; sa++)
        for (int k = 0, da = sa; k < 4; k++, da = (sa * 5 + k * 3) % 16)
            for (size_t n = 0; n <= 300; n += (n < 40 ? 1 : 29)) {
                fill(src, sizeof src, sa + n); fill(dst, sizeof dst, da); memcpy(ref, dst, sizeof ref);
                for (size_t i = 0; i < n; i++) ref[da + 64 + i] = src[sa + i];
                memcpy(dst + da + 64, src + sa, n);
                GT_CHECK(memcmp(dst, ref, sizeof ref) == 0, "memcpy sa=%d da=%d n=%zu", sa, da, n);
                /* overlapping moves inside one buffer, forward and backward */
                int off = (int)(n % 37) - 18;
                fill(dst, sizeof dst, 3); memcpy(ref, dst, sizeof ref);
                unsigned char tmp[400];
                for (size_t i = 0; i < n; i++) tmp[i] = ref[100 + sa + i];
                for (size_t i = 0; i < n; i++) ref[100 + sa + off + i] = tmp[i];
                memmove(dst + 100 + sa + off, dst + 100 + sa, n);
                GT_CHECK(memcmp(dst, ref, sizeof ref) == 0, "memmove sa=%d off=%d n=%zu", sa, off, n);
                int c = (int)(n * 3 + sa);
                memset(dst + da, c, n);
                for (size_t i = 0; i < n; i++) ref[da + i] = (unsigned char)c;
                GT_CHECK(memcmp(dst, ref, sizeof ref) == 0, "memset da=%d n=%zu", da, n);
                checks += 3;
            }
    /* memcmp sign and position of the first difference */
    for (int a = 0; a < 16; a++)
        for (size_t n = 1; n < 200; n += 3) {
            fill(src, sizeof src, 1); memcpy(dst + a, src, n);
            GT_CHECK(memcmp(dst + a, src, n) == 0, "memcmp eq");
            size_t k = (n * 5 + a) % n;
            dst[a + k] = (unsigned char)(src[k] + 1 + (n & 0x7f));
            int r = memcmp(dst + a, src, n);
            int want = dst[a + k] > src[k] ? 1 : -1;
            GT_CHECK((r > 0 ? 1 : -1) == want, "memcmp sign a=%d n=%zu k=%zu", a, n, k);
            GT_CHECK(memchr(dst + a, dst[a + k], n) == memchr(dst + a, dst[a + k], k + 1), "memchr");
            checks += 3;
        }
    memset(src, 0xAA, sizeof src);
    printf("memchr miss=%d hit=%d\n", memchr(src, 0xAB, sizeof src) == NULL, (int)((unsigned char *)memchr(src + 3, 0xAA, 9) - src));
    printf("%zu checks\n", checks);
    return gt_done("string_mem");
}
