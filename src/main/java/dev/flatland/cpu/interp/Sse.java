package dev.flatland.cpu.interp;

import dev.flatland.cpu.CpuFault;
import dev.flatland.cpu.CpuState;
import dev.flatland.cpu.Fpu;
import dev.flatland.cpu.decode.Insn;
import dev.flatland.memory.GuestMemory;

/**
 * SSE through SSE4.2 (and MMX forms), opcode maps 0F, 0F38 and 0F3A: every vector and scalar
 * floating-point instruction, packed integer, conversions, shuffles, PCMPxSTRx, LDMXCSR / STMXCSR
 * and FXSAVE / FXRSTOR. This class dispatches by opcode and mandatory prefix and holds the operand
 * helpers; the families live in SseMove, SseFloat, SseConvert, SseInt, SseShuffle, Sse41,
 * SseString and SseFxsave.
 */
final class Sse {
    private Sse() {
    }

    /** Mandatory prefix classes: none, 66, F3, F2. */
    static final int NP = 0;
    static final int P66 = 1;
    static final int PF3 = 2;
    static final int PF2 = 3;

    /**
     * Executes one instruction. {@code w} is the packed {@code Insn}; {@code ea} is the effective
     * address when {@code Insn.hasMem(w)} (segment base included); {@code imm} the immediate.
     */
    static void exec(CpuState c, GuestMemory m, long w, long ea, long imm) {
        int op = Insn.op(w);
        int b = op & 0xff;
        if (Insn.lock(w)) {
            throw ud(); // LOCK is #UD on every SSE/MMX instruction
        }
        switch (op >>> 8) {
            case 1 -> map0F(c, m, w, ea, (int) imm, b);
            case 2 -> Sse41.map38(c, m, w, ea, b);
            case 3 -> Sse41.map3A(c, m, w, ea, (int) imm & 0xff, b);
            default -> throw ud();
        }
    }

    private static void map0F(CpuState c, GuestMemory m, long w, long ea, int imm, int b) {
        if (Insn.vex(w)) {
            throw ud();
        }
        if (b >= 0x10 && b <= 0x17 || b == 0x28 || b == 0x29 || b == 0x2B || b == 0x50) {
            SseMove.fpMove(c, m, w, ea, b);
        } else if (b >= 0x2A && b <= 0x2D || b == 0x5A || b == 0x5B || b == 0xE6) {
            SseConvert.exec(c, m, w, ea, b);
        } else if (b == 0x2E || b == 0x2F || b >= 0x51 && b <= 0x5F || b == 0xC2 || b == 0xD0
                || b == 0x7C || b == 0x7D || b == 0x14 || b == 0x15) {
            SseFloat.exec(c, m, w, ea, imm & 0xff, b);
        } else if (b == 0xAE) {
            SseFxsave.group15(c, m, w, ea);
        } else if (b == 0xC6 || b == 0x70) {
            SseShuffle.shuffle(c, m, w, ea, imm & 0xff, b);
        } else if (b == 0x6E || b == 0x6F || b == 0x7E || b == 0x7F || b == 0xD6 || b == 0xD7
                || b == 0xE7 || b == 0xF0 || b == 0xC4 || b == 0xC5 || b == 0xF7) {
            SseMove.intMove(c, m, w, ea, imm & 0xff, b);
        } else if (b == 0x77) {
            emms(c);
        } else if (b >= 0x60 && b <= 0x76 || b >= 0xD1 && b <= 0xFE) {
            SseInt.exec(c, m, w, ea, imm & 0xff, b);
        } else {
            throw ud();
        }
    }

    // ---------------------------------------------------------------- prefixes and faults

    /** The mandatory prefix class; F2 and F3 take precedence over 66 (SDM vol. 2 §2.1.2). */
    static int pfx(long w) {
        if (Insn.repne(w)) {
            return PF2;
        }
        if (Insn.rep(w)) {
            return PF3;
        }
        return Insn.p66(w) ? P66 : NP;
    }

    static CpuFault ud() {
        return CpuFault.undefined("invalid SSE opcode");
    }

    /** #GP for a misaligned 16-byte legacy-SSE memory operand (SDM vol. 1 §11.6.8). */
    static void align16(long ea) {
        if ((ea & 15) != 0) {
            throw CpuFault.privileged("misaligned 16-byte SSE operand");
        }
    }

    // ---------------------------------------------------------------- XMM operands

    static int xreg(long w) {
        return Insn.reg(w);
    }

    /** Low or high quadword (q = 0 or 1) of the 128-bit source: memory (aligned when asked) or XMM rm. */
    static long srcQ(CpuState c, GuestMemory m, long w, long ea, int q, boolean aligned) {
        if (Insn.hasMem(w)) {
            if (aligned && q == 0) {
                align16(ea);
            }
            return m.read64(ea + 8L * q);
        }
        return c.xmm[2 * Insn.rm(w) + q];
    }

    /** The low 64 bits of an XMM/m64 source (scalar double, movq, cvt sources): no alignment. */
    static long src64(CpuState c, GuestMemory m, long w, long ea) {
        return Insn.hasMem(w) ? m.read64(ea) : c.xmm[2 * Insn.rm(w)];
    }

    /** The low 32 bits of an XMM/m32 source. */
    static int src32(CpuState c, GuestMemory m, long w, long ea) {
        return Insn.hasMem(w) ? m.read32(ea) : (int) c.xmm[2 * Insn.rm(w)];
    }

    static void setX(CpuState c, int n, long lo, long hi) {
        c.xmm[2 * n] = lo;
        c.xmm[2 * n + 1] = hi;
    }

    // ---------------------------------------------------------------- MMX operands

    /**
     * Enters MMX mode for an MMX instruction: TOP = 0 and every tag valid (SDM vol. 1 §9.5.1).
     */
    static void mmxEnter(CpuState c) {
        Fpu f = c.fpu;
        f.top = 0;
        f.ftw = 0;
    }

    static long mmReg(CpuState c, int n) {
        return c.fpu.mant[n & 7];
    }

    /** Writes an MMX register: the significand, and all ones in the sign/exponent (SDM §9.5.1). */
    static void setMm(CpuState c, int n, long v) {
        c.fpu.mant[n & 7] = v;
        c.fpu.sexp[n & 7] = 0xFFFF;
    }

    /** The mm/m64 source of an MMX instruction. */
    static long mmSrc(CpuState c, GuestMemory m, long w, long ea) {
        return Insn.hasMem(w) ? m.read64(ea) : c.fpu.mant[Insn.rm(w) & 7];
    }

    /** EMMS: every x87 tag empty (0F 77). */
    static void emms(CpuState c) {
        c.fpu.ftw = 0xFFFF;
    }

    // ---------------------------------------------------------------- MXCSR

    /**
     * Commits the exception flags an instruction raised: ORs them into MXCSR and raises #XM
     * (SIGFPE with the si_code Linux derives from the unmasked flags, arch/x86/kernel/traps.c
     * fpu__exception_code) when any raised flag is unmasked. The caller writes its destination only
     * after this returns, so a faulting instruction leaves it unchanged.
     */
    static void commit(CpuState c, SoftFp f) {
        int fl = f.flags;
        if (fl == 0) {
            return;
        }
        int unmasked = fl & ~(c.mxcsr >>> 7) & 0x3F;
        if ((unmasked & (SoftFp.IE | SoftFp.DE | SoftFp.ZE)) != 0) {
            // Pre-computation exceptions stop the instruction before the result is computed.
            fl &= SoftFp.IE | SoftFp.DE | SoftFp.ZE;
        }
        c.mxcsr |= fl;
        if (unmasked != 0) {
            throw xm(c.mxcsr);
        }
    }

    static CpuFault xm(int mxcsr) {
        int err = ~(mxcsr >>> 7) & mxcsr & 0x3F;
        int code;
        if ((err & 0x01) != 0) {
            code = dev.flatland.cpu.Trap.FPE_FLTINV;
        } else if ((err & 0x04) != 0) {
            code = dev.flatland.cpu.Trap.FPE_FLTDIV;
        } else if ((err & 0x08) != 0) {
            code = dev.flatland.cpu.Trap.FPE_FLTOVF;
        } else if ((err & 0x12) != 0) {
            code = dev.flatland.cpu.Trap.FPE_FLTUND;
        } else {
            code = dev.flatland.cpu.Trap.FPE_FLTRES;
        }
        return new CpuFault(dev.flatland.cpu.Trap.SIGFPE, code, 0, "SIMD floating-point exception");
    }
}
