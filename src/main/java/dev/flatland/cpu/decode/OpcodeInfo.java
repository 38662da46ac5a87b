package dev.flatland.cpu.decode;

/**
 * Static per-opcode decoding properties for the one-byte and 0F maps, in 64-bit mode (Intel SDM
 * vol. 2, appendix A "Opcode Map"): whether a ModRM byte follows, the immediate kind, the default
 * operand size, and whether the instruction ends a decoded block.
 */
final class OpcodeInfo {
    private OpcodeInfo() {
    }

    /** A ModRM byte follows the opcode. */
    static final int MODRM = 1;
    /** Operand size defaults to 64 bits (push, pop, call, ret, jcc, ...); 0x66 selects 16. */
    static final int D64 = 1 << 1;
    /** Operand size is always 64 bits (near branches: Intel ignores 0x66). */
    static final int F64 = 1 << 2;
    /** Undefined in 64-bit mode: decodes to #UD. */
    static final int INVALID = 1 << 3;
    /** Ends a decoded block (control transfer, or an instruction that always traps). */
    static final int END = 1 << 4;
    /** Immediate present only when ModRM.reg is 0 or 1 (F6/F7 TEST). */
    static final int GROUP3 = 1 << 5;
    /** The instruction must start its own block (rdtsc, rdtscp, cpuid: they read the exact instruction count). */
    static final int ALONE = 1 << 6;

    static final int IMM_SHIFT = 8;
    static final int I_NONE = 0;
    /** imm8. */
    static final int I_B = 1;
    /** imm16. */
    static final int I_W = 2;
    /** imm16 or imm32 by operand size (imm32 sign-extended under REX.W). */
    static final int I_Z = 3;
    /** imm16, imm32 or imm64 by operand size (B8+r). */
    static final int I_V = 4;
    /** moffs: 8-byte address, 4-byte under 0x67. */
    static final int I_MOFFS = 5;
    /** ENTER: imm16 then imm8. */
    static final int I_ENTER = 6;
    /** rel8 branch displacement. */
    static final int I_JB = 7;
    /** rel32 branch displacement. */
    static final int I_JZ = 8;

    static final int[] ONE = new int[256];
    static final int[] TWO = new int[256];

    private static void set(int[] t, int from, int to, int flags, int imm) {
        for (int i = from; i <= to; i++) {
            t[i] = flags | (imm << IMM_SHIFT);
        }
    }

    static {
        int[] t = ONE;
        for (int base = 0; base < 0x40; base += 8) {
            set(t, base, base + 3, MODRM, I_NONE);
            set(t, base + 4, base + 4, 0, I_B);
            set(t, base + 5, base + 5, 0, I_Z);
            set(t, base + 6, base + 7, INVALID, I_NONE);
        }
        // 0F escape, segment prefixes and REX never reach the table; 27/2F/37/3F (DAA..AAS) are invalid.
        set(t, 0x50, 0x5f, D64, I_NONE);
        set(t, 0x60, 0x62, INVALID, I_NONE);
        set(t, 0x63, 0x63, MODRM, I_NONE);
        set(t, 0x68, 0x68, D64, I_Z);
        set(t, 0x69, 0x69, MODRM, I_Z);
        set(t, 0x6a, 0x6a, D64, I_B);
        set(t, 0x6b, 0x6b, MODRM, I_B);
        set(t, 0x6c, 0x6f, END, I_NONE);
        set(t, 0x70, 0x7f, F64 | END, I_JB);
        set(t, 0x80, 0x80, MODRM, I_B);
        set(t, 0x81, 0x81, MODRM, I_Z);
        set(t, 0x82, 0x82, INVALID, I_NONE);
        set(t, 0x83, 0x83, MODRM, I_B);
        set(t, 0x84, 0x8e, MODRM, I_NONE);
        set(t, 0x8f, 0x8f, MODRM | D64, I_NONE);
        set(t, 0x90, 0x99, 0, I_NONE);
        set(t, 0x9a, 0x9a, INVALID, I_NONE);
        set(t, 0x9b, 0x9b, 0, I_NONE);
        set(t, 0x9c, 0x9d, D64, I_NONE);
        set(t, 0x9e, 0x9f, 0, I_NONE);
        set(t, 0xa0, 0xa3, 0, I_MOFFS);
        set(t, 0xa4, 0xa7, 0, I_NONE);
        set(t, 0xa8, 0xa8, 0, I_B);
        set(t, 0xa9, 0xa9, 0, I_Z);
        set(t, 0xaa, 0xaf, 0, I_NONE);
        set(t, 0xb0, 0xb7, 0, I_B);
        set(t, 0xb8, 0xbf, 0, I_V);
        set(t, 0xc0, 0xc1, MODRM, I_B);
        set(t, 0xc2, 0xc2, F64 | END, I_W);
        set(t, 0xc3, 0xc3, F64 | END, I_NONE);
        set(t, 0xc6, 0xc6, MODRM, I_B);
        set(t, 0xc7, 0xc7, MODRM, I_Z);
        set(t, 0xc8, 0xc8, D64, I_ENTER);
        set(t, 0xc9, 0xc9, D64, I_NONE);
        set(t, 0xca, 0xca, END, I_W);
        set(t, 0xcb, 0xcc, END, I_NONE);
        set(t, 0xcd, 0xcd, END, I_B);
        set(t, 0xce, 0xce, INVALID, I_NONE);
        set(t, 0xcf, 0xcf, END, I_NONE);
        set(t, 0xd0, 0xd3, MODRM, I_NONE);
        set(t, 0xd4, 0xd6, INVALID, I_NONE);
        set(t, 0xd7, 0xd7, 0, I_NONE);
        set(t, 0xd8, 0xdf, MODRM, I_NONE);
        set(t, 0xe0, 0xe3, F64 | END, I_JB);
        set(t, 0xe4, 0xe7, END, I_B);
        set(t, 0xe8, 0xe9, F64 | END, I_JZ);
        set(t, 0xea, 0xea, INVALID, I_NONE);
        set(t, 0xeb, 0xeb, F64 | END, I_JB);
        set(t, 0xec, 0xef, END, I_NONE);
        set(t, 0xf1, 0xf1, END, I_NONE);
        set(t, 0xf4, 0xf4, END, I_NONE);
        set(t, 0xf5, 0xf5, 0, I_NONE);
        set(t, 0xf6, 0xf6, MODRM | GROUP3, I_B);
        set(t, 0xf7, 0xf7, MODRM | GROUP3, I_Z);
        set(t, 0xf8, 0xfd, 0, I_NONE);
        set(t, 0xfe, 0xff, MODRM, I_NONE);

        t = TWO;
        set(t, 0x00, 0xff, MODRM, I_NONE);
        set(t, 0x04, 0x04, INVALID, I_NONE);
        set(t, 0x05, 0x05, END, I_NONE);
        set(t, 0x06, 0x09, END, I_NONE);
        set(t, 0x0a, 0x0a, INVALID, I_NONE);
        set(t, 0x0b, 0x0b, END, I_NONE);
        set(t, 0x0c, 0x0c, INVALID, I_NONE);
        set(t, 0x0e, 0x0e, INVALID, I_NONE);
        set(t, 0x0f, 0x0f, INVALID, I_NONE);
        set(t, 0x20, 0x23, MODRM | END, I_NONE);
        set(t, 0x24, 0x27, INVALID, I_NONE);
        set(t, 0x30, 0x30, END, I_NONE);
        set(t, 0x31, 0x31, ALONE, I_NONE);
        set(t, 0x32, 0x37, END, I_NONE);
        set(t, 0x39, 0x39, INVALID, I_NONE);
        set(t, 0x3b, 0x3f, INVALID, I_NONE);
        set(t, 0x70, 0x73, MODRM, I_B);
        set(t, 0x77, 0x77, 0, I_NONE);
        set(t, 0x80, 0x8f, F64 | END, I_JZ);
        set(t, 0xa0, 0xa1, D64, I_NONE);
        set(t, 0xa2, 0xa2, ALONE, I_NONE);
        set(t, 0xa4, 0xa4, MODRM, I_B);
        set(t, 0xa6, 0xa7, INVALID, I_NONE);
        set(t, 0xa8, 0xa9, D64, I_NONE);
        set(t, 0xaa, 0xaa, INVALID, I_NONE);
        set(t, 0xac, 0xac, MODRM, I_B);
        set(t, 0xba, 0xba, MODRM, I_B);
        set(t, 0xc2, 0xc2, MODRM, I_B);
        set(t, 0xc4, 0xc6, MODRM, I_B);
        set(t, 0xc8, 0xcf, 0, I_NONE);
    }
}
