package dev.flatland.cpu.interp;

import dev.flatland.cpu.CpuFault;
import dev.flatland.cpu.CpuState;
import dev.flatland.cpu.Flags;
import dev.flatland.cpu.Trap;
import dev.flatland.cpu.decode.DecodedBlock;
import dev.flatland.cpu.decode.Insn;
import dev.flatland.memory.GuestMemory;
import dev.flatland.memory.MemoryFault;

/**
 * The interpreter's inner loop over one decoded block: it runs the {@link FastPath} forms inline
 * (no calls on the hot path: C2 compiles this one method with every frequent form in it) and
 * hands everything else to {@link OpcodeTable}. The ALU and shift cases are written out per
 * operation and size (see {@code FastPath.lower}); each has exactly its generic handler's semantics,
 * which FastPathConsistencyTest checks.
 *
 * <p>The shape of the loop is for C2 (bench/README.md, "Where the time goes (session 6)"): a
 * counted loop over {@link DecodedBlock#slots} (no safepoint poll, no bounds check), few values
 * live across it (so they stay in registers), and no value shared by several cases that C2 would
 * compute before every dispatch: the transfers leave through one exit, the inline SSE forms are one
 * case, the form word is dead once decoded.
 */
final class BlockLoop {
    private BlockLoop() {
    }

    private static final long MEM = 1L << Insn.MEM_BIT;

    /**
     * The effective address of a fast form's memory operand, without a branch: base and index
     * are register numbers with {@link Insn#NO_REG} (16) reading {@code CpuState.r[16]}, which is
     * always 0, and {@code eaConst} is the displacement, plus the next RIP for RIP-relative
     * operands (see {@link FastPath#classify}). The fast forms never have a segment override or 0x67.
     */
    private static long ea(long[] r, long w, long eaConst) {
        int e = (int) (w >>> Insn.BASE_SHIFT);
        return eaConst + r[e & 31] + (r[(e >>> 5) & 31] << ((e >>> 10) & 3));
    }

    /** The address of instruction {@code i} of {@code b}. */
    private static long at(DecodedBlock b, int i) {
        return i == 0 ? b.start : b.next[i - 1];
    }

    /** Returned by {@link #single} for a block it does not run. */
    static final Trap NOT_SINGLE = new Trap.Fault(0, 0, 0, 0, "not a single-branch block");

    /**
     * Runs a block of one CALL rel32, RET or JMP rel (a function's entry or exit, the commonest
     * one-instruction blocks) without the set-up of {@link #execBlock}; same semantics. Returns
     * null to continue, a fault trap, or {@link #NOT_SINGLE} (nothing done) for any other block.
     */
    static Trap single(CpuState c, GuestMemory m, DecodedBlock b) {
        int kind = b.aux[0] & 0xff;
        long[] r = c.r;
        long next = b.start + ((b.insn[0] >>> Insn.LEN_SHIFT) & 15);
        try {
            switch (kind) {
                case FastPath.RET -> {
                    long sp = r[CpuState.RSP];
                    next = m.read64(sp);
                    r[CpuState.RSP] = sp + 8;
                }
                case FastPath.CALL -> {
                    long sp = r[CpuState.RSP] - 8;
                    m.write64(sp, next);
                    r[CpuState.RSP] = sp;
                    next = b.imm[0];
                }
                case FastPath.JMP -> next = b.imm[0];
                default -> {
                    return NOT_SINGLE;
                }
            }
        } catch (MemoryFault f) {
            c.rip = b.start;
            return new Trap.Fault(Trap.SIGSEGV, Trap.SEGV_MAPERR, f.address(), b.start, f.getMessage());
        }
        c.rip = next;
        c.instructions++;
        return null;
    }

    /**
     * Runs the instructions of {@code b} (fewer when the block invalidates itself), one dispatch
     * per slot of {@code b.slots}. Leaves {@code c.rip} at the next instruction and counts the
     * retired ones; returns the trap that ends the run, or null to continue with the next block.
     * (A block that the budget cuts short runs through {@code Interpreter.execPrecise} instead.)
     */
    static Trap execBlock(CpuState c, GuestMemory m, DecodedBlock b) {
        long[] ins = b.insn;
        long[] eac = b.eaConst;
        long[] nexts = b.next;
        long[] imms = b.imm;
        long[] slots = b.slots;
        int nslots = slots.length;
        long[] r = c.r;
        int sl = 0; // the slot being run
        boolean jumped = false; // a control transfer set c.rip
        boolean written = false; // a store wrote to the block's own code
        try {
            loop:
            for (; sl < nslots; sl++) {
                long sx = slots[sl];
                int x = (int) sx;
                int i = FastPath.slotInsn(sx);
                if ((sx & FastPath.SLOT_MOVE) != 0) { // the register move before instruction i (FastPath.slots)
                    int mv = (int) (sx >>> FastPath.SLOT_MOVE_SHIFT);
                    r[(mv >>> 4) & 15] = r[mv & 15] & (-1L >>> ((mv >>> 3) & 32));
                }
                int ra = (x >>> 8) & 15;
                int rb = (x >>> 12) & 15;
                int k = x >>> 16;
                switch (x & 0xff) {
                    case FastPath.MOV_RR64 -> r[ra] = r[rb];
                    case FastPath.MOV_RR32 -> r[ra] = r[rb] & 0xffff_ffffL;
                    case FastPath.LD64 -> { long ea = ea(r, ins[i], eac[i]); r[ra] = m.read64(ea); }
                    case FastPath.LD32 -> { long ea = ea(r, ins[i], eac[i]); r[ra] = m.read32(ea) & 0xffff_ffffL; }
                    case FastPath.ST64 -> { long ea = ea(r, ins[i], eac[i]); m.write64(ea, r[ra]); if (!b.valid) { written = true; break loop; } }
                    case FastPath.ST32 -> { long ea = ea(r, ins[i], eac[i]); m.write32(ea, (int) r[ra]); if (!b.valid) { written = true; break loop; } }
                    case FastPath.ST8 -> { long ea = ea(r, ins[i], eac[i]); m.write8(ea, (int) r[ra]); if (!b.valid) { written = true; break loop; } }
                    case FastPath.MOVI -> r[ra] = imms[i];
                    case FastPath.LEA64 -> { long ea = ea(r, ins[i], eac[i]); r[ra] = ea; }
                    case FastPath.LEA32 -> { long ea = ea(r, ins[i], eac[i]); r[ra] = ea & 0xffff_ffffL; }
                    case FastPath.LDZX8 -> { long ea = ea(r, ins[i], eac[i]); r[ra] = m.read8(ea); }
                    case FastPath.LDZX16 -> { long ea = ea(r, ins[i], eac[i]); r[ra] = m.read16(ea); }
                    case FastPath.LDSX32 -> { long ea = ea(r, ins[i], eac[i]); r[ra] = m.read32(ea); }
                    case FastPath.LD8ZX_RR -> r[ra] = r[rb] & 0xff;
                    case FastPath.ALU_MI64 -> {
                        long ea = ea(r, ins[i], eac[i]);
                        long v = FastPath.alu64(c, k, m.read64(ea), imms[i]);
                        if ((k & 7) != Alu.CMP) {
                            m.write64(ea, v);
                        }
                        if (!b.valid) { written = true; break loop; }
                    }
                    case FastPath.ALU_MI32 -> {
                        long ea = ea(r, ins[i], eac[i]);
                        long v = FastPath.alu32(c, k, m.read32(ea), imms[i]);
                        if ((k & 7) != Alu.CMP) {
                            m.write32(ea, (int) v);
                        }
                        if (!b.valid) { written = true; break loop; }
                    }
                    case FastPath.ST_IMM32 -> { long ea = ea(r, ins[i], eac[i]); m.write32(ea, (int) imms[i]); if (!b.valid) { written = true; break loop; } }
                    case FastPath.ST_IMM64 -> { long ea = ea(r, ins[i], eac[i]); m.write64(ea, imms[i]); if (!b.valid) { written = true; break loop; } }
                    case FastPath.ALU_MR64 -> {
                        long ea = ea(r, ins[i], eac[i]);
                        long v = FastPath.alu64(c, k, m.read64(ea), r[ra]);
                        if (k != Alu.CMP) {
                            m.write64(ea, v);
                        }
                        if (!b.valid) { written = true; break loop; }
                    }
                    case FastPath.ALU_MR32 -> {
                        long ea = ea(r, ins[i], eac[i]);
                        long v = FastPath.alu32(c, k, m.read32(ea) & 0xffff_ffffL, r[ra]);
                        if (k != Alu.CMP) {
                            m.write32(ea, (int) v);
                        }
                        if (!b.valid) { written = true; break loop; }
                    }
                    case FastPath.TEST_RI64 -> {
                        c.flagOp = Flags.K_LOGIC << 2 | 3;
                        c.flagRes = r[ra] & imms[i];
                    }
                    case FastPath.TEST_RI32 -> {
                        c.flagOp = Flags.K_LOGIC << 2 | 2;
                        c.flagRes = (r[ra] & imms[i]) << 32;
                    }
                    case FastPath.TEST_RR64 -> {
                        c.flagOp = Flags.K_LOGIC << 2 | 3;
                        c.flagRes = r[ra] & r[rb];
                    }
                    case FastPath.TEST_RR32 -> {
                        c.flagOp = Flags.K_LOGIC << 2 | 2;
                        c.flagRes = (r[ra] & r[rb]) << 32;
                    }
                    case FastPath.INC64 -> {
                        long cf = FastPath.carry(c);
                        long d = r[ra];
                        long v = d + 1;
                        c.flagOp = Flags.K_INC << 2 | 3;
                        c.flagDst = d;
                        c.flagSrc = cf;
                        c.flagRes = v;
                        r[ra] = v;
                    }
                    case FastPath.DEC64 -> {
                        long cf = FastPath.carry(c);
                        long d = r[ra];
                        long v = d - 1;
                        c.flagOp = Flags.K_DEC << 2 | 3;
                        c.flagDst = d;
                        c.flagSrc = cf;
                        c.flagRes = v;
                        r[ra] = v;
                    }
                    case FastPath.INC32 -> r[ra] = FastPath.incDec(c, r[ra], false, 2);
                    case FastPath.DEC32 -> r[ra] = FastPath.incDec(c, r[ra], true, 2);
                    case FastPath.JCC -> {
                        // Jcc ends its block, so both outcomes leave the loop: the next RIP is selected
                        // without a Java branch on the guest's data. A branch here would be compiled by
                        // C2 from the profile of the guest code run so far, and the first loop exit
                        // that profile never saw would trap and recompile this whole method.
                        long taken;
                        int fop = c.flagOp;
                        int kk = k & 0xe;
                        if ((fop >>> 2) == Flags.K_SUB && kk != 0 && kk != 8 && kk != 10) {
                            // after CMP/SUB the condition is a compare of the recorded operands
                            long d = c.flagDst;
                            long s = c.flagSrc;
                            long diff = d - s;
                            long eq = ((diff | -diff) >>> 63) ^ 1;
                            long below = ((~d & s) | ((~d | s) & diff)) >>> 63; // unsigned d < s
                            long less = (diff ^ ((d ^ s) & (diff ^ d))) >>> 63; // signed d < s
                            // bit kk: B (2), E (4), BE (6), L (12), LE (14); odd k negates
                            long rel = below << 2 | eq << 4 | (below | eq) << 6 | less << 12 | (less | eq) << 14;
                            taken = ((rel >>> kk) ^ k) & 1;
                        } else if (fop != Flags.OP_NONE && kk == 4) {
                            long z = c.flagRes; // ZF of any lazy operation
                            taken = (((z | -z) >>> 63) ^ 1 ^ k) & 1;
                        } else {
                            taken = Flags.condition(c, k) ? 1 : 0;
                        }
                        long fall = nexts[i];
                        c.rip = fall ^ ((imms[i] ^ fall) & -taken);
                        jumped = true;
                        break loop;
                    }
                    case FastPath.JMP -> {
                        c.rip = imms[i];
                        jumped = true;
                        break loop;
                    }
                    case FastPath.CALL -> {
                        long sp = r[CpuState.RSP] - 8;
                        m.write64(sp, nexts[i]);
                        r[CpuState.RSP] = sp;
                        c.rip = imms[i];
                        jumped = true;
                        break loop;
                    }
                    case FastPath.RET -> {
                        long sp = r[CpuState.RSP];
                        long to = m.read64(sp);
                        r[CpuState.RSP] = sp + 8;
                        c.rip = to;
                        jumped = true;
                        break loop;
                    }
                    case FastPath.PUSH64 -> {
                        long sp = r[CpuState.RSP] - 8;
                        m.write64(sp, r[ra]);
                        r[CpuState.RSP] = sp;
                        if (!b.valid) { written = true; break loop; }
                    }
                    case FastPath.POP64 -> {
                        long sp = r[CpuState.RSP];
                        long v = m.read64(sp);
                        r[CpuState.RSP] = sp + 8;
                        r[ra] = v;
                    }
                    case FastPath.NOP -> { }
                    case FastPath.SSE -> { long ea = ea(r, ins[i], eac[i]); SseFast.exec(c, m, ra, rb, k, ea, imms[i]); if (!b.valid) { written = true; break loop; } }
                    case 64 -> { // ADD_RR32
                        long d = r[ra] << 32;
                        long s = r[rb] << 32;
                        long v = d + s;
                        c.flagOp = Flags.K_ADD << 2 | 2;
                        c.flagDst = d;
                        c.flagSrc = s;
                        c.flagRes = v;
                        r[ra] = v >>> 32;
                    }
                    case 65 -> { // OR_RR32
                        long d = r[ra] << 32;
                        long s = r[rb] << 32;
                        long v = d | s;
                        c.flagOp = Flags.K_LOGIC << 2 | 2;
                        c.flagRes = v;
                        r[ra] = v >>> 32;
                    }
                    case 68 -> { // AND_RR32
                        long d = r[ra] << 32;
                        long s = r[rb] << 32;
                        long v = d & s;
                        c.flagOp = Flags.K_LOGIC << 2 | 2;
                        c.flagRes = v;
                        r[ra] = v >>> 32;
                    }
                    case 69 -> { // SUB_RR32
                        long d = r[ra] << 32;
                        long s = r[rb] << 32;
                        long v = d - s;
                        c.flagOp = Flags.K_SUB << 2 | 2;
                        c.flagDst = d;
                        c.flagSrc = s;
                        c.flagRes = v;
                        r[ra] = v >>> 32;
                    }
                    case 70 -> { // XOR_RR32
                        long d = r[ra] << 32;
                        long s = r[rb] << 32;
                        long v = d ^ s;
                        c.flagOp = Flags.K_LOGIC << 2 | 2;
                        c.flagRes = v;
                        r[ra] = v >>> 32;
                    }
                    case 71 -> { // CMP_RR32
                        long d = r[ra] << 32;
                        long s = r[rb] << 32;
                        long v = d - s;
                        c.flagOp = Flags.K_SUB << 2 | 2;
                        c.flagDst = d;
                        c.flagSrc = s;
                        c.flagRes = v;
                    }
                    case 72 -> { // ADD_RR32N
                        r[ra] = (r[ra] + r[rb]) & 0xffff_ffffL;
                    }
                    case 73 -> { // OR_RR32N
                        r[ra] = (r[ra] | r[rb]) & 0xffff_ffffL;
                    }
                    case 76 -> { // AND_RR32N
                        r[ra] = (r[ra] & r[rb]) & 0xffff_ffffL;
                    }
                    case 77 -> { // SUB_RR32N
                        r[ra] = (r[ra] - r[rb]) & 0xffff_ffffL;
                    }
                    case 78 -> { // XOR_RR32N
                        r[ra] = (r[ra] ^ r[rb]) & 0xffff_ffffL;
                    }
                    case 80 -> { // ADD_RR64
                        long d = r[ra];
                        long s = r[rb];
                        long v = d + s;
                        c.flagOp = Flags.K_ADD << 2 | 3;
                        c.flagDst = d;
                        c.flagSrc = s;
                        c.flagRes = v;
                        r[ra] = v;
                    }
                    case 81 -> { // OR_RR64
                        long d = r[ra];
                        long s = r[rb];
                        long v = d | s;
                        c.flagOp = Flags.K_LOGIC << 2 | 3;
                        c.flagRes = v;
                        r[ra] = v;
                    }
                    case 84 -> { // AND_RR64
                        long d = r[ra];
                        long s = r[rb];
                        long v = d & s;
                        c.flagOp = Flags.K_LOGIC << 2 | 3;
                        c.flagRes = v;
                        r[ra] = v;
                    }
                    case 85 -> { // SUB_RR64
                        long d = r[ra];
                        long s = r[rb];
                        long v = d - s;
                        c.flagOp = Flags.K_SUB << 2 | 3;
                        c.flagDst = d;
                        c.flagSrc = s;
                        c.flagRes = v;
                        r[ra] = v;
                    }
                    case 86 -> { // XOR_RR64
                        long d = r[ra];
                        long s = r[rb];
                        long v = d ^ s;
                        c.flagOp = Flags.K_LOGIC << 2 | 3;
                        c.flagRes = v;
                        r[ra] = v;
                    }
                    case 87 -> { // CMP_RR64
                        long d = r[ra];
                        long s = r[rb];
                        long v = d - s;
                        c.flagOp = Flags.K_SUB << 2 | 3;
                        c.flagDst = d;
                        c.flagSrc = s;
                        c.flagRes = v;
                    }
                    case 88 -> { // ADD_RR64N
                        r[ra] = r[ra] + r[rb];
                    }
                    case 89 -> { // OR_RR64N
                        r[ra] = r[ra] | r[rb];
                    }
                    case 92 -> { // AND_RR64N
                        r[ra] = r[ra] & r[rb];
                    }
                    case 93 -> { // SUB_RR64N
                        r[ra] = r[ra] - r[rb];
                    }
                    case 94 -> { // XOR_RR64N
                        r[ra] = r[ra] ^ r[rb];
                    }
                    case 96 -> { // ADD_RI32
                        long d = r[ra] << 32;
                        long s = imms[i] << 32;
                        long v = d + s;
                        c.flagOp = Flags.K_ADD << 2 | 2;
                        c.flagDst = d;
                        c.flagSrc = s;
                        c.flagRes = v;
                        r[ra] = v >>> 32;
                    }
                    case 97 -> { // OR_RI32
                        long d = r[ra] << 32;
                        long s = imms[i] << 32;
                        long v = d | s;
                        c.flagOp = Flags.K_LOGIC << 2 | 2;
                        c.flagRes = v;
                        r[ra] = v >>> 32;
                    }
                    case 100 -> { // AND_RI32
                        long d = r[ra] << 32;
                        long s = imms[i] << 32;
                        long v = d & s;
                        c.flagOp = Flags.K_LOGIC << 2 | 2;
                        c.flagRes = v;
                        r[ra] = v >>> 32;
                    }
                    case 101 -> { // SUB_RI32
                        long d = r[ra] << 32;
                        long s = imms[i] << 32;
                        long v = d - s;
                        c.flagOp = Flags.K_SUB << 2 | 2;
                        c.flagDst = d;
                        c.flagSrc = s;
                        c.flagRes = v;
                        r[ra] = v >>> 32;
                    }
                    case 102 -> { // XOR_RI32
                        long d = r[ra] << 32;
                        long s = imms[i] << 32;
                        long v = d ^ s;
                        c.flagOp = Flags.K_LOGIC << 2 | 2;
                        c.flagRes = v;
                        r[ra] = v >>> 32;
                    }
                    case 103 -> { // CMP_RI32
                        long d = r[ra] << 32;
                        long s = imms[i] << 32;
                        long v = d - s;
                        c.flagOp = Flags.K_SUB << 2 | 2;
                        c.flagDst = d;
                        c.flagSrc = s;
                        c.flagRes = v;
                    }
                    case 104 -> { // ADD_RI32N
                        r[ra] = (r[ra] + imms[i]) & 0xffff_ffffL;
                    }
                    case 105 -> { // OR_RI32N
                        r[ra] = (r[ra] | imms[i]) & 0xffff_ffffL;
                    }
                    case 108 -> { // AND_RI32N
                        r[ra] = (r[ra] & imms[i]) & 0xffff_ffffL;
                    }
                    case 109 -> { // SUB_RI32N
                        r[ra] = (r[ra] - imms[i]) & 0xffff_ffffL;
                    }
                    case 110 -> { // XOR_RI32N
                        r[ra] = (r[ra] ^ imms[i]) & 0xffff_ffffL;
                    }
                    case 112 -> { // ADD_RI64
                        long d = r[ra];
                        long s = imms[i];
                        long v = d + s;
                        c.flagOp = Flags.K_ADD << 2 | 3;
                        c.flagDst = d;
                        c.flagSrc = s;
                        c.flagRes = v;
                        r[ra] = v;
                    }
                    case 113 -> { // OR_RI64
                        long d = r[ra];
                        long s = imms[i];
                        long v = d | s;
                        c.flagOp = Flags.K_LOGIC << 2 | 3;
                        c.flagRes = v;
                        r[ra] = v;
                    }
                    case 116 -> { // AND_RI64
                        long d = r[ra];
                        long s = imms[i];
                        long v = d & s;
                        c.flagOp = Flags.K_LOGIC << 2 | 3;
                        c.flagRes = v;
                        r[ra] = v;
                    }
                    case 117 -> { // SUB_RI64
                        long d = r[ra];
                        long s = imms[i];
                        long v = d - s;
                        c.flagOp = Flags.K_SUB << 2 | 3;
                        c.flagDst = d;
                        c.flagSrc = s;
                        c.flagRes = v;
                        r[ra] = v;
                    }
                    case 118 -> { // XOR_RI64
                        long d = r[ra];
                        long s = imms[i];
                        long v = d ^ s;
                        c.flagOp = Flags.K_LOGIC << 2 | 3;
                        c.flagRes = v;
                        r[ra] = v;
                    }
                    case 119 -> { // CMP_RI64
                        long d = r[ra];
                        long s = imms[i];
                        long v = d - s;
                        c.flagOp = Flags.K_SUB << 2 | 3;
                        c.flagDst = d;
                        c.flagSrc = s;
                        c.flagRes = v;
                    }
                    case 120 -> { // ADD_RI64N
                        r[ra] = r[ra] + imms[i];
                    }
                    case 121 -> { // OR_RI64N
                        r[ra] = r[ra] | imms[i];
                    }
                    case 124 -> { // AND_RI64N
                        r[ra] = r[ra] & imms[i];
                    }
                    case 125 -> { // SUB_RI64N
                        r[ra] = r[ra] - imms[i];
                    }
                    case 126 -> { // XOR_RI64N
                        r[ra] = r[ra] ^ imms[i];
                    }
                    case 128 -> { // ADD_RM32
                        long ea = ea(r, ins[i], eac[i]);
                        long d = r[ra] << 32;
                        long s = (m.read32(ea) & 0xffff_ffffL) << 32;
                        long v = d + s;
                        c.flagOp = Flags.K_ADD << 2 | 2;
                        c.flagDst = d;
                        c.flagSrc = s;
                        c.flagRes = v;
                        r[ra] = v >>> 32;
                    }
                    case 129 -> { // OR_RM32
                        long ea = ea(r, ins[i], eac[i]);
                        long d = r[ra] << 32;
                        long s = (m.read32(ea) & 0xffff_ffffL) << 32;
                        long v = d | s;
                        c.flagOp = Flags.K_LOGIC << 2 | 2;
                        c.flagRes = v;
                        r[ra] = v >>> 32;
                    }
                    case 132 -> { // AND_RM32
                        long ea = ea(r, ins[i], eac[i]);
                        long d = r[ra] << 32;
                        long s = (m.read32(ea) & 0xffff_ffffL) << 32;
                        long v = d & s;
                        c.flagOp = Flags.K_LOGIC << 2 | 2;
                        c.flagRes = v;
                        r[ra] = v >>> 32;
                    }
                    case 133 -> { // SUB_RM32
                        long ea = ea(r, ins[i], eac[i]);
                        long d = r[ra] << 32;
                        long s = (m.read32(ea) & 0xffff_ffffL) << 32;
                        long v = d - s;
                        c.flagOp = Flags.K_SUB << 2 | 2;
                        c.flagDst = d;
                        c.flagSrc = s;
                        c.flagRes = v;
                        r[ra] = v >>> 32;
                    }
                    case 134 -> { // XOR_RM32
                        long ea = ea(r, ins[i], eac[i]);
                        long d = r[ra] << 32;
                        long s = (m.read32(ea) & 0xffff_ffffL) << 32;
                        long v = d ^ s;
                        c.flagOp = Flags.K_LOGIC << 2 | 2;
                        c.flagRes = v;
                        r[ra] = v >>> 32;
                    }
                    case 135 -> { // CMP_RM32
                        long ea = ea(r, ins[i], eac[i]);
                        long d = r[ra] << 32;
                        long s = (m.read32(ea) & 0xffff_ffffL) << 32;
                        long v = d - s;
                        c.flagOp = Flags.K_SUB << 2 | 2;
                        c.flagDst = d;
                        c.flagSrc = s;
                        c.flagRes = v;
                    }
                    case 136 -> { // ADD_RM32N
                        long ea = ea(r, ins[i], eac[i]);
                        r[ra] = (r[ra] + (m.read32(ea) & 0xffff_ffffL)) & 0xffff_ffffL;
                    }
                    case 137 -> { // OR_RM32N
                        long ea = ea(r, ins[i], eac[i]);
                        r[ra] = (r[ra] | (m.read32(ea) & 0xffff_ffffL)) & 0xffff_ffffL;
                    }
                    case 140 -> { // AND_RM32N
                        long ea = ea(r, ins[i], eac[i]);
                        r[ra] = (r[ra] & (m.read32(ea) & 0xffff_ffffL)) & 0xffff_ffffL;
                    }
                    case 141 -> { // SUB_RM32N
                        long ea = ea(r, ins[i], eac[i]);
                        r[ra] = (r[ra] - (m.read32(ea) & 0xffff_ffffL)) & 0xffff_ffffL;
                    }
                    case 142 -> { // XOR_RM32N
                        long ea = ea(r, ins[i], eac[i]);
                        r[ra] = (r[ra] ^ (m.read32(ea) & 0xffff_ffffL)) & 0xffff_ffffL;
                    }
                    case 143 -> { // CMP_RM32N
                        long ea = ea(r, ins[i], eac[i]);
                        m.read32(ea); // CMP with dead flags: only the read (and its fault) remains
                    }
                    case 144 -> { // ADD_RM64
                        long ea = ea(r, ins[i], eac[i]);
                        long d = r[ra];
                        long s = m.read64(ea);
                        long v = d + s;
                        c.flagOp = Flags.K_ADD << 2 | 3;
                        c.flagDst = d;
                        c.flagSrc = s;
                        c.flagRes = v;
                        r[ra] = v;
                    }
                    case 145 -> { // OR_RM64
                        long ea = ea(r, ins[i], eac[i]);
                        long d = r[ra];
                        long s = m.read64(ea);
                        long v = d | s;
                        c.flagOp = Flags.K_LOGIC << 2 | 3;
                        c.flagRes = v;
                        r[ra] = v;
                    }
                    case 148 -> { // AND_RM64
                        long ea = ea(r, ins[i], eac[i]);
                        long d = r[ra];
                        long s = m.read64(ea);
                        long v = d & s;
                        c.flagOp = Flags.K_LOGIC << 2 | 3;
                        c.flagRes = v;
                        r[ra] = v;
                    }
                    case 149 -> { // SUB_RM64
                        long ea = ea(r, ins[i], eac[i]);
                        long d = r[ra];
                        long s = m.read64(ea);
                        long v = d - s;
                        c.flagOp = Flags.K_SUB << 2 | 3;
                        c.flagDst = d;
                        c.flagSrc = s;
                        c.flagRes = v;
                        r[ra] = v;
                    }
                    case 150 -> { // XOR_RM64
                        long ea = ea(r, ins[i], eac[i]);
                        long d = r[ra];
                        long s = m.read64(ea);
                        long v = d ^ s;
                        c.flagOp = Flags.K_LOGIC << 2 | 3;
                        c.flagRes = v;
                        r[ra] = v;
                    }
                    case 151 -> { // CMP_RM64
                        long ea = ea(r, ins[i], eac[i]);
                        long d = r[ra];
                        long s = m.read64(ea);
                        long v = d - s;
                        c.flagOp = Flags.K_SUB << 2 | 3;
                        c.flagDst = d;
                        c.flagSrc = s;
                        c.flagRes = v;
                    }
                    case 152 -> { // ADD_RM64N
                        long ea = ea(r, ins[i], eac[i]);
                        r[ra] = r[ra] + m.read64(ea);
                    }
                    case 153 -> { // OR_RM64N
                        long ea = ea(r, ins[i], eac[i]);
                        r[ra] = r[ra] | m.read64(ea);
                    }
                    case 156 -> { // AND_RM64N
                        long ea = ea(r, ins[i], eac[i]);
                        r[ra] = r[ra] & m.read64(ea);
                    }
                    case 157 -> { // SUB_RM64N
                        long ea = ea(r, ins[i], eac[i]);
                        r[ra] = r[ra] - m.read64(ea);
                    }
                    case 158 -> { // XOR_RM64N
                        long ea = ea(r, ins[i], eac[i]);
                        r[ra] = r[ra] ^ m.read64(ea);
                    }
                    case 159 -> { // CMP_RM64N
                        long ea = ea(r, ins[i], eac[i]);
                        m.read64(ea); // CMP with dead flags: only the read (and its fault) remains
                    }
                    case 160 -> { // shift /0 32
                        long v = r[ra];
                        int n = (int) imms[i] & 31;
                        r[ra] = (Integer.rotateLeft((int) v, n)) & 0xffff_ffffL;
                    }
                    case 161 -> { // shift /1 32
                        long v = r[ra];
                        int n = (int) imms[i] & 31;
                        r[ra] = (Integer.rotateRight((int) v, n)) & 0xffff_ffffL;
                    }
                    case 164 -> { // shift /4 32
                        long v = r[ra];
                        int n = (int) imms[i] & 31;
                        r[ra] = ((int) v << n) & 0xffff_ffffL;
                    }
                    case 166 -> { // shift /6 32
                        long v = r[ra];
                        int n = (int) imms[i] & 31;
                        r[ra] = ((int) v << n) & 0xffff_ffffL;
                    }
                    case 165 -> { // shift /5 32
                        long v = r[ra];
                        int n = (int) imms[i] & 31;
                        r[ra] = ((int) v >>> n) & 0xffff_ffffL;
                    }
                    case 167 -> { // shift /7 32
                        long v = r[ra];
                        int n = (int) imms[i] & 31;
                        r[ra] = ((int) v >> n) & 0xffff_ffffL;
                    }
                    case 168 -> { // shift /0 64
                        long v = r[ra];
                        int n = (int) imms[i] & 63;
                        r[ra] = Long.rotateLeft(v, n);
                    }
                    case 169 -> { // shift /1 64
                        long v = r[ra];
                        int n = (int) imms[i] & 63;
                        r[ra] = Long.rotateRight(v, n);
                    }
                    case 172 -> { // shift /4 64
                        long v = r[ra];
                        int n = (int) imms[i] & 63;
                        r[ra] = v << n;
                    }
                    case 174 -> { // shift /6 64
                        long v = r[ra];
                        int n = (int) imms[i] & 63;
                        r[ra] = v << n;
                    }
                    case 173 -> { // shift /5 64
                        long v = r[ra];
                        int n = (int) imms[i] & 63;
                        r[ra] = v >>> n;
                    }
                    case 175 -> { // shift /7 64
                        long v = r[ra];
                        int n = (int) imms[i] & 63;
                        r[ra] = v >> n;
                    }
                    case 176 -> { // shift /0 by CL 32
                        long v = r[ra];
                        int n = (int) r[CpuState.RCX] & 31;
                        r[ra] = (Integer.rotateLeft((int) v, n)) & 0xffff_ffffL;
                    }
                    case 177 -> { // shift /1 by CL 32
                        long v = r[ra];
                        int n = (int) r[CpuState.RCX] & 31;
                        r[ra] = (Integer.rotateRight((int) v, n)) & 0xffff_ffffL;
                    }
                    case 180 -> { // shift /4 by CL 32
                        long v = r[ra];
                        int n = (int) r[CpuState.RCX] & 31;
                        r[ra] = ((int) v << n) & 0xffff_ffffL;
                    }
                    case 182 -> { // shift /6 by CL 32
                        long v = r[ra];
                        int n = (int) r[CpuState.RCX] & 31;
                        r[ra] = ((int) v << n) & 0xffff_ffffL;
                    }
                    case 181 -> { // shift /5 by CL 32
                        long v = r[ra];
                        int n = (int) r[CpuState.RCX] & 31;
                        r[ra] = ((int) v >>> n) & 0xffff_ffffL;
                    }
                    case 183 -> { // shift /7 by CL 32
                        long v = r[ra];
                        int n = (int) r[CpuState.RCX] & 31;
                        r[ra] = ((int) v >> n) & 0xffff_ffffL;
                    }
                    case 184 -> { // shift /0 by CL 64
                        long v = r[ra];
                        int n = (int) r[CpuState.RCX] & 63;
                        r[ra] = Long.rotateLeft(v, n);
                    }
                    case 185 -> { // shift /1 by CL 64
                        long v = r[ra];
                        int n = (int) r[CpuState.RCX] & 63;
                        r[ra] = Long.rotateRight(v, n);
                    }
                    case 188 -> { // shift /4 by CL 64
                        long v = r[ra];
                        int n = (int) r[CpuState.RCX] & 63;
                        r[ra] = v << n;
                    }
                    case 190 -> { // shift /6 by CL 64
                        long v = r[ra];
                        int n = (int) r[CpuState.RCX] & 63;
                        r[ra] = v << n;
                    }
                    case 189 -> { // shift /5 by CL 64
                        long v = r[ra];
                        int n = (int) r[CpuState.RCX] & 63;
                        r[ra] = v >>> n;
                    }
                    case 191 -> { // shift /7 by CL 64
                        long v = r[ra];
                        int n = (int) r[CpuState.RCX] & 63;
                        r[ra] = v >> n;
                    }
                    case FastPath.NOT32 -> r[ra] = ~r[ra] & 0xffff_ffffL;
                    case FastPath.NOT64 -> r[ra] = ~r[ra];
                    case FastPath.IMUL_RR32 -> r[ra] = ((int) r[ra] * (int) r[rb]) & 0xffff_ffffL;
                    case FastPath.IMUL_RR64 -> r[ra] = r[ra] * r[rb];
                    case FastPath.IMUL_RRI32 -> r[ra] = ((int) r[rb] * (int) imms[i]) & 0xffff_ffffL;
                    case FastPath.IMUL_RRI64 -> r[ra] = r[rb] * imms[i];
                    case FastPath.SSE_INLINE + SseFast.MOV_RR, FastPath.SSE_INLINE + SseFast.MOVQ_LOAD,
                            FastPath.SSE_INLINE + SseFast.MOVQ_STORE, FastPath.SSE_INLINE + SseFast.PXOR,
                            FastPath.SSE_INLINE + SseFast.POR, FastPath.SSE_INLINE + SseFast.PAND,
                            FastPath.SSE_INLINE + SseFast.PADDD, FastPath.SSE_INLINE + SseFast.PSRLD,
                            FastPath.SSE_INLINE + SseFast.PSLLD -> {
                        // one top-level case, so that the XMM indices and c.xmm are computed here and
                        // not, as values shared by several cases, before the dispatch of every instruction
                        long[] v = c.xmm;
                        int xa = 2 * ra;
                        int xb = 2 * rb;
                        switch (FastPath.SSE_INLINE + (k & (SseFast.MEM_FLAG - 1))) {
                            case FastPath.SSE_INLINE + SseFast.MOV_RR -> {
                                v[xa] = v[xb];
                                v[xa + 1] = v[xb + 1];
                            }
                            case FastPath.SSE_INLINE + SseFast.MOVQ_LOAD -> {
                                long lo = (k & SseFast.MEM_FLAG) != 0 ? m.read64(ea(r, ins[i], eac[i])) : v[xb];
                                v[xa] = lo;
                                v[xa + 1] = 0;
                            }
                            case FastPath.SSE_INLINE + SseFast.MOVQ_STORE -> {
                                if ((k & SseFast.MEM_FLAG) != 0) {
                                    m.write64(ea(r, ins[i], eac[i]), v[xa]);
                                    if (!b.valid) {
                                        written = true;
                                        break loop;
                                    }
                                } else {
                                    v[xb] = v[xa];
                                    v[xb + 1] = 0;
                                }
                            }
                            case FastPath.SSE_INLINE + SseFast.PXOR -> {
                                v[xa] ^= v[xb];
                                v[xa + 1] ^= v[xb + 1];
                            }
                            case FastPath.SSE_INLINE + SseFast.POR -> {
                                v[xa] |= v[xb];
                                v[xa + 1] |= v[xb + 1];
                            }
                            case FastPath.SSE_INLINE + SseFast.PAND -> {
                                v[xa] &= v[xb];
                                v[xa + 1] &= v[xb + 1];
                            }
                            case FastPath.SSE_INLINE + SseFast.PADDD -> {
                                v[xa] = SseFast.addD(v[xa], v[xb]);
                                v[xa + 1] = SseFast.addD(v[xa + 1], v[xb + 1]);
                            }
                            case FastPath.SSE_INLINE + SseFast.PSRLD -> { // register: ModRM.rm (b); count imm8
                                int n = (int) imms[i] & 0xff;
                                v[xb] = SseFast.srlD(v[xb], n);
                                v[xb + 1] = SseFast.srlD(v[xb + 1], n);
                            }
                            default -> { // PSLLD
                                int n = (int) imms[i] & 0xff;
                                v[xb] = SseFast.sllD(v[xb], n);
                                v[xb + 1] = SseFast.sllD(v[xb + 1], n);
                            }
                        }
                    }
                    default -> {
                        long w = ins[i];
                        long next = nexts[i];
                        c.rip = next;
                        long ea = (w & MEM) != 0 ? Operands.ea(c, w, b.disp[i]) : 0;
                        OpcodeTable.exec(c, m, w, ea, imms[i]);
                        if (c.rip != next) { // a control transfer (the block's last instruction)
                            jumped = true;
                            break loop;
                        }
                        if (!b.valid) {
                            written = true;
                            break loop; // the block overwrote its own page: re-decode from the next instruction
                        }
                    }
                }
            }
        } catch (MemoryFault f) {
            int i = FastPath.slotInsn(slots[sl]);
            long cur = at(b, i);
            c.instructions += i;
            c.rip = cur;
            return new Trap.Fault(Trap.SIGSEGV, Trap.SEGV_MAPERR, f.address(), cur, f.getMessage());
        } catch (CpuFault f) {
            int i = FastPath.slotInsn(slots[sl]);
            return Interpreter.cpuFault(c, f, i, at(b, i));
        } catch (RuntimeException e) {
            int i = FastPath.slotInsn(slots[sl]);
            long cur = at(b, i);
            c.instructions += i;
            c.rip = cur;
            return new Trap.Fault(Trap.SIGILL, Trap.ILL_ILLOPN, cur, cur, "internal emulator error: " + e);
        }
        if (jumped || written) {
            int i = FastPath.slotInsn(slots[sl]);
            c.instructions += i + 1;
            if (written) {
                c.rip = nexts[i]; // the block overwrote its own page: re-decode from the next instruction
            }
            return null;
        }
        c.instructions += b.count;
        c.rip = b.end;
        return b.endsWithSyscall ? Trap.SYSCALL : null;
    }

}
