package dev.flatland.cpu.interp;

import dev.flatland.cpu.CpuState;
import dev.flatland.cpu.decode.Insn;
import dev.flatland.memory.GuestMemory;

/**
 * CRC32 Gy, Eb / Ey (F2 0F38 F0/F1, SSE4.2): accumulates the CRC-32C (Castagnoli, polynomial
 * 0x11EDC6F41, bit-reflected 0x82F63B78) of the source bytes, lowest byte first, into the low 32
 * bits of the destination; a 64-bit destination is zero-extended. No flags change.
 */
final class Crc32 {
    private Crc32() {
    }

    private static final int POLY = 0x82F63B78;
    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int crc = i;
            for (int k = 0; k < 8; k++) {
                crc = (crc >>> 1) ^ (POLY & -(crc & 1));
            }
            TABLE[i] = crc;
        }
    }

    static void exec(CpuState c, GuestMemory m, long w, long ea, int op) {
        ExtFlags.checkLock(w, false);
        int size = op == 0x2F0 ? 1 : Insn.rexW(w) ? 8 : Insn.p66(w) ? 2 : 4;
        long src = Operands.readRm(c, m, w, ea, size);
        int dstSize = Insn.rexW(w) ? 8 : 4;
        int crc = (int) Operands.readReg(c, w, 4);
        crc = update(crc, src, size);
        Operands.writeReg(c, w, dstSize, crc & 0xffff_ffffL);
    }

    /** Feeds the low {@code size} bytes of {@code v}, least significant first. */
    static int update(int crc, long v, int size) {
        for (int i = 0; i < size; i++) {
            crc = (crc >>> 8) ^ TABLE[(crc ^ (int) (v >>> (i * 8))) & 0xff];
        }
        return crc;
    }
}
