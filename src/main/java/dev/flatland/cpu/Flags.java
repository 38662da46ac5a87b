package dev.flatland.cpu;

/**
 * RFLAGS access. The arithmetic flags (CF PF AF ZF SF OF) are computed only when read, from the
 * last flag-setting operation recorded in {@link CpuState} (flagOp, flagRes, flagSrc, flagDst).
 * Everything outside the interpreter uses only {@link #read} and {@link #write}.
 *
 * <p>Lazy encoding: {@code flagOp = kind << 2 | sizeLog} (sizeLog 0..3 for 8..64 bits). The
 * operands and result are stored shifted left by {@code 64 - bits} so that the operation's sign
 * bit is bit 63 and the low bits are zero: then ZF is {@code res == 0}, SF is {@code res < 0}, the
 * carry of an addition is an unsigned compare, and signed/unsigned comparisons of a SUB are direct
 * compares of flagDst and flagSrc, whatever the size. For INC and DEC, flagSrc holds the CF that
 * the instruction preserves (0 or 1). Bits of {@code rflags} other than the six arithmetic flags
 * are always current; its arithmetic bits are current only when {@code flagOp == OP_NONE}.
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

    /** Lazy kinds (flagOp >>> 2). ADC1/SBB1 are ADC/SBB with a carry-in of 1 (with 0 they are ADD/SUB). */
    public static final int K_ADD = 1;
    public static final int K_ADC1 = 2;
    public static final int K_SUB = 3;
    public static final int K_SBB1 = 4;
    /** AND, OR, XOR, TEST: CF = OF = AF = 0. */
    public static final int K_LOGIC = 5;
    public static final int K_INC = 6;
    public static final int K_DEC = 7;

    /** Shift that aligns an operand of {@code sizeLog} (0..3) to bit 63. */
    public static int alignShift(int sizeLog) {
        return 64 - (8 << sizeLog);
    }

    /** Records a lazy flag-setting operation; {@code d}, {@code s}, {@code r} are already aligned to bit 63. */
    public static void lazy(CpuState c, int kind, int sizeLog, long d, long s, long r) {
        c.flagOp = kind << 2 | sizeLog;
        c.flagDst = d;
        c.flagSrc = s;
        c.flagRes = r;
    }

    /** The full RFLAGS value. Materializes the lazy arithmetic flags (and caches them in rflags). */
    public static long read(CpuState c) {
        int op = c.flagOp;
        if (op == OP_NONE) {
            return c.rflags | 0x2;
        }
        long f = (c.rflags & ~ARITH) | arith(op, c.flagDst, c.flagSrc, c.flagRes);
        c.rflags = f;
        c.flagOp = OP_NONE;
        return f | 0x2;
    }

    /** The six arithmetic flags of a lazy operation per the SDM's definitions of each instruction. */
    static long arith(int op, long d, long s, long r) {
        int sh = alignShift(op & 3);
        long f = parity(r >>> sh);
        if (r == 0) {
            f |= ZF;
        }
        if (r < 0) {
            f |= SF;
        }
        switch (op >>> 2) {
            case K_ADD -> {
                f |= Long.compareUnsigned(r, d) < 0 ? CF : 0;
                f |= ((d ^ r) & (s ^ r)) < 0 ? OF : 0;
                f |= ((d ^ s ^ r) >>> sh) & AF;
            }
            case K_ADC1 -> {
                f |= Long.compareUnsigned(r, d) <= 0 ? CF : 0;
                f |= ((d ^ r) & (s ^ r)) < 0 ? OF : 0;
                f |= ((d ^ s ^ r) >>> sh) & AF;
            }
            case K_SUB -> {
                f |= Long.compareUnsigned(d, s) < 0 ? CF : 0;
                f |= ((d ^ s) & (d ^ r)) < 0 ? OF : 0;
                f |= ((d ^ s ^ r) >>> sh) & AF;
            }
            case K_SBB1 -> {
                f |= Long.compareUnsigned(d, s) <= 0 ? CF : 0;
                f |= ((d ^ s) & (d ^ r)) < 0 ? OF : 0;
                f |= ((d ^ s ^ r) >>> sh) & AF;
            }
            case K_INC -> {
                f |= s & CF;
                f |= r == Long.MIN_VALUE ? OF : 0;
                f |= ((r >>> sh) & 0xf) == 0 ? AF : 0;
            }
            case K_DEC -> {
                f |= s & CF;
                f |= d == Long.MIN_VALUE ? OF : 0;
                f |= ((r >>> sh) & 0xf) == 0xf ? AF : 0;
            }
            default -> { } // K_LOGIC
        }
        return f;
    }

    /** CF alone (1 or 0), without materializing the other flags. */
    public static long carry(CpuState c) {
        long d = c.flagDst;
        long s = c.flagSrc;
        long r = c.flagRes;
        return switch (c.flagOp >>> 2) {
            case K_ADD -> Long.compareUnsigned(r, d) < 0 ? 1 : 0;
            case K_ADC1 -> Long.compareUnsigned(r, d) <= 0 ? 1 : 0;
            case K_SUB -> Long.compareUnsigned(d, s) < 0 ? 1 : 0;
            case K_SBB1 -> Long.compareUnsigned(d, s) <= 0 ? 1 : 0;
            case K_LOGIC -> 0;
            case K_INC, K_DEC -> s & 1;
            default -> c.rflags & CF;
        };
    }

    /**
     * Evaluates condition code {@code cc} (the low nibble of Jcc/SETcc/CMOVcc: O NO B AE E NE BE A
     * S NS P NP L GE LE G), reading only what it needs. After CMP/SUB and after logic operations
     * the common conditions are direct compares of the recorded operands.
     */
    public static boolean condition(CpuState c, int cc) {
        int kind = c.flagOp >>> 2;
        if (kind == K_SUB) {
            long d = c.flagDst;
            long s = c.flagSrc;
            switch (cc) {
                case 2: return Long.compareUnsigned(d, s) < 0;
                case 3: return Long.compareUnsigned(d, s) >= 0;
                case 4: return d == s;
                case 5: return d != s;
                case 6: return Long.compareUnsigned(d, s) <= 0;
                case 7: return Long.compareUnsigned(d, s) > 0;
                case 12: return d < s;
                case 13: return d >= s;
                case 14: return d <= s;
                case 15: return d > s;
                default: break;
            }
        } else if (kind == K_LOGIC) {
            long r = c.flagRes;
            switch (cc) {
                case 0, 2: return false;
                case 1, 3: return true;
                case 4, 6: return r == 0;
                case 5, 7: return r != 0;
                case 8, 12: return r < 0;
                case 9, 13: return r >= 0;
                case 14: return r <= 0;
                case 15: return r > 0;
                default: break;
            }
        }
        long f = read(c);
        boolean t = switch (cc >>> 1) {
            case 0 -> (f & OF) != 0;
            case 1 -> (f & CF) != 0;
            case 2 -> (f & ZF) != 0;
            case 3 -> (f & (CF | ZF)) != 0;
            case 4 -> (f & SF) != 0;
            case 5 -> (f & PF) != 0;
            case 6 -> ((f & SF) != 0) != ((f & OF) != 0);
            default -> (f & ZF) != 0 || ((f & SF) != 0) != ((f & OF) != 0);
        };
        return t ^ ((cc & 1) != 0);
    }

    /**
     * Sets the six arithmetic flags (CF PF AF ZF SF OF) to the bits of {@code arith} and leaves the
     * others unchanged. Handlers whose flag rules are unusual (shifts, rotates, bit tests, BMI,
     * comparisons of floating-point values) set flags eagerly through this. To change only some
     * arithmetic flags, pass {@code (read(c) & ~changed) | newBits}.
     */
    public static void setArith(CpuState c, long arith) {
        // The non-arithmetic bits of rflags are always current and all six arithmetic bits are
        // replaced, so the lazy state needs no materialization: dropping it is exact.
        c.rflags = (c.rflags & ~ARITH) | (arith & ARITH);
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
