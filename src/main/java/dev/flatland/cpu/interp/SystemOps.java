package dev.flatland.cpu.interp;

import dev.flatland.cpu.CpuFault;
import dev.flatland.cpu.CpuFeatures;
import dev.flatland.cpu.CpuState;
import dev.flatland.cpu.Flags;
import dev.flatland.cpu.Trap;
import dev.flatland.cpu.decode.Decoder;
import dev.flatland.cpu.decode.Insn;
import dev.flatland.memory.GuestMemory;

/**
 * System-level instructions as a Linux user task sees them: SYSCALL, CPUID, RDTSC/RDTSCP
 * (deterministic), flag-control instructions, and the instructions that trap: UD2 and undefined
 * opcodes (SIGILL), INT3 (SIGTRAP), and privileged or I/O instructions (#GP: SIGSEGV with
 * si_code SI_KERNEL and address 0, as arch/x86/kernel/traps.c reports).
 */
final class SystemOps {
    private SystemOps() {
    }

    /** SYSCALL (0F 05): RCX = return RIP, R11 = RFLAGS; the engine then returns a syscall trap. */
    static void syscall(CpuState c) {
        c.r[CpuState.RCX] = c.rip;
        c.r[11] = Flags.read(c) & ~0x1_0000L;
    }

    /** CPUID (0F A2). */
    static void cpuid(CpuState c) {
        int[] out = new int[4];
        CpuFeatures.cpuid((int) c.r[0], (int) c.r[1], out);
        c.r[0] = out[0] & 0xffff_ffffL;
        c.r[3] = out[1] & 0xffff_ffffL;
        c.r[1] = out[2] & 0xffff_ffffL;
        c.r[2] = out[3] & 0xffff_ffffL;
    }

    /**
     * The time-stamp counter: the number of instructions retired before this one. Deterministic;
     * rdtsc and rdtscp always start a block, so {@code c.instructions} is exact when they run.
     */
    static long tsc(CpuState c) {
        return c.instructions;
    }

    /** RDTSC (0F 31): EDX:EAX = TSC. */
    static void rdtsc(CpuState c) {
        long t = tsc(c);
        c.r[0] = t & 0xffff_ffffL;
        c.r[2] = t >>> 32;
    }

    /** Group 7 (0F 01): RDTSCP (F9) is the only form a user task may execute; the others trap. */
    static void group7(CpuState c, long w) {
        if (Insn.mod(w) == 3 && (Insn.reg(w) & 7) == 7 && (Insn.rm(w) & 7) == 1) {
            long t = tsc(c);
            c.r[0] = t & 0xffff_ffffL;
            c.r[2] = t >>> 32;
            c.r[1] = 0; // IA32_TSC_AUX: CPU 0
            return;
        }
        if (Insn.mod(w) == 3 && (Insn.reg(w) & 7) == 2) {
            throw CpuFault.undefined("xgetbv/xsetbv (no XSAVE)"); // 0F 01 D0/D1: CR4.OSXSAVE is clear
        }
        if (Insn.mod(w) == 3 && (Insn.reg(w) & 7) == 5 && (Insn.rm(w) & 7) >= 5) {
            throw CpuFault.undefined("transactional memory (no RTM)"); // xend/xtest, encls...
        }
        throw CpuFault.privileged("privileged 0F 01 instruction");
    }

    /** 0F 18..1F hints (prefetch, NOP Ev, ENDBR64) and 0F 0D (PREFETCHW): no effect. */
    static void hintNop() {
    }

    /** Group 15 with a register operand (0F AE /5 /6 /7 mod=3): LFENCE, MFENCE, SFENCE are no-ops. */
    static void fence() {
    }

    /** UD2 (0F 0B), UD1, UD0 and every undefined opcode. */
    static void ud(long w) {
        throw CpuFault.undefined(Decoder.undefined(w) ? "undefined opcode" : "ud2");
    }

    /** INT3 (CC): SIGTRAP with si_code SI_KERNEL, reported after the instruction (it is a trap). */
    static void int3() {
        throw new CpuFault(Trap.SIGTRAP, Trap.SI_KERNEL, 0, "int3");
    }

    /** HLT, CLI, STI, IN, OUT, INS, OUTS, INT n, IRET, far RET, moves to control registers, MSRs: #GP. */
    static void privileged(String what) {
        throw CpuFault.privileged(what);
    }

    /** CLC, STC, CMC (F8, F9, F5). */
    static void carry(CpuState c, int op) {
        long f = Flags.read(c);
        long cf = switch (op) {
            case 0xf8 -> 0;
            case 0xf9 -> Flags.CF;
            default -> ~f & Flags.CF;
        };
        Flags.setArith(c, (f & ~Flags.CF) | cf);
    }

    /** CLD, STD (FC, FD). */
    static void direction(CpuState c, boolean set) {
        c.rflags = set ? c.rflags | Flags.DF : c.rflags & ~Flags.DF;
    }
}
