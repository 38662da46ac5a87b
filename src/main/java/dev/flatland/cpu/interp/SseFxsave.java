package dev.flatland.cpu.interp;

import dev.flatland.cpu.CpuFault;
import dev.flatland.cpu.CpuState;
import dev.flatland.cpu.decode.Insn;
import dev.flatland.memory.GuestMemory;

/**
 * 0F AE memory forms: FXSAVE (/0), FXRSTOR (/1), LDMXCSR (/2), STMXCSR (/3), and CLFLUSH (/7),
 * CLFLUSHOPT (66 /7), CLWB (66 /6) as no-ops (the flat guest RAM has no caches to flush). The
 * 512-byte image follows SDM vol. 1 §10.5.1 Table 10-2: the x87 part (bytes 0..159) comes from
 * {@link dev.flatland.cpu.Fpu#fxsaveX87}, MXCSR at 24, MXCSR_MASK at 28, XMM0..XMM15 at 160;
 * bytes 416..511 are left untouched as hardware does. Without REX.W, FIP and FDP are stored as
 * 32-bit offsets followed by CS and DS selectors (zero here).
 */
final class SseFxsave {
    private SseFxsave() {
    }

    /** MXCSR bits that may be set (MXCSR_MASK): FZ, RC, masks, DAZ, flags; bits 16..31 reserved. */
    static final int MXCSR_MASK = 0xFFFF;

    static void group15(CpuState c, GuestMemory m, long w, long ea) {
        int p = Sse.pfx(w);
        int digit = Insn.reg(w) & 7;
        if (!Insn.hasMem(w) || Insn.vex(w)) {
            throw Sse.ud();
        }
        if (p == Sse.P66 && (digit == 6 || digit == 7)) {
            m.read8(ea); // CLWB / CLFLUSHOPT: only the access check remains
            return;
        }
        if (p != Sse.NP) {
            throw Sse.ud();
        }
        switch (digit) {
            case 0 -> fxsave(c, m, w, ea);
            case 1 -> fxrstor(c, m, w, ea);
            case 2 -> ldmxcsr(c, m.read32(ea));
            case 3 -> m.write32(ea, c.mxcsr);
            case 7 -> m.read8(ea); // CLFLUSH
            default -> throw Sse.ud(); // XSAVE family: not reported by CPUID
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
        byte[] img = new byte[416];
        c.fpu.fxsaveX87(img);
        if (!Insn.rexW(w)) {
            for (int i = 12; i < 16; i++) {
                img[i] = 0; // FCS and reserved
            }
            for (int i = 20; i < 24; i++) {
                img[i] = 0; // FDS and reserved
            }
        }
        put32(img, 24, c.mxcsr);
        put32(img, 28, MXCSR_MASK);
        for (int i = 0; i < 32; i++) {
            long v = c.xmm[i];
            for (int k = 0; k < 8; k++) {
                img[160 + 8 * i + k] = (byte) (v >>> (8 * k));
            }
        }
        m.write(ea, img, 0, img.length);
    }

    static void fxrstor(CpuState c, GuestMemory m, long w, long ea) {
        Sse.align16(ea);
        byte[] img = new byte[416];
        m.read(ea, img, 0, img.length);
        int mx = get32(img, 24);
        if ((mx & ~MXCSR_MASK) != 0) {
            throw CpuFault.privileged("FXRSTOR with reserved MXCSR bits");
        }
        if (!Insn.rexW(w)) {
            for (int i = 12; i < 16; i++) {
                img[i] = 0;
            }
            for (int i = 20; i < 24; i++) {
                img[i] = 0;
            }
        }
        c.fpu.fxrstorX87(img);
        c.mxcsr = mx;
        for (int i = 0; i < 32; i++) {
            long v = 0;
            for (int k = 0; k < 8; k++) {
                v |= (img[160 + 8 * i + k] & 0xFFL) << (8 * k);
            }
            c.xmm[i] = v;
        }
    }

    private static void put32(byte[] b, int off, int v) {
        for (int k = 0; k < 4; k++) {
            b[off + k] = (byte) (v >>> (8 * k));
        }
    }

    private static int get32(byte[] b, int off) {
        int v = 0;
        for (int k = 0; k < 4; k++) {
            v |= (b[off + k] & 0xFF) << (8 * k);
        }
        return v;
    }
}
