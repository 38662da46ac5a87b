/* The SysV ABI for structs and unions: pass/return by value in registers and memory, bit-fields,
 * packed structs, unions for type punning, variadic functions with mixed int/double arguments. */
#include "../common/gt.h"
#include <stdarg.h>
#include <string.h>

struct small { int a; float b; };
struct mixed { double x; long y; };
struct big { long v[9]; char tag; };
struct bits { unsigned a : 3, b : 7, c : 1; int d : 5; unsigned long e : 40; };
struct __attribute__((packed)) packed { char c; int i; short s; long l; };
union pun { double d; uint64_t u; float f[2]; unsigned char b[8]; };

__attribute__((noinline)) static struct small mk_small(int a, float b) { struct small s = {a * 2, b / 2}; return s; }
__attribute__((noinline)) static struct mixed mk_mixed(struct mixed m) { m.x *= 3; m.y -= 5; return m; }
__attribute__((noinline)) static struct big mk_big(struct big b) { for (int i = 0; i < 9; i++) b.v[i] += i; b.tag++; return b; }
__attribute__((noinline)) static long long double_sum(int n, ...) {
    va_list ap; va_start(ap, n); double s = 0; long li = 0;
    for (int i = 0; i < n; i++) { if (i % 2) s += va_arg(ap, double); else li += va_arg(ap, long); }
    va_end(ap);
    return (long long)(s * 1000) + li;
}

int main(void) {
    struct small s = mk_small(21, 5.0f);
    printf("small %d %g size=%zu\n", s.a, (double)s.b, sizeof s);
    struct mixed m = mk_mixed((struct mixed){1.5, 100});
    printf("mixed %g %ld size=%zu\n", m.x, m.y, sizeof m);
    struct big b = {{1, 2, 3, 4, 5, 6, 7, 8, 9}, 'A'};
    struct big r = mk_big(b);
    printf("big");
    for (int i = 0; i < 9; i++) printf(" %ld", r.v[i]);
    printf(" %c orig-tag=%c size=%zu\n", r.tag, b.tag, sizeof r);
    struct bits bf = {5, 100, 1, -7, 0xABCDEF1234ul};
    bf.a++; bf.b += 30; bf.d -= 9;
    printf("bits a=%u b=%u c=%u d=%d e=%lx size=%zu\n", bf.a, bf.b, bf.c, bf.d, (unsigned long)bf.e, sizeof bf);
    struct packed p = {'x', 0x12345678, -2, 0x1122334455667788};
    unsigned char raw[sizeof p]; memcpy(raw, &p, sizeof p);
    printf("packed size=%zu bytes:", sizeof p);
    for (unsigned i = 0; i < sizeof p; i++) printf(" %02x", raw[i]);
    printf("\n");
    union pun u; u.d = -1.0 / 3;
    printf("pun u=%016llx f=%a,%a b0=%02x b7=%02x\n", (unsigned long long)u.u, (double)u.f[0], (double)u.f[1], u.b[0], u.b[7]);
    printf("varargs %lld\n", double_sum(8, 1L, 0.5, 2L, 0.25, 3L, 0.125, 4L, 1.0 / 1024));
    printf("varargs many %lld\n", double_sum(20, 1L, 1.0, 2L, 2.0, 3L, 3.0, 4L, 4.0, 5L, 5.0, 6L, 6.0, 7L, 7.0, 8L, 8.0, 9L, 9.0, 10L, 10.0));
    return 0;
}
