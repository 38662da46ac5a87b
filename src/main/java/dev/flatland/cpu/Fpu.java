package dev.flatland.cpu;

import dev.flatland.memory.GuestMemory;

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

    private static volatile boolean hostByDefault = true;
    /**
     * F2XM1, FYL2X, FYL2XP1, FPATAN, FSIN, FCOS, FPTAN and FSINCOS take their results from the
     * host CPU's x87 ({@link HostFpu}) when it is available and every x87 exception is masked, as
     * a native program would get them; when false, or when the host has no x87, from Flatland's
     * software model (docs/x87-accuracy.md). Not architectural state: FXSAVE and copyFrom ignore it.
     */
    public boolean hostTranscendentals = hostByDefault;

    /** The value {@link #hostTranscendentals} starts with in every FPU created from now on (--x87). */
    public static void setHostTranscendentalsByDefault(boolean host) {
        hostByDefault = host;
    }

    /** True when this FPU's transcendental instructions run on the host's x87 unit. */
    public boolean usesHostTranscendentals() {
        return hostTranscendentals && (fcw & 0x3f) == 0x3f && HostFpu.AVAILABLE;
    }

    public static final int TAG_VALID = 0;
    public static final int TAG_ZERO = 1;
    public static final int TAG_SPECIAL = 2;
    public static final int TAG_EMPTY = 3;

    /** Physical register number of ST(i). */
    public int phys(int i) {
        return (top + i) & 7;
    }

    public int tag(int physReg) {
        return (ftw >> (2 * physReg)) & 3;
    }

    /** Writes physical register {@code p} and sets its tag from the value. */
    public void setReg(int p, int se, long m) {
        sexp[p] = se & 0xffff;
        mant[p] = m;
        setTag(p, tagFor(se, m));
    }

    public void setTag(int p, int t) {
        ftw = (ftw & ~(3 << (2 * p))) | (t << (2 * p));
    }

    /** The tag a register holding this value gets (SDM vol. 1 §8.1.7). */
    public static int tagFor(int se, long m) {
        int e = se & 0x7fff;
        if (e == 0) {
            return m == 0 ? TAG_ZERO : TAG_SPECIAL;
        }
        if (e == 0x7fff || m >= 0) {
            return TAG_SPECIAL;                       // NaN, infinity, unnormal, pseudo-NaN
        }
        return TAG_VALID;
    }

    /** FSW as FNSTSW stores it: the status flags with TOP in bits 11..13. */
    public int statusWord() {
        return (fsw & ~0x3800) | (top << 11);
    }

    /** Sets FSW (including TOP) from a stored status word. */
    public void setStatusWord(int sw) {
        top = (sw >> 11) & 7;
        fsw = sw & 0xc7ff;
    }

    /** The abridged (FXSAVE) tag byte: bit i set when physical register i is not empty. */
    public int abridgedTag() {
        int t = 0;
        for (int i = 0; i < 8; i++) {
            if (tag(i) != TAG_EMPTY) {
                t |= 1 << i;
            }
        }
        return t;
    }

    /**
     * Reads MMX register {@code i} (the significand of physical register i) and applies the MMX
     * side effects on the x87 state (SDM vol. 1 §9.5): TOP = 0 and every tag valid.
     */
    public long mmxRead(int i) {
        mmxEnter();
        return mant[i];
    }

    /** Writes MMX register {@code i}: significand = v, exponent and sign all ones, TOP = 0, tags valid. */
    public void mmxWrite(int i, long v) {
        mmxEnter();
        mant[i] = v;
        sexp[i] = 0xffff;
    }

    private void mmxEnter() {
        top = 0;
        ftw = 0;
    }

    /** EMMS: every register empty. */
    public void emms() {
        ftw = 0xffff;
    }

    /** FNINIT state (SDM vol. 1 table 8-10). */
    public void init() {
        fcw = 0x37f;
        fsw = 0;
        top = 0;
        ftw = 0xffff;
        fop = 0;
        fip = 0;
        fdp = 0;
    }

    /** Writes the x87 part of an FXSAVE64 image (layout in the class comment). */
    public void fxsaveX87(byte[] img) {
        put(img, 0, fcw, 2);
        put(img, 2, statusWord(), 2);
        img[4] = (byte) abridgedTag();
        img[5] = 0;
        // As AMD processors do (the reference host): FOP/FIP/FDP are stored only while an
        // exception is pending (FSW.ES); otherwise zero. Intel stores them always.
        boolean pending = (fsw & 0x80) != 0;
        put(img, 6, pending ? fop : 0, 2);
        put(img, 8, pending ? fip : 0, 8);
        put(img, 16, pending ? fdp : 0, 8);
        for (int i = 0; i < 8; i++) {
            int p = phys(i);
            int off = 32 + 16 * i;
            put(img, off, mant[p], 8);
            put(img, off + 8, sexp[p], 2);
            for (int k = 10; k < 16; k++) {
                img[off + k] = 0;
            }
        }
    }

    /** Loads the x87 part of an FXSAVE64 image (the inverse of {@link #fxsaveX87(byte[])}). */
    public void fxrstorX87(byte[] img) {
        fcw = (int) get(img, 0, 2);
        setStatusWord((int) get(img, 2, 2));
        int atag = img[4] & 0xff;
        fop = (int) get(img, 6, 2) & 0x7ff;
        fip = get(img, 8, 8);
        fdp = get(img, 16, 8);
        for (int i = 0; i < 8; i++) {
            int p = phys(i);
            int off = 32 + 16 * i;
            mant[p] = get(img, off, 8);
            sexp[p] = (int) get(img, off + 8, 2);
        }
        for (int p = 0; p < 8; p++) {
            setTag(p, (atag & (1 << p)) == 0 ? TAG_EMPTY : tagFor(sexp[p], mant[p]));
        }
    }

    /**
     * {@link #fxsaveX87(byte[])} straight into guest memory at the FXSAVE base {@code addr}: writes
     * bytes 0..23 and 32..159 only. May throw MemoryFault part way (the caller checks the range).
     */
    public void fxsaveX87(GuestMemory m, long addr) {
        byte[] img = new byte[160];
        fxsaveX87(img);
        m.write(addr, img, 0, 24);
        m.write(addr + 32, img, 32, 128);
    }

    /** {@link #fxrstorX87(byte[])} from guest memory at the FXSAVE base {@code addr}. */
    public void fxrstorX87(GuestMemory m, long addr) {
        byte[] img = new byte[160];
        m.read(addr, img, 0, 160);
        fxrstorX87(img);
    }

    private static void put(byte[] b, int off, long v, int n) {
        for (int i = 0; i < n; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    private static long get(byte[] b, int off, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            v |= (b[off + i] & 0xffL) << (8 * i);
        }
        return v;
    }

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
