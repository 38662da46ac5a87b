/*
 * Records the results, arithmetic flags and all sixteen condition codes of ADD OR ADC SBB AND SUB
 * XOR CMP INC DEC NEG at 8, 16, 32 and 64 bits for edge operands, on the real CPU. Its output is
 * the test resource dev/flatland/cpu/interp/alu-flags.txt that AluFlagsHardwareTest compares
 * Flatland against. Regenerate on an x86-64 Linux machine with:
 *
 *   gcc -O1 -o /tmp/alu_flags src/test/c/alu_flags.c && /tmp/alu_flags \
 *       > src/test/resources/dev/flatland/cpu/interp/alu-flags.txt
 *
 * Line format: op bits rax_in rbx_in cf_in rax_out rflags_out conds
 * (hex; rflags_out masked to CF PF AF ZF SF OF = 0x8d5; conds bit n = SETcc with cc = n, in the
 * order O NO B AE E NE BE A S NS P NP L GE LE G). For 8- and 16-bit operations the upper bits of
 * rax_in carry a pattern so that merging into the full register is checked too.
 */
#include <stdint.h>
#include <stdio.h>

#define SETCC(n, cc) "set" cc " " #n "(%[o])\n\t"
#define RUN(INSN)                                                                          \
    asm volatile("mov %[a], %%rax\n\t"                                                   \
                 "mov %[b], %%rbx\n\t"                                                   \
                 "test %[cf], %[cf]\n\t"                                                 \
                 "jz 1f\n\t"                                                             \
                 "stc\n\t"                                                               \
                 "jmp 2f\n\t"                                                            \
                 "1: clc\n\t"                                                            \
                 "2:\n\t" INSN "\n\t" SETCC(0, "o") SETCC(1, "no") SETCC(2, "b")         \
                 SETCC(3, "ae") SETCC(4, "e") SETCC(5, "ne") SETCC(6, "be") SETCC(7, "a") \
                 SETCC(8, "s") SETCC(9, "ns") SETCC(10, "p") SETCC(11, "np")              \
                 SETCC(12, "l") SETCC(13, "ge") SETCC(14, "le") SETCC(15, "g")            \
                 "pushfq\n\t"                                                            \
                 "pop %[f]\n\t"                                                          \
                 "mov %%rax, %[r]\n\t"                                                   \
                 : [f] "=&r"(flags), [r] "=&r"(res)                                      \
                 : [a] "r"(a), [b] "r"(b), [cf] "r"(cf), [o] "r"(conds)                  \
                 : "rax", "rbx", "memory", "cc")

static const char *NAMES[] = {"add", "or", "adc", "sbb", "and", "sub", "xor", "cmp", "inc", "dec", "neg"};

static uint64_t run(int op, int bits, uint64_t a, uint64_t b, uint64_t cf, uint64_t *flagsOut, unsigned *condOut) {
    uint64_t flags, res;
    unsigned char conds[16];
#define SIZED(OP)                                      \
    switch (bits) {                                    \
    case 8: RUN(OP "b %%bl, %%al"); break;             \
    case 16: RUN(OP "w %%bx, %%ax"); break;            \
    case 32: RUN(OP "l %%ebx, %%eax"); break;          \
    default: RUN(OP "q %%rbx, %%rax"); break;          \
    }
#define UNARY(OP)                                      \
    switch (bits) {                                    \
    case 8: RUN(OP "b %%al"); break;                   \
    case 16: RUN(OP "w %%ax"); break;                  \
    case 32: RUN(OP "l %%eax"); break;                 \
    default: RUN(OP "q %%rax"); break;                 \
    }
    switch (op) {
    case 0: SIZED("add"); break;
    case 1: SIZED("or"); break;
    case 2: SIZED("adc"); break;
    case 3: SIZED("sbb"); break;
    case 4: SIZED("and"); break;
    case 5: SIZED("sub"); break;
    case 6: SIZED("xor"); break;
    case 7: SIZED("cmp"); break;
    case 8: UNARY("inc"); break;
    case 9: UNARY("dec"); break;
    default: UNARY("neg"); break;
    }
    unsigned m = 0;
    for (int i = 0; i < 16; i++) {
        m |= (conds[i] & 1u) << i;
    }
    *flagsOut = flags & 0x8d5;
    *condOut = m;
    return res;
}

int main(void) {
    for (int bits = 8; bits <= 64; bits *= 2) {
        uint64_t mask = bits == 64 ? ~0ULL : (1ULL << bits) - 1;
        uint64_t smax = mask >> 1, smin = smax + 1;
        uint64_t vals[] = {0, 1, 2, 0x0f, 0x10, 0x55555555555555ULL & mask, 0xaaaaaaaaaaaaaaaaULL & mask,
                           smax - 1, smax, smin, smin + 1, mask - 1, mask};
        int nv = sizeof vals / sizeof vals[0];
        uint64_t upper = bits < 32 ? 0x5a5a5a5a5a5a5a5aULL & ~mask : 0;
        for (int op = 0; op < 11; op++) {
            for (int cf = 0; cf < 2; cf++) {
                if (cf == 1 && op != 2 && op != 3 && op != 8 && op != 9) {
                    continue; /* only ADC, SBB, INC, DEC read CF */
                }
                for (int i = 0; i < nv; i++) {
                    for (int j = 0; j < nv; j++) {
                        if (op >= 8 && j > 0) {
                            break; /* unary */
                        }
                        uint64_t a = vals[i] | upper, b = vals[j] | (0x3c3c3c3c3c3c3c3cULL & ~mask), f;
                        unsigned c;
                        uint64_t r = run(op, bits, a, b, cf, &f, &c);
                        printf("%s %d %016llx %016llx %d %016llx %03llx %04x\n", NAMES[op], bits,
                               (unsigned long long)a, (unsigned long long)b, cf, (unsigned long long)r,
                               (unsigned long long)f, c);
                    }
                }
            }
        }
    }
    return 0;
}
