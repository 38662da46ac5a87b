package dev.flatland.cpu.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.flatland.cpu.CpuState;
import dev.flatland.cpu.ExecutionEngine;
import dev.flatland.cpu.Flags;
import dev.flatland.cpu.Trap;
import dev.flatland.memory.GuestMemory;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Guest snippets run on a bare GuestMemory and CpuState (no kernel), shared by every engine. The
 * machine code was produced with GNU as (intel syntax) from the assembly quoted beside each test.
 */
abstract class EngineContractTest {
    static final long CODE = GuestMemory.DEFAULT_BASE + 0x1000;
    static final long STACK_TOP = GuestMemory.DEFAULT_BASE + 0x10_0000 - 0x100;

    GuestMemory memory;
    CpuState cpu;
    ExecutionEngine engine;

    abstract ExecutionEngine engine(GuestMemory memory);

    @BeforeEach
    void setUp() {
        memory = GuestMemory.create(0x10_0000);
        cpu = new CpuState();
        engine = engine(memory);
        cpu.r[CpuState.RSP] = STACK_TOP;
        cpu.rip = CODE;
    }

    void load(String hex) {
        byte[] code = HexFormat.of().parseHex(hex);
        memory.write(CODE, code, 0, code.length);
    }

    Trap run(String hex) {
        load(hex);
        return engine.run(cpu, 1_000_000);
    }

    static Trap.Fault fault(Trap t) {
        return assertInstanceOf(Trap.Fault.class, t);
    }

    /*
     * mov ecx, 50; xor eax, eax; mov edx, 1
     * 1: lea rbx, [rax+rdx]; mov rax, rdx; mov rdx, rbx; dec ecx; jnz 1b
     * syscall
     */
    static final String FIB = "b93200000031c0ba01000000488d1c104889d04889daffc975f20f05";

    @Test
    void fibonacciLoopComputesFib50AndCountsEveryInstruction() {
        Trap t = run(FIB);
        assertEquals(Trap.SYSCALL, t);
        assertEquals(12586269025L, cpu.r[CpuState.RAX]);
        assertEquals(3 + 50 * 5 + 1, cpu.instructions);
        assertEquals(CODE + 28, cpu.rip);
    }

    @Test
    void syscallLoadsRcxWithReturnRipAndR11WithRflags() {
        Trap t = run(FIB);
        assertEquals(Trap.SYSCALL, t);
        assertEquals(CODE + 28, cpu.r[CpuState.RCX]);
        // the last flag-setting instruction was dec ecx reaching 0: ZF and PF set; reserved bit 1 and IF
        assertEquals(Flags.ZF | Flags.PF | Flags.IF | 0x2, cpu.r[11]);
    }

    @Test
    void budgetIsHonouredExactlyAndExecutionResumes() {
        load(FIB);
        assertEquals(Trap.BUDGET, engine.run(cpu, 10));
        assertEquals(10, cpu.instructions);
        assertEquals(Trap.SYSCALL, engine.run(cpu, 1_000_000));
        assertEquals(12586269025L, cpu.r[CpuState.RAX]);
        assertEquals(254, cpu.instructions);
    }

    /* mov edi, 10; call f; add rax, 1000; syscall; f: lea rax, [rdi*2+1]; push rax; pop rbx; ret */
    @Test
    void callAndRetReturnAfterTheCall() {
        Trap t = run("bf0a000000e8080000004805e80300000f05488d047d01000000505bc3");
        assertEquals(Trap.SYSCALL, t);
        assertEquals(1021, cpu.r[CpuState.RAX]);
        assertEquals(21, cpu.r[CpuState.RBX]);
        assertEquals(STACK_TOP, cpu.r[CpuState.RSP]);
    }

    /*
     * mov rax, 0x1122334455667788; push rax; push 7; push -2; pushfq; pop rsi; pop rdi; pop rdx;
     * pop rbx; mov r8, rsp; syscall
     */
    @Test
    void pushAndPopOfRegistersImmediatesAndFlags() {
        cpu.rflags |= Flags.DF;
        Trap t = run("48b88877665544332211506a076afe9c5e5f5a5b4989e00f05");
        assertEquals(Trap.SYSCALL, t);
        assertEquals(0x1122334455667788L, cpu.r[CpuState.RBX]);
        assertEquals(7, cpu.r[CpuState.RDX]);
        assertEquals(-2, cpu.r[CpuState.RDI]);
        assertEquals(Flags.DF | Flags.IF | 0x2, cpu.r[CpuState.RSI]);
        assertEquals(STACK_TOP, cpu.r[8]);
        assertEquals(0x1122334455667788L, memory.read64(STACK_TOP - 8));
    }

    /* mov ecx, 5; xor eax, eax; 1: add eax, 3; loop 1b; mov ecx, 0; jrcxz 2f; mov eax, -1; 2: syscall */
    @Test
    void loopAndJrcxz() {
        Trap t = run("b90500000031c083c003e2fbb900000000e305b8ffffffff0f05");
        assertEquals(Trap.SYSCALL, t);
        assertEquals(15, cpu.r[CpuState.RAX]); // 5 iterations, and jrcxz skipped mov eax, -1
    }

    /* mov byte ptr [rip + t + 1], 42; t: mov eax, 1; syscall -- the store patches the next instruction */
    @Test
    void selfModifyingStoreInsideTheRunningBlockTakesEffect() {
        Trap t = run("c605010000002ab8010000000f05");
        assertEquals(Trap.SYSCALL, t);
        assertEquals(42, cpu.r[CpuState.RAX]);
        assertEquals(3, cpu.instructions);
    }

    @Test
    void codeRewrittenBetweenRunsIsDecodedAgain() {
        assertEquals(Trap.SYSCALL, run("b8010000000f05")); // mov eax, 1; syscall
        assertEquals(1, cpu.r[CpuState.RAX]);
        cpu.rip = CODE;
        load("b8020000000f05"); // mov eax, 2; syscall
        assertEquals(Trap.SYSCALL, engine.run(cpu, 100));
        assertEquals(2, cpu.r[CpuState.RAX]);
    }

    /* mov rax, [0] */
    @Test
    void nullReadIsSigsegvAtAddressZeroAndDoesNotRetire() {
        Trap.Fault f = fault(run("90488b042500000000"));
        assertEquals(Trap.SIGSEGV, f.signal());
        assertEquals(Trap.SEGV_MAPERR, f.siCode());
        assertEquals(0, f.address());
        assertEquals(CODE + 1, f.rip());
        assertEquals(CODE + 1, cpu.rip);
        assertEquals(1, cpu.instructions);
    }

    @Test
    void ud2IsSigillAtItsRip() {
        Trap.Fault f = fault(run("900f0b"));
        assertEquals(Trap.SIGILL, f.signal());
        assertEquals(Trap.ILL_ILLOPN, f.siCode());
        assertEquals(CODE + 1, f.address());
        assertEquals(CODE + 1, cpu.rip);
    }

    @Test
    void undefinedOpcodeIsSigillOnlyWhenExecuted() {
        // jmp +1 over the invalid byte 0x06 (push es is invalid in 64-bit mode); then 0x06 itself
        assertEquals(Trap.SYSCALL, run("eb01060f05"));
        cpu.rip = CODE + 2;
        Trap.Fault f = fault(engine.run(cpu, 10));
        assertEquals(Trap.SIGILL, f.signal());
        assertEquals(CODE + 2, f.rip());
    }

    @Test
    void hltIsSigsegvWithSiKernelAndAddressZero() {
        Trap.Fault f = fault(run("f4"));
        assertEquals(Trap.SIGSEGV, f.signal());
        assertEquals(Trap.SI_KERNEL, f.siCode());
        assertEquals(0, f.address());
        assertEquals(CODE, f.rip());
    }

    @Test
    void int3IsSigtrapReportedAfterTheInstruction() {
        Trap.Fault f = fault(run("90cc90"));
        assertEquals(Trap.SIGTRAP, f.signal());
        assertEquals(Trap.SI_KERNEL, f.siCode());
        assertEquals(CODE + 2, cpu.rip);
        assertEquals(2, cpu.instructions);
    }

    /* mov rsp, 8; jmp +0 (ends the block); ret: a one-instruction block popping from unmapped memory */
    @Test
    void retFromAnUnmappedStackIsSigsegvAtTheRetAndDoesNotRetire() {
        Trap.Fault f = fault(run("48c7c408000000eb00c3"));
        assertEquals(Trap.SIGSEGV, f.signal());
        assertEquals(8, f.address());
        assertEquals(CODE + 9, f.rip());
        assertEquals(CODE + 9, cpu.rip);
        assertEquals(8, cpu.r[CpuState.RSP]);
        assertEquals(2, cpu.instructions);
    }

    /* mov rsp, 8; jmp +0; call +0: the push of the return address faults at 0 */
    @Test
    void callWithAnUnmappedStackIsSigsegvAtTheCallAndLeavesRspAlone() {
        Trap.Fault f = fault(run("48c7c408000000eb00e800000000"));
        assertEquals(Trap.SIGSEGV, f.signal());
        assertEquals(0, f.address());
        assertEquals(CODE + 9, f.rip());
        assertEquals(8, cpu.r[CpuState.RSP]);
        assertEquals(2, cpu.instructions);
    }

    /*
     * call f; add eax, 1; syscall (second); f: mov eax, 5; syscall (first); ret
     * The run after the first syscall resumes at the one-instruction RET block.
     */
    @Test
    void runAfterASyscallResumesAtTheFollowingOneInstructionBlock() {
        assertEquals(Trap.SYSCALL, run("e80500000083c0010f05b8050000000f05c3"));
        assertEquals(CODE + 17, cpu.rip);
        assertEquals(3, cpu.instructions);
        cpu.r[CpuState.RAX] = 40;   // the kernel's result
        assertEquals(Trap.SYSCALL, engine.run(cpu, 1_000));
        assertEquals(41, cpu.r[CpuState.RAX]);
        assertEquals(CODE + 10, cpu.rip);
        assertEquals(6, cpu.instructions);
        assertEquals(STACK_TOP, cpu.r[CpuState.RSP]);
    }

    @Test
    void jumpOutsideRamFaultsOnInstructionFetch() {
        // mov eax, 0x1000; jmp rax
        Trap.Fault f = fault(run("b800100000ffe0"));
        assertEquals(Trap.SIGSEGV, f.signal());
        assertEquals(0x1000, f.address());
        assertEquals(0x1000, f.rip());
        assertEquals(2, cpu.instructions);
    }

    /*
     * xor eax, eax; cpuid; mov r8d, ebx; mov r9d, edx; mov r10d, ecx; mov eax, 1; cpuid;
     * mov esi, ecx; mov r12d, edx; mov eax, 7; xor ecx, ecx; cpuid; mov r13d, ebx;
     * mov eax, 0x80000001; cpuid; mov r14d, ecx; mov r15d, edx; syscall
     */
    @Test
    void cpuidReportsGenuineIntelAndExactlyTheImplementedFeatures() {
        Trap t = run("31c00fa24189d84189d14189cab8010000000fa289ce4189d4b80700000031c90fa24189ddb8"
                + "010000800fa24189ce4189d70f05");
        assertEquals(Trap.SYSCALL, t);
        assertEquals(0x756e6547L, cpu.r[8]);  // "Genu"
        assertEquals(0x49656e69L, cpu.r[9]);  // "ineI"
        assertEquals(0x6c65746eL, cpu.r[10]); // "ntel"
        long ecx1 = cpu.r[CpuState.RSI];
        long edx1 = cpu.r[12];
        // SDM vol. 2 CPUID leaf 1 bit positions
        assertEquals(1, ecx1 & 1);              // SSE3
        assertEquals(0, ecx1 >>> 1 & 1);        // PCLMULQDQ absent
        assertEquals(1, ecx1 >>> 9 & 1);        // SSSE3
        assertEquals(1, ecx1 >>> 13 & 1);       // CX16
        assertEquals(1, ecx1 >>> 19 & 1);       // SSE4.1
        assertEquals(1, ecx1 >>> 20 & 1);       // SSE4.2
        assertEquals(1, ecx1 >>> 23 & 1);       // POPCNT
        assertEquals(0, ecx1 >>> 25 & 1);       // AES absent
        assertEquals(0, ecx1 >>> 26 & 1);       // XSAVE absent
        assertEquals(0, ecx1 >>> 27 & 1);       // OSXSAVE absent
        assertEquals(0, ecx1 >>> 28 & 1);       // AVX absent
        assertEquals(0, ecx1 >>> 30 & 1);       // RDRAND absent
        assertEquals(0, ecx1 >>> 12 & 1);       // FMA absent
        assertEquals(1, edx1 & 1);              // FPU
        assertEquals(1, edx1 >>> 15 & 1);       // CMOV
        assertEquals(1, edx1 >>> 26 & 1);       // SSE2
        assertEquals(1 << 3 | 1 << 8, cpu.r[13]); // leaf 7: BMI1, BMI2 only
        assertEquals(1, cpu.r[14] & 1);         // LAHF/SAHF in 64-bit mode
        assertEquals(1, cpu.r[14] >>> 5 & 1);   // ABM (LZCNT)
        assertEquals(1, cpu.r[15] >>> 29 & 1);  // LM
        assertEquals(1, cpu.r[15] >>> 11 & 1);  // SYSCALL
    }

    /* nop; nop; rdtsc; shl rdx, 32; or rax, rdx; mov r8, rax; nop; rdtscp; shl rdx, 32; or rax, rdx; mov r9, rax; mov r10, rcx; syscall */
    @Test
    void rdtscAndRdtscpCountRetiredInstructionsDeterministically() {
        Trap t = run("90900f3148c1e2204809d04989c0900f01f948c1e2204809d04989c14989ca0f05");
        assertEquals(Trap.SYSCALL, t);
        assertEquals(2, cpu.r[8]);
        assertEquals(7, cpu.r[9]);
        assertEquals(0, cpu.r[10]); // IA32_TSC_AUX
    }

    /* lock mov [rdi], eax (.byte f0 89 07): LOCK on a non-lockable instruction is #UD */
    @Test
    void lockPrefixOnMovIsUndefined() {
        cpu.r[CpuState.RDI] = CODE + 0x100;
        Trap.Fault f = fault(run("f08907"));
        assertEquals(Trap.SIGILL, f.signal());
        assertEquals(CODE, f.rip());
    }

    @Test
    void lockedAddToMemoryExecutes() {
        cpu.r[CpuState.RDI] = CODE + 0x800;
        cpu.r[CpuState.RAX] = 5;
        assertEquals(Trap.SYSCALL, run("f001070f05")); // lock add [rdi], eax; syscall
        assertEquals(5, memory.read32(CODE + 0x800));
    }

    /**
     * Jcc (rel8 and rel32) of all sixteen conditions after CMP, SUB, ADD, AND, INC and NEG at 32
     * and 64 bits, against the condition bits recorded on the real CPU (alu-flags.txt, see
     * AluFlagsHardwareTest).
     */
    @Test
    void jccOfEveryConditionMatchesHardware() throws java.io.IOException {
        int checked = 0;
        for (AluFlagsHardwareTest.Case k : AluFlagsHardwareTest.cases()) {
            if (k.bits() < 32 || !java.util.Set.of("cmp", "sub", "add", "and", "inc", "neg").contains(k.op())) {
                continue;
            }
            for (boolean near : new boolean[] {false, true}) {
                setUp();
                cpu.r[CpuState.RDI] = CODE + 0x800;
                byte[] code = AluFlagsHardwareTest.jccSnippet(k, near);
                memory.write(CODE, code, 0, code.length);
                assertEquals(Trap.SYSCALL, engine.run(cpu, 1000));
                int conds = 0;
                for (int cc = 0; cc < 16; cc++) {
                    conds |= (memory.read8(CODE + 0x800 + cc) & 1) << cc;
                }
                assertEquals(k.conds(), conds, k.line());
                checked++;
            }
        }
        assertEquals(true, checked > 1000, "checked " + checked);
    }
}
