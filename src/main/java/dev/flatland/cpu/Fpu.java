package dev.flatland.cpu;

/**
 * x87 FPU state: eight 80-bit physical registers, the control, status and tag words and the last
 * instruction/operand pointers, as FXSAVE stores them. Register i is {@code mant[i]} (the 64-bit
 * significand with its explicit integer bit) and {@code sexp[i]} (sign bit 15, exponent bits 0..14).
 */
public final class Fpu {
    public final long[] mant = new long[8];
    public final int[] sexp = new int[8];
    /** Control word; 0x37f after FNINIT (all exceptions masked, 64-bit precision, round to nearest). */
    public int fcw = 0x37f;
    /** Status word without TOP; TOP is kept in {@link #top}. */
    public int fsw;
    public int top;
    /** Full tag word, two bits per physical register (00 valid, 01 zero, 10 special, 11 empty). */
    public int ftw = 0xffff;
    public int fop;
    public long fip;
    public long fdp;

    /** Copies every field from {@code o}. */
    public void copyFrom(Fpu o) {
        System.arraycopy(o.mant, 0, mant, 0, 8);
        System.arraycopy(o.sexp, 0, sexp, 0, 8);
        fcw = o.fcw;
        fsw = o.fsw;
        top = o.top;
        ftw = o.ftw;
        fop = o.fop;
        fip = o.fip;
        fdp = o.fdp;
    }
}
