package dev.flatland.cpu.interp;

import static dev.flatland.cpu.interp.Sse.NP;
import static dev.flatland.cpu.interp.Sse.P66;
import static dev.flatland.cpu.interp.Sse.PF2;
import static dev.flatland.cpu.interp.Sse.PF3;

import dev.flatland.cpu.CpuState;
import dev.flatland.cpu.decode.Insn;
import dev.flatland.memory.GuestMemory;

/** SSE data movement: MOVUPS..MOVHPD, MOVAPS, MOVNT*, MOVMSK*, MOVD/MOVQ, MOVDQA/U, PINSRW/PEXTRW. */
final class SseMove {
    private SseMove() {
    }

    /** 0F 10-17, 28, 29, 2B, 50. */
    static void fpMove(CpuState c, GuestMemory m, long w, long ea, int b) {
        int p = Sse.pfx(w);
        int d = Sse.xreg(w);
        long[] x = c.xmm;
        boolean mem = Insn.hasMem(w);
        int s = Insn.rm(w);
        switch (b) {
            case 0x10 -> {
                if (p == PF3) { // movss xmm, xmm/m32
                    if (mem) {
                        Sse.setX(c, d, m.read32(ea) & 0xFFFF_FFFFL, 0);
                    } else {
                        x[2 * d] = (x[2 * d] & ~0xFFFF_FFFFL) | (x[2 * s] & 0xFFFF_FFFFL);
                    }
                } else if (p == PF2) { // movsd
                    if (mem) {
                        Sse.setX(c, d, m.read64(ea), 0);
                    } else {
                        x[2 * d] = x[2 * s];
                    }
                } else { // movups / movupd
                    long lo = Sse.srcQ(c, m, w, ea, 0, false);
                    long hi = Sse.srcQ(c, m, w, ea, 1, false);
                    Sse.setX(c, d, lo, hi);
                }
            }
            case 0x11 -> {
                if (p == PF3) {
                    if (mem) {
                        m.write32(ea, (int) x[2 * d]);
                    } else {
                        x[2 * s] = (x[2 * s] & ~0xFFFF_FFFFL) | (x[2 * d] & 0xFFFF_FFFFL);
                    }
                } else if (p == PF2) {
                    if (mem) {
                        m.write64(ea, x[2 * d]);
                    } else {
                        x[2 * s] = x[2 * d];
                    }
                } else {
                    store128(c, m, w, ea, d, false);
                }
            }
            case 0x12 -> {
                if (p == PF3) { // movsldup
                    long lo = Sse.srcQ(c, m, w, ea, 0, true);
                    long hi = Sse.srcQ(c, m, w, ea, 1, true);
                    Sse.setX(c, d, dupLow32(lo), dupLow32(hi));
                } else if (p == PF2) { // movddup xmm, xmm/m64
                    long lo = Sse.src64(c, m, w, ea);
                    Sse.setX(c, d, lo, lo);
                } else if (mem) { // movlps / movlpd load
                    x[2 * d] = m.read64(ea);
                } else if (p == NP) { // movhlps
                    x[2 * d] = x[2 * s + 1];
                } else {
                    throw Sse.ud();
                }
            }
            case 0x13, 0x17 -> { // movlps/movlpd, movhps/movhpd stores
                if (!mem || p == PF2 || p == PF3) {
                    throw Sse.ud();
                }
                m.write64(ea, x[2 * d + (b == 0x17 ? 1 : 0)]);
            }
            case 0x14, 0x15 -> SseFloat.exec(c, m, w, ea, 0, b);
            case 0x16 -> {
                if (p == PF3) { // movshdup
                    long lo = Sse.srcQ(c, m, w, ea, 0, true);
                    long hi = Sse.srcQ(c, m, w, ea, 1, true);
                    Sse.setX(c, d, dupHigh32(lo), dupHigh32(hi));
                } else if (p == PF2) {
                    throw Sse.ud();
                } else if (mem) { // movhps / movhpd load
                    x[2 * d + 1] = m.read64(ea);
                } else if (p == NP) { // movlhps
                    x[2 * d + 1] = x[2 * s];
                } else {
                    throw Sse.ud();
                }
            }
            case 0x28 -> { // movaps / movapd
                if (p >= PF3) {
                    throw Sse.ud();
                }
                long lo = Sse.srcQ(c, m, w, ea, 0, true);
                long hi = Sse.srcQ(c, m, w, ea, 1, true);
                Sse.setX(c, d, lo, hi);
            }
            case 0x29 -> {
                if (p >= PF3) {
                    throw Sse.ud();
                }
                store128(c, m, w, ea, d, true);
            }
            case 0x2B -> { // movntps / movntpd
                if (!mem || p >= PF3) {
                    throw Sse.ud();
                }
                store128(c, m, w, ea, d, true);
            }
            case 0x50 -> { // movmskps / movmskpd r32, xmm
                if (mem || p >= PF3) {
                    throw Sse.ud();
                }
                long lo = x[2 * s];
                long hi = x[2 * s + 1];
                long r;
                if (p == P66) {
                    r = (lo >>> 63) | ((hi >>> 63) << 1);
                } else {
                    r = ((lo >>> 31) & 1) | ((lo >>> 62) & 2) | (((hi >>> 31) & 1) << 2) | ((hi >>> 63) << 3);
                }
                c.r[d] = r;
            }
            default -> throw Sse.ud();
        }
    }

    private static long dupLow32(long v) {
        return (v & 0xFFFF_FFFFL) | (v << 32);
    }

    private static long dupHigh32(long v) {
        return (v >>> 32) | (v & 0xFFFF_FFFF_0000_0000L);
    }

    /** Stores XMM d to the 128-bit r/m destination. */
    static void store128(CpuState c, GuestMemory m, long w, long ea, int d, boolean aligned) {
        long lo = c.xmm[2 * d];
        long hi = c.xmm[2 * d + 1];
        if (Insn.hasMem(w)) {
            if (aligned) {
                Sse.align16(ea);
            }
            m.write64(ea, lo);
            m.write64(ea + 8, hi);
        } else {
            Sse.setX(c, Insn.rm(w), lo, hi);
        }
    }

    /** 0F 6E, 6F, 7E, 7F, D6, D7, E7, F0, C4, C5, F7. */
    static void intMove(CpuState c, GuestMemory m, long w, long ea, int imm, int b) {
        int p = Sse.pfx(w);
        int d = Sse.xreg(w);
        long[] x = c.xmm;
        boolean mem = Insn.hasMem(w);
        int s = Insn.rm(w);
        int gsz = Insn.rexW(w) ? 8 : 4;
        switch (b) {
            case 0x6E -> { // movd/movq mm|xmm, r/m32|64
                if (p >= PF3) {
                    throw Sse.ud();
                }
                long v = Operands.readRm(c, m, w, ea, gsz);
                if (p == P66) {
                    Sse.setX(c, d, v, 0);
                } else {
                    Sse.mmxEnter(c);
                    Sse.setMm(c, d, v);
                }
            }
            case 0x7E -> {
                if (p == PF3) { // movq xmm, xmm/m64
                    Sse.setX(c, d, Sse.src64(c, m, w, ea), 0);
                } else if (p == P66) { // movd/movq r/m, xmm
                    Operands.writeRm(c, m, w, ea, gsz, x[2 * d]);
                } else if (p == NP) {
                    Sse.mmxEnter(c);
                    Operands.writeRm(c, m, w, ea, gsz, Sse.mmReg(c, d));
                } else {
                    throw Sse.ud();
                }
            }
            case 0x6F -> {
                if (p == NP) { // movq mm, mm/m64
                    Sse.mmxEnter(c);
                    Sse.setMm(c, d, Sse.mmSrc(c, m, w, ea));
                } else if (p == PF2) {
                    throw Sse.ud();
                } else {
                    boolean al = p == P66;
                    long lo = Sse.srcQ(c, m, w, ea, 0, al);
                    long hi = Sse.srcQ(c, m, w, ea, 1, al);
                    Sse.setX(c, d, lo, hi);
                }
            }
            case 0x7F -> {
                if (p == NP) {
                    Sse.mmxEnter(c);
                    long v = Sse.mmReg(c, d);
                    if (mem) {
                        m.write64(ea, v);
                    } else {
                        Sse.setMm(c, s, v);
                    }
                } else if (p == PF2) {
                    throw Sse.ud();
                } else {
                    store128(c, m, w, ea, d, p == P66);
                }
            }
            case 0xD6 -> {
                if (p == P66) { // movq xmm/m64, xmm
                    if (mem) {
                        m.write64(ea, x[2 * d]);
                    } else {
                        Sse.setX(c, s, x[2 * d], 0);
                    }
                } else if (p == PF3 && !mem) { // movq2dq xmm, mm
                    Sse.mmxEnter(c);
                    Sse.setX(c, d, Sse.mmReg(c, s), 0);
                } else if (p == PF2 && !mem) { // movdq2q mm, xmm
                    Sse.mmxEnter(c);
                    Sse.setMm(c, d, x[2 * s]);
                } else {
                    throw Sse.ud();
                }
            }
            case 0xD7 -> { // pmovmskb r32, mm|xmm
                if (mem || p >= PF3) {
                    throw Sse.ud();
                }
                if (p == P66) {
                    c.r[d] = byteSigns(x[2 * s]) | (byteSigns(x[2 * s + 1]) << 8);
                } else {
                    Sse.mmxEnter(c);
                    c.r[d] = byteSigns(Sse.mmReg(c, s));
                }
            }
            case 0xE7 -> { // movntq / movntdq
                if (!mem || p >= PF3) {
                    throw Sse.ud();
                }
                if (p == P66) {
                    store128(c, m, w, ea, d, true);
                } else {
                    Sse.mmxEnter(c);
                    m.write64(ea, Sse.mmReg(c, d));
                }
            }
            case 0xF0 -> { // lddqu
                if (!mem || p != PF2) {
                    throw Sse.ud();
                }
                Sse.setX(c, d, m.read64(ea), m.read64(ea + 8));
            }
            case 0xC4 -> { // pinsrw mm|xmm, r32/m16, imm8
                if (p >= PF3) {
                    throw Sse.ud();
                }
                long v = Operands.readRm(c, m, w, ea, 2) & 0xFFFF;
                if (p == P66) {
                    int i = imm & 7;
                    int q = 2 * d + (i >> 2);
                    int sh = (i & 3) * 16;
                    x[q] = (x[q] & ~(0xFFFFL << sh)) | (v << sh);
                } else {
                    Sse.mmxEnter(c);
                    int sh = (imm & 3) * 16;
                    Sse.setMm(c, d, (Sse.mmReg(c, d) & ~(0xFFFFL << sh)) | (v << sh));
                }
            }
            case 0xC5 -> { // pextrw r32, mm|xmm, imm8
                if (mem || p >= PF3) {
                    throw Sse.ud();
                }
                if (p == P66) {
                    int i = imm & 7;
                    c.r[d] = (x[2 * s + (i >> 2)] >>> ((i & 3) * 16)) & 0xFFFF;
                } else {
                    Sse.mmxEnter(c);
                    c.r[d] = (Sse.mmReg(c, s) >>> ((imm & 3) * 16)) & 0xFFFF;
                }
            }
            case 0xF7 -> maskmov(c, m, w, p);
            default -> throw Sse.ud();
        }
    }

    /** One bit per byte: the byte's sign bit (PMOVMSKB). */
    static long byteSigns(long v) {
        return ((v & 0x8080_8080_8080_8080L) * 0x0002_0408_1020_4081L) >>> 56;
    }

    /** MASKMOVQ / MASKMOVDQU: byte-masked store to DS:[RDI] (rDI truncated under 0x67). */
    private static void maskmov(CpuState c, GuestMemory m, long w, int p) {
        if (Insn.hasMem(w) || p >= PF3) {
            throw Sse.ud();
        }
        long addr = c.r[CpuState.RDI];
        if (Insn.addr32(w)) {
            addr &= 0xFFFF_FFFFL;
        }
        int seg = Insn.seg(w);
        if (seg == Insn.SEG_FS) {
            addr += c.fsBase;
        } else if (seg == Insn.SEG_GS) {
            addr += c.gsBase;
        }
        int d = Sse.xreg(w);
        int s = Insn.rm(w);
        int n = p == P66 ? 16 : 8;
        long[] data = new long[2];
        long[] mask = new long[2];
        if (p == P66) {
            data[0] = c.xmm[2 * d];
            data[1] = c.xmm[2 * d + 1];
            mask[0] = c.xmm[2 * s];
            mask[1] = c.xmm[2 * s + 1];
        } else {
            Sse.mmxEnter(c);
            data[0] = Sse.mmReg(c, d);
            mask[0] = Sse.mmReg(c, s);
        }
        for (int i = 0; i < n; i++) {
            if (((mask[i >> 3] >>> (8 * (i & 7) + 7)) & 1) != 0) {
                m.write8(addr + i, (int) (data[i >> 3] >>> (8 * (i & 7))));
            }
        }
    }
}
