/* Generators for data movement (mov/movzx/movsx/movsxd/bswap/xchg/xadd/cmpxchg*), LEA, string
 * instructions and the small miscellaneous ones (cbw family, lahf/sahf, flag ops, push/pop). */
#include "rtest.h"

/* "+r" opcode (B0+r, B8+r, 50+r, 58+r, C8+r ...) with REX.B / REX.W / 0x66 as needed. */
static void emit_plusr(uint8_t base, int r, int sz, int immsz, uint64_t imm, int fixup, const char *name) {
    uint8_t b[16];
    int n = 0;
    if (sz == 16) b[n++] = 0x66;
    int rex = 0x40 | (sz == 64 ? 8 : 0) | (r >= 8 && r < 16 ? 1 : 0);
    if (rex != 0x40 || (sz == 8 && r >= 4 && r < 8)) b[n++] = (uint8_t)rex;
    b[n++] = (uint8_t)(base + ((r >= 16 ? r - 16 + 4 : r) & 7));
    for (int i = 0; i < immsz; i++) b[n++] = (uint8_t)(imm >> (8 * i));
    int cur = G.cur_fixup; G.cur_fixup = fixup;
    G.cur_size = sz;
    emit_raw(b, n, name);
    G.cur_size = 0;
    G.cur_fixup = cur;
}

static void gen_movforms(void) {
    int sz = size_pick(1), k = (int)rn(4);
    if (k == 0) {                                  /* 88/89 and 8A/8B */
        int dir = (int)rn(2);
        struct op o = OP1((uint8_t)((sz == 8 ? 0x88 : 0x89) + 2 * dir));
        struct rm m;
        if (sz == 8 && chance(40)) { int a, b; pair8(&a, &b); m = rm_reg(a); o.regf = b; }
        else { m = rm_any(sz, !dir, 0, 45); o.regf = sz == 8 ? pick_r8(0, 0) : pick_gpr(0); }
        setsz(&o, sz); emit(&o, &m, "mov");
    } else if (k == 1) {                           /* C6/C7 /0 imm */
        struct op o = OP1(sz == 8 ? 0xC6 : 0xC7); o.regf = 0; o.digit = 1;
        o.immsz = sz == 8 ? 1 : sz == 16 ? 2 : 4; o.imm = rnd_value(o.immsz * 8);
        struct rm m = sz == 8 && chance(30) ? rm_reg(pick_r8(0, 1)) : rm_any(sz, 1, 0, 45);
        setsz(&o, sz); emit(&o, &m, "mov");
    } else {                                       /* B0+r / B8+r, incl. movabs imm64 */
        int r = sz == 8 ? pick_r8(0, 1) : pick_gpr(0);
        int immsz = sz == 8 ? 1 : sz == 16 ? 2 : sz == 32 ? 4 : 8;
        emit_plusr(sz == 8 ? 0xB0 : 0xB8, r, sz, immsz, rnd_value(immsz * 8), 0, "mov");
    }
}

void gen_mov(void) {
    int k = (int)rn(10);
    switch (k) {
    case 0: { /* movzx/movsx r, r/m8 */
        int sx = (int)rn(2), sz;
        struct rm m;
        int dst;
        if (chance(25)) { /* AH..BH source: no REX at all */
            m = rm_reg(HB((int)rn(4)));
            sz = chance(50) ? 16 : 32;
            static const int lowregs[] = {RAX, RCX, RDX, RBX, RBP, RSI, RDI};
            dst = lowregs[rn(7)];   /* no REX.R */
        } else {
            sz = size_pick(0);
            m = rm_any(8, 0, 0, 35);
            dst = pick_gpr(0);
        }
        struct op o = OP2(0x0F, (uint8_t)(sx ? 0xBE : 0xB6)); o.regf = dst;
        setsz(&o, sz); o.byteop = 2; emit(&o, &m, sx ? "movsx" : "movzx");
        break;
    }
    case 1: { /* movzx/movsx r, r/m16 */
        int sx = (int)rn(2), sz = chance(50) ? 32 : 64;
        struct rm m = rm_any(16, 0, 0, 35);
        struct op o = OP2(0x0F, (uint8_t)(sx ? 0xBF : 0xB7)); o.regf = pick_gpr(0);
        setsz(&o, sz); emit(&o, &m, sx ? "movsx" : "movzx");
        break;
    }
    case 2: { /* movsxd r64, r/m32 */
        struct rm m = rm_any(32, 0, 0, 35);
        struct op o = OP1(0x63); o.regf = pick_gpr(0);
        setsz(&o, 64); emit(&o, &m, "movsxd");
        break;
    }
    case 3: { /* bswap r32/r64 */
        int sz = chance(50) ? 32 : 64, r = pick_gpr(0);
        uint8_t b[3]; int n = 0;
        int rex = 0x40 | (sz == 64 ? 8 : 0) | (r >= 8 ? 1 : 0);
        if (rex != 0x40) b[n++] = (uint8_t)rex;
        b[n++] = 0x0F; b[n++] = (uint8_t)(0xC8 + (r & 7));
        G.cur_size = sz; emit_raw(b, n, "bswap"); G.cur_size = 0;
        break;
    }
    case 4: { /* xchg */
        int sz = size_pick(1);
        if (sz != 8 && chance(30)) {
            int r = pick_gpr(1u << RAX);
            emit_plusr(0x90, r, sz, 0, 0, 0, "xchg");
        } else {
            struct op o = OP1(sz == 8 ? 0x86 : 0x87);
            struct rm m;
            if (sz == 8 && chance(40)) { int a, b; pair8(&a, &b); m = rm_reg(a); o.regf = b; }
            else { m = rm_any(sz, 1, 0, 45); o.regf = sz == 8 ? pick_r8(0, 0) : pick_gpr(0); }
            setsz(&o, sz); emit(&o, &m, "xchg");
        }
        break;
    }
    case 5: case 6: { /* xadd / cmpxchg */
        int sz = size_pick(1), cx = k == 6;
        struct op o = OP2(0x0F, (uint8_t)((cx ? 0xB0 : 0xC0) + (sz != 8)));
        struct rm m;
        if (sz == 8 && chance(40)) { int a, b; pair8(&a, &b); m = rm_reg(a); o.regf = b; }
        else { m = rm_any(sz, 1, 1u << RAX, 45); o.regf = sz == 8 ? pick_r8(0, 0) : pick_gpr(0); }
        if (cx && chance(40) && !(m.isreg && m.reg >= 16)) {   /* make the comparison succeed */
            struct op l = OP1(sz == 8 ? 0x8A : 0x8B); l.regf = RAX;
            fix_simple(l, &m, sz, "mov");
        }
        if (!m.isreg && chance(25)) o.pfx |= PLOCK;
        setsz(&o, sz); emit(&o, &m, cx ? "cmpxchg" : "xadd");
        set_flags(F_ALL6, 0);
        break;
    }
    case 7: { /* cmpxchg8b / cmpxchg16b */
        int wide = (int)rn(2), n = wide ? 16 : 8;
        struct rm m = mk_mem(n, 1, wide ? 16 : 0, (1u << RAX) | (1u << RDX) | (1u << RBX) | (1u << RCX));
        if (chance(50)) {
            struct rm h = m; h.disp += n / 2;
            struct op l = OP1(0x8B); l.regf = RAX;
            fix_simple(l, &m, wide ? 64 : 32, "mov");
            struct op l2 = OP1(0x8B); l2.regf = RDX;
            fix_simple(l2, &h, wide ? 64 : 32, "mov");
        }
        struct op o = OP2(0x0F, 0xC7); o.regf = 1; o.digit = 1; o.w = wide;
        if (chance(25)) o.pfx |= PLOCK;
        G.cur_size = n * 8; emit(&o, &m, wide ? "cmpxchg16b" : "cmpxchg8b");
        set_flags(F_ZF, 0);
        break;
    }
    default: gen_movforms(); break;
    }
}

/* ---- LEA with every addressing form (no memory access: any register may be base/index) ---- */
void gen_lea(void) {
    static const int szs[] = {16, 32, 64, 64};
    int sz = szs[rn(4)];
    struct rm m = {0};
    m.a32 = chance(25);
    m.base = chance(85) ? pick_gpr(0) : -1;
    m.idx = chance(60) ? pick_gpr(0) : -1;
    m.scale = (int)rn(4);
    switch (rn(4)) {
    case 0: m.disp = 0; break;
    case 1: m.disp = (int8_t)rnd(); break;
    default: m.disp = (int32_t)rnd_value(32); break;
    }
    if (m.disp >= -128 && m.disp <= 127 && chance(20)) m.dsz = 4;
    struct op o = OP1(0x8D); o.regf = pick_gpr(0);
    setsz(&o, sz); emit(&o, &m, "lea");
}

/* ---- string instructions on the scratch buffer ---- */
static void fix_lea_base(int r, int32_t off) {
    struct rm m = {0}; m.base = BASE; m.idx = -1; m.disp = off;
    struct op o = OP1(0x8D); o.regf = r;
    fix_simple(o, &m, 64, "lea");
}

void gen_str(void) {
    static const uint8_t opc[5] = {0xA4, 0xA6, 0xAA, 0xAC, 0xAE};
    static const char *const nm[5] = {"movs", "cmps", "stos", "lods", "scas"};
    int which = (int)rn(5), sz = size_pick(1);
    int usesi = which == 0 || which == 1 || which == 3;
    int usedi = which != 3;
    int cmp = which == 1 || which == 4;
    int rep = cmp ? (int)rn(3) : (chance(60) ? 1 : 0);    /* 1 = F3 (rep/repe), 2 = F2 (repne) */
    unsigned cnt = rn(17);
    int down = chance(30);
    if (usesi) fix_lea_base(RSI, (int32_t)rn(600) - 300);
    if (usedi) fix_lea_base(RDI, (int32_t)rn(600) - 300);
    if (rep) fix_mov_imm(RCX, cnt);
    if (down) { uint8_t b = 0xFD; G.cur_fixup = 1; emit_raw(&b, 1, "std"); G.cur_fixup = 0; }
    uint8_t b[4]; int n = 0;
    if (rep == 1) b[n++] = 0xF3;
    if (rep == 2) b[n++] = 0xF2;
    if (sz == 16) b[n++] = 0x66;
    if (sz == 64) b[n++] = 0x48;
    b[n++] = (uint8_t)(opc[which] + (sz != 8));
    G.cur_size = sz; emit_raw(b, n, nm[which]); G.cur_size = 0;
    G.cur_fixup = 1;
    if (down) { uint8_t c = 0xFC; emit_raw(&c, 1, "cld"); }
    /* rsi/rdi now hold addresses: make them buffer offsets without disturbing the flags */
    uint8_t pf = 0x9C, pp = 0x9D;
    emit_raw(&pf, 1, "pushfq");
    if (usesi) { uint8_t s[3] = {0x4C, 0x29, 0xFE}; emit_raw(s, 3, "sub rsi,r15"); }
    if (usedi) { uint8_t s[3] = {0x4C, 0x29, 0xFF}; emit_raw(s, 3, "sub rdi,r15"); }
    emit_raw(&pp, 1, "popfq");
    G.cur_fixup = 0;
    if (cmp && (!rep || cnt)) set_flags(F_ALL6, 0);
}

/* ---- miscellaneous ---- */
void gen_misc(void) {
    int k = (int)rn(8);
    switch (k) {
    case 0: case 1: { /* cbw/cwde/cdqe, cwd/cdq/cqo */
        static const char *const n0[3] = {"cbw", "cwde", "cdqe"}, *const n1[3] = {"cwd", "cdq", "cqo"};
        int s = (int)rn(3);
        uint8_t b[2]; int n = 0;
        if (s == 0) b[n++] = 0x66;
        if (s == 2) b[n++] = 0x48;
        b[n++] = k ? 0x99 : 0x98;
        emit_raw(b, n, k ? n1[s] : n0[s]);
        break;
    }
    case 2: { uint8_t b = 0x9F; need_flags(F_ALL6); emit_raw(&b, 1, "lahf"); break; }
    case 3: { uint8_t b = 0x9E; emit_raw(&b, 1, "sahf"); set_flags(F_CF | F_PF | F_AF | F_ZF | F_SF, 0); break; }
    case 4: {
        static const uint8_t op[3] = {0xF8, 0xF9, 0xF5};
        static const char *const nm[3] = {"clc", "stc", "cmc"};
        int w = (int)rn(3);
        if (w == 2) need_flags(F_CF);
        emit_raw(&op[w], 1, nm[w]);
        set_flags(F_CF, 0);
        break;
    }
    case 5: { /* pushfq; pop r */
        need_flags(F_ALL6);
        uint8_t b = 0x9C;
        emit_raw(&b, 1, "pushfq");
        emit_plusr(0x58, pick_gpr(0), 64, 0, 0, 0, "pop");
        break;
    }
    case 6: { /* multi-byte nop with a ModRM operand (memory is not accessed) */
        int sz = chance(50) ? 16 : 32;
        struct rm m = rm_any(sz, 0, 0, 60);
        struct op o = OP2(0x0F, 0x1F); o.regf = 0; o.digit = 1;
        setsz(&o, sz); emit(&o, &m, "nop");
        break;
    }
    default: { /* push r / push imm; pop r */
        if (chance(50)) emit_plusr(0x50, pick_gpr(0), 64, 0, 0, 0, "push");
        else if (chance(50)) { uint8_t b[2] = {0x6A, (uint8_t)rnd()}; emit_raw(b, 2, "push imm8"); }
        else { uint32_t v = (uint32_t)rnd_value(32); uint8_t b[5] = {0x68, (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)}; emit_raw(b, 5, "push imm32"); }
        emit_plusr(0x58, pick_gpr(0), 64, 0, 0, 0, "pop");
        break;
    }
    }
}
