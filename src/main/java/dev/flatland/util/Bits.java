package dev.flatland.util;

/** Bit and alignment helpers. */
public final class Bits {
    private Bits() {
    }

    /** Rounds {@code v} up to a multiple of the power of two {@code align}; wraps to 0 on overflow. */
    public static long alignUp(long v, long align) {
        return (v + align - 1) & -align;
    }

    /** Rounds {@code v} down to a multiple of the power of two {@code align}. */
    public static long alignDown(long v, long align) {
        return v & -align;
    }

    /** True when {@code v} is a multiple of the power of two {@code align}. */
    public static boolean isAligned(long v, long align) {
        return (v & (align - 1)) == 0;
    }

    /** The smallest order such that {@code 1 << order >= n} (Linux get_order on a page count); n >= 1. */
    public static int ceilLog2(long n) {
        return n <= 1 ? 0 : 64 - Long.numberOfLeadingZeros(n - 1);
    }
}
