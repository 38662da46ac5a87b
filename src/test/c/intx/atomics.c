/* XCHG, CMPXCHG, CMPXCHG8B/16B and XADD on real hardware; see harness.h. */
#include "harness.h"

enum { RA, RB, RC, RD, RS };

STUB(xchg_q, "xchgq %rcx,%rbx") STUB(xchg_l, "xchgl %ecx,%ebx") STUB(xchg_w, "xchgw %cx,%bx")
STUB(xchg_ah_cl, "xchgb %ah,%cl") STUB(xchg_ml, "xchgl %ecx,(%rsi)") STUB(xchg_mb, "xchgb %ch,(%rsi)")
STUB(xchg_rax_rcx, "xchgq %rcx,%rax") STUB(xchg_eax_ecx, "xchgl %ecx,%eax") STUB(xchg_ax_bx, "xchgw %bx,%ax")
STUB(cmpxchg_b, "cmpxchgb %cl,%bl") STUB(cmpxchg_w, "cmpxchgw %cx,%bx") STUB(cmpxchg_l, "cmpxchgl %ecx,%ebx")
STUB(cmpxchg_q, "cmpxchgq %rcx,%rbx") STUB(cmpxchg_mq, "lock cmpxchgq %rcx,(%rsi)")
STUB(cmpxchg_ml, "cmpxchgl %ecx,(%rsi)") STUB(cmpxchg_mb, "lock cmpxchgb %ch,(%rsi)")
STUB(cmpxchg_eax, "cmpxchgl %ecx,%eax")
STUB(cx8b, "lock cmpxchg8b (%rsi)") STUB(cx16b, "lock cmpxchg16b (%rsi)")
STUB(xadd_l, "xaddl %ecx,%ebx") STUB(xadd_q, "xaddq %rcx,%rbx") STUB(xadd_b, "xaddb %ch,%bl") STUB(xadd_w, "xaddw %cx,%bx")
STUB(xadd_same, "xaddq %rax,%rax") STUB(xadd_mq, "lock xaddq %rcx,(%rsi)") STUB(xadd_mw, "xaddw %cx,(%rsi)")
STUB(lock_xchg_reg, ".byte 0xf0\nxchgq %rcx,%rbx") STUB(lock_cmpxchg_reg, ".byte 0xf0\ncmpxchgq %rcx,%rbx")

STUB(ud_cx8b_reg, ".byte 0x0f,0xc7,0xc9") /* cmpxchg8b with a register operand: #UD */

static const uint64_t AV[] = {0, 1, 0x7f, 0x80, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff, 0x1ffffffffULL,
                              0xffffffffffffffffULL, 0x8000000000000000ULL, 0x123456789abcdef0ULL, 0x5a80};
#define NAV (sizeof AV / sizeof AV[0])

/* RAX over AV, RBX over AV (the diagonal and equal low halves give the "equal" path), RCX fixed. */
static void cmpxchg_reg(const char *name, const char *desc, void (*stub)(void)) {
    begin_case(name, desc, "abcf");
    int k = 0;
    for (unsigned i = 0; i < NAV; i++) {
        for (unsigned j = 0; j < NAV; j++, k++) {
            Regs in = {0};
            in.r[RA] = AV[i];
            in.r[RB] = AV[j];
            in.r[RC] = 0xc0ffee00c0ffee11ULL;
            in.f = (k & 1) ? F_ALL : 0;
            run(stub, &in, 0, 0, 0);
        }
    }
}

static void cmpxchg_mem(const char *name, const char *desc, void (*stub)(void)) {
    begin_case(name, desc, "acSfm");
    int k = 0;
    for (unsigned i = 0; i < NAV; i++) {
        for (unsigned j = 0; j < NAV; j++, k++) {
            Regs in = {0};
            in.r[RA] = AV[i];
            in.r[RC] = 0xc0ffee00c0ffee11ULL;
            in.f = (k & 1) ? F_ALL : 0;
            run(stub, &in, AV[j], 0x4242, 0);
        }
    }
}

/* CMPXCHG8B/16B: equal and unequal memory for several register values; offset 8 tests alignment. */
static void cx_case(const char *name, const char *desc, void (*stub)(void), int wide, uint64_t off) {
    begin_case(name, desc, "abcdSfm");
    int k = 0;
    for (unsigned i = 0; i < NAV; i++) {
        for (int eq = 0; eq < 3; eq++, k++) {
            Regs in = {0};
            in.r[RA] = AV[i] | 0xabcd000000000000ULL;
            in.r[RD] = AV[(i + 3) % NAV];
            in.r[RB] = 0x1111222233334444ULL;
            in.r[RC] = 0x5555666677778888ULL;
            in.r[4] = off;
            in.f = (k & 1) ? F_ALL : 0;
            uint64_t m0, m1;
            if (wide) {
                m0 = eq == 0 ? in.r[RA] : eq == 1 ? in.r[RA] ^ 1 : in.r[RA];
                m1 = eq == 2 ? in.r[RD] ^ (1ULL << 63) : in.r[RD];
            } else {
                m0 = (in.r[RA] & 0xffffffff) | (in.r[RD] << 32);
                if (eq == 1) {
                    m0 ^= 1ULL << 40;
                } else if (eq == 2) {
                    m0 ^= 1;
                }
                m1 = 0x9999;
            }
            if (off == 8) {
                /* the misaligned operand starts at byte 8: shift the words up */
                m1 = m0;
                m0 = 0x7777;
            }
            run(stub, &in, m0, m1, 0);
        }
    }
}

static void xadd_mem(const char *name, const char *desc, void (*stub)(void)) {
    begin_case(name, desc, "cSfm");
    int k = 0;
    for (unsigned i = 0; i < NAV; i++) {
        for (unsigned j = 0; j < NAV; j += 2, k++) {
            Regs in = {0};
            in.r[RC] = AV[j] ^ 0x3;
            in.f = (k & 1) ? F_ALL : 0;
            run(stub, &in, AV[i], 0x4343, 0);
        }
    }
}

static void xchg_mem(const char *name, const char *desc, void (*stub)(void)) {
    begin_case(name, desc, "cSfm");
    for (unsigned i = 0; i < NAV; i++) {
        Regs in = {0};
        in.r[RC] = AV[(i + 5) % NAV] ^ 0x1234;
        in.f = (i & 1) ? F_ALL : 0;
        run(stub, &in, AV[i], 0x4444, 0);
    }
}

int main(void) {
    harness_init();
    pair_sweep("xchg_q", "op=87 reg=1 rm=3 w", "bcf", s_xchg_q, RB, AV, NAV, RC, AV, 4, 0);
    pair_sweep("xchg_l", "op=87 reg=1 rm=3", "bcf", s_xchg_l, RB, AV, NAV, RC, AV, 4, 0);
    pair_sweep("xchg_w", "op=87 reg=1 rm=3 66", "bcf", s_xchg_w, RB, AV, NAV, RC, AV, 4, 0);
    pair_sweep("xchg_ah_cl", "op=86 reg=4 rm=1", "acf", s_xchg_ah_cl, RA, AV, NAV, RC, AV + 8, 4, 0);
    xchg_mem("xchg_ml", "op=87 reg=1 mem", s_xchg_ml);
    xchg_mem("xchg_mb_ch", "op=86 reg=5 mem", s_xchg_mb);
    pair_sweep("xchg_rax_rcx", "op=91 rm=1 w", "acf", s_xchg_rax_rcx, RA, AV, NAV, RC, AV + 8, 4, 0);
    pair_sweep("xchg_eax_ecx", "op=91 rm=1", "acf", s_xchg_eax_ecx, RA, AV, NAV, RC, AV + 8, 4, 0);
    pair_sweep("xchg_ax_bx", "op=93 rm=3 66", "abf", s_xchg_ax_bx, RA, AV, NAV, RB, AV + 8, 4, 0);
    cmpxchg_reg("cmpxchg_b", "op=1b0 reg=1 rm=3", s_cmpxchg_b);
    cmpxchg_reg("cmpxchg_w", "op=1b1 reg=1 rm=3 66", s_cmpxchg_w);
    cmpxchg_reg("cmpxchg_l", "op=1b1 reg=1 rm=3", s_cmpxchg_l);
    cmpxchg_reg("cmpxchg_q", "op=1b1 reg=1 rm=3 w", s_cmpxchg_q);
    cmpxchg_reg("cmpxchg_eax_dest", "op=1b1 reg=1 rm=0", s_cmpxchg_eax);
    cmpxchg_mem("lock_cmpxchg_mq", "op=1b1 reg=1 mem w lock", s_cmpxchg_mq);
    cmpxchg_mem("cmpxchg_ml", "op=1b1 reg=1 mem", s_cmpxchg_ml);
    cmpxchg_mem("lock_cmpxchg_mb_ch", "op=1b0 reg=5 mem lock", s_cmpxchg_mb);
    cx_case("lock_cmpxchg8b", "op=1c7 reg=1 mem lock", s_cx8b, 0, 0);
    cx_case("cmpxchg8b_unaligned", "op=1c7 reg=1 mem lock", s_cx8b, 0, 8);
    cx_case("lock_cmpxchg16b", "op=1c7 reg=1 mem lock w", s_cx16b, 1, 0);
    cx_case("cmpxchg16b_misaligned_gp", "op=1c7 reg=1 mem lock w", s_cx16b, 1, 8);
    pair_case("xadd_l", "op=1c1 reg=1 rm=3", "bcf", s_xadd_l, RB, RC, 0);
    pair_case("xadd_q", "op=1c1 reg=1 rm=3 w", "bcf", s_xadd_q, RB, RC, 0);
    pair_case("xadd_b_ch", "op=1c0 reg=5 rm=3", "bcf", s_xadd_b, RB, RC, 0);
    pair_case("xadd_w", "op=1c1 reg=1 rm=3 66", "bcf", s_xadd_w, RB, RC, 0);
    unary_case("xadd_same_reg", "op=1c1 reg=0 rm=0 w", "af", s_xadd_same, RA, 0);
    xadd_mem("lock_xadd_mq", "op=1c1 reg=1 mem w lock", s_xadd_mq);
    xadd_mem("xadd_mw", "op=1c1 reg=1 mem 66", s_xadd_mw);
    pair_sweep("lock_xchg_reg_is_ud", "op=87 reg=1 rm=3 w lock", "bcf", s_lock_xchg_reg, RB, AV, 2, RC, AV, 2, 0);
    cmpxchg_reg("lock_cmpxchg_reg_is_ud", "op=1b1 reg=1 rm=3 w lock", s_lock_cmpxchg_reg);
    random_case("ud_cmpxchg8b_reg", "op=1c7 reg=1 rm=1", "abcdf", s_ud_cx8b_reg, RA, RC, RD, 1, 0);
    random_case("xadd_random_q", "op=1c1 reg=1 rm=3 w", "bcf", s_xadd_q, RB, RC, -1, 100, 0);
    random_case("cmpxchg_random_l", "op=1b1 reg=1 rm=3", "abcf", s_cmpxchg_l, RA, RB, RC, 100, 0);
    return 0;
}
