/* Shifts, rotates and SHLD/SHRD on real hardware; see harness.h for the output format. */
#include "harness.h"

#define SIZES(mn, d, b)                                                           \
    STUB(mn##_b, #mn "b %cl,%al") STUB(mn##_h, #mn "b %cl,%ah")                  \
    STUB(mn##_w, #mn "w %cl,%ax") STUB(mn##_l, #mn "l %cl,%eax")                 \
    STUB(mn##_q, #mn "q %cl,%rax") STUB(mn##_mb, #mn "b %cl,(%rsi)")             \
    STUB(mn##_mq, #mn "q %cl,(%rsi)") STUB(mn##_1l, #mn "l $1,%ebx")             \
    STUB(mn##_1b, #mn "b $1,%bl") STUB(mn##_1q, #mn "q $1,%rbx")                 \
    STUB(mn##_il, #mn "l $7,%edx") STUB(mn##_iw, #mn "w $20,%dx")                \
    STUB(mn##_iq, #mn "q $33,%rdx") STUB(mn##_ib, #mn "b $9,%dl")
SIZES(rol, 0, 0)
SIZES(ror, 1, 0)
SIZES(rcl, 2, 0)
SIZES(rcr, 3, 0)
SIZES(shl, 4, 0)
SIZES(shr, 5, 0)
SIZES(sar, 7, 0)
/* /6 (SAL's second encoding, an alias of /4) spelled in bytes: d3 f0 = shl eax,cl ; 48 d3 f0 ; d2 f0 */
STUB(sal6_l, ".byte 0xd3,0xf0")
STUB(sal6_q, ".byte 0x48,0xd3,0xf0")
STUB(sal6_b, ".byte 0xd2,0xf0")

STUB(shld_w, "shldw %cl,%bx,%ax") STUB(shld_l, "shldl %cl,%ebx,%eax") STUB(shld_q, "shldq %cl,%rbx,%rax")
STUB(shrd_w, "shrdw %cl,%bx,%ax") STUB(shrd_l, "shrdl %cl,%ebx,%eax") STUB(shrd_q, "shrdq %cl,%rbx,%rax")
STUB(shld_mq, "shldq %cl,%rbx,(%rsi)") STUB(shrd_ml, "shrdl %cl,%ebx,(%rsi)")
STUB(shld_il, "shldl $5,%ebx,%eax") STUB(shrd_iq, "shrdq $60,%rbx,%rax") STUB(shld_iw, "shldw $1,%bx,%ax")

STUB(lock_shl_m, ".byte 0xf0,0xd3,0x26") /* lock shl dword [rsi], cl: #UD */

enum { ROL, ROR, RCL, RCR, SHL, SHR, SAL6, SAR };

/* The flags the SDM leaves undefined for a group-2 operation (vol. 2, SAL/SAR/SHL/SHR, RCL/RCR/ROL/ROR). */
static uint64_t undef2(int digit, int bits, uint64_t count) {
    unsigned cnt = count & (bits == 64 ? 63 : 31);
    if (cnt == 0) {
        return 0;
    }
    uint64_t u = cnt == 1 ? 0 : OF;
    if (digit >= SHL) {
        u |= AF;
        if (digit != SAR && cnt >= (unsigned) bits) {
            u |= CF;
        }
    }
    return u;
}

static const uint64_t COUNTS[] = {0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 0xff, 0x120};
#define NCOUNTS (sizeof COUNTS / sizeof COUNTS[0])
static const uint64_t SV[] = {0, 1, 0x80, 0x8000000000000001ULL, 0x7fffffffffffffffULL,
                              0x123456789abcdef0ULL, 0xfedcba9876543281ULL, 0xffffffffffffffffULL, 0x4000c001};
#define NSV (sizeof SV / sizeof SV[0])

/* CL forms: register operand in RAX (or AH), count in RCX. */
static void cl_case(const char *name, void (*stub)(void), int digit, const char *desc, int bits) {
    begin_case(name, desc, "acf");
    int k = 0;
    for (unsigned i = 0; i < NSV; i++) {
        for (unsigned j = 0; j < NCOUNTS; j++, k++) {
            Regs in = {0};
            in.r[0] = SV[i];
            in.r[2] = COUNTS[j];
            in.f = (k & 1) ? F_ALL : ((k & 2) ? CF : 0);
            run(stub, &in, 0, 0, undef2(digit, bits, COUNTS[j]));
        }
    }
}

static void mem_case(const char *name, void (*stub)(void), int digit, const char *desc, int bits) {
    begin_case(name, desc, "cSfm");
    int k = 0;
    for (unsigned i = 0; i < NSV; i++) {
        for (unsigned j = 0; j < NCOUNTS; j += 3, k++) {
            Regs in = {0};
            in.r[2] = COUNTS[j];
            in.f = (k & 1) ? F_ALL : 0;
            run(stub, &in, SV[i], ~SV[i], undef2(digit, bits, COUNTS[j]));
        }
    }
}

/* Fixed-count forms: the operand in register `reg` (1 = RBX, 3 = RDX), every value, both flag inputs. */
static void fixed_case(const char *name, void (*stub)(void), int digit, const char *desc, int bits, int reg,
                       uint64_t count) {
    begin_case(name, desc, reg == 1 ? "bf" : "df");
    for (unsigned i = 0; i < NVALS; i++) {
        for (int f = 0; f < 2; f++) {
            Regs in = {0};
            in.r[reg] = VALS[i];
            in.f = f ? F_ALL : 0;
            run(stub, &in, 0, 0, undef2(digit, bits, count));
        }
    }
}

struct group2 {
    const char *mn;
    int digit;
    void (*s[14])(void);
};

#define G(mn, d)                                                                                            \
    {#mn, d, {s_##mn##_b, s_##mn##_h, s_##mn##_w, s_##mn##_l, s_##mn##_q, s_##mn##_mb, s_##mn##_mq,        \
              s_##mn##_1l, s_##mn##_1b, s_##mn##_1q, s_##mn##_il, s_##mn##_iw, s_##mn##_iq, s_##mn##_ib}}

static const struct group2 G2[] = {G(rol, ROL), G(ror, ROR), G(rcl, RCL), G(rcr, RCR),
                                   G(shl, SHL), G(shr, SHR), G(sar, SAR)};

static void group2_cases(const struct group2 *g) {
    char name[64], desc[96];
    int d = g->digit;
#define NAME(sfx) snprintf(name, sizeof name, "%s_%s", g->mn, sfx)
#define DESC(...) snprintf(desc, sizeof desc, __VA_ARGS__)
    NAME("cl_b"); DESC("op=d2 reg=%d rm=0", d); cl_case(name, g->s[0], d, desc, 8);
    NAME("cl_ah"); DESC("op=d2 reg=%d rm=4", d);
    begin_case(name, desc, "acf");
    for (unsigned j = 0; j < NCOUNTS; j++) {
        Regs in = {0};
        in.r[0] = 0x1234abcd5a96ULL + (j << 8);
        in.r[2] = COUNTS[j];
        in.f = (j & 1) ? F_ALL : CF;
        run(g->s[1], &in, 0, 0, undef2(d, 8, COUNTS[j]));
    }
    NAME("cl_w"); DESC("op=d3 reg=%d rm=0 66", d); cl_case(name, g->s[2], d, desc, 16);
    NAME("cl_l"); DESC("op=d3 reg=%d rm=0", d); cl_case(name, g->s[3], d, desc, 32);
    NAME("cl_q"); DESC("op=d3 reg=%d rm=0 w", d); cl_case(name, g->s[4], d, desc, 64);
    NAME("cl_mb"); DESC("op=d2 reg=%d mem", d); mem_case(name, g->s[5], d, desc, 8);
    NAME("cl_mq"); DESC("op=d3 reg=%d mem w", d); mem_case(name, g->s[6], d, desc, 64);
    NAME("one_l"); DESC("op=d1 reg=%d rm=3", d); fixed_case(name, g->s[7], d, desc, 32, 1, 1);
    NAME("one_b"); DESC("op=d0 reg=%d rm=3", d); fixed_case(name, g->s[8], d, desc, 8, 1, 1);
    NAME("one_q"); DESC("op=d1 reg=%d rm=3 w", d); fixed_case(name, g->s[9], d, desc, 64, 1, 1);
    NAME("imm7_l"); DESC("op=c1 reg=%d rm=2 imm=7", d); fixed_case(name, g->s[10], d, desc, 32, 3, 7);
    NAME("imm20_w"); DESC("op=c1 reg=%d rm=2 imm=14 66", d); fixed_case(name, g->s[11], d, desc, 16, 3, 20);
    NAME("imm33_q"); DESC("op=c1 reg=%d rm=2 imm=21 w", d); fixed_case(name, g->s[12], d, desc, 64, 3, 33);
    NAME("imm9_b"); DESC("op=c0 reg=%d rm=2 imm=9", d); fixed_case(name, g->s[13], d, desc, 8, 3, 9);
}

/* SHLD/SHRD: AF undefined, OF undefined unless the count is 1; a count above 16 on a word is all undefined. */
static uint64_t undef_shxd(int bits, uint64_t count) {
    unsigned cnt = count & (bits == 64 ? 63 : 31);
    if (cnt == 0) {
        return 0;
    }
    return AF | (cnt == 1 ? 0 : OF);
}

static void shxd_case(const char *name, void (*stub)(void), const char *desc, int bits, int mem) {
    begin_case(name, desc, mem ? "bcSfm" : "abcf");
    int k = 0;
    for (unsigned i = 0; i < NSV; i++) {
        for (unsigned j = 0; j < NCOUNTS; j++, k++) {
            unsigned cnt = COUNTS[j] & (bits == 64 ? 63 : 31);
            /* a word shifted by more than 16: result and flags undefined (SDM); the result is
               compared anyway, as AMD Zen computes it, and every flag is masked */
            Regs in = {0};
            in.r[0] = SV[i];
            in.r[1] = SV[(i + 3) % NSV] ^ 0x0f0f;
            in.r[2] = COUNTS[j];
            in.f = (k & 1) ? F_ALL : 0;
            run(stub, &in, SV[i], 0x1122334455667788ULL,
                bits == 16 && cnt > 16 ? F_ALL : undef_shxd(bits, COUNTS[j]));
        }
    }
}

static void shxd_imm(const char *name, void (*stub)(void), const char *desc, int bits, uint64_t count) {
    begin_case(name, desc, "abf");
    for (unsigned i = 0; i < NVALS; i++) {
        Regs in = {0};
        in.r[0] = VALS[i];
        in.r[1] = VALS[(i + 5) % NVALS];
        in.f = (i & 1) ? F_ALL : 0;
        run(stub, &in, 0, 0, undef_shxd(bits, count));
    }
}

STUB(m_shl_imm_q, "shlq $3,(%rsi)") STUB(m_rol_imm_w, "rolw $5,(%rsi)") STUB(m_sar1_b, "sarb $1,(%rsi)")
STUB(m_rcr1_l, "rcrl $1,(%rsi)") STUB(m_shld_imm_l, "shldl $7,%ebx,(%rsi)") STUB(m_shrd_cl_w, "shrdw %cl,%bx,(%rsi)")
STUB(m_ror_cl_disp, "rorq %cl,8(%rsi)")

int main(void) {
    harness_init();
    for (unsigned i = 0; i < sizeof G2 / sizeof G2[0]; i++) {
        group2_cases(&G2[i]);
    }
    cl_case("sal6_cl_l", s_sal6_l, SHL, "op=d3 reg=6 rm=0", 32);
    cl_case("sal6_cl_q", s_sal6_q, SHL, "op=d3 reg=6 rm=0 w", 64);
    cl_case("sal6_cl_b", s_sal6_b, SHL, "op=d2 reg=6 rm=0", 8);
    shxd_case("shld_cl_w", s_shld_w, "op=1a5 reg=3 rm=0 66", 16, 0);
    shxd_case("shld_cl_l", s_shld_l, "op=1a5 reg=3 rm=0", 32, 0);
    shxd_case("shld_cl_q", s_shld_q, "op=1a5 reg=3 rm=0 w", 64, 0);
    shxd_case("shrd_cl_w", s_shrd_w, "op=1ad reg=3 rm=0 66", 16, 0);
    shxd_case("shrd_cl_l", s_shrd_l, "op=1ad reg=3 rm=0", 32, 0);
    shxd_case("shrd_cl_q", s_shrd_q, "op=1ad reg=3 rm=0 w", 64, 0);
    shxd_case("shld_cl_mq", s_shld_mq, "op=1a5 reg=3 mem w", 64, 1);
    shxd_case("shrd_cl_ml", s_shrd_ml, "op=1ad reg=3 mem", 32, 1);
    shxd_imm("shld_imm5_l", s_shld_il, "op=1a4 reg=3 rm=0 imm=5", 32, 5);
    shxd_imm("shrd_imm60_q", s_shrd_iq, "op=1ac reg=3 rm=0 imm=3c w", 64, 60);
    shxd_imm("shld_imm1_w", s_shld_iw, "op=1a4 reg=3 rm=0 imm=1 66", 16, 1);
    /* random values and counts through every digit and size (CL forms) */
    for (unsigned g = 0; g < sizeof G2 / sizeof G2[0]; g++) {
        static const int SZ[4] = {8, 16, 32, 64};
        for (int z = 0; z < 4; z++) {
            char name[64], desc[96];
            int d = G2[g].digit;
            snprintf(name, sizeof name, "%s_cl_random%d", G2[g].mn, SZ[z]);
            snprintf(desc, sizeof desc, "op=%s reg=%d rm=0%s", z == 0 ? "d2" : "d3", d,
                     z == 1 ? " 66" : z == 3 ? " w" : "");
            void (*stub)(void) = G2[g].s[z == 0 ? 0 : z + 1];
            begin_case(name, desc, "acf");
            for (int i = 0; i < 50; i++) {
                Regs in = {0};
                in.r[0] = rnd_sized();
                in.r[2] = rnd() & 0xff;
                in.f = rnd() & F_ALL;
                run(stub, &in, 0, 0, undef2(d, SZ[z], in.r[2]));
            }
        }
    }
    begin_case("lock_shl_mem_is_ud", "op=d3 reg=4 mem lock", "cSfm");
    Regs in = {0};
    in.r[2] = 3;
    run(s_lock_shl_m, &in, 5, 6, 0);
    random_mem_case("shl_imm3_mq", "op=c1 reg=4 mem imm=3 w", "cSfm", s_m_shl_imm_q, 40, AF | OF);
    random_mem_case("rol_imm5_mw", "op=c1 reg=0 mem imm=5 66", "cSfm", s_m_rol_imm_w, 40, OF);
    random_mem_case("sar1_mb", "op=d0 reg=7 mem", "cSfm", s_m_sar1_b, 40, AF);
    random_mem_case("rcr1_ml", "op=d1 reg=3 mem", "cSfm", s_m_rcr1_l, 40, 0);
    random_mem_case("shld_imm7_ml", "op=1a4 reg=3 mem imm=7", "bcSfm", s_m_shld_imm_l, 40, AF | OF);
    random_mem_case("ror_cl_mq_disp8", "op=d3 reg=1 mem disp=8 w", "cSfm", s_m_ror_cl_disp, 40, OF);
    return 0;
}
