package dev.flatland.cpu;

/**
 * RFLAGS access. The arithmetic flags (CF PF AF ZF SF OF) are computed only when read, from the
 * last flag-setting operation recorded in {@link CpuState} (flagOp, flagRes, flagSrc, flagDst).
 * Everything outside the interpreter uses only {@link #read} and {@link #write}.
 */
public final class Flags {
    private Flags() {
    }

    public static final long CF = 1L;
    public static final long PF = 1L << 2;
    public static final long AF = 1L << 4;
    public static final long ZF = 1L << 6;
    public static final long SF = 1L << 7;
    public static final long TF = 1L << 8;
    public static final long IF = 1L << 9;
    public static final long DF = 1L << 10;
    public static final long OF = 1L << 11;
    public static final long AC = 1L << 18;
    public static final long ID = 1L << 21;
    public static final long ARITH = CF | PF | AF | ZF | SF | OF;
    /** Bits a user-mode popf may change. */
    public static final long USER_WRITABLE = ARITH | DF | TF | AC | ID;

    /** Operation code meaning "rflags holds the arithmetic flags already". */
    public static final int OP_NONE = 0;

    /** The full RFLAGS value. */
    public static long read(CpuState c) {
        return c.rflags | 0x2;
    }

    /**
     * Sets the six arithmetic flags (CF PF AF ZF SF OF) to the bits of {@code arith} and leaves the
     * others unchanged. Handlers whose flag rules are unusual (shifts, rotates, bit tests, BMI,
     * comparisons of floating-point values) set flags eagerly through this.
     */
    public static void setArith(CpuState c, long arith) {
        long f = read(c);
        c.rflags = (f & ~ARITH) | (arith & ARITH);
        c.flagOp = OP_NONE;
    }

    /** The parity flag value (PF) of the low byte of {@code v}: set when the number of one bits is even. */
    public static long parity(long v) {
        return (Integer.bitCount((int) v & 0xff) & 1) == 0 ? PF : 0;
    }

    /** Sets RFLAGS (the user-writable bits) and drops any lazy state. */
    public static void write(CpuState c, long value) {
        c.rflags = (value & USER_WRITABLE) | IF | 0x2;
        c.flagOp = OP_NONE;
    }
}
