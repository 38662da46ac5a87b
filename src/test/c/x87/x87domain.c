/* FYL2XP1 and F2XM1 outside their documented domains (X87Test.outOfDomainOperandsMatchHardware).
 * gcc -O1 -o /tmp/yp src/test/c/x87/x87domain.c && /tmp/yp */
#include <stdio.h>
#include <stdint.h>
typedef struct __attribute__((packed)) { uint64_t m; uint16_t se; } f80;
int main(void) {
    long double xs[] = {0.5L, 0.9L, 2.0L, 100.0L, -0.5L, -0.9L, 1e300L, 3.0L};
    for (int i = 0; i < 8; i++) {
        long double x = xs[i], y = 1.0L, r; uint16_t sw;
        __asm__ volatile("fninit\n fldt %2\n fldt %3\n fyl2xp1\n fnstsw %1\n fstpt %0\n" : "=m"(r), "=m"(sw) : "m"(y), "m"(x));
        f80 *p = (f80 *)&r; f80 *q = (f80 *)&x;
        printf("%04x%016llx -> %04x%016llx sw %04x\n", q->se, (unsigned long long)q->m, p->se, (unsigned long long)p->m, sw);
    }
    long double xs2[] = {1.5L, 2.0L, -1.5L, 3.0L, 1e10L, -1e10L};
    for (int i = 0; i < 6; i++) {
        long double x = xs2[i], r; uint16_t sw;
        __asm__ volatile("fninit\n fldt %2\n f2xm1\n fnstsw %1\n fstpt %0\n" : "=m"(r), "=m"(sw) : "m"(x));
        f80 *p = (f80 *)&r; f80 *q = (f80 *)&x;
        printf("f2xm1 %04x%016llx -> %04x%016llx sw %04x\n", q->se, (unsigned long long)q->m, p->se, (unsigned long long)p->m, sw);
    }
    return 0;
}
