/* Bit tests, scans, counts, BMI1/BMI2 and CRC32 on real hardware; see harness.h. */
#include "harness.h"

enum { RA, RB, RC, RD, RS };

STUB(bt_l, "btl %ecx,%eax") STUB(bts_l, "btsl %ecx,%eax") STUB(btr_q, "btrq %rcx,%rax") STUB(btc_w, "btcw %cx,%ax")
STUB(bt_q, "btq %rcx,%rax") STUB(btc_q, "btcq %rcx,%rax")
STUB(bt_mq, "btq %rcx,(%rsi)") STUB(bts_ml, "btsl %ecx,(%rsi)") STUB(btr_mw, "btrw %cx,(%rsi)")
STUB(btc_mq, "lock btcq %rcx,(%rsi)")
STUB(bt_i_l, "btl $35,%eax") STUB(bts_i_q, "btsq $63,%rax") STUB(btr_i_w, "btrw $17,%ax") STUB(btc_i_mq, "btcq $70,(%rsi)")
STUB(bsf_l, "bsfl %ecx,%eax") STUB(bsf_q, "bsfq %rcx,%rax") STUB(bsf_w, "bsfw %cx,%ax")
STUB(bsr_l, "bsrl %ecx,%eax") STUB(bsr_q, "bsrq %rcx,%rax") STUB(bsr_w, "bsrw %cx,%ax") STUB(bsf_mq, "bsfq (%rsi),%rax")
STUB(tzcnt_l, "tzcntl %ecx,%eax") STUB(tzcnt_q, "tzcntq %rcx,%rax") STUB(tzcnt_w, "tzcntw %cx,%ax")
STUB(lzcnt_l, "lzcntl %ecx,%eax") STUB(lzcnt_q, "lzcntq %rcx,%rax") STUB(lzcnt_w, "lzcntw %cx,%ax")
STUB(popcnt_l, "popcntl %ecx,%eax") STUB(popcnt_q, "popcntq %rcx,%rax") STUB(popcnt_w, "popcntw %cx,%ax")
STUB(popcnt_mq, "popcntq (%rsi),%rax")
STUB(andn_q, "andnq %rcx,%rbx,%rax") STUB(andn_l, "andnl %ecx,%ebx,%eax")
STUB(bextr_q, "bextrq %rbx,%rcx,%rax") STUB(bextr_l, "bextrl %ebx,%ecx,%eax") STUB(bextr_mq, "bextrq %rbx,(%rsi),%rax")
STUB(blsi_q, "blsiq %rcx,%rax") STUB(blsi_l, "blsil %ecx,%eax")
STUB(blsmsk_q, "blsmskq %rcx,%rax") STUB(blsmsk_l, "blsmskl %ecx,%eax")
STUB(blsr_q, "blsrq %rcx,%rax") STUB(blsr_l, "blsrl %ecx,%eax")
STUB(bzhi_q, "bzhiq %rbx,%rcx,%rax") STUB(bzhi_l, "bzhil %ebx,%ecx,%eax")
STUB(pdep_q, "pdepq %rcx,%rbx,%rax") STUB(pdep_l, "pdepl %ecx,%ebx,%eax")
STUB(pext_q, "pextq %rcx,%rbx,%rax") STUB(pext_l, "pextl %ecx,%ebx,%eax") STUB(pext_mq, "pextq (%rsi),%rbx,%rax")
STUB(mulx_q, "mulxq %rcx,%rbx,%rax") STUB(mulx_l, "mulxl %ecx,%ebx,%eax") STUB(mulx_same, "mulxq %rcx,%rax,%rax")
STUB(rorx_q, "rorxq $13,%rcx,%rax") STUB(rorx_l, "rorxl $37,%ecx,%eax") STUB(rorx_q0, "rorxq $0,%rcx,%rax")
STUB(sarx_q, "sarxq %rbx,%rcx,%rax") STUB(sarx_l, "sarxl %ebx,%ecx,%eax")
STUB(shlx_q, "shlxq %rbx,%rcx,%rax") STUB(shlx_l, "shlxl %ebx,%ecx,%eax")
STUB(shrx_q, "shrxq %rbx,%rcx,%rax") STUB(shrx_l, "shrxl %ebx,%ecx,%eax")
STUB(crc32_b, "crc32b %cl,%eax") STUB(crc32_ch, "crc32b %ch,%eax") STUB(crc32_w, "crc32w %cx,%eax")
STUB(crc32_l, "crc32l %ecx,%eax") STUB(crc32_q, "crc32q %rcx,%rax") STUB(crc32_mq, "crc32q (%rsi),%rax")
STUB(adcx_q, "adcxq %rcx,%rax") STUB(adcx_l, "adcxl %ecx,%eax") STUB(adox_q, "adoxq %rcx,%rax") STUB(adox_l, "adoxl %ecx,%eax")

STUB(ud_ba2, ".byte 0x0f,0xba,0xd0,0x05")          /* 0F BA /2: #UD */
STUB(ud_blsr_l1, ".byte 0xc4,0xe2,0xfc,0xf3,0xc9")  /* BLSR with VEX.L=1: #UD */
STUB(ud_grp17_0, ".byte 0xc4,0xe2,0xf8,0xf3,0xc1")  /* VEX 0F38 F3 /0: #UD */
STUB(ud_lock_bt, ".byte 0xf0,0x0f,0xa3,0x0e")       /* lock bt [rsi], ecx: #UD */
STUB(ud_rorx_vvvv, ".byte 0xc4,0xe3,0xf3,0xf0,0xc1,0x0d") /* RORX with VEX.vvvv != 1111b: #UD */
STUB(tzcnt_f2, ".byte 0xf2,0x48,0x0f,0xbc,0xc1")          /* F2 is ignored: BSF rax, rcx */
STUB(ud_lock_bts_reg, ".byte 0xf0,0x0f,0xab,0xc8")  /* lock bts eax, ecx: #UD */

static const uint64_t OFFS[] = {0, 1, 5, 15, 16, 31, 32, 33, 63, 64, 100, 0xffffffffffffffffULL, 0x80000001, 0xffff};
#define NOFFS (sizeof OFFS / sizeof OFFS[0])
/* signed bit offsets from the middle of the buffer (RSI = 64): stays inside the 128 bytes */
static const uint64_t MOFFS[] = {0, 1, 63, 64, 65, 200, 511, -1ULL, -2ULL, -64ULL, -65ULL, -300ULL, -512ULL};
#define NMOFFS (sizeof MOFFS / sizeof MOFFS[0])
static const uint64_t CTL[] = {0, 0x0800, 0x0804, 0x2010, 0x4000, 0x3f01, 0xff00, 0x08ff, 0x2020, 0x4040,
                               0x1f01, 0x201f, 0xffffffffffff0810ULL, 0x0140, 0x0800000000000004ULL};
#define NCTL (sizeof CTL / sizeof CTL[0])
static const uint64_t IDX[] = {0, 1, 7, 8, 31, 32, 33, 63, 64, 65, 0xff, 0x1ff, 0xffffffffffffff10ULL, 0x120};
#define NIDX (sizeof IDX / sizeof IDX[0])

#define BT_UNDEF (OF | SF | AF | PF)

static void bt_mem(const char *name, const char *desc, void (*stub)(void)) {
    begin_case(name, desc, "cSfm");
    for (unsigned i = 0; i < NMOFFS; i++) {
        for (int f = 0; f < 2; f++) {
            Regs in = {0};
            in.r[RC] = MOFFS[i];
            in.r[4] = 64;
            in.f = f ? F_ALL : 0;
            run(stub, &in, 0x0123456789abcdefULL, 0xfedcba9876543210ULL, BT_UNDEF);
        }
    }
    /* an offset reaching past the guard page: a fault, nothing changed */
    Regs in = {0};
    in.r[RC] = 8 * 4096;
    in.r[4] = 64;
    run(stub, &in, 1, 2, BT_UNDEF);
}

static void imm_mem(const char *name, const char *desc, void (*stub)(void), uint64_t undef) {
    begin_case(name, desc, strstr(desc, "reg=0 mem") ? "aSfm" : "Sfm");
    for (unsigned i = 0; i < NPV; i++) {
        Regs in = {0};
        in.r[RA] = 0xa5a5a5a5a5a5a5a5ULL;
        in.f = (i & 1) ? F_ALL : 0;
        run(stub, &in, PV[i], ~PV[i], undef);
    }
}

static void src_mem(const char *name, const char *desc, const char *regs, void (*stub)(void), uint64_t undef) {
    begin_case(name, desc, regs);
    for (unsigned i = 0; i < NPV; i++) {
        for (unsigned j = 0; j < 3; j++) {
            Regs in = {0};
            in.r[RA] = 0xa5a5a5a5a5a5a5a5ULL;
            in.r[RB] = CTL[j * 3 + 1] | PV[(i + j) % NPV];
            in.f = (i & 1) ? F_ALL : 0;
            run(stub, &in, PV[i], 0x77, undef);
        }
    }
}

STUB(m_blsr_l, "blsrl (%rsi),%eax") STUB(m_mulx_q, "mulxq (%rsi),%rbx,%rax") STUB(m_sarx_q, "sarxq %rbx,(%rsi),%rax")
STUB(m_rorx_l, "rorxl $3,(%rsi),%eax") STUB(m_crc32_b, "crc32b (%rsi),%eax") STUB(m_adcx_q, "adcxq (%rsi),%rax")
STUB(m_lzcnt_w, "lzcntw (%rsi),%ax") STUB(m_andn_l, "andnl (%rsi),%ebx,%eax") STUB(m_bzhi_q, "bzhiq %rbx,(%rsi),%rax")
STUB(m_bts_imm_w, "btsw $13,(%rsi)") STUB(m_bsr_l, "bsrl (%rsi),%eax")

int main(void) {
    harness_init();
    pair_sweep("bt_l", "op=1a3 reg=1 rm=0", "acf", s_bt_l, RA, PV, NPV, RC, OFFS, NOFFS, BT_UNDEF);
    pair_sweep("bt_q", "op=1a3 reg=1 rm=0 w", "acf", s_bt_q, RA, PV, NPV, RC, OFFS, NOFFS, BT_UNDEF);
    pair_sweep("bts_l", "op=1ab reg=1 rm=0", "acf", s_bts_l, RA, PV, NPV, RC, OFFS, NOFFS, BT_UNDEF);
    pair_sweep("btr_q", "op=1b3 reg=1 rm=0 w", "acf", s_btr_q, RA, PV, NPV, RC, OFFS, NOFFS, BT_UNDEF);
    pair_sweep("btc_w", "op=1bb reg=1 rm=0 66", "acf", s_btc_w, RA, PV, NPV, RC, OFFS, NOFFS, BT_UNDEF);
    pair_sweep("btc_q", "op=1bb reg=1 rm=0 w", "acf", s_btc_q, RA, PV, NPV, RC, OFFS, NOFFS, BT_UNDEF);
    bt_mem("bt_mq", "op=1a3 reg=1 mem w", s_bt_mq);
    bt_mem("bts_ml", "op=1ab reg=1 mem", s_bts_ml);
    bt_mem("btr_mw", "op=1b3 reg=1 mem 66", s_btr_mw);
    bt_mem("lock_btc_mq", "op=1bb reg=1 mem w lock", s_btc_mq);
    unary_case("bt_imm35_l", "op=1ba reg=4 rm=0 imm=23", "af", s_bt_i_l, RA, BT_UNDEF);
    unary_case("bts_imm63_q", "op=1ba reg=5 rm=0 imm=3f w", "af", s_bts_i_q, RA, BT_UNDEF);
    unary_case("btr_imm17_w", "op=1ba reg=6 rm=0 imm=11 66", "af", s_btr_i_w, RA, BT_UNDEF);
    imm_mem("btc_imm70_mq", "op=1ba reg=7 mem imm=46 w", s_btc_i_mq, BT_UNDEF);

    const uint64_t SCAN = CF | OF | SF | AF | PF;
    unary_case("bsf_l", "op=1bc reg=0 rm=1", "acf", s_bsf_l, RC, SCAN);
    unary_case("bsf_q", "op=1bc reg=0 rm=1 w", "acf", s_bsf_q, RC, SCAN);
    unary_case("bsf_w", "op=1bc reg=0 rm=1 66", "acf", s_bsf_w, RC, SCAN);
    unary_case("bsr_l", "op=1bd reg=0 rm=1", "acf", s_bsr_l, RC, SCAN);
    unary_case("bsr_q", "op=1bd reg=0 rm=1 w", "acf", s_bsr_q, RC, SCAN);
    unary_case("bsr_w", "op=1bd reg=0 rm=1 66", "acf", s_bsr_w, RC, SCAN);
    imm_mem("bsf_mq", "op=1bc reg=0 mem w", s_bsf_mq, SCAN);
    const uint64_t CNT = OF | SF | AF | PF;
    unary_case("tzcnt_l", "op=1bc reg=0 rm=1 f3", "acf", s_tzcnt_l, RC, CNT);
    unary_case("tzcnt_q", "op=1bc reg=0 rm=1 f3 w", "acf", s_tzcnt_q, RC, CNT);
    unary_case("tzcnt_w", "op=1bc reg=0 rm=1 f3 66", "acf", s_tzcnt_w, RC, CNT);
    unary_case("lzcnt_l", "op=1bd reg=0 rm=1 f3", "acf", s_lzcnt_l, RC, CNT);
    unary_case("lzcnt_q", "op=1bd reg=0 rm=1 f3 w", "acf", s_lzcnt_q, RC, CNT);
    unary_case("lzcnt_w", "op=1bd reg=0 rm=1 f3 66", "acf", s_lzcnt_w, RC, CNT);
    unary_case("popcnt_l", "op=1b8 reg=0 rm=1 f3", "acf", s_popcnt_l, RC, 0);
    unary_case("popcnt_q", "op=1b8 reg=0 rm=1 f3 w", "acf", s_popcnt_q, RC, 0);
    unary_case("popcnt_w", "op=1b8 reg=0 rm=1 f3 66", "acf", s_popcnt_w, RC, 0);
    imm_mem("popcnt_mq", "op=1b8 reg=0 mem f3 w", s_popcnt_mq, 0);

    pair_case("andn_q", "op=2f2 vex vvvv=3 reg=0 rm=1 w", "abcf", s_andn_q, RB, RC, AF | PF);
    pair_case("andn_l", "op=2f2 vex vvvv=3 reg=0 rm=1", "abcf", s_andn_l, RB, RC, AF | PF);
    pair_sweep("bextr_q", "op=2f7 vex vvvv=3 reg=0 rm=1 w", "abcf", s_bextr_q, RC, PV, NPV, RB, CTL, NCTL, AF | SF | PF);
    pair_sweep("bextr_l", "op=2f7 vex vvvv=3 reg=0 rm=1", "abcf", s_bextr_l, RC, PV, NPV, RB, CTL, NCTL, AF | SF | PF);
    src_mem("bextr_mq", "op=2f7 vex vvvv=3 reg=0 mem w", "abSfm", s_bextr_mq, AF | SF | PF);
    unary_case("blsi_q", "op=2f3 vex vvvv=0 reg=3 rm=1 w", "acf", s_blsi_q, RC, AF | PF);
    unary_case("blsi_l", "op=2f3 vex vvvv=0 reg=3 rm=1", "acf", s_blsi_l, RC, AF | PF);
    unary_case("blsmsk_q", "op=2f3 vex vvvv=0 reg=2 rm=1 w", "acf", s_blsmsk_q, RC, AF | PF);
    unary_case("blsmsk_l", "op=2f3 vex vvvv=0 reg=2 rm=1", "acf", s_blsmsk_l, RC, AF | PF);
    unary_case("blsr_q", "op=2f3 vex vvvv=0 reg=1 rm=1 w", "acf", s_blsr_q, RC, AF | PF);
    unary_case("blsr_l", "op=2f3 vex vvvv=0 reg=1 rm=1", "acf", s_blsr_l, RC, AF | PF);
    pair_sweep("bzhi_q", "op=2f5 vex vvvv=3 reg=0 rm=1 w", "abcf", s_bzhi_q, RC, PV, NPV, RB, IDX, NIDX, AF | PF);
    pair_sweep("bzhi_l", "op=2f5 vex vvvv=3 reg=0 rm=1", "abcf", s_bzhi_l, RC, PV, NPV, RB, IDX, NIDX, AF | PF);
    pair_case("pdep_q", "op=2f5 vex f2 vvvv=3 reg=0 rm=1 w", "abcf", s_pdep_q, RB, RC, 0);
    pair_case("pdep_l", "op=2f5 vex f2 vvvv=3 reg=0 rm=1", "abcf", s_pdep_l, RB, RC, 0);
    pair_case("pext_q", "op=2f5 vex f3 vvvv=3 reg=0 rm=1 w", "abcf", s_pext_q, RB, RC, 0);
    pair_case("pext_l", "op=2f5 vex f3 vvvv=3 reg=0 rm=1", "abcf", s_pext_l, RB, RC, 0);
    src_mem("pext_mq", "op=2f5 vex f3 vvvv=3 reg=0 mem w", "abSfm", s_pext_mq, 0);
    pair_case("mulx_q", "op=2f6 vex f2 vvvv=3 reg=0 rm=1 w", "abcdf", s_mulx_q, RD, RC, 0);
    pair_case("mulx_l", "op=2f6 vex f2 vvvv=3 reg=0 rm=1", "abcdf", s_mulx_l, RD, RC, 0);
    pair_case("mulx_same_dest", "op=2f6 vex f2 vvvv=0 reg=0 rm=1 w", "acdf", s_mulx_same, RD, RC, 0);
    unary_case("rorx13_q", "op=3f0 vex f2 reg=0 rm=1 imm=d w", "acf", s_rorx_q, RC, 0);
    unary_case("rorx37_l", "op=3f0 vex f2 reg=0 rm=1 imm=25", "acf", s_rorx_l, RC, 0);
    unary_case("rorx0_q", "op=3f0 vex f2 reg=0 rm=1 imm=0 w", "acf", s_rorx_q0, RC, 0);
    pair_sweep("sarx_q", "op=2f7 vex f3 vvvv=3 reg=0 rm=1 w", "abcf", s_sarx_q, RC, PV, NPV, RB, IDX, NIDX, 0);
    pair_sweep("sarx_l", "op=2f7 vex f3 vvvv=3 reg=0 rm=1", "abcf", s_sarx_l, RC, PV, NPV, RB, IDX, NIDX, 0);
    pair_sweep("shlx_q", "op=2f7 vex 66 vvvv=3 reg=0 rm=1 w", "abcf", s_shlx_q, RC, PV, NPV, RB, IDX, NIDX, 0);
    pair_sweep("shlx_l", "op=2f7 vex 66 vvvv=3 reg=0 rm=1", "abcf", s_shlx_l, RC, PV, NPV, RB, IDX, NIDX, 0);
    pair_sweep("shrx_q", "op=2f7 vex f2 vvvv=3 reg=0 rm=1 w", "abcf", s_shrx_q, RC, PV, NPV, RB, IDX, NIDX, 0);
    pair_sweep("shrx_l", "op=2f7 vex f2 vvvv=3 reg=0 rm=1", "abcf", s_shrx_l, RC, PV, NPV, RB, IDX, NIDX, 0);

    pair_case("crc32_b", "op=2f0 f2 reg=0 rm=1", "acf", s_crc32_b, RA, RC, 0);
    pair_case("crc32_ch", "op=2f0 f2 reg=0 rm=5", "acf", s_crc32_ch, RA, RC, 0);
    pair_case("crc32_w", "op=2f1 f2 66 reg=0 rm=1", "acf", s_crc32_w, RA, RC, 0);
    pair_case("crc32_l", "op=2f1 f2 reg=0 rm=1", "acf", s_crc32_l, RA, RC, 0);
    pair_case("crc32_q", "op=2f1 f2 reg=0 rm=1 w", "acf", s_crc32_q, RA, RC, 0);
    src_mem("crc32_mq", "op=2f1 f2 reg=0 mem w", "aSfm", s_crc32_mq, 0);
    pair_case("adcx_q", "op=2f6 66 reg=0 rm=1 w", "acf", s_adcx_q, RA, RC, 0);
    pair_case("adcx_l", "op=2f6 66 reg=0 rm=1", "acf", s_adcx_l, RA, RC, 0);
    pair_case("adox_q", "op=2f6 f3 reg=0 rm=1 w", "acf", s_adox_q, RA, RC, 0);
    pair_case("adox_l", "op=2f6 f3 reg=0 rm=1", "acf", s_adox_l, RA, RC, 0);
    random_case("pdep_random_q", "op=2f5 vex f2 vvvv=3 reg=0 rm=1 w", "abcf", s_pdep_q, RB, RC, -1, 100, 0);
    random_case("pext_random_q", "op=2f5 vex f3 vvvv=3 reg=0 rm=1 w", "abcf", s_pext_q, RB, RC, -1, 100, 0);
    random_case("pdep_random_l", "op=2f5 vex f2 vvvv=3 reg=0 rm=1", "abcf", s_pdep_l, RB, RC, -1, 50, 0);
    random_case("pext_random_l", "op=2f5 vex f3 vvvv=3 reg=0 rm=1", "abcf", s_pext_l, RB, RC, -1, 50, 0);
    random_case("bextr_random_q", "op=2f7 vex vvvv=3 reg=0 rm=1 w", "abcf", s_bextr_q, RC, RB, -1, 100, AF | SF | PF);
    random_case("crc32_random_q", "op=2f1 f2 reg=0 rm=1 w", "acf", s_crc32_q, RA, RC, -1, 100, 0);
    random_case("mulx_random_q", "op=2f6 vex f2 vvvv=3 reg=0 rm=1 w", "abcdf", s_mulx_q, RD, RC, -1, 100, 0);
    random_case("bsr_random_q", "op=1bd reg=0 rm=1 w", "acf", s_bsr_q, RC, -1, -1, 50, SCAN);
    random_case("tzcnt_random_q", "op=1bc reg=0 rm=1 f3 w", "acf", s_tzcnt_q, RC, -1, -1, 50, CNT);
    random_case("ud_0fba_2", "op=1ba reg=2 rm=0 imm=5", "af", s_ud_ba2, RA, -1, -1, 1, 0);
    random_case("ud_blsr_vex_l1", "op=2f3 vex L vvvv=0 reg=1 rm=1 w", "acf", s_ud_blsr_l1, RC, -1, -1, 1, 0);
    random_case("ud_vex_grp17_0", "op=2f3 vex vvvv=0 reg=0 rm=1 w", "acf", s_ud_grp17_0, RC, -1, -1, 1, 0);
    begin_case("ud_lock_bt_mem", "op=1a3 reg=1 mem lock", "cSfm");
    Regs in = {0};
    in.r[RC] = 3;
    run(s_ud_lock_bt, &in, 5, 6, 0);
    random_case("ud_rorx_vvvv", "op=3f0 vex f2 vvvv=1 reg=0 rm=1 imm=d w", "acf", s_ud_rorx_vvvv, RC, -1, -1, 1, 0);
    unary_case("bsf_with_f2_q", "op=1bc f2 reg=0 rm=1 w", "acf", s_tzcnt_f2, RC, SCAN);
    random_case("ud_lock_bts_reg", "op=1ab reg=1 rm=0 lock", "acf", s_ud_lock_bts_reg, RA, RC, -1, 1, 0);
    random_mem_case("blsr_ml", "op=2f3 vex vvvv=0 reg=1 mem", "aSfm", s_m_blsr_l, 40, AF | PF);
    random_mem_case("mulx_mq", "op=2f6 vex f2 vvvv=3 reg=0 mem w", "abdSfm", s_m_mulx_q, 40, 0);
    random_mem_case("sarx_mq", "op=2f7 vex f3 vvvv=3 reg=0 mem w", "abSfm", s_m_sarx_q, 40, 0);
    random_mem_case("rorx3_ml", "op=3f0 vex f2 reg=0 mem imm=3", "aSfm", s_m_rorx_l, 40, 0);
    random_mem_case("crc32_mb", "op=2f0 f2 reg=0 mem", "aSfm", s_m_crc32_b, 40, 0);
    random_mem_case("adcx_mq", "op=2f6 66 reg=0 mem w", "aSfm", s_m_adcx_q, 40, 0);
    random_mem_case("lzcnt_mw", "op=1bd f3 66 reg=0 mem", "aSfm", s_m_lzcnt_w, 40, OF | SF | AF | PF);
    random_mem_case("andn_ml", "op=2f2 vex vvvv=3 reg=0 mem", "abSfm", s_m_andn_l, 40, AF | PF);
    random_mem_case("bzhi_mq", "op=2f5 vex vvvv=3 reg=0 mem w", "abSfm", s_m_bzhi_q, 40, AF | PF);
    random_mem_case("bts_imm13_mw", "op=1ba reg=5 mem imm=d 66", "Sfm", s_m_bts_imm_w, 40, OF | SF | AF | PF);
    random_mem_case("bsr_ml", "op=1bd reg=0 mem", "aSfm", s_m_bsr_l, 40, CF | OF | SF | AF | PF);
    return 0;
}
