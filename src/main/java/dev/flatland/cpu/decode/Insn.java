package dev.flatland.cpu.decode;

/**
 * Static accessors over one decoded x86-64 instruction packed in a {@code long} (after Blink's
 * {@code rde}). The displacement and immediate live beside it in {@link DecodedBlock}'s parallel
 * arrays. Layout (bit ranges inclusive):
 *
 * <pre>
 *  0- 9  op: opcode map (0 one-byte, 1 0F, 2 0F38, 3 0F3A) &lt;&lt; 8 | opcode byte
 * 10-11  operand size: OS16, OS32 or OS64 (byte forms are told by the opcode)
 * 12     address size 32 (0x67)
 * 13     0x66 prefix      14  0xF3 prefix      15  0xF2 prefix     16  LOCK
 * 17     a REX prefix is present (selects SPL/BPL/SIL/DIL over AH..BH)
 * 18     REX.W (or VEX.W)
 * 19-20  segment override: SEG_NONE, SEG_FS, SEG_GS
 * 21-22  ModRM.mod         23-26  ModRM.reg + REX.R    27-30  ModRM.rm + REX.B (or opcode reg + REX.B)
 * 31     has a memory operand
 * 32-36  base register (NO_REG when absent)   37-41  index register (NO_REG when absent)
 * 42-43  SIB scale (log2)  44  RIP-relative   45-48  instruction length (1..15)
 * 49     VEX-encoded       50-53  VEX.vvvv (already inverted)   54  VEX.L
 * 55-63  free for the decoder's own use
 * </pre>
 *
 * Exactly one of the 0x66/0xF3/0xF2 bits may be the "mandatory prefix" of an SSE opcode; for VEX
 * instructions VEX.pp sets the same bits.
 */
public final class Insn {
    private Insn() {
    }

    public static final int OS16 = 0;
    public static final int OS32 = 1;
    public static final int OS64 = 2;
    public static final int SEG_NONE = 0;
    public static final int SEG_FS = 1;
    public static final int SEG_GS = 2;
    public static final int NO_REG = 16;

    public static final int OP_SHIFT = 0;
    public static final int OPSIZE_SHIFT = 10;
    public static final int ADDR32_BIT = 12;
    public static final int P66_BIT = 13;
    public static final int PF3_BIT = 14;
    public static final int PF2_BIT = 15;
    public static final int LOCK_BIT = 16;
    public static final int REX_BIT = 17;
    public static final int REXW_BIT = 18;
    public static final int SEG_SHIFT = 19;
    public static final int MOD_SHIFT = 21;
    public static final int REG_SHIFT = 23;
    public static final int RM_SHIFT = 27;
    public static final int MEM_BIT = 31;
    public static final int BASE_SHIFT = 32;
    public static final int INDEX_SHIFT = 37;
    public static final int SCALE_SHIFT = 42;
    public static final int RIPREL_BIT = 44;
    public static final int LEN_SHIFT = 45;
    public static final int VEX_BIT = 49;
    public static final int VVVV_SHIFT = 50;
    public static final int VEXL_BIT = 54;
    public static final int FREE_SHIFT = 55;

    /** Opcode map and byte: 0x0xx one-byte, 0x1xx 0F xx, 0x2xx 0F 38 xx, 0x3xx 0F 3A xx. */
    public static int op(long w) {
        return (int) (w & 0x3ff);
    }

    public static int opsize(long w) {
        return (int) (w >>> OPSIZE_SHIFT) & 3;
    }

    public static boolean addr32(long w) {
        return bit(w, ADDR32_BIT);
    }

    public static boolean p66(long w) {
        return bit(w, P66_BIT);
    }

    public static boolean rep(long w) {
        return bit(w, PF3_BIT);
    }

    public static boolean repne(long w) {
        return bit(w, PF2_BIT);
    }

    public static boolean lock(long w) {
        return bit(w, LOCK_BIT);
    }

    public static boolean rex(long w) {
        return bit(w, REX_BIT);
    }

    public static boolean rexW(long w) {
        return bit(w, REXW_BIT);
    }

    public static int seg(long w) {
        return (int) (w >>> SEG_SHIFT) & 3;
    }

    public static int mod(long w) {
        return (int) (w >>> MOD_SHIFT) & 3;
    }

    /** ModRM.reg extended by REX.R (0..15); for group opcodes the low 3 bits are the /digit. */
    public static int reg(long w) {
        return (int) (w >>> REG_SHIFT) & 15;
    }

    /** ModRM.rm extended by REX.B, or the register in the opcode's low bits (0..15). */
    public static int rm(long w) {
        return (int) (w >>> RM_SHIFT) & 15;
    }

    public static boolean hasMem(long w) {
        return bit(w, MEM_BIT);
    }

    public static int base(long w) {
        return (int) (w >>> BASE_SHIFT) & 31;
    }

    public static int index(long w) {
        return (int) (w >>> INDEX_SHIFT) & 31;
    }

    public static int scale(long w) {
        return (int) (w >>> SCALE_SHIFT) & 3;
    }

    public static boolean ripRelative(long w) {
        return bit(w, RIPREL_BIT);
    }

    public static int length(long w) {
        return (int) (w >>> LEN_SHIFT) & 15;
    }

    public static boolean vex(long w) {
        return bit(w, VEX_BIT);
    }

    public static int vvvv(long w) {
        return (int) (w >>> VVVV_SHIFT) & 15;
    }

    public static boolean vexL(long w) {
        return bit(w, VEXL_BIT);
    }

    private static boolean bit(long w, int b) {
        return ((w >>> b) & 1) != 0;
    }
}
