package dev.flatland.cpu.interp;

import static dev.flatland.cpu.interp.Sse.NP;
import static dev.flatland.cpu.interp.Sse.P66;
import static dev.flatland.cpu.interp.Sse.PF3;

import dev.flatland.cpu.CpuState;
import dev.flatland.memory.GuestMemory;

/** Shuffles with an imm8 selector: SHUFPS/SHUFPD (0F C6), PSHUFW/PSHUFD/PSHUFHW/PSHUFLW (0F 70). */
final class SseShuffle {
    private SseShuffle() {
    }

    static void shuffle(CpuState c, GuestMemory m, long w, long ea, int imm, int b) {
        int p = Sse.pfx(w);
        int d = Sse.xreg(w);
        long[] x = c.xmm;
        if (b == 0x70 && p == NP) { // pshufw mm, mm/m64, imm8
            Sse.mmxEnter(c);
            Sse.setMm(c, d, words(Sse.mmSrc(c, m, w, ea), imm));
            return;
        }
        if (b == 0xC6 && p >= PF3) {
            throw Sse.ud();
        }
        long sl = Sse.srcQ(c, m, w, ea, 0, true);
        long sh = Sse.srcQ(c, m, w, ea, 1, true);
        if (b == 0xC6) {
            long al = x[2 * d];
            long ah = x[2 * d + 1];
            if (p == P66) { // shufpd
                Sse.setX(c, d, (imm & 1) == 0 ? al : ah, (imm & 2) == 0 ? sl : sh);
            } else { // shufps: two from the destination, two from the source
                long lo = dword(al, ah, imm) | (dword(al, ah, imm >> 2) << 32);
                long hi = dword(sl, sh, imm >> 4) | (dword(sl, sh, imm >> 6) << 32);
                Sse.setX(c, d, lo, hi);
            }
            return;
        }
        switch (p) {
            case P66 -> {
                long lo = dword(sl, sh, imm) | (dword(sl, sh, imm >> 2) << 32);
                long hi = dword(sl, sh, imm >> 4) | (dword(sl, sh, imm >> 6) << 32);
                Sse.setX(c, d, lo, hi);
            }
            case PF3 -> Sse.setX(c, d, sl, words(sh, imm));
            default -> Sse.setX(c, d, words(sl, imm), sh);
        }
    }

    /** Dword imm[1:0] of the 128-bit value lo:hi, zero-extended. */
    static long dword(long lo, long hi, int sel) {
        int i = sel & 3;
        long q = i < 2 ? lo : hi;
        return (q >>> (32 * (i & 1))) & 0xFFFF_FFFFL;
    }

    /** Four words of v selected by the four 2-bit fields of imm. */
    static long words(long v, int imm) {
        long r = 0;
        for (int i = 0; i < 4; i++) {
            int sel = (imm >> (2 * i)) & 3;
            r |= ((v >>> (16 * sel)) & 0xFFFF) << (16 * i);
        }
        return r;
    }
}
