/* x87 generator. The stack depth is tracked at generation time so that no stack overflow or
 * underflow happens (pushes are preceded by pops when full, operands by loads when short).
 * C1 is always masked; C0/C2/C3 are masked when the last instruction that touched them leaves
 * them undefined (SDM Vol. 2 "FPU Flags Affected"). FPREM/FPREM1 get integer operands so that
 * the exponent difference stays below 64: a partial remainder reduces by an
 * implementation-dependent amount (SDM FPREM: "N = an implementation-dependent number"). */
#include "rtest.h"

static void x87(uint8_t a, uint8_t b, const char *name) {
    uint8_t c[2] = {a, b};
    emit_raw(c, 2, name);
}

static void x87m(uint8_t opc, int digit, int size, int write, const char *name) {
    struct rm m = mk_mem(size, write, 0, 0);
    struct op o = OP1(opc); o.regf = digit; o.digit = 1;
    G.cur_size = size * 8;
    emit(&o, &m, name);
}

static void push_any(void);

static void need(int k) {
    while (G.fdepth < k) push_any();
}

static void room(int k) {
    while (G.fdepth > 8 - k) { x87(0xDD, 0xD8, "fstp st0"); G.fdepth--; G.fcc_undef = 1; }
}

static void push_any(void) {
    room(1);
    switch (rn(6)) {
    case 0: x87(0xD9, (uint8_t)(0xE8 + rn(7)), "fld const"); break;
    case 1: x87m(0xD9, 0, 4, 0, "fld m32"); break;
    case 2: x87m(0xDD, 0, 8, 0, "fld m64"); break;
    case 3: x87m(0xDB, 0, 4, 0, "fild m32"); break;
    case 4: x87m(0xDF, 5, 8, 0, "fild m64"); break;
    default:
        if (G.fdepth > 0) x87(0xD9, (uint8_t)(0xC0 + rn((unsigned)G.fdepth)), "fld st(i)");
        else x87m(0xDF, 0, 2, 0, "fild m16");
        break;
    }
    G.fdepth++;
    G.fcc_undef = 1;
}

static int sti(int min_depth_extra) {   /* an index i with ST(i) valid */
    need(1 + min_depth_extra);
    return (int)rn((unsigned)G.fdepth);
}

/* FPREM/FPREM1 with a non-zero integer or constant divisor and an integer dividend: no partial
 * remainder (exponent difference < 64) and no invalid operation, whose quotient bits in
 * C0/C3/C1 the SDM does not define (the host sets them to implementation-specific values). */
static void fild_nonzero(void) {
    int wide = chance(50);
    struct rm m = mk_mem(wide ? 4 : 2, 1, 0, 0);
    int64_t v = (int64_t)rn(wide ? 2000000000u : 60000u) + 1;
    if (chance(50)) v = -v;
    struct op s = OP1(0xC7); s.regf = 0; s.digit = 1; s.immsz = wide ? 4 : 2; s.imm = (uint64_t)v;
    fix_simple(s, &m, wide ? 32 : 16, "mov");
    struct op o = OP1(wide ? 0xDB : 0xDF); o.regf = 0; o.digit = 1;
    G.cur_size = wide ? 32 : 16;
    emit(&o, &m, wide ? "fild m32" : "fild m16");
}

static void gen_fprem(void) {
    room(2);
    if (chance(40)) x87(0xD9, (uint8_t)(0xE8 + rn(6)), "fld const");   /* fld1 .. fldln2, not fldz */
    else fild_nonzero();
    G.fdepth++;
    if (chance(50)) x87m(0xDB, 0, 4, 0, "fild m32"); else x87m(0xDF, 0, 2, 0, "fild m16");
    G.fdepth++;
    int one = chance(50);
    x87(0xD9, one ? 0xF5 : 0xF8, one ? "fprem1" : "fprem");
    G.fcc_undef = 0;
}

void gen_x87(void) {
    int k = (int)rn(21);
    static const char *const ar[8] = {"fadd", "fmul", "fcom", "fcomp", "fsub", "fsubr", "fdiv", "fdivr"};
    switch (k) {
    case 0: { /* op st0, st(i) */
        int op = (int)rn(8), i = sti(0);
        x87(0xD8, (uint8_t)(0xC0 + 8 * op + i), ar[op]);
        if (op == 3) G.fdepth--;
        G.fcc_undef = !(op == 2 || op == 3);
        break;
    }
    case 1: { /* op st(i), st0 and the popping forms */
        static const int ops[6] = {0, 1, 4, 5, 6, 7};
        int op = ops[rn(6)], i = sti(0), pop = (int)rn(2);
        x87(pop ? 0xDE : 0xDC, (uint8_t)(0xC0 + 8 * op + i), pop ? "farithp st(i),st0" : "farith st(i),st0");
        if (pop) G.fdepth--;
        G.fcc_undef = 1;
        break;
    }
    case 2: case 3: { /* op m32fp / m64fp / m32int / m16int */
        need(1);
        int op = (int)rn(8), f = (int)rn(4);
        static const uint8_t opc[4] = {0xD8, 0xDC, 0xDA, 0xDE};
        static const int sz[4] = {4, 8, 4, 2};
        x87m(opc[f], op, sz[f], 0, ar[op]);
        if (op == 3) G.fdepth--;
        G.fcc_undef = !(op == 2 || op == 3);
        break;
    }
    case 4: push_any(); break;
    case 5: { /* stores */
        need(1);
        int dg = 2 + (int)rn(2);
        switch (rn(6)) {
        case 0: x87m(0xD9, dg, 4, 1, dg == 3 ? "fstp m32" : "fst m32"); G.fdepth -= dg == 3; break;
        case 1: x87m(0xDD, dg, 8, 1, dg == 3 ? "fstp m64" : "fst m64"); G.fdepth -= dg == 3; break;
        case 2: { /* fstp m80 and load it back */
            struct rm m = mk_mem(10, 1, 0, 0);
            struct op o = OP1(0xDB); o.regf = 7; o.digit = 1; G.cur_size = 80; emit(&o, &m, "fstp m80");
            struct op l = OP1(0xDB); l.regf = 5; l.digit = 1; G.cur_size = 80; emit(&l, &m, "fld m80");
            break;
        }
        case 3: { int i = sti(0); x87(0xDD, (uint8_t)(0xD0 + i), "fst st(i)"); break; }
        default: { int i = sti(0); x87(0xDD, (uint8_t)(0xD8 + i), "fstp st(i)"); G.fdepth--; break; }
        }
        G.fcc_undef = 1;
        break;
    }
    case 6: { /* integer stores */
        need(1);
        static const uint8_t opc[8] = {0xDF, 0xDB, 0xDF, 0xDB, 0xDF, 0xDF, 0xDB, 0xDD};
        static const int dg[8] = {2, 2, 3, 3, 7, 1, 1, 1};
        static const int sz[8] = {2, 4, 2, 4, 8, 2, 4, 8};
        static const int pops[8] = {0, 0, 1, 1, 1, 1, 1, 1};
        static const char *const nm[8] = {"fist m16", "fist m32", "fistp m16", "fistp m32", "fistp m64",
                                          "fisttp m16", "fisttp m32", "fisttp m64"};
        int w = (int)rn(8);
        x87m(opc[w], dg[w], sz[w], 1, nm[w]);
        G.fdepth -= pops[w];
        G.fcc_undef = 1;
        break;
    }
    case 7: case 8: { /* unary */
        static const uint8_t u[6] = {0xE0, 0xE1, 0xE4, 0xE5, 0xFA, 0xFC};
        static const char *const nm[6] = {"fchs", "fabs", "ftst", "fxam", "fsqrt", "frndint"};
        int w = (int)rn(6);
        need(1);
        x87(0xD9, u[w], nm[w]);
        G.fcc_undef = !(w == 2 || w == 3);
        break;
    }
    case 9: gen_fprem(); break;
    case 10: need(2); x87(0xD9, 0xFD, "fscale"); G.fcc_undef = 1; break;
    case 11: need(1); room(1); x87(0xD9, 0xF4, "fxtract"); G.fdepth++; G.fcc_undef = 1; break;
    case 12: { int i = sti(0); x87(0xD9, (uint8_t)(0xC8 + i), "fxch"); G.fcc_undef = 1; break; }
    case 13: { /* fcomi family: EFLAGS ZF PF CF set, OF SF AF cleared; C0/C2/C3 unaffected */
        int i = sti(1), w = (int)rn(4);
        static const uint8_t a[4] = {0xDB, 0xDB, 0xDF, 0xDF}, b[4] = {0xF0, 0xE8, 0xF0, 0xE8};
        static const char *const nm[4] = {"fcomi", "fucomi", "fcomip", "fucomip"};
        x87(a[w], (uint8_t)(b[w] + i), nm[w]);
        if (w >= 2) G.fdepth--;
        set_flags(F_ALL6, 0);
        break;
    }
    case 14: { /* fucom / fucomp / fcompp / fucompp */
        int w = (int)rn(4);
        if (w < 2) { int i = sti(0); x87(0xDD, (uint8_t)((w ? 0xE8 : 0xE0) + i), w ? "fucomp" : "fucom"); G.fdepth -= w; }
        else { need(2); if (w == 2) x87(0xDE, 0xD9, "fcompp"); else x87(0xDA, 0xE9, "fucompp"); G.fdepth -= 2; }
        G.fcc_undef = 0;
        break;
    }
    case 15: { /* fnstsw ax (C1 cleared in AH by a fixup: C1 is not compared) */
        if (G.fcc_undef) { need(1); x87(0xD9, 0xE4, "ftst"); G.fcc_undef = 0; }
        x87(0xDF, 0xE0, "fnstsw ax");
        struct rm ah = rm_reg(HB(0));
        struct op o = OP1(0x80); o.regf = 4; o.digit = 1; o.immsz = 1; o.imm = 0xFD; o.byteop = 1;
        G.cur_fixup = 1; G.cur_size = 8; emit(&o, &ah, "and ah,0xfd"); G.cur_fixup = 0;
        set_flags(F_ALL6 & ~F_AF, F_AF);
        break;
    }
    case 16: { /* fldcw with a random valid control word; fnstcw */
        struct rm m = mk_mem(2, 1, 0, 0);
        static const int pcs[4] = {0, 2, 3, 3};
        uint16_t cw = (uint16_t)(0x7F | pcs[rn(4)] << 8 | rn(4) << 10);
        struct op s = OP1(0xC7); s.regf = 0; s.digit = 1; s.immsz = 2; s.imm = cw;
        fix_simple(s, &m, 16, "mov");
        struct op o = OP1(0xD9); o.regf = 5; o.digit = 1; G.cur_size = 16; emit(&o, &m, "fldcw");
        if (chance(50)) { struct rm m2 = mk_mem(2, 1, 0, 0); struct op n = OP1(0xD9); n.regf = 7; n.digit = 1; G.cur_size = 16; emit(&n, &m2, "fnstcw"); }
        G.fcc_undef = 1;
        break;
    }
    case 17: { /* fcmovcc: reads CF/ZF/PF */
        need_flags(F_CF | F_ZF | F_PF);
        int i = sti(0), w = (int)rn(8);
        x87(w < 4 ? 0xDA : 0xDB, (uint8_t)(0xC0 + 8 * (w & 3) + i), "fcmovcc");
        G.fcc_undef = 1;
        break;
    }
    case 18: { /* transcendentals: the CPU's own last bit (Flatland runs them on the host x87) */
        int w = (int)rn(8);
        static const uint8_t t[8] = {0xF0, 0xFE, 0xFF, 0xF1, 0xF9, 0xF3, 0xF2, 0xFB};
        static const char *const nm[8] = {"f2xm1", "fsin", "fcos", "fyl2x", "fyl2xp1", "fpatan", "fptan", "fsincos"};
        if (w < 3) {
            need(1);                                  /* out of range: C2 set, ST0 kept, same depth */
        } else if (w < 6) {
            need(2);
            G.fdepth--;
        } else {
            room(2);                                  /* an in-range operand, so the push happens */
            x87(0xD9, (uint8_t)(0xE8 + rn(6)), "fld const");
            G.fdepth += 2;
        }
        x87(0xD9, t[w], nm[w]);
        G.fcc_undef = 1;
        break;
    }
    default: { /* arith again (most common in real code) */
        int op = (int)rn(8), i = sti(0);
        x87(0xD8, (uint8_t)(0xC0 + 8 * op + i), ar[op]);
        if (op == 3) G.fdepth--;
        G.fcc_undef = !(op == 2 || op == 3);
        break;
    }
    }
}
