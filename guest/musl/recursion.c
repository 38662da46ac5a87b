/* Recursion within the 128 KiB nommu stack: Ackermann(2,n), recursive Fibonacci, mutual recursion,
 * a recursive descent expression parser, and a depth-1000 chain with small frames (< 64 KiB in total). */
#include "../common/gt.h"
#include <string.h>

static unsigned long ack(unsigned long m, unsigned long n) {
    if (m == 0) return n + 1;
    if (n == 0) return ack(m - 1, 1);
    return ack(m - 1, ack(m, n - 1));
}
static unsigned long fib(int n) { return n < 2 ? (unsigned long)n : fib(n - 1) + fib(n - 2); }
static int is_odd(unsigned n);
static int is_even(unsigned n) { return n == 0 ? 1 : is_odd(n - 1); }
static int is_odd(unsigned n) { return n == 0 ? 0 : is_even(n - 1); }

static const char *src;
static long expr(void);
static long atom(void) {
    if (*src == '(') { src++; long v = expr(); src++; return v; }
    if (*src == '-') { src++; return -atom(); }
    long v = 0;
    while (*src >= '0' && *src <= '9') v = v * 10 + (*src++ - '0');
    return v;
}
static long term(void) { long v = atom(); while (*src == '*' || *src == '/') { char op = *src++; long r = atom(); v = op == '*' ? v * r : (r ? v / r : 0); } return v; }
static long expr(void) { long v = term(); while (*src == '+' || *src == '-') { char op = *src++; long r = term(); v = op == '+' ? v + r : v - r; } return v; }

static unsigned long chain(int depth, unsigned long acc) {
    volatile char frame[32];
    memset((char *)frame, depth & 0xff, sizeof frame);
    if (depth == 0) return acc;
    return chain(depth - 1, acc * 3 + (unsigned char)frame[depth % 32]) + 1;
}

int main(void) {
    for (unsigned long n = 0; n <= 8; n++) printf("ack(2,%lu)=%lu\n", n, ack(2, n));
    printf("ack(3,3)=%lu\n", ack(3, 3));
    for (int n = 0; n <= 25; n += 5) printf("fib(%d)=%lu\n", n, fib(n));
    printf("is_even(999)=%d is_odd(1000)=%d\n", is_even(999), is_odd(1000));
    static char e[4096];
    strcpy(e, "1");
    for (int i = 0; i < 120; i++) {
        char t[4096];
        snprintf(t, sizeof t, "(%s*%d+%d)-(%d/(1+%d))", e, i % 7 + 1, i, i * 13, i % 5);
        if (strlen(t) < sizeof e) strcpy(e, t);
    }
    src = e;
    printf("expr length %zu value %ld\n", strlen(e), expr());
    printf("chain(1000)=%lu\n", chain(1000, 1));
    return 0;
}
