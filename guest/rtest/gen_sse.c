/* SSE .. SSE4.2 generator: one table line per instruction form (prefix, opcode map, opcode,
 * operand kind, memory size, immediate mask). 128-bit memory operands are 16-byte aligned unless
 * the instruction allows unaligned access (SDM Vol. 1, 10.4 / 11.4 / 12.x "alignment").
 * rcpps/rsqrtps are not generated: their precision is implementation-specific. */
#include "rtest.h"

enum { XX, XR, RX, RXR, MX, GX, XI, CRC };
#define FU 1      /* unaligned memory allowed */
#define FW 2      /* random REX.W (64-bit GPR/memory form) */
#define FSETF 4   /* writes EFLAGS (all six defined) */
#define FMEM 8    /* memory form only */
#define FREG 16   /* register form only */
#define FW1 32    /* always REX.W */

struct sse_op {
    const char *name;
    uint8_t pfx, map, opc, kind, msz, imm, flags, cls, digit;
};

#define N 0
#define S66 P66
#define SF2 PF2
#define SF3 PF3
#define E(n, p, mp, o, k, ms, im, fl, c) {n, p, mp, o, k, ms, im, fl, c, 0}
#define ED(n, p, mp, o, k, ms, im, fl, c, d) {n, p, mp, o, k, ms, im, fl, c, d}
#define ARITH(n, o) E(n "ps", N, 1, o, XX, 16, 0, 0, C_SSE), E(n "ss", SF3, 1, o, XX, 4, 0, FU, C_SSE), \
    E(n "pd", S66, 1, o, XX, 16, 0, 0, C_SSE), E(n "sd", SF2, 1, o, XX, 8, 0, FU, C_SSE)
#define PI(n, o) E(n, S66, 1, o, XX, 16, 0, 0, C_SSEI)
#define P38(n, o, c) E(n, S66, 2, o, XX, 16, 0, 0, c)

static const struct sse_op ops[] = {
    ARITH("add", 0x58), ARITH("mul", 0x59), ARITH("sub", 0x5C), ARITH("min", 0x5D),
    ARITH("div", 0x5E), ARITH("max", 0x5F), ARITH("sqrt", 0x51),
    E("andps", N, 1, 0x54, XX, 16, 0, 0, C_SSE), E("andpd", S66, 1, 0x54, XX, 16, 0, 0, C_SSE),
    E("andnps", N, 1, 0x55, XX, 16, 0, 0, C_SSE), E("andnpd", S66, 1, 0x55, XX, 16, 0, 0, C_SSE),
    E("orps", N, 1, 0x56, XX, 16, 0, 0, C_SSE), E("orpd", S66, 1, 0x56, XX, 16, 0, 0, C_SSE),
    E("xorps", N, 1, 0x57, XX, 16, 0, 0, C_SSE), E("xorpd", S66, 1, 0x57, XX, 16, 0, 0, C_SSE),
    E("cmpps", N, 1, 0xC2, XX, 16, 7, 0, C_SSE), E("cmpss", SF3, 1, 0xC2, XX, 4, 7, FU, C_SSE),
    E("cmppd", S66, 1, 0xC2, XX, 16, 7, 0, C_SSE), E("cmpsd", SF2, 1, 0xC2, XX, 8, 7, FU, C_SSE),
    E("comiss", N, 1, 0x2F, XX, 4, 0, FU | FSETF, C_SSE), E("ucomiss", N, 1, 0x2E, XX, 4, 0, FU | FSETF, C_SSE),
    E("comisd", S66, 1, 0x2F, XX, 8, 0, FU | FSETF, C_SSE), E("ucomisd", S66, 1, 0x2E, XX, 8, 0, FU | FSETF, C_SSE),
    E("shufps", N, 1, 0xC6, XX, 16, 0xFF, 0, C_SSE), E("shufpd", S66, 1, 0xC6, XX, 16, 3, 0, C_SSE),
    E("unpcklps", N, 1, 0x14, XX, 16, 0, 0, C_SSE), E("unpckhps", N, 1, 0x15, XX, 16, 0, 0, C_SSE),
    E("unpcklpd", S66, 1, 0x14, XX, 16, 0, 0, C_SSE), E("unpckhpd", S66, 1, 0x15, XX, 16, 0, 0, C_SSE),
    E("cvtps2pd", N, 1, 0x5A, XX, 8, 0, FU, C_SSE), E("cvtpd2ps", S66, 1, 0x5A, XX, 16, 0, 0, C_SSE),
    E("cvtss2sd", SF3, 1, 0x5A, XX, 4, 0, FU, C_SSE), E("cvtsd2ss", SF2, 1, 0x5A, XX, 8, 0, FU, C_SSE),
    E("cvtdq2ps", N, 1, 0x5B, XX, 16, 0, 0, C_SSE), E("cvtps2dq", S66, 1, 0x5B, XX, 16, 0, 0, C_SSE),
    E("cvttps2dq", SF3, 1, 0x5B, XX, 16, 0, 0, C_SSE), E("cvtdq2pd", SF3, 1, 0xE6, XX, 8, 0, FU, C_SSE),
    E("cvtpd2dq", SF2, 1, 0xE6, XX, 16, 0, 0, C_SSE), E("cvttpd2dq", S66, 1, 0xE6, XX, 16, 0, 0, C_SSE),
    E("cvtsi2ss", SF3, 1, 0x2A, XR, 4, 0, FW, C_SSE), E("cvtsi2sd", SF2, 1, 0x2A, XR, 4, 0, FW, C_SSE),
    E("cvtss2si", SF3, 1, 0x2D, RX, 4, 0, FW | FU, C_SSE), E("cvttss2si", SF3, 1, 0x2C, RX, 4, 0, FW | FU, C_SSE),
    E("cvtsd2si", SF2, 1, 0x2D, RX, 8, 0, FW | FU, C_SSE), E("cvttsd2si", SF2, 1, 0x2C, RX, 8, 0, FW | FU, C_SSE),
    E("movups", N, 1, 0x10, XX, 16, 0, FU, C_SSE), E("movss", SF3, 1, 0x10, XX, 4, 0, FU, C_SSE),
    E("movupd", S66, 1, 0x10, XX, 16, 0, FU, C_SSE), E("movsd", SF2, 1, 0x10, XX, 8, 0, FU, C_SSE),
    E("movups st", N, 1, 0x11, MX, 16, 0, FU, C_SSE), E("movss st", SF3, 1, 0x11, MX, 4, 0, FU, C_SSE),
    E("movupd st", S66, 1, 0x11, MX, 16, 0, FU, C_SSE), E("movsd st", SF2, 1, 0x11, MX, 8, 0, FU, C_SSE),
    E("movaps", N, 1, 0x28, XX, 16, 0, 0, C_SSE), E("movapd", S66, 1, 0x28, XX, 16, 0, 0, C_SSE),
    E("movaps st", N, 1, 0x29, MX, 16, 0, 0, C_SSE), E("movapd st", S66, 1, 0x29, MX, 16, 0, 0, C_SSE),
    E("movlps/movhlps", N, 1, 0x12, XX, 8, 0, FU, C_SSE), E("movlpd", S66, 1, 0x12, XX, 8, 0, FU | FMEM, C_SSE),
    E("movlps st", N, 1, 0x13, MX, 8, 0, FU | FMEM, C_SSE), E("movlpd st", S66, 1, 0x13, MX, 8, 0, FU | FMEM, C_SSE),
    E("movhps/movlhps", N, 1, 0x16, XX, 8, 0, FU, C_SSE), E("movhpd", S66, 1, 0x16, XX, 8, 0, FU | FMEM, C_SSE),
    E("movhps st", N, 1, 0x17, MX, 8, 0, FU | FMEM, C_SSE), E("movhpd st", S66, 1, 0x17, MX, 8, 0, FU | FMEM, C_SSE),
    E("movmskps", N, 1, 0x50, RXR, 16, 0, FREG, C_SSE), E("movmskpd", S66, 1, 0x50, RXR, 16, 0, FREG, C_SSE),
    E("movntps", N, 1, 0x2B, MX, 16, 0, FMEM, C_SSE),
    /* SSE2 integer */
    E("movd/movq x,r/m", S66, 1, 0x6E, XR, 4, 0, FW, C_SSEI), E("movd/movq r/m,x", S66, 1, 0x7E, GX, 4, 0, FW, C_SSEI),
    E("movq x,x/m64", SF3, 1, 0x7E, XX, 8, 0, FU, C_SSEI), E("movq x/m64,x", S66, 1, 0xD6, MX, 8, 0, FU, C_SSEI),
    E("movdqa", S66, 1, 0x6F, XX, 16, 0, 0, C_SSEI), E("movdqu", SF3, 1, 0x6F, XX, 16, 0, FU, C_SSEI),
    E("movdqa st", S66, 1, 0x7F, MX, 16, 0, 0, C_SSEI), E("movdqu st", SF3, 1, 0x7F, MX, 16, 0, FU, C_SSEI),
    E("movntdq", S66, 1, 0xE7, MX, 16, 0, FMEM, C_SSEI),
    PI("paddb", 0xFC), PI("paddw", 0xFD), PI("paddd", 0xFE), PI("paddq", 0xD4),
    PI("psubb", 0xF8), PI("psubw", 0xF9), PI("psubd", 0xFA), PI("psubq", 0xFB),
    PI("paddsb", 0xEC), PI("paddsw", 0xED), PI("paddusb", 0xDC), PI("paddusw", 0xDD),
    PI("psubsb", 0xE8), PI("psubsw", 0xE9), PI("psubusb", 0xD8), PI("psubusw", 0xD9),
    PI("pmullw", 0xD5), PI("pmulhw", 0xE5), PI("pmulhuw", 0xE4), PI("pmuludq", 0xF4),
    PI("pmaddwd", 0xF5), PI("psadbw", 0xF6), PI("pavgb", 0xE0), PI("pavgw", 0xE3),
    PI("pminub", 0xDA), PI("pmaxub", 0xDE), PI("pminsw", 0xEA), PI("pmaxsw", 0xEE),
    PI("pand", 0xDB), PI("pandn", 0xDF), PI("por", 0xEB), PI("pxor", 0xEF),
    PI("pcmpeqb", 0x74), PI("pcmpeqw", 0x75), PI("pcmpeqd", 0x76),
    PI("pcmpgtb", 0x64), PI("pcmpgtw", 0x65), PI("pcmpgtd", 0x66),
    PI("packsswb", 0x63), PI("packuswb", 0x67), PI("packssdw", 0x6B),
    PI("punpcklbw", 0x60), PI("punpcklwd", 0x61), PI("punpckldq", 0x62), PI("punpcklqdq", 0x6C),
    PI("punpckhbw", 0x68), PI("punpckhwd", 0x69), PI("punpckhdq", 0x6A), PI("punpckhqdq", 0x6D),
    PI("psllw", 0xF1), PI("pslld", 0xF2), PI("psllq", 0xF3), PI("psrlw", 0xD1),
    PI("psrld", 0xD2), PI("psrlq", 0xD3), PI("psraw", 0xE1), PI("psrad", 0xE2),
    ED("psrlw imm", S66, 1, 0x71, XI, 16, 0xFF, FREG, C_SSEI, 2), ED("psraw imm", S66, 1, 0x71, XI, 16, 0xFF, FREG, C_SSEI, 4),
    ED("psllw imm", S66, 1, 0x71, XI, 16, 0xFF, FREG, C_SSEI, 6), ED("psrld imm", S66, 1, 0x72, XI, 16, 0xFF, FREG, C_SSEI, 2),
    ED("psrad imm", S66, 1, 0x72, XI, 16, 0xFF, FREG, C_SSEI, 4), ED("pslld imm", S66, 1, 0x72, XI, 16, 0xFF, FREG, C_SSEI, 6),
    ED("psrlq imm", S66, 1, 0x73, XI, 16, 0xFF, FREG, C_SSEI, 2), ED("psrldq", S66, 1, 0x73, XI, 16, 0xFF, FREG, C_SSEI, 3),
    ED("psllq imm", S66, 1, 0x73, XI, 16, 0xFF, FREG, C_SSEI, 6), ED("pslldq", S66, 1, 0x73, XI, 16, 0xFF, FREG, C_SSEI, 7),
    E("pshufd", S66, 1, 0x70, XX, 16, 0xFF, 0, C_SSEI), E("pshufhw", SF3, 1, 0x70, XX, 16, 0xFF, 0, C_SSEI),
    E("pshuflw", SF2, 1, 0x70, XX, 16, 0xFF, 0, C_SSEI), E("pmovmskb", S66, 1, 0xD7, RXR, 16, 0, FREG, C_SSEI),
    E("pextrw", S66, 1, 0xC5, RXR, 16, 7, FREG, C_SSEI), E("pinsrw", S66, 1, 0xC4, XR, 2, 7, 0, C_SSEI),
    /* SSE3 + SSSE3 */
    E("addsubpd", S66, 1, 0xD0, XX, 16, 0, 0, C_SSSE3), E("addsubps", SF2, 1, 0xD0, XX, 16, 0, 0, C_SSSE3),
    E("haddpd", S66, 1, 0x7C, XX, 16, 0, 0, C_SSSE3), E("haddps", SF2, 1, 0x7C, XX, 16, 0, 0, C_SSSE3),
    E("hsubpd", S66, 1, 0x7D, XX, 16, 0, 0, C_SSSE3), E("hsubps", SF2, 1, 0x7D, XX, 16, 0, 0, C_SSSE3),
    E("movshdup", SF3, 1, 0x16, XX, 16, 0, 0, C_SSSE3), E("movsldup", SF3, 1, 0x12, XX, 16, 0, 0, C_SSSE3),
    E("movddup", SF2, 1, 0x12, XX, 8, 0, FU, C_SSSE3), E("lddqu", SF2, 1, 0xF0, XX, 16, 0, FU | FMEM, C_SSSE3),
    P38("pshufb", 0x00, C_SSSE3), P38("phaddw", 0x01, C_SSSE3), P38("phaddd", 0x02, C_SSSE3),
    P38("phaddsw", 0x03, C_SSSE3), P38("pmaddubsw", 0x04, C_SSSE3), P38("phsubw", 0x05, C_SSSE3),
    P38("phsubd", 0x06, C_SSSE3), P38("phsubsw", 0x07, C_SSSE3), P38("psignb", 0x08, C_SSSE3),
    P38("psignw", 0x09, C_SSSE3), P38("psignd", 0x0A, C_SSSE3), P38("pmulhrsw", 0x0B, C_SSSE3),
    P38("pabsb", 0x1C, C_SSSE3), P38("pabsw", 0x1D, C_SSSE3), P38("pabsd", 0x1E, C_SSSE3),
    E("palignr", S66, 3, 0x0F, XX, 16, 0xFF, 0, C_SSSE3),
    /* SSE4.1 / SSE4.2 */
    P38("pblendvb", 0x10, C_SSE4), P38("blendvps", 0x14, C_SSE4), P38("blendvpd", 0x15, C_SSE4),
    E("ptest", S66, 2, 0x17, XX, 16, 0, FSETF, C_SSE4),
    E("pmovsxbw", S66, 2, 0x20, XX, 8, 0, FU, C_SSE4), E("pmovsxbd", S66, 2, 0x21, XX, 4, 0, FU, C_SSE4),
    E("pmovsxbq", S66, 2, 0x22, XX, 2, 0, FU, C_SSE4), E("pmovsxwd", S66, 2, 0x23, XX, 8, 0, FU, C_SSE4),
    E("pmovsxwq", S66, 2, 0x24, XX, 4, 0, FU, C_SSE4), E("pmovsxdq", S66, 2, 0x25, XX, 8, 0, FU, C_SSE4),
    E("pmovzxbw", S66, 2, 0x30, XX, 8, 0, FU, C_SSE4), E("pmovzxbd", S66, 2, 0x31, XX, 4, 0, FU, C_SSE4),
    E("pmovzxbq", S66, 2, 0x32, XX, 2, 0, FU, C_SSE4), E("pmovzxwd", S66, 2, 0x33, XX, 8, 0, FU, C_SSE4),
    E("pmovzxwq", S66, 2, 0x34, XX, 4, 0, FU, C_SSE4), E("pmovzxdq", S66, 2, 0x35, XX, 8, 0, FU, C_SSE4),
    P38("pmuldq", 0x28, C_SSE4), P38("pcmpeqq", 0x29, C_SSE4),
    E("movntdqa", S66, 2, 0x2A, XX, 16, 0, FMEM, C_SSE4), P38("packusdw", 0x2B, C_SSE4),
    P38("pcmpgtq", 0x37, C_SSE4), P38("pminsb", 0x38, C_SSE4), P38("pminsd", 0x39, C_SSE4),
    P38("pminuw", 0x3A, C_SSE4), P38("pminud", 0x3B, C_SSE4), P38("pmaxsb", 0x3C, C_SSE4),
    P38("pmaxsd", 0x3D, C_SSE4), P38("pmaxuw", 0x3E, C_SSE4), P38("pmaxud", 0x3F, C_SSE4),
    P38("pmulld", 0x40, C_SSE4), P38("phminposuw", 0x41, C_SSE4),
    E("roundps", S66, 3, 0x08, XX, 16, 0x0F, 0, C_SSE4), E("roundpd", S66, 3, 0x09, XX, 16, 0x0F, 0, C_SSE4),
    E("roundss", S66, 3, 0x0A, XX, 4, 0x0F, FU, C_SSE4), E("roundsd", S66, 3, 0x0B, XX, 8, 0x0F, FU, C_SSE4),
    E("blendps", S66, 3, 0x0C, XX, 16, 0x0F, 0, C_SSE4), E("blendpd", S66, 3, 0x0D, XX, 16, 0x03, 0, C_SSE4),
    E("pblendw", S66, 3, 0x0E, XX, 16, 0xFF, 0, C_SSE4),
    E("pextrb", S66, 3, 0x14, GX, 1, 0x0F, 0, C_SSE4), E("pextrw m", S66, 3, 0x15, GX, 2, 0x07, 0, C_SSE4),
    E("pextrd", S66, 3, 0x16, GX, 4, 0x03, 0, C_SSE4), E("pextrq", S66, 3, 0x16, GX, 8, 0x01, FW1, C_SSE4),
    E("extractps", S66, 3, 0x17, GX, 4, 0x03, 0, C_SSE4),
    E("pinsrb", S66, 3, 0x20, XR, 1, 0x0F, 0, C_SSE4), E("insertps", S66, 3, 0x21, XX, 4, 0xFF, FU, C_SSE4),
    E("pinsrd", S66, 3, 0x22, XR, 4, 0x03, 0, C_SSE4), E("pinsrq", S66, 3, 0x22, XR, 8, 0x01, FW1, C_SSE4),
    E("dpps", S66, 3, 0x40, XX, 16, 0xFF, 0, C_SSE4), E("dppd", S66, 3, 0x41, XX, 16, 0x33, 0, C_SSE4),
    E("mpsadbw", S66, 3, 0x42, XX, 16, 0x07, 0, C_SSE4),
    E("pcmpestrm", S66, 3, 0x60, XX, 16, 0x7F, FU | FSETF, C_SSE4),
    E("pcmpestri", S66, 3, 0x61, XX, 16, 0x7F, FU | FSETF, C_SSE4),
    E("pcmpistrm", S66, 3, 0x62, XX, 16, 0x7F, FU | FSETF, C_SSE4),
    E("pcmpistri", S66, 3, 0x63, XX, 16, 0x7F, FU | FSETF, C_SSE4),
    E("crc32", SF2, 2, 0xF0, CRC, 0, 0, 0, C_SSE4),
};
#define NOPS ((int)(sizeof ops / sizeof ops[0]))

static int idx_by_class[NCLASS][256];
static int n_by_class[NCLASS];

static void build_index(void) {
    if (n_by_class[C_SSE]) return;
    for (int i = 0; i < NOPS; i++) idx_by_class[ops[i].cls][n_by_class[ops[i].cls]++] = i;
}

static struct op base_op(const struct sse_op *e) {
    struct op o = {0};
    o.pfx = e->pfx;
    if (e->map == 1) { o.nopc = 2; o.opc[0] = 0x0F; o.opc[1] = e->opc; }
    else { o.nopc = 3; o.opc[0] = 0x0F; o.opc[1] = e->map == 2 ? 0x38 : 0x3A; o.opc[2] = e->opc; }
    if (e->imm) { o.immsz = 1; o.imm = rnd() & e->imm; }
    return o;
}

static struct rm xmm_or_mem(const struct sse_op *e, int size, int write) {
    int memok = !(e->flags & FREG), regok = !(e->flags & FMEM);
    if (memok && (!regok || chance(35)))
        return mk_mem(size, write, size == 16 && !(e->flags & FU) ? 16 : 0, 0);
    return rm_reg((int)rn(16));
}

/* LDMXCSR of a random valid value (rounding, FTZ, DAZ, sticky flags; exceptions stay masked)
 * and STMXCSR, so MXCSR changes in the middle of a sequence too. */
static void gen_mxcsr(void) {
    struct rm m = mk_mem(4, 1, 0, 0);
    uint32_t v = 0x1f80 | rn(4) << 13 | (chance(30) ? 0x8000 : 0) | (chance(30) ? 0x40 : 0) | rn(64);
    struct op s = OP1(0xC7); s.regf = 0; s.digit = 1; s.immsz = 4; s.imm = v;
    fix_simple(s, &m, 32, "mov");
    struct op l = OP2(0x0F, 0xAE); l.regf = 2; l.digit = 1;
    G.cur_size = 32; emit(&l, &m, "ldmxcsr");
    if (chance(50)) {
        struct rm m2 = mk_mem(4, 1, 0, 0);
        struct op st = OP2(0x0F, 0xAE); st.regf = 3; st.digit = 1;
        G.cur_size = 32; emit(&st, &m2, "stmxcsr");
    }
}

void gen_sse(int cls) {
    build_index();
    if (cls == C_SSE && chance(4)) { gen_mxcsr(); return; }
    const struct sse_op *e = &ops[idx_by_class[cls][rn((unsigned)n_by_class[cls])]];
    struct op o = base_op(e);
    struct rm m;
    int w = (e->flags & FW1) || ((e->flags & FW) && chance(50));
    o.w = w;
    G.cur_size = 0;
    switch (e->kind) {
    case XX: m = xmm_or_mem(e, e->msz, 0); o.regf = (int)rn(16); break;
    case MX: m = xmm_or_mem(e, e->msz, 1); o.regf = (int)rn(16); break;
    case XI: m = rm_reg((int)rn(16)); o.regf = e->digit; o.digit = 1; break;
    case RXR: m = rm_reg((int)rn(16)); o.regf = pick_gpr(0); break;
    case RX: m = xmm_or_mem(e, e->msz, 0); o.regf = pick_gpr(0); break;
    case XR: {
        int sz = w ? 8 : e->msz;
        if (chance(40)) m = mk_mem(sz, 0, 0, 0);
        else m = rm_reg(pick_gpr(0));
        o.regf = (int)rn(16);
        break;
    }
    case GX: {
        int sz = w ? 8 : e->msz;
        if (chance(40)) m = mk_mem(sz, 1, 0, 0);
        else m = rm_reg(pick_gpr(0));
        o.regf = (int)rn(16);
        break;
    }
    default: { /* crc32 r32/r64, r/m8/16/32/64 */
        int sz = size_pick(1);
        m = rm_any(sz, 0, 0, 35);
        if (sz != 8) o.opc[2] = 0xF1;
        if (sz == 16) o.pfx |= P66;
        if (sz == 8) o.byteop = 2;
        o.w = sz == 64 || (sz == 8 && chance(30));
        o.regf = pick_gpr(0);
        G.cur_size = sz;
        break;
    }
    }
    emit(&o, &m, e->name);
    if (e->flags & FSETF) set_flags(F_ALL6, 0);
}
