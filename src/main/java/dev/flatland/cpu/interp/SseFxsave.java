package dev.flatland.cpu.interp;

import dev.flatland.cpu.CpuFault;
import dev.flatland.cpu.CpuState;
import dev.flatland.cpu.Fpu;
import dev.flatland.cpu.decode.Insn;
import dev.flatland.memory.GuestMemory;

/**
 * 0F AE memory forms: FXSAVE (/0), FXRSTOR (/1), LDMXCSR (/2), STMXCSR (/3). The 512-byte image
 * follows SDM vol. 1 §10.5.1 Table 10-2 (64-bit format, REX.W: FPU IP/DP as 64-bit offsets):
 * FCW at 0, FSW at 2, abridged FTW at 4, FOP at 6, FIP at 8, FDP at 16, MXCSR at 24, MXCSR_MASK at
 * 28, ST0..ST7 (16 bytes each) at 32, XMM0..XMM15 at 160, the rest reserved. Without REX.W, FIP and
 * FDP are stored as 32-bit offsets with CS and DS selectors (zero here).
 */
final class SseFxsave {
    private SseFxsave() {
    }

    /** MXCSR bits that may be set: everything but bits 16..31 (and MM, bit 17, is not supported). */
    static final int MXCSR_MASK = 0xFFFF;

    static void group15(CpuState c, GuestMemory m, long w, long ea) {
        if (!Insn.hasMem(w) || Sse.pfx(w) != Sse.NP) {
            throw Sse.ud();
        }
        switch (Insn.reg(w) & 7) {
            case 0 -> fxsave(c, m, w, ea);
            case 1 -> fxrstor(c, m, w, ea);
            case 2 -> ldmxcsr(c, m.read32(ea));
            case 3 -> m.write32(ea, c.mxcsr);
            default -> throw Sse.ud();
        }
    }

    /** LDMXCSR: a reserved bit set raises #GP(0). */
    static void ldmxcsr(CpuState c, int v) {
        if ((v & ~MXCSR_MASK) != 0) {
            throw CpuFault.privileged("LDMXCSR with reserved bits");
        }
        c.mxcsr = v;
    }

    static void fxsave(CpuState c, GuestMemory m, long w, long ea) {
        Sse.align16(ea);
        Fpu f = c.fpu;
        m.write16(ea, f.fcw);
        m.write16(ea + 2, (f.fsw & ~0x3800) | ((f.top & 7) << 11));
        int abridged = 0;
        for (int i = 0; i < 8; i++) {
            if (((f.ftw >>> (2 * i)) & 3) != 3) {
                abridged |= 1 << i;
            }
        }
        m.write8(ea + 4, abridged);
        m.write8(ea + 5, 0);
        m.write16(ea + 6, f.fop & 0x7FF);
        if (Insn.rexW(w)) {
            m.write64(ea + 8, f.fip);
            m.write64(ea + 16, f.fdp);
        } else {
            m.write32(ea + 8, (int) f.fip);
            m.write32(ea + 12, 0);
            m.write32(ea + 16, (int) f.fdp);
            m.write32(ea + 20, 0);
        }
        m.write32(ea + 24, c.mxcsr);
        m.write32(ea + 28, MXCSR_MASK);
        for (int i = 0; i < 8; i++) {
            // Image slot i holds ST(i), the physical register (TOP + i) mod 8.
            int phys = (f.top + i) & 7;
            long a = ea + 32 + 16L * i;
            m.write64(a, f.mant[phys]);
            m.write16(a + 8, f.sexp[phys]);
            m.write16(a + 10, 0);
            m.write32(a + 12, 0);
        }
        for (int i = 0; i < 16; i++) {
            m.write64(ea + 160 + 16L * i, c.xmm[2 * i]);
            m.write64(ea + 168 + 16L * i, c.xmm[2 * i + 1]);
        }
    }

    static void fxrstor(CpuState c, GuestMemory m, long w, long ea) {
        Sse.align16(ea);
        int mx = m.read32(ea + 24);
        if ((mx & ~MXCSR_MASK) != 0) {
            throw CpuFault.privileged("FXRSTOR with reserved MXCSR bits");
        }
        Fpu f = c.fpu;
        f.fcw = m.read16(ea);
        int fsw = m.read16(ea + 2);
        f.top = (fsw >>> 11) & 7;
        f.fsw = fsw & ~0x3800;
        f.fop = m.read16(ea + 6) & 0x7FF;
        if (Insn.rexW(w)) {
            f.fip = m.read64(ea + 8);
            f.fdp = m.read64(ea + 16);
        } else {
            f.fip = m.read32(ea + 8) & 0xFFFF_FFFFL;
            f.fdp = m.read32(ea + 16) & 0xFFFF_FFFFL;
        }
        for (int i = 0; i < 8; i++) {
            int phys = (f.top + i) & 7;
            long a = ea + 32 + 16L * i;
            f.mant[phys] = m.read64(a);
            f.sexp[phys] = m.read16(a + 8);
        }
        int abridged = m.read8(ea + 4);
        int ftw = 0;
        for (int phys = 0; phys < 8; phys++) {
            int tag = (abridged >>> phys & 1) == 0 ? 3 : classify(f.mant[phys], f.sexp[phys]);
            ftw |= tag << (2 * phys);
        }
        f.ftw = ftw;
        c.mxcsr = mx;
        for (int i = 0; i < 16; i++) {
            c.xmm[2 * i] = m.read64(ea + 160 + 16L * i);
            c.xmm[2 * i + 1] = m.read64(ea + 168 + 16L * i);
        }
    }

    /** The full tag of a non-empty register: 0 valid, 1 zero, 2 special (SDM vol. 1 §8.1.7). */
    private static int classify(long mant, int sexp) {
        int e = sexp & 0x7FFF;
        if (e == 0x7FFF) {
            return 2;
        }
        if (e == 0) {
            return mant == 0 ? 1 : 2;
        }
        return mant < 0 ? 0 : 2;
    }
}
