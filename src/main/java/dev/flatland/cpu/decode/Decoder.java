package dev.flatland.cpu.decode;

import static dev.flatland.cpu.decode.OpcodeInfo.ALONE;
import static dev.flatland.cpu.decode.OpcodeInfo.D64;
import static dev.flatland.cpu.decode.OpcodeInfo.END;
import static dev.flatland.cpu.decode.OpcodeInfo.F64;
import static dev.flatland.cpu.decode.OpcodeInfo.GROUP3;
import static dev.flatland.cpu.decode.OpcodeInfo.IMM_SHIFT;
import static dev.flatland.cpu.decode.OpcodeInfo.INVALID;
import static dev.flatland.cpu.decode.OpcodeInfo.MODRM;

/**
 * The x86-64 instruction decoder (Intel SDM vol. 2, chapter 2 "Instruction Format"), in stages:
 * legacy prefixes, REX or VEX, opcode map and byte, ModRM, SIB, displacement, immediate. It works
 * on a byte window so that it needs no memory access of its own and never throws: undefined
 * opcodes decode to an instruction with {@link #UD_BIT} set whose op is {@code 0F 0B} (ud2),
 * which raises #UD only when executed.
 */
public final class Decoder {
    private Decoder() {
    }

    /** Set in the decoder's free bits when the instruction is undefined (decoded as ud2). */
    public static final int UD_BIT = Insn.FREE_SHIFT;
    /** Set when the instruction ends a block (control transfer or always traps). */
    public static final int END_BIT = Insn.FREE_SHIFT + 1;
    /** Set when the instruction must be first in its block (reads the exact instruction count). */
    public static final int ALONE_BIT = Insn.FREE_SHIFT + 2;

    /** Returned by {@link #decode} when the window ends before the instruction does. */
    public static final int TRUNCATED = -1;

    private static final int OP_UD2 = 0x10b;
    private static final int MAX_LENGTH = 15;

    /** True when {@code w} ends its block. */
    public static boolean endsBlock(long w) {
        return ((w >>> END_BIT) & 1) != 0;
    }

    /** True when {@code w} must start its own block. */
    public static boolean alone(long w) {
        return ((w >>> ALONE_BIT) & 1) != 0;
    }

    /** True when {@code w} is an undefined instruction. */
    public static boolean undefined(long w) {
        return ((w >>> UD_BIT) & 1) != 0;
    }

    /**
     * Decodes the instruction at {@code code[off]} (guest address {@code addr}) into slot {@code i}
     * of {@code b}. Bytes at {@code code[off..limit)} are available. Returns the length, or
     * {@link #TRUNCATED} if the instruction needs bytes at or beyond {@code limit}.
     */
    public static int decode(byte[] code, int off, int limit, long addr, DecodedBlock b, int i) {
        int p = off;
        boolean p66 = false;
        boolean p67 = false;
        int rep = 0; // 0, 0xF2 or 0xF3: the last one wins
        boolean lock = false;
        int seg = Insn.SEG_NONE;
        int rex = 0;
        int n = 0;
        int op;
        // Stage 1: legacy prefixes and REX. A REX not immediately before the opcode is ignored.
        while (true) {
            if (p >= limit) {
                return TRUNCATED;
            }
            if (p - off >= MAX_LENGTH) {
                return undefined(b, i, MAX_LENGTH, 0);
            }
            int x = code[p] & 0xff;
            if ((x & 0xf0) == 0x40) {
                rex = x;
                p++;
                continue;
            }
            boolean prefix = true;
            switch (x) {
                case 0x66 -> p66 = true;
                case 0x67 -> p67 = true;
                case 0xf2, 0xf3 -> rep = x;
                case 0xf0 -> lock = true;
                case 0x2e, 0x3e, 0x26, 0x36 -> { }
                case 0x64 -> seg = Insn.SEG_FS;
                case 0x65 -> seg = Insn.SEG_GS;
                default -> prefix = false;
            }
            if (!prefix) {
                break;
            }
            rex = 0;
            p++;
        }
        int x = code[p++] & 0xff;
        int map;
        int info;
        boolean vex = false;
        int vvvv = 0;
        boolean vexL = false;
        if (x == 0xc4 || x == 0xc5) {
            return decodeVex(code, off, p, limit, addr, b, i, x, p66 || rep != 0 || lock || rex != 0, p67, seg);
        }
        if (x == 0x0f) {
            if (p >= limit) {
                return TRUNCATED;
            }
            x = code[p++] & 0xff;
            if (x == 0x38 || x == 0x3a) {
                map = x == 0x38 ? 2 : 3;
                if (p >= limit) {
                    return TRUNCATED;
                }
                x = code[p++] & 0xff;
                info = MODRM | (map == 3 ? OpcodeInfo.I_B << IMM_SHIFT : 0);
            } else {
                map = 1;
                info = OpcodeInfo.TWO[x];
            }
        } else {
            map = 0;
            info = OpcodeInfo.ONE[x];
        }
        op = map << 8 | x;
        return finish(code, off, p, limit, addr, b, i, op, info, p66, p67, rep, lock, seg, rex, vex, vvvv, vexL);
    }

    /** VEX prefixes C4/C5 (SDM vol. 2 §2.3): only the BMI1/BMI2 general-purpose instructions are defined. */
    private static int decodeVex(byte[] code, int off, int p, int limit, long addr, DecodedBlock b, int i, int x,
            boolean badPrefix, boolean p67, int seg) {
        int need = x == 0xc5 ? 2 : 3;
        if (p + need > limit) {
            return TRUNCATED;
        }
        int rex = 0x40;
        int map;
        int pp;
        int vvvv;
        boolean l;
        if (x == 0xc5) {
            int v1 = code[p++] & 0xff;
            rex |= (v1 & 0x80) == 0 ? 4 : 0;
            vvvv = (~v1 >>> 3) & 15;
            l = (v1 & 4) != 0;
            pp = v1 & 3;
            map = 1;
        } else {
            int v1 = code[p++] & 0xff;
            int v2 = code[p++] & 0xff;
            rex |= (v1 & 0x80) == 0 ? 4 : 0;
            rex |= (v1 & 0x40) == 0 ? 2 : 0;
            rex |= (v1 & 0x20) == 0 ? 1 : 0;
            rex |= (v2 & 0x80) != 0 ? 8 : 0;
            map = v1 & 0x1f;
            vvvv = (~v2 >>> 3) & 15;
            l = (v2 & 4) != 0;
            pp = v2 & 3;
        }
        int opc = code[p++] & 0xff;
        boolean defined = !badPrefix && !l && isBmi(map, opc, pp);
        int info = MODRM | (map == 3 ? OpcodeInfo.I_B << IMM_SHIFT : 0);
        int op = (map & 3) << 8 | opc;
        int len = finish(code, off, p, limit, addr, b, i, op, info, pp == 1, p67, pp == 3 ? 0xf2 : pp == 2 ? 0xf3 : 0,
                false, seg, rex, true, vvvv, l);
        if (len > 0 && !defined) {
            return undefined(b, i, len, 0);
        }
        return len;
    }

    /** The VEX-encoded general-purpose instructions (BMI1, BMI2) by map, opcode and VEX.pp. */
    private static boolean isBmi(int map, int opc, int pp) {
        if (map == 2) {
            return switch (opc) {
                case 0xf2, 0xf3 -> pp == 0;                 // ANDN; BLSR/BLSMSK/BLSI
                case 0xf5 -> pp == 0 || pp == 2 || pp == 3; // BZHI, PEXT, PDEP
                case 0xf6 -> pp == 3;                       // MULX
                case 0xf7 -> true;                          // BEXTR, SHLX, SARX, SHRX
                default -> false;
            };
        }
        return map == 3 && opc == 0xf0 && pp == 3;          // RORX
    }

    private static int finish(byte[] code, int off, int p, int limit, long addr, DecodedBlock b, int i, int op,
            int info, boolean p66, boolean p67, int rep, boolean lock, int seg, int rex, boolean vex, int vvvv,
            boolean vexL) {
        boolean rexW = (rex & 8) != 0;
        int opsize;
        if (vex) {
            opsize = rexW ? Insn.OS64 : Insn.OS32; // VEX.W selects the size of BMI instructions
        } else if (rexW) {
            opsize = Insn.OS64;
        } else if ((info & F64) != 0) {
            opsize = Insn.OS64;
        } else if (p66) {
            opsize = Insn.OS16;
        } else if ((info & D64) != 0) {
            opsize = Insn.OS64;
        } else {
            opsize = Insn.OS32;
        }
        long w = op;
        w |= (long) opsize << Insn.OPSIZE_SHIFT;
        w |= p67 ? 1L << Insn.ADDR32_BIT : 0;
        w |= p66 ? 1L << Insn.P66_BIT : 0;
        w |= rep == 0xf3 ? 1L << Insn.PF3_BIT : 0;
        w |= rep == 0xf2 ? 1L << Insn.PF2_BIT : 0;
        w |= lock ? 1L << Insn.LOCK_BIT : 0;
        w |= rex != 0 ? 1L << Insn.REX_BIT : 0;
        w |= rexW ? 1L << Insn.REXW_BIT : 0;
        w |= (long) seg << Insn.SEG_SHIFT;
        w |= vex ? 1L << Insn.VEX_BIT : 0;
        w |= (long) vvvv << Insn.VVVV_SHIFT;
        w |= vexL ? 1L << Insn.VEXL_BIT : 0;
        w |= (long) Insn.NO_REG << Insn.BASE_SHIFT | (long) Insn.NO_REG << Insn.INDEX_SHIFT;
        int disp = 0;
        int modrm = -1;
        if ((info & MODRM) != 0) {
            if (p >= limit) {
                return TRUNCATED;
            }
            modrm = code[p++] & 0xff;
            int mod = modrm >>> 6;
            int reg = ((modrm >>> 3) & 7) | ((rex & 4) << 1);
            int rm = (modrm & 7) | ((rex & 1) << 3);
            w |= (long) mod << Insn.MOD_SHIFT | (long) reg << Insn.REG_SHIFT | (long) rm << Insn.RM_SHIFT;
            if (mod != 3) {
                w |= 1L << Insn.MEM_BIT;
                w &= ~((31L << Insn.BASE_SHIFT) | (31L << Insn.INDEX_SHIFT));
                int base = rm;
                int index = Insn.NO_REG;
                int scale = 0;
                int dispSize = mod == 1 ? 1 : mod == 2 ? 4 : 0;
                if ((modrm & 7) == 4) {
                    if (p >= limit) {
                        return TRUNCATED;
                    }
                    int sib = code[p++] & 0xff;
                    scale = sib >>> 6;
                    index = ((sib >>> 3) & 7) | ((rex & 2) << 2);
                    if (index == 4) {
                        index = Insn.NO_REG;
                    }
                    base = (sib & 7) | ((rex & 1) << 3);
                    if ((sib & 7) == 5 && mod == 0) {
                        base = Insn.NO_REG;
                        dispSize = 4;
                    }
                } else if ((modrm & 7) == 5 && mod == 0) {
                    base = Insn.NO_REG;
                    dispSize = 4;
                    w |= 1L << Insn.RIPREL_BIT;
                }
                w |= (long) base << Insn.BASE_SHIFT | (long) index << Insn.INDEX_SHIFT | (long) scale << Insn.SCALE_SHIFT;
                if (p + dispSize > limit) {
                    return TRUNCATED;
                }
                if (dispSize == 1) {
                    disp = code[p];
                } else if (dispSize == 4) {
                    disp = le32(code, p);
                }
                p += dispSize;
            }
        } else {
            w |= (long) ((op & 7) | ((rex & 1) << 3)) << Insn.RM_SHIFT;
        }
        int immKind = (info >>> IMM_SHIFT) & 15;
        if ((info & GROUP3) != 0 && ((modrm >>> 3) & 7) > 1) {
            immKind = OpcodeInfo.I_NONE;
        }
        long imm = 0;
        int immSize = switch (immKind) {
            case OpcodeInfo.I_B, OpcodeInfo.I_JB -> 1;
            case OpcodeInfo.I_W -> 2;
            case OpcodeInfo.I_Z -> opsize == Insn.OS16 ? 2 : 4;
            case OpcodeInfo.I_V -> opsize == Insn.OS16 ? 2 : opsize == Insn.OS32 ? 4 : 8;
            case OpcodeInfo.I_MOFFS -> p67 ? 4 : 8;
            case OpcodeInfo.I_ENTER -> 3;
            case OpcodeInfo.I_JZ -> 4;
            default -> 0;
        };
        if (p + immSize > limit) {
            return TRUNCATED;
        }
        switch (immKind) {
            case OpcodeInfo.I_B -> imm = op >= 0x100 ? code[p] & 0xff : code[p];
            case OpcodeInfo.I_W -> imm = (short) le16(code, p);
            case OpcodeInfo.I_Z -> imm = immSize == 2 ? (short) le16(code, p) : le32(code, p);
            case OpcodeInfo.I_V -> imm = immSize == 2 ? (short) le16(code, p)
                    : immSize == 4 ? le32(code, p) : le64(code, p);
            case OpcodeInfo.I_MOFFS -> imm = immSize == 4 ? le32(code, p) & 0xffff_ffffL : le64(code, p);
            case OpcodeInfo.I_ENTER -> imm = le16(code, p) | (code[p + 2] & 0xff) << 16;
            case OpcodeInfo.I_JB -> imm = addr + (p + 1 - off) + code[p];
            case OpcodeInfo.I_JZ -> imm = addr + (p + 4 - off) + le32(code, p);
            default -> { }
        }
        p += immSize;
        int len = p - off;
        if (len > MAX_LENGTH) {
            return undefined(b, i, MAX_LENGTH, 0);
        }
        w |= (long) len << Insn.LEN_SHIFT;
        int flags = info;
        if (map(op) == 1) {
            flags |= twoByteExtras(op, modrm);
        } else if (op == 0xff) {
            int d = (modrm >>> 3) & 7;
            if (d >= 2 && d <= 5) {
                flags |= END;
                if (d == 2 || d == 4) {
                    // near indirect call/jmp: operand size forced to 64 (Intel ignores 0x66)
                    w = (w & ~(3L << Insn.OPSIZE_SHIFT)) | (long) Insn.OS64 << Insn.OPSIZE_SHIFT;
                }
            } else if (d == 6 && !rexW && !p66) {
                w = (w & ~(3L << Insn.OPSIZE_SHIFT)) | (long) Insn.OS64 << Insn.OPSIZE_SHIFT;
            } else if (d == 7) {
                flags |= INVALID;
            }
        }
        if ((flags & INVALID) != 0) {
            return undefined(b, i, len, imm);
        }
        w |= (flags & END) != 0 ? 1L << END_BIT : 0;
        w |= (flags & ALONE) != 0 ? 1L << ALONE_BIT : 0;
        b.insn[i] = w;
        b.disp[i] = disp;
        b.imm[i] = imm;
        return len;
    }

    /** Extra END/ALONE marks of 0F-map instructions decided by their ModRM byte. */
    private static int twoByteExtras(int op, int modrm) {
        return switch (op & 0xff) {
            case 0x00, 0x01 -> modrm == 0xf9 && (op & 0xff) == 0x01 ? ALONE : END; // rdtscp; else system/privileged
            case 0x0b, 0xb9, 0xff -> END;
            default -> 0;
        };
    }

    private static int map(int op) {
        return op >>> 8;
    }

    private static int undefined(DecodedBlock b, int i, int len, long imm) {
        b.insn[i] = OP_UD2 | (long) Insn.OS32 << Insn.OPSIZE_SHIFT | (long) len << Insn.LEN_SHIFT
                | 1L << UD_BIT | 1L << END_BIT
                | (long) Insn.NO_REG << Insn.BASE_SHIFT | (long) Insn.NO_REG << Insn.INDEX_SHIFT;
        b.disp[i] = 0;
        b.imm[i] = imm;
        return len;
    }

    private static int le16(byte[] c, int p) {
        return (c[p] & 0xff) | (c[p + 1] & 0xff) << 8;
    }

    private static int le32(byte[] c, int p) {
        return (c[p] & 0xff) | (c[p + 1] & 0xff) << 8 | (c[p + 2] & 0xff) << 16 | (c[p + 3] & 0xff) << 24;
    }

    private static long le64(byte[] c, int p) {
        return (le32(c, p) & 0xffff_ffffL) | (long) le32(c, p + 4) << 32;
    }
}
