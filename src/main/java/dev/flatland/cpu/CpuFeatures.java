package dev.flatland.cpu;

/**
 * What CPUID reports: exactly the features Flatland implements (Intel SDM vol. 2, "CPUID").
 *
 * <ul>
 * <li>Leaf 0: maximum basic leaf 7, vendor "GenuineIntel".
 * <li>Leaf 1: family 6 model 0x1A stepping 5 (a Nehalem-class x86-64 without AVX);
 *     EDX = FPU TSC CX8 CMOV MMX FXSR SSE SSE2; ECX = SSE3 SSSE3 CX16 SSE4.1 SSE4.2 MOVBE POPCNT.
 *     No AVX, OSXSAVE, XSAVE, AES, PCLMULQDQ, RDRAND, FMA.
 * <li>Leaf 2: a single descriptor 0xFF ("use leaf 4"); leaf 4: a deterministic cache hierarchy
 *     (L1d 32K, L1i 32K, L2 256K, L3 8M, 64-byte lines) so that libc cache tuning gets sane sizes.
 * <li>Leaf 7 subleaf 0: EBX = BMI1 BMI2.
 * <li>0x80000000: maximum extended leaf 0x80000008. 0x80000001: ECX = LAHF/SAHF, ABM (LZCNT);
 *     EDX = SYSCALL, RDTSCP, LM. 0x80000002-4: brand "Flatland x86-64 interpreter".
 *     0x80000006: L2 256K 64-byte lines. 0x80000008: 39 physical / 48 linear address bits.
 * <li>Any other leaf (3, 5, 6, leaves above the maximum): all zeros. Real Intel parts return the
 *     highest basic leaf's data for leaves above the maximum; zeros are chosen so that no caller
 *     mistakes leaf-7 bits for another leaf's.
 * </ul>
 */
public final class CpuFeatures {
    private CpuFeatures() {
    }

    public static final int MAX_BASIC = 7;
    public static final int MAX_EXTENDED = 0x8000_0008;

    /** Leaf 1 EDX. */
    public static final int L1_EDX = 1 | 1 << 4 | 1 << 8 | 1 << 15 | 1 << 23 | 1 << 24 | 1 << 25 | 1 << 26;
    /** Leaf 1 ECX. */
    public static final int L1_ECX = 1 | 1 << 9 | 1 << 13 | 1 << 19 | 1 << 20 | 1 << 22 | 1 << 23;
    /** Leaf 7 subleaf 0 EBX: BMI1 (bit 3), BMI2 (bit 8). */
    public static final int L7_EBX = 1 << 3 | 1 << 8;
    /** 0x80000001 ECX: LAHF/SAHF (bit 0), ABM/LZCNT (bit 5). */
    public static final int X1_ECX = 1 | 1 << 5;
    /** 0x80000001 EDX: SYSCALL (bit 11), RDTSCP (bit 27), LM (bit 29). */
    public static final int X1_EDX = 1 << 11 | 1 << 27 | 1 << 29;

    private static final String BRAND = "Flatland x86-64 interpreter";

    /** Fills {@code out[0..3]} with EAX, EBX, ECX, EDX of CPUID leaf {@code eax}, subleaf {@code ecx}. */
    public static void cpuid(int eax, int ecx, int[] out) {
        out[0] = 0;
        out[1] = 0;
        out[2] = 0;
        out[3] = 0;
        switch (eax) {
            case 0 -> {
                out[0] = MAX_BASIC;
                out[1] = str("Genu");
                out[3] = str("ineI");
                out[2] = str("ntel");
            }
            case 1 -> {
                out[0] = 0x0001_06a5;
                out[1] = 8 << 8 | 1 << 16; // CLFLUSH line 8*8 bytes, 1 logical processor, APIC id 0
                out[2] = L1_ECX;
                out[3] = L1_EDX;
            }
            case 2 -> out[0] = 0x0000_ff01;
            case 4 -> cacheLeaf(ecx, out);
            case 7 -> {
                if (ecx == 0) {
                    out[1] = L7_EBX;
                }
            }
            case 0x8000_0000 -> out[0] = MAX_EXTENDED;
            case 0x8000_0001 -> {
                out[2] = X1_ECX;
                out[3] = X1_EDX;
            }
            case 0x8000_0002, 0x8000_0003, 0x8000_0004 -> {
                int base = (eax - 0x8000_0002) * 16;
                for (int i = 0; i < 4; i++) {
                    out[i] = str(brandChunk(base + i * 4));
                }
            }
            case 0x8000_0006 -> out[2] = 256 << 16 | 6 << 12 | 64; // 256K, 8-way (encoding 6), 64-byte lines
            case 0x8000_0008 -> out[0] = 48 << 8 | 39;
            default -> { }
        }
    }

    /** Leaf 4 (deterministic cache parameters), subleaf = cache index. */
    private static void cacheLeaf(int index, int[] out) {
        // {type (1 data, 2 instruction, 3 unified), level, ways, sets}
        int[][] caches = {{1, 1, 8, 64}, {2, 1, 8, 64}, {3, 2, 4, 1024}, {3, 3, 16, 8192}};
        if (index < 0 || index >= caches.length) {
            return;
        }
        int[] k = caches[index];
        out[0] = k[0] | k[1] << 5 | 1 << 8; // self-initializing; one logical processor shares it
        out[1] = (k[2] - 1) << 22 | 63; // ways-1, partitions-1 = 0, line size-1
        out[2] = k[3] - 1;
        out[3] = 0;
    }

    private static String brandChunk(int off) {
        StringBuilder sb = new StringBuilder(4);
        for (int i = 0; i < 4; i++) {
            sb.append(off + i < BRAND.length() ? BRAND.charAt(off + i) : '\0');
        }
        return sb.toString();
    }

    private static int str(String s) {
        return s.charAt(0) | s.charAt(1) << 8 | s.charAt(2) << 16 | s.charAt(3) << 24;
    }
}
