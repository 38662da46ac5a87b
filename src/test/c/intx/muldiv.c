/* Group 3 (TEST NOT NEG MUL IMUL DIV IDIV) and the IMUL forms on real hardware; see harness.h. */
#include "harness.h"

enum { RA, RB, RC, RD, RS };

STUB(mul_b, "mulb %cl") STUB(mul_ah, "mulb %ah") STUB(mul_w, "mulw %cx") STUB(mul_l, "mull %ecx") STUB(mul_q, "mulq %rcx")
STUB(mul_mq, "mulq (%rsi)") STUB(mul_mb, "mulb (%rsi)")
STUB(imul1_b, "imulb %cl") STUB(imul1_w, "imulw %cx") STUB(imul1_l, "imull %ecx") STUB(imul1_q, "imulq %rcx")
STUB(imul1_mq, "imulq (%rsi)")
STUB(div_b, "divb %cl") STUB(div_w, "divw %cx") STUB(div_l, "divl %ecx") STUB(div_q, "divq %rcx") STUB(div_mq, "divq (%rsi)")
STUB(div_bh, "divb %bh")
STUB(idiv_b, "idivb %cl") STUB(idiv_w, "idivw %cx") STUB(idiv_l, "idivl %ecx") STUB(idiv_q, "idivq %rcx")
STUB(idiv_mq, "idivq (%rsi)")
STUB(imul2_w, "imulw %cx,%ax") STUB(imul2_l, "imull %ecx,%eax") STUB(imul2_q, "imulq %rcx,%rax") STUB(imul2_mq, "imulq (%rsi),%rax")
STUB(imul69_l, "imull $0x12345678,%ecx,%eax") STUB(imul69_q, "imulq $-100000,%rcx,%rax")
STUB(imul69_w, "imulw $0x8001,%cx,%ax")
STUB(imul6b_l, "imull $-3,%ecx,%eax") STUB(imul6b_w, "imulw $127,%cx,%ax") STUB(imul6b_q, "imulq $-128,%rcx,%rax")
STUB(test_l, "testl $0x80000001,%ecx") STUB(test_ch, "testb $0x81,%ch") STUB(test_q, "testq $-2,%rcx")
STUB(not_q, "notq %rcx") STUB(not_b, "notb %cl") STUB(neg_l, "negl %ecx") STUB(neg_b, "negb %cl") STUB(neg_q, "negq %rcx")
STUB(neg_w, "negw %cx") STUB(neg_mw, "negw (%rsi)") STUB(lock_neg_mq, "lock negq (%rsi)") STUB(lock_not_ml, "lock notl (%rsi)")
STUB(lock_mul, ".byte 0xf0\nmulq (%rsi)") STUB(lock_neg_reg, ".byte 0xf0\nnegq %rcx")

STUB(test1_cl, ".byte 0xf6,0xc9,0x81")                 /* F6 /1: the TEST alias */
STUB(test1_ecx, ".byte 0xf7,0xc9,0x01,0x00,0x00,0x80") /* F7 /1 */

#define MUL_UNDEF (SF | ZF | AF | PF)
#define DIV_UNDEF (CF | OF | SF | ZF | AF | PF)

static const uint64_t HI[] = {0, 1, 0x7f, 0x7fffffff, 0xffffffffffffffffULL, 0x8000000000000000ULL};
#define NHI (sizeof HI / sizeof HI[0])
static const uint64_t DV[] = {0, 1, 3, 0x80, 0xff, 0x80000000, 0xffffffff, 0x7fffffffffffffffULL,
                              0xffffffffffffffffULL, 0x8000000000000000ULL, 0x123456789abcdef0ULL};
#define NDV (sizeof DV / sizeof DV[0])

/* RDX:RAX (or AX) over HI x PV, divisor in RCX (or BH) over DV. */
static void div_case(const char *name, const char *desc, void (*stub)(void), int divReg) {
    begin_case(name, desc, divReg == RB ? "abdf" : "acdf");
    int k = 0;
    for (unsigned h = 0; h < NHI; h++) {
        for (unsigned i = 0; i < NPV; i += 2) {
            for (unsigned j = 0; j < NDV; j++, k++) {
                Regs in = {0};
                in.r[RD] = HI[h];
                in.r[RA] = PV[i] ^ (HI[h] << 8);
                in.r[divReg] = divReg == RB ? DV[j] << 8 : DV[j];
                in.f = (k & 1) ? F_ALL : 0;
                run(stub, &in, 0, 0, DIV_UNDEF);
            }
        }
    }
}

static void mem_case(const char *name, const char *desc, const char *regs, void (*stub)(void), uint64_t undef) {
    begin_case(name, desc, regs);
    int k = 0;
    for (unsigned i = 0; i < NPV; i++) {
        for (unsigned j = 0; j < NPV; j += 2, k++) {
            Regs in = {0};
            in.r[RA] = PV[j];
            in.r[RD] = j < 4 ? 0 : PV[(j * 7) % NPV] >> 2;
            in.f = (k & 1) ? F_ALL : 0;
            run(stub, &in, PV[i] | (i == 0 ? 0 : 1), 0x99, undef);
        }
    }
}

STUB(m_imul69_l, "imull $1000,(%rsi),%eax") STUB(m_imul6b_q, "imulq $-7,(%rsi),%rax") STUB(m_imul2_w, "imulw (%rsi),%ax")
STUB(m_idiv_b, "idivb (%rsi)") STUB(m_test_imm_l, "testl $0xff00ff00,(%rsi)") STUB(m_div_w_disp, "divw 6(%rsi)")

int main(void) {
    harness_init();
    pair_case("mul_b", "op=f6 reg=4 rm=1", "acf", s_mul_b, RA, RC, MUL_UNDEF);
    pair_case("mul_ah", "op=f6 reg=4 rm=4", "af", s_mul_ah, RA, RA, MUL_UNDEF);
    pair_case("mul_w", "op=f7 reg=4 rm=1 66", "acdf", s_mul_w, RA, RC, MUL_UNDEF);
    pair_case("mul_l", "op=f7 reg=4 rm=1", "acdf", s_mul_l, RA, RC, MUL_UNDEF);
    pair_case("mul_q", "op=f7 reg=4 rm=1 w", "acdf", s_mul_q, RA, RC, MUL_UNDEF);
    mem_case("mul_mq", "op=f7 reg=4 mem w", "adSfm", s_mul_mq, MUL_UNDEF);
    mem_case("mul_mb", "op=f6 reg=4 mem", "adSfm", s_mul_mb, MUL_UNDEF);
    pair_case("imul1_b", "op=f6 reg=5 rm=1", "acf", s_imul1_b, RA, RC, MUL_UNDEF);
    pair_case("imul1_w", "op=f7 reg=5 rm=1 66", "acdf", s_imul1_w, RA, RC, MUL_UNDEF);
    pair_case("imul1_l", "op=f7 reg=5 rm=1", "acdf", s_imul1_l, RA, RC, MUL_UNDEF);
    pair_case("imul1_q", "op=f7 reg=5 rm=1 w", "acdf", s_imul1_q, RA, RC, MUL_UNDEF);
    mem_case("imul1_mq", "op=f7 reg=5 mem w", "adSfm", s_imul1_mq, MUL_UNDEF);
    div_case("div_b", "op=f6 reg=6 rm=1", s_div_b, RC);
    div_case("div_bh", "op=f6 reg=6 rm=7", s_div_bh, RB);
    div_case("div_w", "op=f7 reg=6 rm=1 66", s_div_w, RC);
    div_case("div_l", "op=f7 reg=6 rm=1", s_div_l, RC);
    div_case("div_q", "op=f7 reg=6 rm=1 w", s_div_q, RC);
    mem_case("div_mq", "op=f7 reg=6 mem w", "adSfm", s_div_mq, DIV_UNDEF);
    div_case("idiv_b", "op=f6 reg=7 rm=1", s_idiv_b, RC);
    div_case("idiv_w", "op=f7 reg=7 rm=1 66", s_idiv_w, RC);
    div_case("idiv_l", "op=f7 reg=7 rm=1", s_idiv_l, RC);
    div_case("idiv_q", "op=f7 reg=7 rm=1 w", s_idiv_q, RC);
    mem_case("idiv_mq", "op=f7 reg=7 mem w", "adSfm", s_idiv_mq, DIV_UNDEF);
    pair_case("imul2_w", "op=1af reg=0 rm=1 66", "acf", s_imul2_w, RA, RC, MUL_UNDEF);
    pair_case("imul2_l", "op=1af reg=0 rm=1", "acf", s_imul2_l, RA, RC, MUL_UNDEF);
    pair_case("imul2_q", "op=1af reg=0 rm=1 w", "acf", s_imul2_q, RA, RC, MUL_UNDEF);
    mem_case("imul2_mq", "op=1af reg=0 mem w", "aSfm", s_imul2_mq, MUL_UNDEF);
    unary_case("imul69_l", "op=69 reg=0 rm=1 imm=12345678", "acf", s_imul69_l, RC, MUL_UNDEF);
    unary_case("imul69_q", "op=69 reg=0 rm=1 imm=-186a0 w", "acf", s_imul69_q, RC, MUL_UNDEF);
    unary_case("imul69_w", "op=69 reg=0 rm=1 imm=-7fff 66", "acf", s_imul69_w, RC, MUL_UNDEF);
    unary_case("imul6b_l", "op=6b reg=0 rm=1 imm=-3", "acf", s_imul6b_l, RC, MUL_UNDEF);
    unary_case("imul6b_w", "op=6b reg=0 rm=1 imm=7f 66", "acf", s_imul6b_w, RC, MUL_UNDEF);
    unary_case("imul6b_q", "op=6b reg=0 rm=1 imm=-80 w", "acf", s_imul6b_q, RC, MUL_UNDEF);
    unary_case("test_l", "op=f7 reg=0 rm=1 imm=-7fffffff", "cf", s_test_l, RC, AF);
    unary_case("test_ch", "op=f6 reg=0 rm=5 imm=-7f", "cf", s_test_ch, RC, AF);
    unary_case("test_q", "op=f7 reg=0 rm=1 imm=-2 w", "cf", s_test_q, RC, AF);
    unary_case("not_q", "op=f7 reg=2 rm=1 w", "cf", s_not_q, RC, 0);
    unary_case("not_b", "op=f6 reg=2 rm=1", "cf", s_not_b, RC, 0);
    unary_case("neg_l", "op=f7 reg=3 rm=1", "cf", s_neg_l, RC, 0);
    unary_case("neg_b", "op=f6 reg=3 rm=1", "cf", s_neg_b, RC, 0);
    unary_case("neg_q", "op=f7 reg=3 rm=1 w", "cf", s_neg_q, RC, 0);
    unary_case("neg_w", "op=f7 reg=3 rm=1 66", "cf", s_neg_w, RC, 0);
    mem_case("neg_mw", "op=f7 reg=3 mem 66", "Sfm", s_neg_mw, 0);
    mem_case("lock_neg_mq", "op=f7 reg=3 mem w lock", "Sfm", s_lock_neg_mq, 0);
    mem_case("lock_not_ml", "op=f7 reg=2 mem lock", "Sfm", s_lock_not_ml, 0);
    mem_case("lock_mul_is_ud", "op=f7 reg=4 mem w lock", "adSfm", s_lock_mul, 0);
    unary_case("lock_neg_reg_is_ud", "op=f7 reg=3 rm=1 w lock", "cf", s_lock_neg_reg, RC, 0);
    unary_case("test_alias_f6_1", "op=f6 reg=1 rm=1 imm=-7f", "cf", s_test1_cl, RC, AF);
    unary_case("test_alias_f7_1", "op=f7 reg=1 rm=1 imm=-7fffffff", "cf", s_test1_ecx, RC, AF);
    random_case("mul_random_q", "op=f7 reg=4 rm=1 w", "acdf", s_mul_q, RA, RC, -1, 100, MUL_UNDEF);
    random_case("imul1_random_q", "op=f7 reg=5 rm=1 w", "acdf", s_imul1_q, RA, RC, -1, 100, MUL_UNDEF);
    random_case("imul2_random_q", "op=1af reg=0 rm=1 w", "acf", s_imul2_q, RA, RC, -1, 100, MUL_UNDEF);
    random_case("imul1_random_l", "op=f7 reg=5 rm=1", "acdf", s_imul1_l, RA, RC, -1, 100, MUL_UNDEF);
    /* 128/64 division: RDX reduced below the divisor most of the time so that most vectors do not #DE */
    static const char *DN[2] = {"div_random_q", "idiv_random_q"};
    static const char *DD[2] = {"op=f7 reg=6 rm=1 w", "op=f7 reg=7 rm=1 w"};
    void (*DS[2])(void) = {s_div_q, s_idiv_q};
    for (int kind = 0; kind < 2; kind++) {
        begin_case(DN[kind], DD[kind], "acdf");
        for (int i = 0; i < 200; i++) {
            Regs in = {0};
            in.r[RC] = rnd_sized() | 1;
            in.r[RA] = rnd();
            uint64_t hi = rnd();
            if (kind == 0) {
                hi = (i % 10) ? hi % in.r[RC] : hi;
            } else {
                uint64_t m = (in.r[RC] >> 1) & 0x7fffffffffffffffULL;
                hi = (i % 10) ? (m ? hi % m : 0) : hi;
                if (rnd() & 1) {
                    hi = ~hi; /* negative dividend */
                }
            }
            in.r[RD] = hi;
            in.f = rnd() & F_ALL;
            run(DS[kind], &in, 0, 0, DIV_UNDEF);
        }
    }
    /* 128/64 boundaries: the largest quotients that fit, the first that do not, INT_MIN cases */
    static const uint64_t EDGE[][3] = {
        /* rdx, rax, divisor */
        {0x7ffffffffffffffeULL, 0xffffffffffffffffULL, 0x7fffffffffffffffULL},
        {0x7fffffffffffffffULL, 0xffffffffffffffffULL, 0x8000000000000000ULL},
        {0xfffffffffffffffeULL, 0xffffffffffffffffULL, 0xffffffffffffffffULL},
        {0x8000000000000000ULL, 0, 0xffffffffffffffffULL},
        {0xffffffffffffffffULL, 0x8000000000000000ULL, 0xffffffffffffffffULL},
        {0xffffffffffffffffULL, 0x8000000000000000ULL, 1},
        {0xffffffffffffffffULL, 0x8000000000000001ULL, 0xffffffffffffffffULL},
        {0xc000000000000000ULL, 0, 0x8000000000000000ULL},
        {0x3fffffffffffffffULL, 0xffffffffffffffffULL, 0x8000000000000000ULL},
        {0x4000000000000000ULL, 0, 0x8000000000000000ULL},
        {0x3fffffffffffffffULL, 0xffffffffffffffffULL, 0x7fffffffffffffffULL},
        {0xc000000000000000ULL, 0x0000000000000001ULL, 0x7fffffffffffffffULL},
        {0, 0x8000000000000000ULL, 0xffffffffffffffffULL},
        {0xffffffffffffffffULL, 0xffffffffffffffffULL, 2},
        {1, 0, 2},
        {0xffffffffffffffffULL, 0, 2},
    };
    for (int kind = 0; kind < 2; kind++) {
        begin_case(kind ? "idiv_edges_q" : "div_edges_q", DD[kind], "acdf");
        for (unsigned i = 0; i < sizeof EDGE / sizeof EDGE[0]; i++) {
            Regs in = {0};
            in.r[RD] = EDGE[i][0];
            in.r[RA] = EDGE[i][1];
            in.r[RC] = EDGE[i][2];
            run(DS[kind], &in, 0, 0, DIV_UNDEF);
        }
    }
    random_mem_case("imul69_ml", "op=69 reg=0 mem imm=3e8", "aSfm", s_m_imul69_l, 40, MUL_UNDEF);
    random_mem_case("imul6b_mq", "op=6b reg=0 mem imm=-7 w", "aSfm", s_m_imul6b_q, 40, MUL_UNDEF);
    random_mem_case("imul2_mw", "op=1af reg=0 mem 66", "aSfm", s_m_imul2_w, 40, MUL_UNDEF);
    random_mem_case("idiv_mb", "op=f6 reg=7 mem", "aSfm", s_m_idiv_b, 40, DIV_UNDEF);
    random_mem_case("test_imm_ml", "op=f7 reg=0 mem imm=-ff0100", "Sfm", s_m_test_imm_l, 40, AF);
    random_mem_case("div_mw_disp6", "op=f7 reg=6 mem disp=6 66", "adSfm", s_m_div_w_disp, 40, DIV_UNDEF);
    return 0;
}
