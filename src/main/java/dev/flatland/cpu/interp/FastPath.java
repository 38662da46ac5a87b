package dev.flatland.cpu.interp;

import static dev.flatland.cpu.Flags.K_ADD;
import static dev.flatland.cpu.Flags.K_DEC;
import static dev.flatland.cpu.Flags.K_INC;
import static dev.flatland.cpu.Flags.K_LOGIC;
import static dev.flatland.cpu.Flags.K_SUB;

import dev.flatland.cpu.CpuState;
import dev.flatland.cpu.Flags;
import dev.flatland.cpu.decode.DecodedBlock;
import dev.flatland.cpu.decode.Insn;

/**
 * Specialized forms of the most frequent instructions (register and simple memory forms of MOV,
 * LEA, the ALU operations at 32 and 64 bits, Jcc, JMP, CALL, RET, PUSH, POP), chosen once per
 * instruction when a block is decoded and executed by the engine loop without going through the
 * generic operand accessors. {@code aux[i]} of a block holds the form: bits 0-7 the kind (0 =
 * generic, through {@link OpcodeTable}), bits 8-11 register A, bits 12-15 register B, bits 16-19
 * the ALU operation or condition code. Each form has exactly the semantics of its generic handler.
 */
final class FastPath {
    private FastPath() {
    }

    static final int GENERIC = 0;
    static final int MOV_RR64 = 1;
    static final int MOV_RR32 = 2;
    static final int LD64 = 3;
    static final int LD32 = 4;
    static final int ST64 = 5;
    static final int ST32 = 6;
    static final int MOVI = 7;
    static final int LEA64 = 8;
    static final int LEA32 = 9;
    static final int LDZX8 = 10;
    static final int LDZX16 = 11;
    static final int LDSX32 = 12;
    static final int ALU_RR64 = 20;
    static final int ALU_RR32 = 21;
    static final int ALU_RI64 = 22;
    static final int ALU_RI32 = 23;
    static final int ALU_RM64 = 24;
    static final int ALU_RM32 = 25;
    static final int ALU_MI64 = 26;
    static final int ALU_MI32 = 27;
    static final int TEST_RR64 = 28;
    static final int TEST_RR32 = 29;
    static final int INC64 = 30;
    static final int INC32 = 31;
    static final int DEC64 = 32;
    static final int DEC32 = 33;
    static final int JCC = 40;
    static final int JMP = 41;
    static final int CALL = 42;
    static final int RET = 43;
    static final int PUSH64 = 44;
    static final int POP64 = 45;
    static final int NOP = 46;
    static final int ST8 = 47;
    static final int LD8ZX_RR = 48;
    /** An SSE2 move or packed-integer form of {@link SseFast}: a = ModRM.reg, b = ModRM.rm, k = its operation. */
    static final int SSE = 49;
    /** Shifts and rotates of a register (C1, D1, D3; not RCL/RCR) whose flags are dead: k = /digit, bit 20 = count in CL. */
    static final int SHIFT32 = 50;
    static final int SHIFT64 = 51;
    static final int NOT32 = 52;
    static final int NOT64 = 53;
    /** IMUL Gv,Ev (0F AF) and IMUL Gv,Ev,Iz/Ib (69, 6B) of registers whose flags are dead. */
    static final int IMUL_RR32 = 54;
    static final int IMUL_RR64 = 55;
    static final int IMUL_RRI32 = 56;
    static final int IMUL_RRI64 = 57;

    /** MOV Ev,Iz to memory (C7 /0). */
    static final int ST_IMM32 = 58;
    static final int ST_IMM64 = 59;
    /** op Ev,Gv with a memory destination (01, 09, 21, 29, 31, 39): k = aop. */
    static final int ALU_MR32 = 60;
    static final int ALU_MR64 = 61;
    /** TEST Ev,Iz of a register (F7 /0, A9). */
    static final int TEST_RI32 = 62;
    static final int TEST_RI64 = 63;

    /** Marks a form that is valid only when the instruction's flag results are dead. */
    private static final int NEEDS_DEAD_FLAGS = 1 << 24;
    static final int COUNT_CL = 1 << 20;

    private static int x(int kind, int a, int b, int k) {
        return kind | a << 8 | b << 12 | k << 16;
    }

    /** Fills {@code b.aux} for every instruction of {@code b}; may normalize {@code b.imm} for the chosen form. */
    static void classify(DecodedBlock b) {
        long pc = b.start;
        for (int i = 0; i < b.count; i++) {
            long w = b.insn[i];
            pc += (w >>> Insn.LEN_SHIFT) & 15;
            b.next[i] = pc;
            b.eaConst[i] = b.disp[i] + (Insn.ripRelative(w) ? pc : 0);
        }
        for (int i = 0; i < b.count; i++) {
            b.aux[i] = classify(b.insn[i], b, i);
        }
        for (int i = 0; i < b.count; i++) {
            int x = b.aux[i];
            if ((x & NEEDS_DEAD_FLAGS) != 0) {
                b.aux[i] = flagsDeadAfter(b, i) ? x & ~NEEDS_DEAD_FLAGS : GENERIC;
                continue;
            }
            switch (x & 0xff) {
                // not ALU_MI: a store may end the block early (self-modifying code), before the overwriter
                case ALU_RR64, ALU_RR32, ALU_RI64, ALU_RI32, ALU_RM64, ALU_RM32 -> {
                    if (flagsDeadAfter(b, i)) {
                        b.aux[i] = x | NO_FLAGS << 16; // compute the result only
                    }
                }
                case INC64, INC32, DEC64, DEC32 -> {
                    if (flagsDeadAfter(b, i)) { // as ADD/SUB r, 1 without flags
                        int kind = x & 0xff;
                        int wide = kind == INC64 || kind == DEC64 ? 1 : 0;
                        int aop = kind == INC64 || kind == INC32 ? Alu.ADD : Alu.SUB;
                        b.imm[i] = 1;
                        b.aux[i] = (x & ~0xff) | (64 + (4 + wide * 2 + 1) * 8 + aop);
                    }
                }
                case TEST_RR64, TEST_RR32, TEST_RI64, TEST_RI32 -> {
                    if (flagsDeadAfter(b, i)) {
                        b.aux[i] = NOP;
                    }
                }
                default -> { }
            }
        }
        lower(b);
        fuseMoves(b);
    }

    /**
     * Set (the sign bit of aux) on a MOV_RR64 / MOV_RR32 that has a next instruction in the block
     * and does not itself follow a fused move (so the instruction after a fused move is always
     * dispatched normally): the engine runs the move without a dispatch of its own, straight
     * before the next instruction, and counts it as retired before that one runs (a fault in the
     * next instruction reports the next instruction, with the move done, as on hardware). The kind
     * bits stay, so the form is also valid when dispatched: bit 1 of the kind tells MOV_RR32
     * (zero-extend) from MOV_RR64. Sha256's rounds are 28% register moves.
     */
    static final int FUSED_MOV = 1 << 31;

    private static void fuseMoves(DecodedBlock b) {
        for (int i = 0; i + 1 < b.count; i++) {
            int kind = b.aux[i] & 0xff;
            if ((kind == MOV_RR64 || kind == MOV_RR32) && (i == 0 || b.aux[i - 1] >= 0)) {
                b.aux[i] |= FUSED_MOV;
            }
        }
        slots(b);
    }

    /** Where a slot keeps the number of its instruction (6 bits). */
    static final int SLOT_INSN_SHIFT = 48;
    /** Where a slot keeps its register move: source register (4 bits), destination (4 bits), 32-bit (bit 8). */
    static final int SLOT_MOVE_SHIFT = 32;
    /** Set in a slot that starts with a register move. */
    static final long SLOT_MOVE = 1L << 56;

    /** The number of the instruction that slot {@code slot} dispatches. */
    static int slotInsn(long slot) {
        return (int) (slot >>> SLOT_INSN_SHIFT) & 63;
    }

    /**
     * Builds {@code b.slots}, the engine's dispatch list: one slot per instruction, except that a
     * {@link #FUSED_MOV} move and the instruction after it share one slot. A slot holds the form
     * ({@code aux}, without the fused bit) in its low half, the instruction's number at
     * {@link #SLOT_INSN_SHIFT} and, with {@link #SLOT_MOVE}, the move that runs first. The engine
     * loop is then a counted loop over slots with one dispatch each.
     */
    private static void slots(DecodedBlock b) {
        long[] tmp = new long[b.count];
        int n = 0;
        for (int i = 0; i < b.count; i++) {
            int x = b.aux[i];
            long move = 0;
            if (x < 0) {
                int mv = ((x >>> 12) & 15) | ((x >>> 8) & 15) << 4 | ((x & 2) != 0 ? 0x100 : 0);
                move = SLOT_MOVE | (long) mv << SLOT_MOVE_SHIFT;
                i++;
                x = b.aux[i];
            }
            tmp[n++] = (x & 0xffff_ffffL) | move | (long) i << SLOT_INSN_SHIFT;
        }
        b.slots = java.util.Arrays.copyOf(tmp, n);
    }

    /**
     * Replaces the ALU register/immediate/load forms and the register shifts by kinds that name
     * the operation, size and flag handling, so that the engine runs them inline: ALU kinds are
     * {@code 64 + (form * 4 + wide * 2 + noFlags) * 8 + aop} (form 0 RR, 1 RI, 2 RM), shift kinds
     * {@code 160 + byCl * 16 + wide * 8 + digit}.
     */
    private static void lower(DecodedBlock b) {
        for (int i = 0; i < b.count; i++) {
            int x = b.aux[i];
            int kind = x & 0xff;
            int k = kind == SSE ? x >>> 16 : (x >>> 16) & 15;
            int form = switch (kind) {
                case ALU_RR32, ALU_RR64 -> 0;
                case ALU_RI32, ALU_RI64 -> 1;
                case ALU_RM32, ALU_RM64 -> 2;
                default -> -1;
            };
            if (form >= 0) {
                int wide = kind == ALU_RR64 || kind == ALU_RI64 || kind == ALU_RM64 ? 1 : 0;
                int nf = (k & NO_FLAGS) != 0 ? 1 : 0;
                int aop = k & 7;
                if (nf == 1 && aop == Alu.CMP && form != 2) {
                    b.aux[i] = NOP; // CMP of registers with dead flags does nothing
                } else {
                    b.aux[i] = (x & ~0xff) | (64 + (form * 4 + wide * 2 + nf) * 8 + aop);
                }
            } else if (kind == SSE) {
                int op = k & (SseFast.MEM_FLAG - 1);
                boolean mem = (x >>> 16 & SseFast.MEM_FLAG) != 0;
                boolean inline = switch (op) {
                    case SseFast.MOV_RR, SseFast.MOVQ_LOAD, SseFast.MOVQ_STORE, SseFast.PSRLD, SseFast.PSLLD -> true;
                    case SseFast.PXOR, SseFast.POR, SseFast.PAND, SseFast.PADDD -> !mem;
                    default -> false;
                };
                if (inline) {
                    b.aux[i] = (x & ~0xff) | (SSE_INLINE + op);
                }
            } else if (kind == SHIFT32 || kind == SHIFT64) {
                int cl = (x & COUNT_CL) != 0 ? 1 : 0;
                b.aux[i] = (x & ~0xff) | (160 + cl * 16 + (kind == SHIFT64 ? 8 : 0) + (k & 7));
            }
        }
    }

    /**
     * SseFast forms the engine runs inline (kind = SSE_INLINE + SseFast op; k keeps the op and
     * its MEM_FLAG): the register moves, MOVQ, the dword immediate shifts and the register forms
     * of PXOR, POR, PAND and PADDD. The others go through {@link SseFast#exec}.
     */
    static final int SSE_INLINE = 192;

    /** Added to an ALU operation code (k) when its flags are dead: the operation computes its result only. */
    static final int NO_FLAGS = 8;

    /**
     * True when the arithmetic flags written by instruction {@code i} are overwritten, within the
     * block, by an instruction that writes all six flags and cannot fault, with only instructions
     * between that neither read flags nor can fault. Then no one can observe them: not a later
     * instruction, not a signal frame (nothing between can fault), not the kernel (the engine
     * runs a block cut short by the budget through the generic handlers, see Interpreter).
     */
    private static boolean flagsDeadAfter(DecodedBlock b, int i) {
        for (int k = i + 1; k < b.count; k++) {
            switch (b.aux[k] & 0xff) {
                case ALU_RR64, ALU_RR32, ALU_RI64, ALU_RI32, TEST_RR64, TEST_RR32, TEST_RI64, TEST_RI32 -> {
                    return true;
                }
                case MOV_RR64, MOV_RR32, MOVI, LEA64, LEA32, LD8ZX_RR, NOP, SHIFT32, SHIFT64, NOT32, NOT64,
                        IMUL_RR32, IMUL_RR64, IMUL_RRI32, IMUL_RRI64 -> {
                }
                case SSE -> { // register forms neither read nor write RFLAGS and cannot fault
                    if ((b.aux[k] >>> 16 & SseFast.MEM_FLAG) != 0) {
                        return false;
                    }
                }
                default -> {
                    return false;
                }
            }
        }
        return false;
    }

    private static int classify(long w, DecodedBlock b, int i) {
        if (Insn.vex(w) || Insn.lock(w)) {
            return GENERIC;
        }
        int op = Insn.op(w);
        int os = Insn.opsize(w);
        boolean mem = Insn.hasMem(w);
        // memory forms with an FS/GS override or 0x67 use the generic effective-address path
        boolean plainMem = mem && Insn.seg(w) == Insn.SEG_NONE && !Insn.addr32(w);
        boolean q = os == Insn.OS64;
        boolean d = os == Insn.OS32;
        int reg = Insn.reg(w);
        int rm = Insn.rm(w);
        if (mem && !plainMem) {
            return GENERIC;
        }
        int sse = SseFast.classify(w);
        if (sse != 0) {
            return x(SSE, reg & 15, rm & 15, sse | (mem ? SseFast.MEM_FLAG : 0));
        }
        if (op < 0x40 && (op & 7) <= 5 && (q || d)) {
            int aop = (op >>> 3) & 7;
            if (aop == Alu.ADC || aop == Alu.SBB) {
                return GENERIC;
            }
            switch (op & 7) {
                case 1 -> {
                    return mem ? x(q ? ALU_MR64 : ALU_MR32, reg, 0, aop) : x(q ? ALU_RR64 : ALU_RR32, rm, reg, aop);
                }
                case 3 -> {
                    return x(mem ? (q ? ALU_RM64 : ALU_RM32) : (q ? ALU_RR64 : ALU_RR32), reg, rm, aop);
                }
                case 5 -> {
                    b.imm[i] = q ? b.imm[i] : b.imm[i] & 0xffff_ffffL;
                    return x(q ? ALU_RI64 : ALU_RI32, 0, 0, aop);
                }
                default -> {
                    return GENERIC;
                }
            }
        }
        if ((op == 0x81 || op == 0x83) && (q || d)) {
            int aop = reg & 7;
            if (aop == Alu.ADC || aop == Alu.SBB) {
                return GENERIC;
            }
            if (!q) {
                b.imm[i] &= 0xffff_ffffL;
            }
            return mem ? x(q ? ALU_MI64 : ALU_MI32, 0, 0, aop) : x(q ? ALU_RI64 : ALU_RI32, rm, 0, aop);
        }
        switch (op) {
            case 0x85 -> {
                return (q || d) && !mem ? x(q ? TEST_RR64 : TEST_RR32, rm, reg, 0) : GENERIC;
            }
            case 0x89 -> {
                if (!(q || d)) {
                    return GENERIC;
                }
                return mem ? x(q ? ST64 : ST32, reg, 0, 0) : x(q ? MOV_RR64 : MOV_RR32, rm, reg, 0);
            }
            case 0x8b -> {
                if (!(q || d)) {
                    return GENERIC;
                }
                return mem ? x(q ? LD64 : LD32, reg, 0, 0) : x(q ? MOV_RR64 : MOV_RR32, reg, rm, 0);
            }
            case 0x88 -> {
                return mem && (Insn.rex(w) || reg < 4) ? x(ST8, reg, 0, 0) : GENERIC;
            }
            case 0x8d -> {
                return mem && (q || d) ? x(q ? LEA64 : LEA32, reg, 0, 0) : GENERIC;
            }
            case 0x63 -> {
                return mem && q ? x(LDSX32, reg, 0, 0) : GENERIC;
            }
            case 0x1b6 -> {
                if (!(q || d)) {
                    return GENERIC;
                }
                if (mem) {
                    return x(LDZX8, reg, 0, 0);
                }
                return Insn.rex(w) || rm < 4 ? x(LD8ZX_RR, reg, rm, 0) : GENERIC;
            }
            case 0x1b7 -> {
                return mem && (q || d) ? x(LDZX16, reg, 0, 0) : GENERIC;
            }
            case 0xb8, 0xb9, 0xba, 0xbb, 0xbc, 0xbd, 0xbe, 0xbf -> {
                if (!(q || d)) {
                    return GENERIC;
                }
                if (!q) {
                    b.imm[i] &= 0xffff_ffffL;
                }
                return x(MOVI, rm, 0, 0);
            }
            case 0xc7 -> {
                if ((reg & 7) != 0 || !(q || d)) {
                    return GENERIC;
                }
                if (mem) {
                    return x(q ? ST_IMM64 : ST_IMM32, 0, 0, 0);
                }
                if (!q) {
                    b.imm[i] &= 0xffff_ffffL;
                }
                return x(MOVI, rm, 0, 0);
            }
            case 0xa9 -> {
                return q || d ? x(q ? TEST_RI64 : TEST_RI32, 0, 0, 0) : GENERIC;
            }
            case 0xff -> {
                if (mem || !(q || d)) {
                    return GENERIC;
                }
                return switch (reg & 7) {
                    case 0 -> x(q ? INC64 : INC32, rm, 0, 0);
                    case 1 -> x(q ? DEC64 : DEC32, rm, 0, 0);
                    default -> GENERIC;
                };
            }
            case 0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x7b, 0x7c, 0x7d, 0x7e, 0x7f,
                    0x180, 0x181, 0x182, 0x183, 0x184, 0x185, 0x186, 0x187, 0x188, 0x189, 0x18a, 0x18b, 0x18c,
                    0x18d, 0x18e, 0x18f -> {
                return x(JCC, 0, 0, op & 15);
            }
            case 0xe9, 0xeb -> {
                return JMP;
            }
            case 0xe8 -> {
                return CALL;
            }
            case 0xc3 -> {
                return RET;
            }
            case 0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57 -> {
                return q ? x(PUSH64, rm, 0, 0) : GENERIC;
            }
            case 0x58, 0x59, 0x5a, 0x5b, 0x5c, 0x5d, 0x5e, 0x5f -> {
                return q ? x(POP64, rm, 0, 0) : GENERIC;
            }
            case 0x90 -> {
                return rm == 0 ? NOP : GENERIC;
            }
            case 0xc1, 0xd1, 0xd3 -> {
                int digit = reg & 7;
                if (mem || !(q || d) || digit == 2 || digit == 3) {
                    return GENERIC;
                }
                if (op == 0xd1) {
                    b.imm[i] = 1;
                }
                return x(q ? SHIFT64 : SHIFT32, rm, 0, digit) | (op == 0xd3 ? COUNT_CL : 0) | NEEDS_DEAD_FLAGS;
            }
            case 0xf7 -> {
                if (mem || !(q || d)) {
                    return GENERIC;
                }
                return switch (reg & 7) {
                    case 0 -> x(q ? TEST_RI64 : TEST_RI32, rm, 0, 0);
                    case 2 -> x(q ? NOT64 : NOT32, rm, 0, 0);
                    default -> GENERIC;
                };
            }
            case 0x1af -> {
                return !mem && (q || d) ? x(q ? IMUL_RR64 : IMUL_RR32, reg, rm, 0) | NEEDS_DEAD_FLAGS : GENERIC;
            }
            case 0x69, 0x6b -> {
                return !mem && (q || d) ? x(q ? IMUL_RRI64 : IMUL_RRI32, reg, rm, 0) | NEEDS_DEAD_FLAGS : GENERIC;
            }
            case 0x11f, 0x11e -> {
                return NOP;
            }
            default -> {
                return GENERIC;
            }
        }
    }

    /** ALU operation at 64 bits with lazy flags; returns the result (callers skip the write for CMP). */
    static long alu64(CpuState c, int aop, long d, long s) {
        long r;
        switch (aop) {
            case Alu.ADD | NO_FLAGS -> {
                return d + s;
            }
            case Alu.OR | NO_FLAGS -> {
                return d | s;
            }
            case Alu.AND | NO_FLAGS -> {
                return d & s;
            }
            case Alu.SUB | NO_FLAGS -> {
                return d - s;
            }
            case Alu.XOR | NO_FLAGS -> {
                return d ^ s;
            }
            case Alu.CMP | NO_FLAGS -> {
                return d;
            }
            case Alu.ADD -> {
                r = d + s;
                c.flagOp = K_ADD << 2 | 3;
                c.flagDst = d;
                c.flagSrc = s;
                c.flagRes = r;
                return r;
            }
            case Alu.SUB, Alu.CMP -> {
                r = d - s;
                c.flagOp = K_SUB << 2 | 3;
                c.flagDst = d;
                c.flagSrc = s;
                c.flagRes = r;
                return r;
            }
            case Alu.AND -> r = d & s;
            case Alu.OR -> r = d | s;
            default -> r = d ^ s;
        }
        c.flagOp = K_LOGIC << 2 | 3;
        c.flagRes = r;
        return r;
    }

    /** ALU operation at 32 bits with lazy flags; returns the zero-extended 32-bit result. */
    static long alu32(CpuState c, int aop, long d, long s) {
        switch (aop) {
            case Alu.ADD | NO_FLAGS -> {
                return (d + s) & 0xffff_ffffL;
            }
            case Alu.OR | NO_FLAGS -> {
                return (d | s) & 0xffff_ffffL;
            }
            case Alu.AND | NO_FLAGS -> {
                return d & s & 0xffff_ffffL;
            }
            case Alu.SUB | NO_FLAGS -> {
                return (d - s) & 0xffff_ffffL;
            }
            case Alu.XOR | NO_FLAGS -> {
                return (d ^ s) & 0xffff_ffffL;
            }
            case Alu.CMP | NO_FLAGS -> {
                return d;
            }
            default -> {
                return alu32Flags(c, aop, d, s);
            }
        }
    }

    private static long alu32Flags(CpuState c, int aop, long d, long s) {
        long dd = d << 32;
        long ss = s << 32;
        long r;
        switch (aop) {
            case Alu.ADD -> {
                r = dd + ss;
                c.flagOp = K_ADD << 2 | 2;
                c.flagDst = dd;
                c.flagSrc = ss;
                c.flagRes = r;
                return r >>> 32;
            }
            case Alu.SUB, Alu.CMP -> {
                r = dd - ss;
                c.flagOp = K_SUB << 2 | 2;
                c.flagDst = dd;
                c.flagSrc = ss;
                c.flagRes = r;
                return r >>> 32;
            }
            case Alu.AND -> r = dd & ss;
            case Alu.OR -> r = dd | ss;
            default -> r = dd ^ ss;
        }
        c.flagOp = K_LOGIC << 2 | 2;
        c.flagRes = r;
        return r >>> 32;
    }

    /** CF of the lazy state, with the common case after CMP/SUB small enough to be inlined. */
    static long carry(CpuState c) {
        if ((c.flagOp >>> 2) == K_SUB) {
            return c.flagDst + Long.MIN_VALUE < c.flagSrc + Long.MIN_VALUE ? 1 : 0;
        }
        return Flags.carry(c);
    }

    /** INC/DEC at 64 (sl 3) or 32 (sl 2) bits; CF is preserved. Returns the zero-extended result. */
    static long incDec(CpuState c, long v, boolean dec, int sl) {
        int sh = sl == 3 ? 0 : 32;
        long cf = carry(c);
        long d = v << sh;
        long r = dec ? d - (1L << sh) : d + (1L << sh);
        c.flagOp = (dec ? K_DEC : K_INC) << 2 | sl;
        c.flagDst = d;
        c.flagSrc = cf;
        c.flagRes = r;
        return r >>> sh;
    }
}
