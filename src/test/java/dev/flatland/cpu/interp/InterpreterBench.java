package dev.flatland.cpu.interp;

import dev.flatland.cpu.CpuState;
import dev.flatland.cpu.ExecutionEngine;
import dev.flatland.cpu.Trap;
import dev.flatland.memory.GuestMemory;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HexFormat;

/**
 * A JUnit-free throughput measurement of the interpreter (not run by mvn test). Run with:
 * {@code mvn -q test-compile && java -cp target/classes:target/test-classes
 * dev.flatland.cpu.interp.InterpreterBench}. Prints guest MIPS per round, by wall time and
 * by the thread's CPU time (the machine may be shared).
 */
final class InterpreterBench {
    private InterpreterBench() {
    }

    /*
     * ALU/memory loop, 20000 x 1000 iterations of 11 instructions (GNU as, intel syntax):
     *   mov r10d, 20000; lea rsi, [rip+data]; lea rdi, [rip+data+4096]
     * outer: xor ecx, ecx; mov r9d, 1000
     * inner: mov eax, [rsi+rcx*4]; add edx, eax; xor edx, ecx; lea r8d, [rdx+rax*2]; and r8d, 0xffff
     *   mov [rdi+rcx*4], r8d; add eax, r8d; mov [rsi+rcx*4], eax; inc rcx; cmp rcx, r9; jb inner
     *   dec r10d; jnz outer; syscall        (data: the page after the code)
     */
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    static final String ALU_LOOP = "41ba204e0000488d35f30f0000488d3dec1f000031c941b9e80300008b048e01c231ca448d04424181e0ffff00004489048f4401c089048e48ffc14c39c972dc41ffca75cf0f05";

    /** A flat binary (position-independent code at offset 0 that ends with syscall), e.g. objcopy -O binary output. */
    private static byte[] readAll(String path) {
        try {
            return java.nio.file.Files.readAllBytes(java.nio.file.Path.of(path));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static void main(String[] args) {
        byte[] code = args.length > 0 ? readAll(args[0]) : HexFormat.of().parseHex(ALU_LOOP);
        GuestMemory m = GuestMemory.create(1 << 20);
        long base = m.base() + 0x1000;
        m.write(base, code, 0, code.length);
        ExecutionEngine e = Interpreter.create(m);
        for (int round = 0; round < 8; round++) {
            CpuState c = new CpuState();
            c.rip = base;
            c.r[CpuState.RSP] = m.end() - 0x100;
            long t0 = System.nanoTime();
            long cpu0 = THREADS.getCurrentThreadCpuTime();
            Trap t = e.run(c, Long.MAX_VALUE);
            long dt = System.nanoTime() - t0;
            long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
            System.out.printf("round %d: %s rax=%016x, %d instructions, wall %.3f s = %.1f MIPS, thread cpu %.3f s = %.1f MIPS%n",
                    round, t, c.r[CpuState.RAX], c.instructions, dt / 1e9, c.instructions * 1e3 / dt, cpu / 1e9,
                    c.instructions * 1e3 / cpu);
        }
    }
}
