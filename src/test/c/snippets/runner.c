/*
 * Runs each engine snippet natively and prints its register, flag and buffer results; see gen.sh.
 * Input lines: "name hex". Registers get fixed inputs, RDI points at a 256-byte buffer, RSP at a
 * private stack with a return address on top. Output values that point into the buffer or the
 * stack or the code are printed relative to them (B+off / S+off / C+off) so that they compare across address spaces.
 * Flags are printed masked to CF PF AF ZF SF OF DF AC ID (0x240cd5).
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

uint64_t g_in[16], g_out[16], g_flags, g_code, g_saved_rsp;

void run_snippet(void);
__asm__(".globl run_snippet\n"
        "run_snippet:\n"
        "  push %rbx; push %rbp; push %r12; push %r13; push %r14; push %r15\n"
        "  mov %rsp, g_saved_rsp(%rip)\n"
        "  mov g_in+32(%rip), %rsp\n"           /* snippet stack: g_in[RSP] */
        "  lea 1f(%rip), %rax\n"
        "  push %rax\n"                           /* return address */
        "  push $0\n  popfq\n"                    /* all arithmetic flags and DF clear */
        "  mov g_in+0(%rip), %rax\n  mov g_in+8(%rip), %rcx\n  mov g_in+16(%rip), %rdx\n"
        "  mov g_in+24(%rip), %rbx\n  mov g_in+40(%rip), %rbp\n  mov g_in+48(%rip), %rsi\n"
        "  mov g_in+56(%rip), %rdi\n  mov g_in+64(%rip), %r8\n  mov g_in+72(%rip), %r9\n"
        "  mov g_in+80(%rip), %r10\n  mov g_in+88(%rip), %r11\n  mov g_in+96(%rip), %r12\n"
        "  mov g_in+104(%rip), %r13\n  mov g_in+112(%rip), %r14\n  mov g_in+120(%rip), %r15\n"
        "  jmp *g_code(%rip)\n"
        "1:\n"
        "  mov %rax, g_out+0(%rip)\n  pushfq\n  pop %rax\n  mov %rax, g_flags(%rip)\n"
        "  push $0\n  popfq\n"
        "  mov %rcx, g_out+8(%rip)\n  mov %rdx, g_out+16(%rip)\n  mov %rbx, g_out+24(%rip)\n"
        "  mov %rsp, g_out+32(%rip)\n  mov %rbp, g_out+40(%rip)\n  mov %rsi, g_out+48(%rip)\n"
        "  mov %rdi, g_out+56(%rip)\n  mov %r8, g_out+64(%rip)\n  mov %r9, g_out+72(%rip)\n"
        "  mov %r10, g_out+80(%rip)\n  mov %r11, g_out+88(%rip)\n  mov %r12, g_out+96(%rip)\n"
        "  mov %r13, g_out+104(%rip)\n  mov %r14, g_out+112(%rip)\n  mov %r15, g_out+120(%rip)\n"
        "  mov g_saved_rsp(%rip), %rsp\n"
        "  pop %r15; pop %r14; pop %r13; pop %r12; pop %rbp; pop %rbx\n"
        "  ret\n");

/* The fixed inputs (RSP and RDI are set per run). */
static const uint64_t INPUT[16] = {0x0123456789abcdefULL, 5, 0xfedcba9876543210ULL, 0x80, 0, 0x1122334455667788ULL,
    0xffffffffULL, 0, ~0ULL, 0x7fffffffffffffffULL, 3, 0x8000000000000000ULL, 0x1234, 0xdeadbeefULL, 0, 64};

static void print_value(uint64_t v, uint64_t buf, uint64_t stack, uint64_t code) {
    if (v - code < 0x1000) {
        printf(" C+%llx", (unsigned long long)(v - code));
    } else if (v - buf < 0x1000) {
        printf(" B+%llx", (unsigned long long)(v - buf));
    } else if (v - (stack - 0x1000) < 0x2000) {
        printf(" S%c%llx", v >= stack ? '+' : '-',
               (unsigned long long)(v >= stack ? v - stack : stack - v));
    } else {
        printf(" %llx", (unsigned long long)v);
    }
}

int main(void) {
    char name[128], hex[8192];
    uint8_t *code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    uint8_t *buf = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    uint8_t *stack = mmap(NULL, 65536, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    while (scanf("%127s %8191s", name, hex) == 2) {
        size_t n = strlen(hex) / 2;
        for (size_t i = 0; i < n; i++) {
            unsigned b;
            sscanf(hex + 2 * i, "%2x", &b);
            code[i] = (uint8_t)b;
        }
        for (int i = 0; i < 256; i++) {
            buf[i] = (uint8_t)(i * 7 + 3);
        }
        memset(stack, 0, 65536);
        uint64_t top = (uint64_t)(stack + 32768);
        memcpy(g_in, INPUT, sizeof g_in);
        g_in[4] = top;
        g_in[7] = (uint64_t)buf;
        g_code = (uint64_t)code;
        run_snippet();
        uint64_t entry = top - 8; /* RSP at the snippet's first instruction */
        printf("%s", name);
        for (int i = 0; i < 16; i++) {
            print_value(g_out[i], (uint64_t)buf, entry, (uint64_t)code);
        }
        printf(" %llx ", (unsigned long long)(g_flags & 0x240cd5));
        for (int i = 0; i < 256; i++) {
            printf("%02x", buf[i]);
        }
        printf("\n");
    }
    return 0;
}
