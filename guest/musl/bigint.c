/* Multi-word arithmetic with 32-bit limbs: 500!, 2^2000, Fibonacci(3000) in decimal, and a
 * long division check (n! / (n-1)! == n). */
#include "../common/gt.h"
#include <string.h>

enum { LIMBS = 400 };
typedef struct { uint32_t d[LIMBS]; int n; } big;

static void set(big *a, uint32_t v) { memset(a, 0, sizeof *a); a->d[0] = v; a->n = 1; }
static void mul_small(big *a, uint32_t m) {
    uint64_t c = 0;
    for (int i = 0; i < a->n; i++) { uint64_t t = (uint64_t)a->d[i] * m + c; a->d[i] = (uint32_t)t; c = t >> 32; }
    if (c) a->d[a->n++] = (uint32_t)c;
}
static void add(big *r, const big *a, const big *b) {
    int n = a->n > b->n ? a->n : b->n; uint64_t c = 0;
    for (int i = 0; i < n; i++) { uint64_t t = (uint64_t)a->d[i] + b->d[i] + c; r->d[i] = (uint32_t)t; c = t >> 32; }
    r->n = n;
    if (c) r->d[r->n++] = (uint32_t)c;
}
static uint32_t div_small(big *a, uint32_t q) {
    uint64_t r = 0;
    for (int i = a->n - 1; i >= 0; i--) { uint64_t t = (r << 32) | a->d[i]; a->d[i] = (uint32_t)(t / q); r = t % q; }
    while (a->n > 1 && a->d[a->n - 1] == 0) a->n--;
    return (uint32_t)r;
}
static void print(const char *label, const big *a) {
    static big t; static char s[LIMBS * 10 + 1];
    t = *a; int k = 0;
    do { uint32_t r = div_small(&t, 1000000000u); for (int j = 0; j < 9; j++) { s[k++] = (char)('0' + r % 10); r /= 10; } } while (t.n > 1 || t.d[0]);
    while (k > 1 && s[k - 1] == '0') k--;
    printf("%s (%d digits) = ", label, k);
    for (int i = k - 1; i >= 0; i--) putchar(s[i]);
    putchar('\n');
}

int main(void) {
    static big a, b, c;
    set(&a, 1);
    for (uint32_t i = 2; i <= 500; i++) mul_small(&a, i);
    print("500!", &a);
    uint32_t rem = div_small(&a, 500);
    b = a; set(&c, 1);
    for (uint32_t i = 2; i <= 499; i++) mul_small(&c, i);
    printf("500!/500 == 499!: %d rem=%u\n", memcmp(b.d, c.d, sizeof b.d) == 0 && b.n == c.n, rem);
    set(&a, 1);
    for (int i = 0; i < 2000; i++) mul_small(&a, 2);
    print("2^2000", &a);
    set(&a, 0); set(&b, 1);
    for (int i = 0; i < 3000; i++) { add(&c, &a, &b); a = b; b = c; }
    print("fib(3000)", &a);
    return 0;
}
