/* x86-64 machine-code encoder for the generator: legacy prefixes, REX, VEX (3-byte), ModRM,
 * SIB, displacement, immediate; plus the operand pickers and fixup instructions.
 * Encodings follow Intel SDM Vol. 2, chapter 2 (instruction format). */
#include "rtest.h"
#include <string.h>

struct gen G;

static void log_insn(uint8_t *at, const char *name) {
    if (G.nins < MAXINS) {
        struct insn_log *l = &G.log[G.nins++];
        l->off = (uint16_t)(at - G.start);
        l->len = (uint8_t)(G.p - at);
        l->fixup = (uint8_t)G.cur_fixup;
        l->name = name;
        l->size = (uint8_t)G.cur_size;
    }
}

void emit_raw(const uint8_t *b, int n, const char *name) {
    uint8_t *at = G.p;
    memcpy(G.p, b, (size_t)n);
    G.p += n;
    log_insn(at, name);
}

struct op OP1(uint8_t a) { struct op o = {0}; o.nopc = 1; o.opc[0] = a; o.regf = -1; return o; }
struct op OP2(uint8_t a, uint8_t b) { struct op o = OP1(a); o.nopc = 2; o.opc[1] = b; return o; }
struct op OP3(uint8_t a, uint8_t b, uint8_t c) { struct op o = OP2(a, b); o.nopc = 3; o.opc[2] = c; return o; }

struct rm rm_reg(int r) { struct rm m = {0}; m.isreg = 1; m.reg = r; m.base = m.idx = -1; return m; }

static int lo3(int r) { return (r >= 16 ? r - 16 + 4 : r) & 7; }

void emit(struct op *o, struct rm *m, const char *name) {
    uint8_t *at = G.p, *p = G.p;
    int regf = o->regf < 0 ? 0 : o->regf;
    int R = (!o->digit && regf < 16 && regf >= 8), X = 0, B = 0;
    int needrex = 0, norex = 0;
    if (m) {
        if (m->isreg) B = (m->reg < 16 && m->reg >= 8);
        else {
            if (m->idx >= 8) X = 1;
            if (m->base >= 8) B = 1;
        }
    }
    if (o->byteop) {
        if (o->byteop == 1 && !o->digit && o->regf >= 4 && o->regf <= 7) needrex = 1;
        if (o->byteop == 1 && !o->digit && o->regf >= 16) norex = 1;
        if (m && m->isreg && m->reg >= 4 && m->reg <= 7) needrex = 1;
        if (m && m->isreg && m->reg >= 16) norex = 1;
    }
    if (m && !m->isreg && m->a32) *p++ = 0x67;
    if (o->pfx & PLOCK) *p++ = 0xF0;
    if (o->pfx & P66) *p++ = 0x66;
    if (o->pfx & PF2) *p++ = 0xF2;
    if (o->pfx & PF3) *p++ = 0xF3;
    if (o->vex) {
        int pp = (o->pfx & P66) ? 1 : (o->pfx & PF3) ? 2 : (o->pfx & PF2) ? 3 : 0;
        p = at;                               /* VEX replaces the legacy prefixes above */
        if (m && !m->isreg && m->a32) *p++ = 0x67;
        *p++ = 0xC4;
        *p++ = (uint8_t)((!R) << 7 | (!X) << 6 | (!B) << 5 | o->vex);
        *p++ = (uint8_t)((o->w & 1) << 7 | ((~o->vvvv) & 15) << 3 | pp);
    } else {
        int rex = 0x40 | (o->w ? 8 : 0) | (R ? 4 : 0) | (X ? 2 : 0) | (B ? 1 : 0);
        if (rex != 0x40 || needrex) {
            if (norex) { /* generator bug: AH..BH with a REX prefix */ __builtin_trap(); }
            *p++ = (uint8_t)rex;
        }
    }
    for (int i = 0; i < o->nopc; i++) *p++ = o->opc[i];
    uint8_t *dispat = 0;
    if (o->regf >= 0 && m) {
        int rf = lo3(regf);
        if (m->isreg) {
            *p++ = (uint8_t)(0xC0 | rf << 3 | lo3(m->reg));
        } else if (m->rip) {
            *p++ = (uint8_t)(rf << 3 | 5);
            dispat = p; p += 4;
        } else {
            int b = m->base, x = m->idx;
            int sib = (x >= 0) || b < 0 || (b & 7) == 4;
            int mod;
            if (b < 0) mod = 0;
            else if (m->disp == 0 && (b & 7) != 5 && m->dsz == 0) mod = 0;
            else if (m->disp >= -128 && m->disp <= 127 && m->dsz != 4) mod = 1;
            else mod = 2;
            if (sib) {
                *p++ = (uint8_t)(mod << 6 | rf << 3 | 4);
                *p++ = (uint8_t)(m->scale << 6 | (x >= 0 ? (x & 7) : 4) << 3 | (b < 0 ? 5 : (b & 7)));
            } else {
                *p++ = (uint8_t)(mod << 6 | rf << 3 | (b & 7));
            }
            if (b < 0 || mod == 2) { memcpy(p, &m->disp, 4); p += 4; }
            else if (mod == 1) *p++ = (uint8_t)(int8_t)m->disp;
        }
    }
    for (int i = 0; i < o->immsz; i++) *p++ = (uint8_t)(o->imm >> (8 * i));
    if (dispat) {
        int32_t d = (int32_t)((G.pool + m->disp) - p);
        memcpy(dispat, &d, 4);
    }
    G.p = p;
    log_insn(at, name);
    G.cur_size = 0;
}

/* ---- operand pickers ---- */
static const int gprs[] = {RAX, RCX, RDX, RBX, RBP, RSI, RDI, R8, R9, R10, R11, R12, R13, R14};

int pick_gpr(unsigned excl) {
    for (;;) {
        int r = gprs[rn(14)];
        if (!(excl & (1u << r))) return r;
    }
}

/* An 8-bit register: low byte of any usable GPR, or (allow_hb) AH..BH. */
int pick_r8(unsigned excl, int allow_hb) {
    if (allow_hb && chance(30)) {
        for (;;) {
            int r = (int)rn(4);
            if (!(excl & (1u << r))) return HB(r);
        }
    }
    return pick_gpr(excl);
}

int size_pick(int allow8) {
    static const int s[] = {8, 16, 32, 64};
    return allow8 ? s[rn(4)] : s[1 + rn(3)];
}

uint64_t rnd_value(int bits) {
    uint64_t v;
    switch (rn(10)) {
    case 0: v = rn(16); break;
    case 1: v = (uint64_t)-(int64_t)(1 + rn(16)); break;
    case 2: v = 1ULL << rn((unsigned)bits); break;
    case 3: v = (1ULL << (bits - 1)) + (uint64_t)(int64_t)((int)rn(5) - 2); break;
    case 4: v = rnd() & 0xff; break;
    default: v = rnd(); break;
    }
    return v;
}

/* A memory operand of `size` bytes inside the scratch buffer (R15 + [-MEMHALF, MEMHALF)).
 * RIP-relative operands read the constant pool instead (only when !write). An index register,
 * when used, is first loaded with a small known value by a fixup; it is never in `excl`
 * (registers the instruction or its other fixups read implicitly or modify). */
struct rm mk_mem(int size, int write, int align, unsigned excl) {
    struct rm m = {0};
    m.base = BASE; m.idx = -1;
    int span = 768;                          /* |offset| stays below this */
    int32_t t = (int32_t)rn((unsigned)(2 * span - size)) - span;
    if (align) t &= ~(align - 1);
    if (!write && chance(10)) {
        m.rip = 1; m.base = -1;
        int o = (int)rn((unsigned)(64 - size + 1));
        if (align) o &= ~(align - 1);
        m.disp = o;
        return m;
    }
    if (chance(35)) {
        int x = pick_gpr(excl | (1u << RSP));
        int64_t v = (int64_t)rn(64) - 32;
        m.idx = x; m.scale = (int)rn(4);
        int cur = G.cur_fixup; G.cur_fixup = 1;
        fix_mov_imm(x, v);
        G.cur_fixup = cur;
        m.disp = t - (int32_t)(v << m.scale);
    } else {
        m.disp = t;
    }
    if (m.disp >= -128 && m.disp <= 127 && chance(20)) m.dsz = 4;
    return m;
}

/* ---- fixups (logged with the fixup mark; they keep operands inside defined behaviour) ---- */
void fix_mov_imm(int r, int64_t v) {
    struct op o = OP1(0xC7); o.w = 1; o.regf = 0; o.digit = 1; o.immsz = 4; o.imm = (uint64_t)v;
    struct rm m = rm_reg(r);
    int cur = G.cur_fixup, cs = G.cur_size; G.cur_fixup = 1; G.cur_size = 64;
    emit(&o, &m, "mov");
    G.cur_fixup = cur; G.cur_size = cs;
}

void fix_mov_r8(int r, uint8_t v) {
    struct op o = OP1((uint8_t)(0xB0 + lo3(r))); o.byteop = 1; o.immsz = 1; o.imm = v;
    uint8_t *at = G.p;
    int cur = G.cur_fixup; G.cur_fixup = 1;
    if (r >= 16) { /* AH..BH: no REX */ }
    else if (r >= 8) *G.p++ = 0x41;
    else if (r >= 4) *G.p++ = 0x40;
    *G.p++ = o.opc[0]; *G.p++ = v;
    int cs = G.cur_size; G.cur_size = 8;
    log_insn(at, "mov");
    G.cur_size = cs;
    G.cur_fixup = cur;
}

void fix_cmp(void) {
    int cur = G.cur_fixup, cs = G.cur_size; G.cur_fixup = 1;
    struct op o = OP1(0x39); o.w = (int)rn(2); o.regf = pick_gpr(0);
    struct rm m = rm_reg(pick_gpr(0));
    G.cur_size = o.w ? 64 : 32;
    emit(&o, &m, "cmp");
    G.cur_fixup = cur; G.cur_size = cs;
    G.undef = 0;
}

void need_flags(int mask) { if (G.undef & mask) fix_cmp(); }
void set_flags(int defined, int undefined) { G.undef = (G.undef & ~(defined | undefined)) | undefined; }
