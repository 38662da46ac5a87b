/* Generators for the integer classes. Flag effects follow the "Flags Affected" sections of the
 * Intel SDM Vol. 2; flags the SDM calls undefined are recorded in G.undef (masked at the end, and
 * redefined by a CMP fixup before any instruction that reads them). */
#include "rtest.h"

static const char *const alu_names[8] = {"add", "or", "adc", "sbb", "and", "sub", "xor", "cmp"};
static const char *const sh_names[8] = {"rol", "ror", "rcl", "rcr", "shl", "shr", "sal", "sar"};
static const char *const cc_names[16] = {"o", "no", "b", "ae", "e", "ne", "be", "a",
                                         "s", "ns", "p", "np", "l", "ge", "le", "g"};
static const int cc_reads[8] = {F_OF, F_CF, F_ZF, F_CF | F_ZF, F_SF, F_PF, F_SF | F_OF,
                                F_ZF | F_SF | F_OF};

void setsz(struct op *o, int sz) {
    if (sz == 16) o->pfx |= P66;
    if (sz == 64) o->w = 1;
    if (sz == 8) o->byteop = 1;
    G.cur_size = sz;
}

static uint64_t imm_for(int sz) { return rnd_value(sz); }

/* r/m operand of sz bits: a register (never RSP/R15) or a scratch-buffer memory operand. */
struct rm rm_any(int sz, int write, unsigned excl, int mempct) {
    if (chance(mempct)) return mk_mem(sz / 8, write, 0, excl);
    return rm_reg(sz == 8 ? pick_r8(excl, 0) : pick_gpr(excl));
}

/* Two 8-bit register operands; sometimes from the legacy set AL..BH (AH..BH need no REX). */
void pair8(int *a, int *b) {
    static const int legacy[8] = {0, 1, 2, 3, HB(0), HB(1), HB(2), HB(3)};
    if (chance(30)) { *a = legacy[rn(8)]; *b = legacy[rn(8)]; }
    else { *a = pick_gpr(0); *b = pick_gpr(0); }
}

/* Emits "op r/m, r" or "op r, r/m" (dir=1) for the one-byte opcode family at opc (8-bit: opc,
 * wider: opc+1). */
static void emit_rm_r(uint8_t opc8, int sz, int dir, int write_rm, int lockable, const char *name) {
    struct op o = OP1(sz == 8 ? opc8 : (uint8_t)(opc8 + 1));
    struct rm m;
    if (sz == 8 && !chance(35)) {
        int a, b; pair8(&a, &b);
        m = rm_reg(a); o.regf = b;
    } else {
        m = rm_any(sz, write_rm && !dir, 0, 35);
        o.regf = sz == 8 ? pick_r8(0, 0) : pick_gpr(0);
    }
    if (!m.isreg && lockable && !dir && chance(20)) o.pfx |= PLOCK;
    setsz(&o, sz);
    emit(&o, &m, name);
}

static void emit_imm_grp(int sz, int digit, int write, const char *name, int lockable) {
    struct op o;
    struct rm m = sz == 8 && chance(30) ? rm_reg(pick_r8(0, 1)) : rm_any(sz, write, 0, 35);
    if (sz == 8) { o = OP1(0x80); o.immsz = 1; }
    else if (chance(50)) { o = OP1(0x83); o.immsz = 1; }
    else { o = OP1(0x81); o.immsz = sz == 16 ? 2 : 4; }
    o.regf = digit; o.digit = 1;
    o.imm = imm_for(o.immsz * 8);
    if (!m.isreg && lockable && chance(20)) o.pfx |= PLOCK;
    setsz(&o, sz);
    emit(&o, &m, name);
}

static void emit_acc_imm(uint8_t opc8, int sz, const char *name) {
    struct op o = OP1(sz == 8 ? opc8 : (uint8_t)(opc8 + 1));
    o.immsz = sz == 8 ? 1 : sz == 16 ? 2 : 4;
    o.imm = imm_for(o.immsz * 8);
    setsz(&o, sz);
    uint8_t *at = G.p;
    (void)at;
    emit(&o, 0, name);
}

void gen_alu(void) {
    int sz = size_pick(1), op = (int)rn(8), form = (int)rn(4);
    if (op == 2 || op == 3) need_flags(F_CF);
    int wr = op != 7;
    switch (form) {
    case 0: emit_rm_r((uint8_t)(op << 3), sz, 0, wr, wr, alu_names[op]); break;
    case 1: emit_rm_r((uint8_t)(op << 3 | 2), sz, 1, 0, 0, alu_names[op]); break;
    case 2: emit_imm_grp(sz, op, wr, alu_names[op], wr); break;
    default: emit_acc_imm((uint8_t)(op << 3 | 4), sz, alu_names[op]); break;
    }
    if (op == 1 || op == 4 || op == 6) set_flags(F_ALL6 & ~F_AF, F_AF);
    else set_flags(F_ALL6, 0);
}

void gen_int(void) {
    int k = (int)rn(12), sz = size_pick(1);
    if (k < 6) { gen_alu(); return; }
    switch (k) {
    case 6: /* test */
        switch (rn(3)) {
        case 0: emit_rm_r(0x84, sz, 0, 0, 0, "test"); break;
        case 1: {
            struct op o = OP1(sz == 8 ? 0xF6 : 0xF7); o.regf = 0; o.digit = 1;
            o.immsz = sz == 8 ? 1 : sz == 16 ? 2 : 4; o.imm = imm_for(o.immsz * 8);
            struct rm m = sz == 8 && chance(30) ? rm_reg(pick_r8(0, 1)) : rm_any(sz, 0, 0, 35);
            setsz(&o, sz); emit(&o, &m, "test");
            break;
        }
        default: emit_acc_imm(0xA8, sz, "test"); break;
        }
        set_flags(F_ALL6 & ~F_AF, F_AF);
        break;
    case 7: case 8: { /* inc/dec/neg/not */
        static const int digits[4] = {0, 1, 3, 2};
        static const char *const nm[4] = {"inc", "dec", "neg", "not"};
        int which = (int)rn(4);
        struct op o = OP1(which < 2 ? (sz == 8 ? 0xFE : 0xFF) : (sz == 8 ? 0xF6 : 0xF7));
        o.regf = digits[which]; o.digit = 1;
        struct rm m = sz == 8 && chance(30) ? rm_reg(pick_r8(0, 1)) : rm_any(sz, 1, 0, 35);
        if (!m.isreg && chance(20)) o.pfx |= PLOCK;
        setsz(&o, sz); emit(&o, &m, nm[which]);
        if (which < 2) set_flags(F_ALL6 & ~F_CF, 0);
        else if (which == 2) set_flags(F_ALL6, 0);
        break;
    }
    default: gen_mov(); break;
    }
}

/* ---- shifts and rotates ---- */
static unsigned pick_count(int sz) {
    if (chance(60)) return rn((unsigned)sz + 3);
    return rn(256);
}

static void shift_flags(int op, int sz, unsigned cnt) {
    unsigned mc = cnt & (sz == 64 ? 63u : 31u);
    if (mc == 0) return;
    int of = mc == 1 ? F_OF : 0, ofu = mc == 1 ? 0 : F_OF;
    if (op < 4) { set_flags(F_CF | of, ofu); return; }
    int def = F_CF | F_ZF | F_SF | F_PF | of, und = F_AF | ofu;
    if (op != 7 && (int)mc >= sz) { def &= ~F_CF; und |= F_CF; }  /* SHL/SHR count >= size */
    set_flags(def, und);
}

void gen_shift(void) {
    int k = (int)rn(4);
    if (k == 3) { /* SHLD/SHRD */
        int sz = size_pick(0), left = (int)rn(2), bycl = (int)rn(2);
        unsigned cnt = pick_count(sz);
        if (sz == 16 && (cnt & 31) > 16) cnt &= ~16u;   /* count > 16 is undefined for 16-bit */
        struct rm m = rm_any(sz, 1, 1u << RCX, 35);
        struct op o = OP2(0x0F, (uint8_t)((left ? 0xA4 : 0xAC) + bycl));
        o.regf = pick_gpr(0);
        if (bycl) fix_mov_r8(RCX, (uint8_t)cnt);
        else { o.immsz = 1; o.imm = cnt; }
        if (bycl && o.regf == RCX && !m.isreg) { /* fine: rcx is the count and the source */ }
        setsz(&o, sz); emit(&o, &m, left ? "shld" : "shrd");
        unsigned mc = cnt & (sz == 64 ? 63u : 31u);
        if (bycl && ((m.isreg && m.reg == RCX) || o.regf == RCX)) { /* operand is the count */ }
        if (mc) set_flags(F_CF | F_ZF | F_SF | F_PF | (mc == 1 ? F_OF : 0), F_AF | (mc == 1 ? 0 : F_OF));
        return;
    }
    int sz = size_pick(1), op = (int)rn(8);
    if (op == 6) op = 4;   /* /6 is not a documented encoding in the SDM's group-2 table */
    unsigned cnt = k == 1 ? 1 : pick_count(sz);
    struct rm m = sz == 8 && chance(25) ? rm_reg(pick_r8(0, 1)) : rm_any(sz, 1, 1u << RCX, 35);
    if (op == 2 || op == 3) need_flags(F_CF);
    struct op o;
    if (k == 0) { o = OP1(sz == 8 ? 0xC0 : 0xC1); o.immsz = 1; o.imm = cnt; }
    else if (k == 1) o = OP1(sz == 8 ? 0xD0 : 0xD1);
    else {
        o = OP1(sz == 8 ? 0xD2 : 0xD3);
        fix_mov_r8(RCX, (uint8_t)cnt);
        if (m.isreg && (m.reg == RCX || m.reg == HB(1))) { /* shifting CL/CH itself is fine */ }
    }
    o.regf = op; o.digit = 1;
    setsz(&o, sz); emit(&o, &m, sh_names[op]);
    shift_flags(op, sz, cnt);
}

/* ---- mul / imul / div / idiv ---- */
static void fix_or_imm(struct rm *m, int sz, uint64_t v) {
    int cur = G.cur_fixup; G.cur_fixup = 1;
    struct op o;
    if (sz == 8) { o = OP1(0x80); o.immsz = 1; }
    else { o = OP1(0x81); o.immsz = sz == 16 ? 2 : 4; }
    o.regf = 1; o.digit = 1; o.imm = v;
    setsz(&o, sz); emit(&o, m, "or");
    G.cur_fixup = cur;
}

static void fix_and_imm(struct rm *m, int sz, uint64_t v) {
    int cur = G.cur_fixup; G.cur_fixup = 1;
    struct op o;
    if (sz == 8) { o = OP1(0x80); o.immsz = 1; }
    else { o = OP1(0x81); o.immsz = sz == 16 ? 2 : 4; }
    o.regf = 4; o.digit = 1; o.imm = v;
    setsz(&o, sz); emit(&o, m, "and");
    G.cur_fixup = cur;
}

static void fix_bt_imm(struct rm *m, int sz, int digit, int bit) {
    int cur = G.cur_fixup; G.cur_fixup = 1;
    struct op o = OP2(0x0F, 0xBA); o.regf = digit; o.digit = 1; o.digit = 1; o.immsz = 1; o.imm = (uint64_t)bit;
    setsz(&o, sz); emit(&o, m, digit == 5 ? "bts" : "btr");
    G.cur_fixup = cur;
}

void fix_simple(struct op o, struct rm *m, int sz, const char *name) {
    int cur = G.cur_fixup; G.cur_fixup = 1;
    setsz(&o, sz); emit(&o, m, name);
    G.cur_fixup = cur;
}

static void gen_div(int sz, int sign) {
    unsigned ex = (1u << RAX) | (1u << RDX);
    struct rm src;
    if (chance(35)) src = mk_mem(sz / 8, 1, 0, ex);
    else if (sz == 8) {
        static const int r8[] = {HB(1), HB(2), HB(3), RCX, RDX, RBX, RSI, RDI, R9, R12, R14};
        src = rm_reg(r8[rn(11)]);
    } else src = rm_reg(pick_gpr(ex));
    struct rm hi = rm_reg(sz == 8 ? HB(0) : RDX), lo = rm_reg(RAX);
    if (sign) {
        struct op o = OP1(sz == 8 ? 0xD0 : 0xD1); o.regf = 7; o.digit = 1;
        fix_simple(o, &lo, sz, "sar");
        struct op c = OP1(sz == 8 ? 0x98 : 0x99);
        fix_simple(c, 0, sz == 8 ? 16 : sz, sz == 8 ? "cbw" : "cwd/cdq/cqo");
        fix_or_imm(&src, sz, 1);
    } else {
        int variant = (int)rn(sz == 8 ? 2 : 3);
        if (variant == 0) {
            fix_or_imm(&src, sz, 1);
            if (sz == 8) fix_mov_r8(HB(0), 0);
            else if (sz == 16) { struct op o = OP1(0xBA); o.immsz = 2; o.imm = 0; fix_simple(o, 0, 16, "mov"); }
            else fix_mov_imm(RDX, 0);
        } else if (variant == 1) {
            if (sz == 64) { fix_bt_imm(&src, 64, 5, 63); fix_bt_imm(&hi, 64, 6, 63); }
            else {
                uint64_t top = 1ULL << (sz - 1);
                fix_or_imm(&src, sz, top);
                fix_and_imm(&hi, sz, top - 1);
            }
        } else {
            fix_or_imm(&src, sz, 1);
            struct op a = OP1(0x23); a.regf = RDX;
            fix_simple(a, &src, sz, "and");
            struct op s = OP1(0xD1); s.regf = 5; s.digit = 1;
            fix_simple(s, &hi, sz, "shr");
        }
    }
    struct op o = OP1(sz == 8 ? 0xF6 : 0xF7); o.regf = sign ? 7 : 6; o.digit = 1;
    setsz(&o, sz); emit(&o, &src, sign ? "idiv" : "div");
    set_flags(0, F_ALL6);
}

void gen_muldiv(void) {
    int k = (int)rn(5);
    if (k <= 1) {
        int sz = size_pick(1);
        struct op o = OP1(sz == 8 ? 0xF6 : 0xF7); o.regf = k ? 5 : 4; o.digit = 1;
        struct rm m = sz == 8 && chance(30) ? rm_reg(pick_r8(0, 1)) : rm_any(sz, 0, 0, 35);
        setsz(&o, sz); emit(&o, &m, k ? "imul" : "mul");
    } else if (k == 2) {
        int sz = size_pick(0), f = (int)rn(3);
        struct op o = f == 0 ? OP2(0x0F, 0xAF) : OP1(f == 1 ? 0x6B : 0x69);
        if (f == 1) { o.immsz = 1; o.imm = rnd_value(8); }
        if (f == 2) { o.immsz = sz == 16 ? 2 : 4; o.imm = rnd_value(o.immsz * 8); }
        struct rm m = rm_any(sz, 0, 0, 35);
        o.regf = pick_gpr(0);
        setsz(&o, sz); emit(&o, &m, "imul");
    } else {
        gen_div(size_pick(1), k == 4);
        return;
    }
    set_flags(F_CF | F_OF, F_SF | F_ZF | F_AF | F_PF);
}

/* ---- bit operations ---- */
void gen_bit(void) {
    int k = (int)rn(6), sz = size_pick(0);
    static const char *const bt_names[4] = {"bt", "bts", "btr", "btc"};
    switch (k) {
    case 0: { /* bt* r/m, r */
        int which = (int)rn(4), r = pick_gpr(0);
        struct rm m = rm_any(sz, which != 0, 1u << r, 40);
        struct op o = OP2(0x0F, (uint8_t)(0xA3 + 8 * which)); o.regf = r;
        if (!m.isreg) fix_mov_imm(r, (int64_t)rn(1024) - 512);
        if (!m.isreg && which && chance(20)) o.pfx |= PLOCK;
        setsz(&o, sz); emit(&o, &m, bt_names[which]);
        set_flags(F_CF, F_OF | F_SF | F_AF | F_PF);
        break;
    }
    case 1: { /* bt* r/m, imm8 */
        int which = (int)rn(4);
        struct rm m = rm_any(sz, which != 0, 0, 40);
        struct op o = OP2(0x0F, 0xBA); o.regf = 4 + which; o.digit = 1; o.immsz = 1; o.imm = rn(256);
        if (!m.isreg && which && chance(20)) o.pfx |= PLOCK;
        setsz(&o, sz); emit(&o, &m, bt_names[which]);
        set_flags(F_CF, F_OF | F_SF | F_AF | F_PF);
        break;
    }
    case 2: { /* bsf/bsr with a source forced non-zero (zero leaves the destination undefined) */
        int rev = (int)rn(2);
        struct rm m = rm_any(sz, 1, 0, 35);
        fix_bt_imm(&m, sz, 5, (int)rn((unsigned)sz));
        struct op o = OP2(0x0F, (uint8_t)(0xBC + rev)); o.regf = pick_gpr(0);
        setsz(&o, sz); emit(&o, &m, rev ? "bsr" : "bsf");
        set_flags(F_ZF, F_CF | F_OF | F_SF | F_AF | F_PF);
        break;
    }
    case 3: { /* popcnt */
        struct rm m = rm_any(sz, 0, 0, 35);
        struct op o = OP2(0x0F, 0xB8); o.pfx = PF3; o.regf = pick_gpr(0);
        setsz(&o, sz); emit(&o, &m, "popcnt");
        set_flags(F_ALL6, 0);
        break;
    }
    default: { /* lzcnt / tzcnt */
        int lz = (int)rn(2);
        struct rm m = rm_any(sz, 0, 0, 35);
        struct op o = OP2(0x0F, (uint8_t)(lz ? 0xBD : 0xBC)); o.pfx = PF3; o.regf = pick_gpr(0);
        setsz(&o, sz); emit(&o, &m, lz ? "lzcnt" : "tzcnt");
        set_flags(F_CF | F_ZF, F_OF | F_SF | F_AF | F_PF);
        break;
    }
    }
}

/* ---- BMI1 / BMI2 (VEX.LZ encodings, SDM Vol. 2 "VEX.LZ.0F38") ---- */
void gen_bmi(void) {
    int sz = chance(50) ? 64 : 32, k = (int)rn(13);
    struct op o = OP1(0); o.vex = 2; o.w = sz == 64; G.cur_size = sz;
    unsigned ex = k == 12 ? (1u << RDX) : 0;
    struct rm m = rm_any(sz, 0, ex, 35);
    int dst = pick_gpr(0), v = pick_gpr(0);
    const char *nm;
    int def = 0, und = 0;
    switch (k) {
    case 0: nm = "andn"; o.opc[0] = 0xF2; o.regf = dst; o.vvvv = v; def = F_SF | F_ZF | F_OF | F_CF; und = F_AF | F_PF; break;
    case 1: nm = "bextr"; o.opc[0] = 0xF7; o.regf = dst; o.vvvv = v; def = F_ZF | F_CF | F_OF; und = F_AF | F_SF | F_PF; break;
    case 2: nm = "blsi"; o.opc[0] = 0xF3; o.regf = 3; o.digit = 1; o.vvvv = dst; def = F_ZF | F_SF | F_CF | F_OF; und = F_AF | F_PF; break;
    case 3: nm = "blsmsk"; o.opc[0] = 0xF3; o.regf = 2; o.digit = 1; o.vvvv = dst; def = F_ZF | F_SF | F_CF | F_OF; und = F_AF | F_PF; break;
    case 4: nm = "blsr"; o.opc[0] = 0xF3; o.regf = 1; o.digit = 1; o.vvvv = dst; def = F_ZF | F_SF | F_CF | F_OF; und = F_AF | F_PF; break;
    case 5: nm = "bzhi"; o.opc[0] = 0xF5; o.regf = dst; o.vvvv = v; def = F_ZF | F_SF | F_CF | F_OF; und = F_AF | F_PF; break;
    case 6: nm = "pdep"; o.pfx = PF2; o.opc[0] = 0xF5; o.regf = dst; o.vvvv = v; break;
    case 7: nm = "pext"; o.pfx = PF3; o.opc[0] = 0xF5; o.regf = dst; o.vvvv = v; break;
    case 8: nm = "rorx"; o.vex = 3; o.pfx = PF2; o.opc[0] = 0xF0; o.regf = dst; o.vvvv = 0; o.immsz = 1; o.imm = rn(256); break;
    case 9: nm = "sarx"; o.pfx = PF3; o.opc[0] = 0xF7; o.regf = dst; o.vvvv = v; break;
    case 10: nm = "shlx"; o.pfx = P66; o.opc[0] = 0xF7; o.regf = dst; o.vvvv = v; break;
    case 11: nm = "shrx"; o.pfx = PF2; o.opc[0] = 0xF7; o.regf = dst; o.vvvv = v; break;
    default: nm = "mulx"; o.pfx = PF2; o.opc[0] = 0xF6; o.regf = dst; o.vvvv = v; break;
    }
    G.cur_size = sz;
    emit(&o, &m, nm);
    if (def | und) set_flags(def, und);
}

/* ---- cmovcc / setcc / jcc over one instruction ---- */
void gen_cmov(void) {
    int k = (int)rn(4), cc = (int)rn(16);
    if (chance(50)) gen_alu();
    need_flags(cc_reads[cc >> 1]);
    switch (k) {
    case 0: {
        int sz = size_pick(0);
        struct rm m = rm_any(sz, 0, 0, 35);
        struct op o = OP2(0x0F, (uint8_t)(0x40 + cc)); o.regf = pick_gpr(0);
        setsz(&o, sz); emit(&o, &m, "cmovcc");
        break;
    }
    case 1: {
        struct rm m = chance(30) ? rm_reg(pick_r8(0, 1)) : rm_any(8, 1, 0, 35);
        struct op o = OP2(0x0F, (uint8_t)(0x90 + cc)); o.regf = 0; o.digit = 1;
        setsz(&o, 8); emit(&o, &m, "setcc");
        break;
    }
    default: { /* jcc rel8 / rel32 over one instruction (with its fixups) */
        int near = k == 3;
        uint8_t *at = G.p;
        uint8_t b[6];
        int n;
        if (near) { b[0] = 0x0F; b[1] = (uint8_t)(0x80 + cc); n = 6; }
        else { b[0] = (uint8_t)(0x70 + cc); n = 2; }
        emit_raw(b, n, "jcc");
        int u0 = G.undef;
        if (chance(50)) gen_alu(); else gen_mov();
        G.undef |= u0;
        int32_t rel = (int32_t)(G.p - (at + n));
        if (near) { for (int i = 0; i < 4; i++) at[2 + i] = (uint8_t)(rel >> (8 * i)); }
        else at[1] = (uint8_t)rel;
        break;
    }
    }
    (void)cc_names;
}
