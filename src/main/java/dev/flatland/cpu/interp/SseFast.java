package dev.flatland.cpu.interp;

import dev.flatland.cpu.CpuState;
import dev.flatland.cpu.decode.Insn;
import dev.flatland.memory.GuestMemory;

/**
 * Direct forms of the SSE2 integer and move instructions that gcc -O2 emits most (Intel SDM vol. 2:
 * MOVDQA, MOVDQU, MOVAPS, MOVUPS, MOVQ, MOVD, PXOR, POR, PAND, PANDN, PADDD, PSUBD, PADDQ, PSUBQ,
 * the immediate shifts, PSHUFD and the dword/qword unpacks), chosen once per instruction when a
 * block is decoded ({@link #classify}) and run by {@link BlockLoop} with one call instead of the
 * OpcodeTable / Sse / SseInt dispatch chain. Each form has the semantics of its generic handler
 * (SseFastConsistencyTest compares them); anything unusual (VEX, LOCK, MMX forms, other prefixes,
 * FS/GS or 0x67 addressing) stays generic.
 *
 * <p>The form is {@code aux = FastPath.SSE | a << 8 | b << 12 | op << 16}: {@code a} the ModRM.reg
 * register, {@code b} the ModRM.rm register, {@code op} one of the constants below.
 */
final class SseFast {
    private SseFast() {
    }

    static final int MOV_RR = 1; // movdqa/movdqu/movaps/movups/movapd/movupd xmm(reg), xmm(rm)
    static final int MOV_RR_ST = 30; // the store encodings (7F, 29, 11) between registers: xmm(rm), xmm(reg)
    static final int LOADA = 2; // ... xmm, m128 (aligned)
    static final int LOADU = 3; // ... xmm, m128 (unaligned)
    static final int STOREA = 4; // ... m128, xmm (aligned)
    static final int STOREU = 5; // ... m128, xmm (unaligned)
    static final int MOVQ_LOAD = 6; // F3 0F 7E movq xmm, xmm/m64
    static final int MOVQ_STORE = 7; // 66 0F D6 movq xmm/m64, xmm
    static final int PXOR = 8;
    static final int POR = 9;
    static final int PAND = 10;
    static final int PANDN = 11;
    static final int PADDD = 12;
    static final int PSUBD = 13;
    static final int PADDQ = 14;
    static final int PSUBQ = 15;
    static final int PUNPCKLDQ = 16;
    static final int PUNPCKHDQ = 17;
    static final int PUNPCKLQDQ = 18;
    static final int PUNPCKHQDQ = 19;
    static final int PSHUFD = 20;
    static final int PSRLD = 21;
    static final int PSLLD = 22;
    static final int PSRAD = 23;
    static final int PSRLQ = 24;
    static final int PSLLQ = 25;
    static final int PSRLDQ = 26;
    static final int PSLLDQ = 27;
    static final int MOVD_TO_X = 28; // 66 0F 6E movd/movq xmm, r/m32|64
    static final int MOVD_FROM_X = 29; // 66 0F 7E movd/movq r/m32|64, xmm
    static final int PUNPCKLBW = 33;
    static final int PUNPCKHBW = 34;
    static final int PUNPCKLWD = 35;
    static final int PUNPCKHWD = 36;
    static final int PACKUSWB = 37;
    static final int PSRLW = 38;
    static final int PSLLW = 39;
    /** Added to MOVD_TO_X / MOVD_FROM_X for the REX.W (64-bit) form. */
    static final int WIDE = 32;

    /** The fast SSE operation of instruction {@code w} (map 0F, no VEX/LOCK, plain addressing), or 0. */
    static int classify(long w) {
        int op = Insn.op(w);
        if ((op >>> 8) != 1) {
            return 0;
        }
        boolean p66 = Insn.p66(w);
        boolean f3 = Insn.rep(w);
        if (Insn.repne(w) || p66 && f3) {
            return 0;
        }
        boolean mem = Insn.hasMem(w);
        int b = op & 0xff;
        if (!p66 && !f3) { // no mandatory prefix: only the MOVAPS / MOVUPS forms
            return switch (b) {
                case 0x28 -> mem ? LOADA : MOV_RR;
                case 0x10 -> mem ? LOADU : MOV_RR;
                case 0x29 -> mem ? STOREA : MOV_RR_ST;
                case 0x11 -> mem ? STOREU : MOV_RR_ST;
                default -> 0;
            };
        }
        if (f3) {
            return switch (b) {
                case 0x6F -> mem ? LOADU : MOV_RR;
                case 0x7F -> mem ? STOREU : MOV_RR_ST;
                case 0x7E -> MOVQ_LOAD;
                default -> 0;
            };
        }
        int digit = Insn.reg(w) & 7;
        return switch (b) {
            case 0x6F, 0x28 -> mem ? LOADA : MOV_RR;
            case 0x10 -> mem ? LOADU : MOV_RR;
            case 0x7F, 0x29 -> mem ? STOREA : MOV_RR_ST;
            case 0x11 -> mem ? STOREU : MOV_RR_ST;
            case 0xD6 -> MOVQ_STORE;
            case 0x6E -> MOVD_TO_X + (Insn.rexW(w) ? WIDE : 0);
            case 0x7E -> MOVD_FROM_X + (Insn.rexW(w) ? WIDE : 0);
            case 0xEF -> PXOR;
            case 0xEB -> POR;
            case 0xDB -> PAND;
            case 0xDF -> PANDN;
            case 0xFE -> PADDD;
            case 0xFA -> PSUBD;
            case 0xD4 -> PADDQ;
            case 0xFB -> PSUBQ;
            case 0x60 -> PUNPCKLBW;
            case 0x68 -> PUNPCKHBW;
            case 0x61 -> PUNPCKLWD;
            case 0x69 -> PUNPCKHWD;
            case 0x67 -> PACKUSWB;
            case 0x62 -> PUNPCKLDQ;
            case 0x6A -> PUNPCKHDQ;
            case 0x6C -> PUNPCKLQDQ;
            case 0x6D -> PUNPCKHQDQ;
            case 0x70 -> PSHUFD;
            case 0x71 -> mem ? 0 : switch (digit) {
                case 2 -> PSRLW;
                case 6 -> PSLLW;
                default -> 0;
            };
            case 0x72 -> mem ? 0 : switch (digit) {
                case 2 -> PSRLD;
                case 4 -> PSRAD;
                case 6 -> PSLLD;
                default -> 0;
            };
            case 0x73 -> mem ? 0 : switch (digit) {
                case 2 -> PSRLQ;
                case 3 -> PSRLDQ;
                case 6 -> PSLLQ;
                case 7 -> PSLLDQ;
                default -> 0;
            };
            default -> 0;
        };
    }

    /** Runs the form with registers {@code ra} (ModRM.reg) and {@code rb} (ModRM.rm) and operation {@code k} (see the class comment), effective address {@code ea} and immediate {@code imm}. */
    static void exec(CpuState c, GuestMemory m, int ra, int rb, int k, long ea, long imm) {
        long[] v = c.xmm;
        int a = 2 * ra;
        int b = 2 * rb;
        int op = k & (MEM_FLAG - 1);
        boolean mem = (k & MEM_FLAG) != 0;
        switch (op) {
            case MOV_RR -> {
                v[a] = v[b];
                v[a + 1] = v[b + 1];
            }
            case MOV_RR_ST -> {
                v[b] = v[a];
                v[b + 1] = v[a + 1];
            }
            case LOADA -> {
                Sse.align16(ea);
                long lo = m.read64(ea);
                long hi = m.read64(ea + 8);
                v[a] = lo;
                v[a + 1] = hi;
            }
            case LOADU -> {
                long lo = m.read64(ea);
                long hi = m.read64(ea + 8);
                v[a] = lo;
                v[a + 1] = hi;
            }
            case STOREA -> { // aligned: cannot cross the end of RAM
                Sse.align16(ea);
                m.write64(ea, v[a]);
                m.write64(ea + 8, v[a + 1]);
            }
            case STOREU -> {
                m.read8(ea + 15); // fault before any byte is written when the operand crosses the end of RAM
                m.write64(ea, v[a]);
                m.write64(ea + 8, v[a + 1]);
            }
            case MOVQ_LOAD -> {
                long lo = mem ? m.read64(ea) : v[b];
                v[a] = lo;
                v[a + 1] = 0;
            }
            case MOVQ_STORE -> {
                if (mem) {
                    m.write64(ea, v[a]);
                } else {
                    v[b] = v[a];
                    v[b + 1] = 0;
                }
            }
            case MOVD_TO_X -> {
                v[a] = (mem ? m.read32(ea) : c.r[rb]) & 0xffff_ffffL;
                v[a + 1] = 0;
            }
            case MOVD_TO_X + WIDE -> {
                v[a] = mem ? m.read64(ea) : c.r[rb];
                v[a + 1] = 0;
            }
            case MOVD_FROM_X -> {
                if (mem) {
                    m.write32(ea, (int) v[a]);
                } else {
                    c.r[rb] = v[a] & 0xffff_ffffL;
                }
            }
            case MOVD_FROM_X + WIDE -> {
                if (mem) {
                    m.write64(ea, v[a]);
                } else {
                    c.r[rb] = v[a];
                }
            }
            case PSRLD, PSLLD, PSRAD, PSRLQ, PSLLQ, PSRLDQ, PSLLDQ, PSRLW, PSLLW -> shift(v, b, op, (int) imm & 0xff);
            case PSHUFD -> {
                long lo;
                long hi;
                if (mem) {
                    Sse.align16(ea);
                    lo = m.read64(ea);
                    hi = m.read64(ea + 8);
                } else {
                    lo = v[b];
                    hi = v[b + 1];
                }
                int n = (int) imm;
                v[a] = dword(lo, hi, n) | dword(lo, hi, n >>> 2) << 32;
                v[a + 1] = dword(lo, hi, n >>> 4) | dword(lo, hi, n >>> 6) << 32;
            }
            default -> binary(c, m, v, a, b, op, mem, ea);
        }
    }

    /** Added to the operation when the instruction has a memory operand. */
    static final int MEM_FLAG = 64;

    /** Dword {@code sel & 3} of the 128-bit value (lo, hi), zero-extended. */
    private static long dword(long lo, long hi, int sel) {
        long q = (sel & 2) != 0 ? hi : lo;
        return (sel & 1) != 0 ? q >>> 32 : q & 0xffff_ffffL;
    }

    /** The two-operand packed forms: destination a, source XMM b or an aligned m128. */
    private static void binary(CpuState c, GuestMemory m, long[] v, int a, int b, int op, boolean mem, long ea) {
        long bl;
        long bh;
        if (mem) {
            Sse.align16(ea);
            bl = m.read64(ea);
            bh = m.read64(ea + 8);
        } else {
            bl = v[b];
            bh = v[b + 1];
        }
        long al = v[a];
        long ah = v[a + 1];
        long lo;
        long hi;
        switch (op) {
            case PXOR -> {
                lo = al ^ bl;
                hi = ah ^ bh;
            }
            case POR -> {
                lo = al | bl;
                hi = ah | bh;
            }
            case PAND -> {
                lo = al & bl;
                hi = ah & bh;
            }
            case PANDN -> {
                lo = ~al & bl;
                hi = ~ah & bh;
            }
            case PADDD -> {
                lo = addD(al, bl);
                hi = addD(ah, bh);
            }
            case PSUBD -> {
                lo = subD(al, bl);
                hi = subD(ah, bh);
            }
            case PADDQ -> {
                lo = al + bl;
                hi = ah + bh;
            }
            case PSUBQ -> {
                lo = al - bl;
                hi = ah - bh;
            }
            case PUNPCKLDQ -> {
                lo = al & 0xffff_ffffL | bl << 32;
                hi = al >>> 32 | bl & 0xffff_ffff_0000_0000L;
            }
            case PUNPCKHDQ -> {
                lo = ah & 0xffff_ffffL | bh << 32;
                hi = ah >>> 32 | bh & 0xffff_ffff_0000_0000L;
            }
            case PUNPCKLQDQ -> {
                lo = al;
                hi = bl;
            }
            case PUNPCKLBW -> { // bytes d0 s0 d1 s1 ... d7 s7 of the low quadwords
                lo = spreadB(al) | spreadB(bl) << 8;
                hi = spreadB(al >>> 32) | spreadB(bl >>> 32) << 8;
            }
            case PUNPCKHBW -> {
                lo = spreadB(ah) | spreadB(bh) << 8;
                hi = spreadB(ah >>> 32) | spreadB(bh >>> 32) << 8;
            }
            case PUNPCKLWD -> { // words d0 s0 d1 s1 d2 s2 d3 s3 of the low quadwords
                lo = spreadW(al) | spreadW(bl) << 16;
                hi = spreadW(al >>> 32) | spreadW(bl >>> 32) << 16;
            }
            case PUNPCKHWD -> {
                lo = spreadW(ah) | spreadW(bh) << 16;
                hi = spreadW(ah >>> 32) | spreadW(bh >>> 32) << 16;
            }
            case PACKUSWB -> { // signed words to unsigned bytes with saturation: dest words, then source words
                lo = packUsWb(al) | packUsWb(ah) << 32;
                hi = packUsWb(bl) | packUsWb(bh) << 32;
            }
            case PUNPCKHQDQ -> {
                lo = ah;
                hi = bh;
            }
            default -> throw new IllegalStateException("SseFast op " + op);
        }
        v[a] = lo;
        v[a + 1] = hi;
    }

    /** The low four bytes of {@code q} as the low bytes of four words (the others zero). */
    private static long spreadB(long q) {
        long t = q & 0xffff_ffffL;
        t = (t | t << 16) & 0x0000_ffff_0000_ffffL;
        return (t | t << 8) & 0x00ff_00ff_00ff_00ffL;
    }

    /** The low two words of {@code q} as the low words of two dwords (the others zero). */
    private static long spreadW(long q) {
        long t = q & 0xffff_ffffL;
        return (t | t << 16) & 0x0000_ffff_0000_ffffL;
    }

    /** The four signed words of {@code q} saturated to unsigned bytes, packed in the low 32 bits. */
    private static long packUsWb(long q) {
        long r = 0;
        for (int i = 0; i < 4; i++) {
            int w = (short) (q >>> (16 * i));
            r |= (long) (w < 0 ? 0 : Math.min(w, 255)) << (8 * i);
        }
        return r;
    }

    /** PSRLD of the two dwords of one long by {@code n} (0..255; more than 31 gives 0). */
    static long srlD(long q, int n) {
        return n > 31 ? 0 : (q & 0xffff_ffffL) >>> n | ((q >>> 32) >>> n) << 32;
    }

    /** PSLLD of the two dwords of one long by {@code n} (0..255; more than 31 gives 0). */
    static long sllD(long q, int n) {
        return n > 31 ? 0 : ((q << n) & 0xffff_ffffL) | ((q >>> 32) << n) << 32;
    }

    /** Two independent 32-bit wrapping additions in one long. */
    static long addD(long x, long y) {
        long lo = (x + y) & 0xffff_ffffL;
        long hi = ((x >>> 32) + (y >>> 32)) << 32;
        return lo | hi;
    }

    /** Two independent 32-bit wrapping subtractions in one long. */
    private static long subD(long x, long y) {
        long lo = (x - y) & 0xffff_ffffL;
        long hi = ((x >>> 32) - (y >>> 32)) << 32;
        return lo | hi;
    }

    /** The immediate shifts of register {@code r} (66 0F 72 /2 /4 /6, 66 0F 73 /2 /3 /6 /7). */
    private static void shift(long[] v, int r, int op, int n) {
        long lo = v[r];
        long hi = v[r + 1];
        switch (op) {
            case PSRLD -> {
                lo = srlD(lo, n);
                hi = srlD(hi, n);
            }
            case PSLLD -> {
                lo = sllD(lo, n);
                hi = sllD(hi, n);
            }
            case PSRLW -> {
                long keep = (0xffffL >>> Math.min(n, 16)) * 0x0001_0001_0001_0001L;
                lo = n > 15 ? 0 : lo >>> n & keep;
                hi = n > 15 ? 0 : hi >>> n & keep;
            }
            case PSLLW -> {
                long keep = (0xffffL << Math.min(n, 16) & 0xffffL) * 0x0001_0001_0001_0001L;
                lo = n > 15 ? 0 : lo << n & keep;
                hi = n > 15 ? 0 : hi << n & keep;
            }
            case PSRAD -> {
                int s = Math.min(n, 31);
                lo = ((int) lo >> s) & 0xffff_ffffL | (long) ((int) (lo >>> 32) >> s) << 32;
                hi = ((int) hi >> s) & 0xffff_ffffL | (long) ((int) (hi >>> 32) >> s) << 32;
            }
            case PSRLQ -> {
                lo = n > 63 ? 0 : lo >>> n;
                hi = n > 63 ? 0 : hi >>> n;
            }
            case PSLLQ -> {
                lo = n > 63 ? 0 : lo << n;
                hi = n > 63 ? 0 : hi << n;
            }
            case PSRLDQ -> {
                int bits = Math.min(n, 16) * 8;
                if (bits >= 128) {
                    lo = 0;
                    hi = 0;
                } else if (bits >= 64) {
                    lo = hi >>> (bits - 64);
                    hi = 0;
                } else if (bits > 0) {
                    lo = lo >>> bits | hi << (64 - bits);
                    hi = hi >>> bits;
                }
            }
            default -> { // PSLLDQ
                int bits = Math.min(n, 16) * 8;
                if (bits >= 128) {
                    lo = 0;
                    hi = 0;
                } else if (bits >= 64) {
                    hi = lo << (bits - 64);
                    lo = 0;
                } else if (bits > 0) {
                    hi = hi << bits | lo >>> (64 - bits);
                    lo = lo << bits;
                }
            }
        }
        v[r] = lo;
        v[r + 1] = hi;
    }
}
