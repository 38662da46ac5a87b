package dev.flatland.cpu;

/**
 * The architectural state of one x86-64 hardware thread in user mode. Registers are indexed by
 * their encoding (RAX=0 .. R15=15). Arithmetic flags are kept lazily by {@link Flags}; read and
 * write RFLAGS only through it. XMM registers are pairs of longs: xmm[2n] is bits 0..63 of XMMn,
 * xmm[2n+1] bits 64..127.
 */
public final class CpuState {
    public static final int RAX = 0;
    public static final int RCX = 1;
    public static final int RDX = 2;
    public static final int RBX = 3;
    public static final int RSP = 4;
    public static final int RBP = 5;
    public static final int RSI = 6;
    public static final int RDI = 7;

    /**
     * General registers by encoding, 0-15. Element 16 is always 0: it stands for "no register"
     * ({@code Insn.NO_REG}) so that the interpreter computes base + index effective addresses
     * without a branch. Nothing writes it.
     */
    public final long[] r = new long[17];
    /** Address of the next instruction to execute (updated before a handler runs). */
    public long rip;
    public long fsBase;
    public long gsBase;

    /**
     * Lazy-flag state; owned by {@link Flags}, whose class comment gives the encoding (flagOp =
     * kind &lt;&lt; 2 | size, operands and result aligned to bit 63). Outside the interpreter, use
     * {@link Flags#read} and {@link Flags#write} only.
     */
    public int flagOp;
    public long flagRes;
    public long flagSrc;
    public long flagDst;
    /** Flags that are not computed lazily (DF, IF, ID, AC, ...) and the materialized value. */
    public long rflags = 0x202;

    public final long[] xmm = new long[32];
    public int mxcsr = 0x1f80;
    public final Fpu fpu = new Fpu();

    /** Instructions retired since the thread started. */
    public long instructions;

    /** Copies every architectural register from {@code o} (used by vfork/clone and signal frames). */
    public void copyFrom(CpuState o) {
        System.arraycopy(o.r, 0, r, 0, 16);
        rip = o.rip;
        fsBase = o.fsBase;
        gsBase = o.gsBase;
        flagOp = o.flagOp;
        flagRes = o.flagRes;
        flagSrc = o.flagSrc;
        flagDst = o.flagDst;
        rflags = o.rflags;
        System.arraycopy(o.xmm, 0, xmm, 0, 32);
        mxcsr = o.mxcsr;
        fpu.copyFrom(o.fpu);
    }
}
