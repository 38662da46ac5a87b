package dev.flatland.cpu.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.flatland.cpu.CpuState;
import dev.flatland.cpu.ExecutionEngine;
import dev.flatland.cpu.Trap;
import dev.flatland.memory.GuestMemory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs gcc -O3 -msse4.2 code (src/test/c/sse/kernels.c, built as the flat image sse/kernels.bin)
 * on the interpreter and compares every result word with the same source run natively on AMD EPYC
 * (sse/kernels.txt); the build commands are in kernels.c.
 */
class SseKernelsTest {
    static final long LOAD = 0x50_0000L;

    @Test
    void compilerGeneratedSseCodeMatchesNativeRun() throws IOException {
        GuestMemory m = GuestMemory.create(4 << 20);
        byte[] image;
        try (InputStream in = getClass().getResourceAsStream("/sse/kernels.bin")) {
            image = in.readAllBytes();
        }
        m.write(LOAD, image, 0, image.length);
        List<Long> want = new ArrayList<>();
        try (InputStream in = getClass().getResourceAsStream("/sse/kernels.txt")) {
            for (String s : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (!s.isBlank()) {
                    want.add(Long.parseUnsignedLong(s.trim(), 16));
                }
            }
        }
        CpuState c = new CpuState();
        c.rip = LOAD;
        c.r[CpuState.RSP] = GuestMemory.DEFAULT_BASE + (4 << 20) - 4096;
        ExecutionEngine e = Interpreter.create(m);
        Trap t = e.run(c, 50_000_000);
        assertInstanceOf(Trap.Syscall.class, t, () -> "stopped with " + t + " at rip " + Long.toHexString(c.rip));
        long addr = c.r[CpuState.RDI];
        int n = (int) c.r[CpuState.RSI];
        List<Long> got = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            got.add(m.read64(addr + 8L * i));
        }
        assertEquals(hex(want), hex(got));
    }

    private static List<String> hex(List<Long> v) {
        return v.stream().map(Long::toHexString).toList();
    }
}
