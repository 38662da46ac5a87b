package dev.flatland.cpu.interp;

import dev.flatland.cpu.Fpu;
import dev.flatland.memory.GuestMemory;

/**
 * FLDCW, FLDENV, FNSTENV, FNSAVE and FRSTOR (SDM vol. 1 §8.1.10, figures 8-9 and 8-10: the
 * protected-mode 28-byte environment, or the 14-byte one under a 0x66 prefix). In 64-bit mode the
 * stored FIP/FDP are the low 32 bits; FCS is stored as 0x33 and FDS as 0, as on the AMD host.
 */
final class X87Env {
    private X87Env() {
    }

    static final int ENV32 = 28;
    static final int ENV16 = 14;
    /**
     * FCS as the AMD reference host stores it once an instruction was recorded (FNINIT clears it):
     * Linux's 64-bit user code selector (__USER_CS). Guest code never lives at address 0.
     */
    static final int USER_CS = 0x33;

    /** FLDCW; a newly unmasked pending exception sets ES/B (reported at the next waiting op). */
    static void fldcw(Fpu f, int cw) {
        f.fcw = (cw & 0x1f3f) | 0x40;
        updateEs(f);
    }

    static void updateEs(Fpu f) {
        if ((f.fsw & ~f.fcw & 0x3f) != 0) {
            f.fsw |= X87Stack.ES | X87Stack.B;
        } else {
            f.fsw &= ~(X87Stack.ES | X87Stack.B);
        }
    }

    /** The full tag word computed from the register contents (what FNSTENV stores). */
    static int fullTag(Fpu f) {
        int t = 0;
        for (int p = 0; p < 8; p++) {
            int tag = f.tag(p) == Fpu.TAG_EMPTY ? Fpu.TAG_EMPTY : Fpu.tagFor(f.sexp[p], f.mant[p]);
            t |= tag << (2 * p);
        }
        return t;
    }

    private static byte[] envImage(Fpu f, boolean o16) {
        if (o16) {
            byte[] b = new byte[ENV16];
            put(b, 0, f.fcw, 2);
            put(b, 2, f.statusWord(), 2);
            put(b, 4, fullTag(f), 2);
            put(b, 6, f.fip, 2);
            put(b, 8, f.fip != 0 ? USER_CS : 0, 2);
            put(b, 10, f.fdp, 2);
            put(b, 12, 0, 2);
            return b;
        }
        byte[] b = new byte[ENV32];
        put(b, 0, 0xffff_0000L | f.fcw, 4);
        put(b, 4, 0xffff_0000L | f.statusWord(), 4);
        put(b, 8, 0xffff_0000L | fullTag(f), 4);
        put(b, 12, f.fip, 4);
        put(b, 16, (long) (f.fop & 0x7ff) << 16 | (f.fip != 0 ? USER_CS : 0), 4);
        put(b, 20, f.fdp, 4);
        put(b, 24, 0xffff_0000L, 4);
        return b;
    }

    /** FNSTENV: stores the environment, then masks every exception. */
    static void fnstenv(Fpu f, GuestMemory mem, long ea, boolean o16) {
        byte[] b = envImage(f, o16);
        mem.write(ea, b, 0, b.length);
        f.fcw |= 0x3f;
    }

    static void fldenv(Fpu f, GuestMemory mem, long ea, boolean o16) {
        byte[] b = new byte[o16 ? ENV16 : ENV32];
        mem.read(ea, b, 0, b.length);
        loadEnv(f, b, o16);
    }

    private static void loadEnv(Fpu f, byte[] b, boolean o16) {
        int step = o16 ? 2 : 4;
        f.fcw = (int) get(b, 0, 2) & 0x1f7f;
        f.setStatusWord((int) get(b, step, 2));
        int tw = (int) get(b, 2 * step, 2);
        for (int p = 0; p < 8; p++) {
            boolean empty = ((tw >> (2 * p)) & 3) == Fpu.TAG_EMPTY;
            f.setTag(p, empty ? Fpu.TAG_EMPTY : Fpu.tagFor(f.sexp[p], f.mant[p]));
        }
        if (o16) {
            f.fip = get(b, 6, 2);
            f.fop = 0;                                   // not part of the 16-bit format
            f.fdp = get(b, 10, 2);
        } else {
            f.fip = get(b, 12, 4);
            f.fop = (int) (get(b, 16, 4) >>> 16) & 0x7ff;
            f.fdp = get(b, 20, 4);
        }
        updateEs(f);
    }

    /** FNSAVE: environment then ST0..ST7 (10 bytes each), then FNINIT. */
    static void fnsave(Fpu f, GuestMemory mem, long ea, boolean o16) {
        byte[] env = envImage(f, o16);
        byte[] b = new byte[env.length + 80];
        System.arraycopy(env, 0, b, 0, env.length);
        for (int i = 0; i < 8; i++) {
            int p = f.phys(i);
            put(b, env.length + 10 * i, f.mant[p], 8);
            put(b, env.length + 10 * i + 8, f.sexp[p], 2);
        }
        mem.write(ea, b, 0, b.length);
        f.init();
    }

    static void frstor(Fpu f, GuestMemory mem, long ea, boolean o16) {
        int envLen = o16 ? ENV16 : ENV32;
        byte[] b = new byte[envLen + 80];
        mem.read(ea, b, 0, b.length);
        int top = ((int) get(b, o16 ? 2 : 4, 2) >> 11) & 7;
        for (int i = 0; i < 8; i++) {
            int p = (top + i) & 7;
            f.mant[p] = get(b, envLen + 10 * i, 8);
            f.sexp[p] = (int) get(b, envLen + 10 * i + 8, 2);
        }
        loadEnv(f, b, o16);
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
}
