package dev.flatland.cpu;

/**
 * The 512-byte FXSAVE64 image of a {@link CpuState} (SDM vol. 1 §10.5.1 Table 10-2), for the
 * kernel's signal frames: the x87 part from {@link Fpu#fxsaveX87(byte[])}, MXCSR at 24,
 * MXCSR_MASK at 28, XMM0..15 at 160, bytes 416..511 zero (no fpx_sw_bytes: CPUID reports no
 * XSAVE, so Linux writes plain fxsave format). The same layout the FXSAVE instruction writes.
 */
public final class FxsaveImage {
    public static final int SIZE = 512;
    /** MXCSR bits that may be set; the kernel masks a user-supplied MXCSR with it on sigreturn. */
    public static final int MXCSR_MASK = 0xFFFF;

    private FxsaveImage() {
    }

    /** The image of {@code c}'s x87, MXCSR and XMM state, as FXSAVE with REX.W stores it. */
    public static byte[] save(CpuState c) {
        byte[] img = new byte[SIZE];
        c.fpu.fxsaveX87(img);
        put32(img, 24, c.mxcsr);
        put32(img, 28, MXCSR_MASK);
        for (int i = 0; i < 32; i++) {
            long v = c.xmm[i];
            for (int k = 0; k < 8; k++) {
                img[160 + 8 * i + k] = (byte) (v >>> (8 * k));
            }
        }
        return img;
    }

    /** False when the image's MXCSR has reserved bits set: FXRSTOR would #GP, and sigreturn fails. */
    public static boolean mxcsrValid(byte[] img) {
        return (get32(img, 24) & ~MXCSR_MASK) == 0;
    }

    /** Loads {@code img} into {@code c} (check {@link #mxcsrValid} first). */
    public static void restore(CpuState c, byte[] img) {
        c.fpu.fxrstorX87(img);
        c.mxcsr = get32(img, 24) & MXCSR_MASK;
        for (int i = 0; i < 32; i++) {
            long v = 0;
            for (int k = 0; k < 8; k++) {
                v |= (img[160 + 8 * i + k] & 0xFFL) << (8 * k);
            }
            c.xmm[i] = v;
        }
    }

    /** The FPU/SSE state a signal handler starts with (fpu__clear_user_states: FNINIT, MXCSR 0x1f80, XMM zero). */
    public static void reset(CpuState c) {
        c.fpu.init();
        c.mxcsr = 0x1f80;
        java.util.Arrays.fill(c.xmm, 0);
    }

    private static void put32(byte[] b, int off, int v) {
        for (int k = 0; k < 4; k++) {
            b[off + k] = (byte) (v >>> (8 * k));
        }
    }

    private static int get32(byte[] b, int off) {
        int v = 0;
        for (int k = 0; k < 4; k++) {
            v |= (b[off + k] & 0xFF) << (8 * k);
        }
        return v;
    }
}
