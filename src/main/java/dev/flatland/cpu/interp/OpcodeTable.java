package dev.flatland.cpu.interp;

import dev.flatland.cpu.CpuFault;
import dev.flatland.cpu.CpuState;
import dev.flatland.cpu.Trap;
import dev.flatland.cpu.decode.Insn;
import dev.flatland.memory.GuestMemory;

/**
 * The opcode table: one line per opcode (map &lt;&lt; 8 | byte, see {@link Insn#op}), dispatching to
 * the handler families. Opcodes not listed belong to the extended integer families
 * ({@link ExtDispatch}), x87 ({@link X87}) or SSE ({@link Sse}); what none of them takes is #UD.
 */
final class OpcodeTable {
    private OpcodeTable() {
    }

    /** Executes one instruction; {@code ea} is its effective address when it has a memory operand. */
    static void exec(CpuState c, GuestMemory m, long w, long ea, long imm) {
        if (Insn.lock(w) && !lockable(w)) {
            throw CpuFault.undefined("lock prefix on a non-lockable instruction");
        }
        switch (Insn.op(w)) {
            case 0x000, 0x008, 0x010, 0x018, 0x020, 0x028, 0x030, 0x038 -> Alu.rmReg(c, m, w, ea, 0);
            case 0x001, 0x009, 0x011, 0x019, 0x021, 0x029, 0x031, 0x039 -> Alu.rmReg(c, m, w, ea, Alu.sizeLog(w));
            case 0x002, 0x00a, 0x012, 0x01a, 0x022, 0x02a, 0x032, 0x03a -> Alu.regRm(c, m, w, ea, 0);
            case 0x003, 0x00b, 0x013, 0x01b, 0x023, 0x02b, 0x033, 0x03b -> Alu.regRm(c, m, w, ea, Alu.sizeLog(w));
            case 0x004, 0x00c, 0x014, 0x01c, 0x024, 0x02c, 0x034, 0x03c -> Alu.accImm(c, w, imm, 0);
            case 0x005, 0x00d, 0x015, 0x01d, 0x025, 0x02d, 0x035, 0x03d -> Alu.accImm(c, w, imm, Alu.sizeLog(w));
            case 0x050, 0x051, 0x052, 0x053, 0x054, 0x055, 0x056, 0x057 -> Stack.pushReg(c, m, w);
            case 0x058, 0x059, 0x05a, 0x05b, 0x05c, 0x05d, 0x05e, 0x05f -> Stack.popReg(c, m, w);
            case 0x063 -> Moves.movsxd(c, m, w, ea);
            case 0x068, 0x06a -> Stack.pushImm(c, m, w, imm);
            case 0x06c, 0x06d, 0x06e, 0x06f -> SystemOps.privileged("ins/outs");
            case 0x070, 0x071, 0x072, 0x073, 0x074, 0x075, 0x076, 0x077, 0x078, 0x079, 0x07a, 0x07b, 0x07c, 0x07d, 0x07e, 0x07f -> Branches.jcc(c, w, imm);
            case 0x080 -> Alu.group1(c, m, w, ea, imm, 0);
            case 0x081, 0x083 -> Alu.group1(c, m, w, ea, imm, Alu.sizeLog(w));
            case 0x084 -> Alu.testRmReg(c, m, w, ea, 0);
            case 0x085 -> Alu.testRmReg(c, m, w, ea, Alu.sizeLog(w));
            case 0x086 -> xchg(c, m, w, ea, imm, 1);
            case 0x087 -> xchg(c, m, w, ea, imm, Operands.opBytes(w));
            case 0x088 -> Moves.movRmReg(c, m, w, ea, 1);
            case 0x089 -> Moves.movRmReg(c, m, w, ea, Operands.opBytes(w));
            case 0x08a -> Moves.movRegRm(c, m, w, ea, 1);
            case 0x08b -> Moves.movRegRm(c, m, w, ea, Operands.opBytes(w));
            case 0x08c -> Moves.movRmSreg(c, m, w, ea);
            case 0x08d -> Moves.lea(c, w, ea);
            case 0x08e -> Moves.movSregRm(c, m, w, ea);
            case 0x08f -> Stack.popRm(c, m, w, ea);
            case 0x090, 0x091, 0x092, 0x093, 0x094, 0x095, 0x096, 0x097 -> Moves.xchgAcc(c, w);
            case 0x098 -> Moves.cbw(c, w);
            case 0x099 -> Moves.cwd(c, w);
            case 0x09b -> X87.fwait(c);
            case 0x09c -> Stack.pushf(c, m, w);
            case 0x09d -> Stack.popf(c, m, w);
            case 0x09e -> Moves.sahf(c);
            case 0x09f -> Moves.lahf(c);
            case 0x0a0 -> Moves.movAccMoffs(c, m, w, imm, 1);
            case 0x0a1 -> Moves.movAccMoffs(c, m, w, imm, Operands.opBytes(w));
            case 0x0a2 -> Moves.movMoffsAcc(c, m, w, imm, 1);
            case 0x0a3 -> Moves.movMoffsAcc(c, m, w, imm, Operands.opBytes(w));
            case 0x0a8 -> Alu.testAccImm(c, w, imm, 0);
            case 0x0a9 -> Alu.testAccImm(c, w, imm, Alu.sizeLog(w));
            case 0x0b0, 0x0b1, 0x0b2, 0x0b3, 0x0b4, 0x0b5, 0x0b6, 0x0b7 -> Moves.movRegImm(c, w, imm, 1);
            case 0x0b8, 0x0b9, 0x0ba, 0x0bb, 0x0bc, 0x0bd, 0x0be, 0x0bf -> Moves.movRegImm(c, w, imm, Operands.opBytes(w));
            case 0x0c2, 0x0c3 -> Branches.ret(c, m, w, imm);
            case 0x0c6 -> Moves.movRmImm(c, m, w, ea, imm, 1);
            case 0x0c7 -> Moves.movRmImm(c, m, w, ea, imm, Operands.opBytes(w));
            case 0x0c8 -> Stack.enter(c, m, w, imm);
            case 0x0c9 -> Stack.leave(c, m, w);
            case 0x0ca, 0x0cb -> SystemOps.privileged("far ret");
            case 0x0cc -> SystemOps.int3();
            case 0x0cd -> SystemOps.privileged("int n");
            case 0x0cf -> SystemOps.privileged("iret");
            case 0x0d7 -> Moves.xlat(c, m, w);
            case 0x0d8, 0x0d9, 0x0da, 0x0db, 0x0dc, 0x0dd, 0x0de, 0x0df -> X87.exec(c, m, w, ea);
            case 0x0e0, 0x0e1, 0x0e2, 0x0e3 -> Branches.loop(c, w, imm);
            case 0x0e4, 0x0e5, 0x0e6, 0x0e7, 0x0ec, 0x0ed, 0x0ee, 0x0ef -> SystemOps.privileged("in/out");
            case 0x0e8 -> Branches.callRel(c, m, imm);
            case 0x0e9, 0x0eb -> c.rip = imm;
            case 0x0f1 -> throw new CpuFault(Trap.SIGTRAP, Trap.SI_KERNEL, 0, "int1");
            case 0x0f4 -> SystemOps.privileged("hlt");
            case 0x0f5, 0x0f8, 0x0f9 -> SystemOps.carry(c, Insn.op(w));
            case 0x0f6 -> group3(c, m, w, ea, imm, 0);
            case 0x0f7 -> group3(c, m, w, ea, imm, Alu.sizeLog(w));
            case 0x0fa, 0x0fb -> SystemOps.privileged("cli/sti");
            case 0x0fc -> SystemOps.direction(c, false);
            case 0x0fd -> SystemOps.direction(c, true);
            case 0x0fe -> Alu.group4(c, m, w, ea);
            case 0x0ff -> Branches.group5(c, m, w, ea);
            case 0x100 -> SystemOps.privileged("0F 00 system instruction");
            case 0x101 -> SystemOps.group7(c, w);
            case 0x105 -> SystemOps.syscall(c);
            case 0x106, 0x107, 0x108, 0x109, 0x130, 0x132, 0x133, 0x135 -> SystemOps.privileged("privileged 0F instruction");
            case 0x120, 0x121, 0x122, 0x123 -> SystemOps.privileged("mov to/from control or debug register");
            case 0x10b, 0x1b9, 0x1ff, 0x102, 0x103, 0x134, 0x137, 0x1a0, 0x1a1, 0x1a8, 0x1a9, 0x1b2, 0x1b4, 0x1b5 -> SystemOps.ud(w);
            case 0x10d, 0x118, 0x119, 0x11a, 0x11b, 0x11c, 0x11d, 0x11e, 0x11f -> SystemOps.hintNop();
            case 0x131 -> SystemOps.rdtsc(c);
            case 0x140, 0x141, 0x142, 0x143, 0x144, 0x145, 0x146, 0x147, 0x148, 0x149, 0x14a, 0x14b, 0x14c, 0x14d, 0x14e, 0x14f -> Moves.cmov(c, m, w, ea);
            case 0x180, 0x181, 0x182, 0x183, 0x184, 0x185, 0x186, 0x187, 0x188, 0x189, 0x18a, 0x18b, 0x18c, 0x18d, 0x18e, 0x18f -> Branches.jcc(c, w, imm);
            case 0x190, 0x191, 0x192, 0x193, 0x194, 0x195, 0x196, 0x197, 0x198, 0x199, 0x19a, 0x19b, 0x19c, 0x19d, 0x19e, 0x19f -> Moves.setcc(c, m, w, ea);
            case 0x1a2 -> SystemOps.cpuid(c);
            case 0x1ae -> group15(c, m, w, ea, imm);
            case 0x1b6 -> Moves.movzx(c, m, w, ea, 1);
            case 0x1b7 -> Moves.movzx(c, m, w, ea, 2);
            case 0x1be -> Moves.movsx(c, m, w, ea, 1);
            case 0x1bf -> Moves.movsx(c, m, w, ea, 2);
            case 0x1c3 -> Moves.movnti(c, m, w, ea);
            case 0x1c8, 0x1c9, 0x1ca, 0x1cb, 0x1cc, 0x1cd, 0x1ce, 0x1cf -> Moves.bswap(c, w);
            case 0x2f0, 0x2f1 -> movbeOrCrc32(c, m, w, ea, imm);
            default -> other(c, m, w, ea, imm);
        }
    }

    /**
     * LOCK is allowed only on the read-modify-write instructions with a memory destination (SDM
     * vol. 2 "LOCK"): ADD ADC AND BTC BTR BTS CMPXCHG CMPXCHG8B/16B DEC INC NEG NOT OR SBB SUB XOR
     * XADD XCHG; anything else is #UD.
     */
    static boolean lockable(long w) {
        if (!Insn.hasMem(w) || Insn.vex(w)) {
            return false;
        }
        int op = Insn.op(w);
        int digit = Insn.reg(w) & 7;
        if (op < 0x38) {
            return (op & 7) <= 1; // op Eb,Gb / op Ev,Gv (not CMP: 38/39 excluded by the bound)
        }
        return switch (op) {
            case 0x80, 0x81, 0x83 -> digit != 7;
            case 0x86, 0x87, 0x1ab, 0x1b3, 0x1bb, 0x1b0, 0x1b1, 0x1c0, 0x1c1 -> true;
            case 0xf6, 0xf7 -> digit == 2 || digit == 3;
            case 0xfe, 0xff -> digit <= 1;
            case 0x1ba -> digit >= 5;
            case 0x1c7 -> digit == 1;
            default -> false;
        };
    }

    /** Opcodes outside the core table: SSE/MMX, then the extended integer families, else #UD. */
    private static void other(CpuState c, GuestMemory m, long w, long ea, long imm) {
        int op = Insn.op(w);
        if (isSse(op)) {
            Sse.exec(c, m, w, ea, imm);
        } else if (!ExtDispatch.exec(c, m, w, ea, imm)) {
            throw CpuFault.undefined(String.format("opcode %03x not implemented", op));
        }
    }

    /**
     * SSE/MMX opcodes: 0F 10-17, 28-2F, 50-7F, C2, C4-C6, D0-FF, and maps 0F38 and 0F3A except
     * the F0-FF rows (BMI, MOVBE, CRC32), which try the extended integer families first.
     */
    static boolean isSse(int op) {
        int map = op >>> 8;
        int b = op & 0xff;
        if (map == 1) {
            return (b >= 0x10 && b <= 0x17) || (b >= 0x28 && b <= 0x2f) || (b >= 0x50 && b <= 0x7f)
                    || b == 0xc2 || (b >= 0xc4 && b <= 0xc6) || b >= 0xd0;
        }
        return map >= 2 && b < 0xf0;
    }

    /** XCHG Eb,Gb / Ev,Gv (86, 87): the memory form belongs to the atomic family when it claims it. */
    private static void xchg(CpuState c, GuestMemory m, long w, long ea, long imm, int size) {
        if (Insn.hasMem(w) && ExtDispatch.exec(c, m, w, ea, imm)) {
            return;
        }
        Moves.xchgRmReg(c, m, w, ea, size);
    }

    /** F6/F7: TEST NOT NEG here, MUL IMUL DIV IDIV in the extended families. */
    private static void group3(CpuState c, GuestMemory m, long w, long ea, long imm, int sl) {
        if (!Alu.group3(c, m, w, ea, imm, sl) && !ExtDispatch.exec(c, m, w, ea, imm)) {
            throw CpuFault.undefined("F6/F7 /" + (Insn.reg(w) & 7) + " not implemented");
        }
    }

    /** 0F AE: fences (mod=3 /5 /6 /7) here; FXSAVE, FXRSTOR, LDMXCSR, STMXCSR and the rest in SSE. */
    private static void group15(CpuState c, GuestMemory m, long w, long ea, long imm) {
        if (Insn.mod(w) == 3 && (Insn.reg(w) & 7) >= 5 && !Insn.rep(w) && !Insn.repne(w)) {
            SystemOps.fence();
        } else {
            Sse.exec(c, m, w, ea, imm);
        }
    }

    /** 0F 38 F0/F1: MOVBE without F2; CRC32 (F2) and anything else via the other families. */
    private static void movbeOrCrc32(CpuState c, GuestMemory m, long w, long ea, long imm) {
        if (!Insn.repne(w) && !Insn.rep(w) && !Insn.vex(w)) {
            Moves.movbe(c, m, w, ea);
        } else if (!ExtDispatch.exec(c, m, w, ea, imm)) {
            Sse.exec(c, m, w, ea, imm);
        }
    }
}
