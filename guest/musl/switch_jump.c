/* Control flow: dense switch (jump table), sparse switch, function-pointer tables, computed goto,
 * a small bytecode interpreter, and loops with break/continue. */
#include "../common/gt.h"

static int dense(int x) {
    switch (x) {
    case 0: return 11; case 1: return 23; case 2: return 5; case 3: return 97; case 4: return 2; case 5: return 64;
    case 6: return 31; case 7: return 8; case 8: return 77; case 9: return 14; case 10: return 41; case 11: return 3;
    default: return -1;
    }
}
static int sparse(long x) {
    switch (x) {
    case -1000000: return 1; case -7: return 2; case 3: return 3; case 1000: return 4; case 65536: return 5;
    case 1L << 40: return 6; default: return 0;
    }
}
static long f_add(long a, long b) { return a + b; }
static long f_sub(long a, long b) { return a - b; }
static long f_mul(long a, long b) { return a * b; }
static long f_xor(long a, long b) { return a ^ b; }
static long (*const ops[])(long, long) = {f_add, f_sub, f_mul, f_xor};

enum { PUSH, ADD, MUL, DUP, SWAP, OVER, JNZ, DEC, HALT };
/* A stack machine run by computed goto (a GNU C extension). HALT returns the second-from-top value. */
static long run(const long *code) {
    static void *labels[] = {&&push, &&add, &&mul, &&dup, &&swap, &&over, &&jnz, &&dec, &&halt};
    long stack[64]; int sp = 0; const long *pc = code;
#define NEXT goto *labels[*pc++]
    NEXT;
push: stack[sp++] = *pc++; NEXT;
add: sp--; stack[sp - 1] += stack[sp]; NEXT;
mul: sp--; stack[sp - 1] *= stack[sp]; NEXT;
dup: stack[sp] = stack[sp - 1]; sp++; NEXT;
swap: { long t = stack[sp - 1]; stack[sp - 1] = stack[sp - 2]; stack[sp - 2] = t; } NEXT;
over: stack[sp] = stack[sp - 2]; sp++; NEXT;
jnz: { long target = *pc++; if (stack[sp - 1]) pc = code + target; } NEXT;
dec: stack[sp - 1]--; NEXT;
halt: return stack[sp - 2];
}

int main(void) {
    unsigned long acc = 0;
    for (int i = -3; i < 20; i++) acc = acc * 7 + (unsigned long)dense(i);
    printf("dense %lu\n", acc);
    static const long sv[] = {-1000000, -7, 3, 1000, 65536, 1L << 40, 4, 0};
    for (unsigned i = 0; i < sizeof sv / sizeof sv[0]; i++) printf("sparse(%ld)=%d\n", sv[i], sparse(sv[i]));
    gt_seed(130);
    long v = 1;
    for (int i = 0; i < 10000; i++) v = ops[gt_below(4)](v, (long)(gt_next() >> 40)) % 1000000007;
    printf("fnptr %ld\n", v);
    /* [acc n] -> [acc+n n-1] while n != 0 */
    static const long sum[] = {PUSH, 0, PUSH, 100, /*4*/ SWAP, OVER, ADD, SWAP, DEC, JNZ, 4, HALT};
    printf("sum 1..100 = %ld\n", run(sum));
    static const long fact[] = {PUSH, 1, PUSH, 20, /*4*/ SWAP, OVER, MUL, SWAP, DEC, JNZ, 4, HALT};
    printf("20! = %ld\n", run(fact));
    static const long arith[] = {PUSH, 6, PUSH, 7, MUL, PUSH, 100, ADD, PUSH, 0, HALT};
    printf("arith %ld\n", run(arith));
    int found = -1, skipped = 0;
    for (int i = 0; i < 1000; i++) { if (i % 3 == 0) { skipped++; continue; } if (i * i > 500000) { found = i; break; } }
    printf("break at %d after skipping %d\n", found, skipped);
    return 0;
}
