package dev.flatland.cpu.interp;

import dev.flatland.cpu.CpuState;
import dev.flatland.cpu.decode.Insn;
import dev.flatland.memory.GuestMemory;

/**
 * Operand access shared by every handler family: effective addresses, general registers of every
 * width (with the legacy AH..BH byte registers) and ModRM r/m operands. Sizes are in bytes (1, 2,
 * 4, 8). Writing a 32-bit register zero-extends into 64 bits; 8- and 16-bit writes merge.
 */
final class Operands {
    private Operands() {
    }

    /**
     * The effective address of the memory operand (SDM vol. 1 §3.7.5): base + index * 2^scale +
     * disp, RIP-relative from the next instruction ({@code c.rip} holds it while a handler runs),
     * truncated to 32 bits under 0x67, plus the FS or GS base of a segment override.
     */
    static long ea(CpuState c, long w, int disp) {
        long a;
        if (Insn.ripRelative(w)) {
            a = c.rip + disp;
        } else {
            a = disp;
            int b = Insn.base(w);
            if (b != Insn.NO_REG) {
                a += c.r[b];
            }
            int i = Insn.index(w);
            if (i != Insn.NO_REG) {
                a += c.r[i] << Insn.scale(w);
            }
        }
        if (Insn.addr32(w)) {
            a &= 0xffff_ffffL;
        }
        int seg = Insn.seg(w);
        if (seg == Insn.SEG_FS) {
            a += c.fsBase;
        } else if (seg == Insn.SEG_GS) {
            a += c.gsBase;
        }
        return a;
    }

    /** Operand size in bytes of a non-byte instruction: 2, 4 or 8. */
    static int opBytes(long w) {
        return 2 << Insn.opsize(w);
    }

    /** All-ones mask of {@code size} bytes. */
    static long mask(int size) {
        return size == 8 ? -1L : (1L << (size * 8)) - 1;
    }

    /** Sign-extends the low {@code size} bytes of {@code v}. */
    static long sext(long v, int size) {
        int sh = 64 - size * 8;
        return (v << sh) >> sh;
    }

    /** Reads general register {@code r} at {@code size} bytes; for size 1, honours AH..BH (no REX, r = 4..7). */
    static long reg(CpuState c, long w, int r, int size) {
        switch (size) {
            case 1:
                if (r >= 4 && r < 8 && !Insn.rex(w)) {
                    return (c.r[r - 4] >>> 8) & 0xff;
                }
                return c.r[r] & 0xff;
            case 2:
                return c.r[r] & 0xffff;
            case 4:
                return c.r[r] & 0xffff_ffffL;
            default:
                return c.r[r];
        }
    }

    /** Writes general register {@code r} at {@code size} bytes (see class comment for merging). */
    static void setReg(CpuState c, long w, int r, int size, long v) {
        switch (size) {
            case 1:
                if (r >= 4 && r < 8 && !Insn.rex(w)) {
                    c.r[r - 4] = (c.r[r - 4] & ~0xff00L) | ((v & 0xff) << 8);
                } else {
                    c.r[r] = (c.r[r] & ~0xffL) | (v & 0xff);
                }
                break;
            case 2:
                c.r[r] = (c.r[r] & ~0xffffL) | (v & 0xffff);
                break;
            case 4:
                c.r[r] = v & 0xffff_ffffL;
                break;
            default:
                c.r[r] = v;
                break;
        }
    }

    /** Reads {@code size} bytes at {@code addr}, zero-extended. */
    static long load(GuestMemory m, long addr, int size) {
        switch (size) {
            case 1:
                return m.read8(addr);
            case 2:
                return m.read16(addr);
            case 4:
                return m.read32(addr) & 0xffff_ffffL;
            default:
                return m.read64(addr);
        }
    }

    /** Writes the low {@code size} bytes of {@code v} at {@code addr}. */
    static void store(GuestMemory m, long addr, int size, long v) {
        switch (size) {
            case 1 -> m.write8(addr, (int) v);
            case 2 -> m.write16(addr, (int) v);
            case 4 -> m.write32(addr, (int) v);
            default -> m.write64(addr, v);
        }
    }

    /** Reads the ModRM r/m operand: memory at {@code ea} when present, else register rm. Zero-extended. */
    static long readRm(CpuState c, GuestMemory m, long w, long ea, int size) {
        return Insn.hasMem(w) ? load(m, ea, size) : reg(c, w, Insn.rm(w), size);
    }

    /** Writes the ModRM r/m operand. */
    static void writeRm(CpuState c, GuestMemory m, long w, long ea, int size, long v) {
        if (Insn.hasMem(w)) {
            store(m, ea, size, v);
        } else {
            setReg(c, w, Insn.rm(w), size, v);
        }
    }

    /** Reads the ModRM reg operand. */
    static long readReg(CpuState c, long w, int size) {
        return reg(c, w, Insn.reg(w), size);
    }

    /** Writes the ModRM reg operand. */
    static void writeReg(CpuState c, long w, int size, long v) {
        setReg(c, w, Insn.reg(w), size, v);
    }
}
