package dev.flatland.cpu.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatland.cpu.CpuState;
import dev.flatland.cpu.ExecutionEngine;
import dev.flatland.cpu.Trap;
import dev.flatland.memory.GuestMemory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Snippets exercising the core handler families (moves, LEA, XCHG, stack, ALU forms, unary ops,
 * TEST, CMOVcc/SETcc, BSWAP/MOVBE, sign extension, XLAT/LAHF/SAHF, flag ops, LOOPcc, ENTER/LEAVE,
 * calls, jumps, NOPs, 16-bit and REX byte registers) compared with the real CPU. The snippets are
 * in src/test/c/snippets/snippets.txt; gen.sh assembled them and ran them natively with
 * runner.c, recording the results in engine-snippets.txt. Here each runs under the interpreter
 * with the same inputs and must print the same line.
 */
final class EngineSnippetsHardwareTest {
    private static final long CODE = GuestMemory.DEFAULT_BASE + 0x1000;
    private static final long STUB = GuestMemory.DEFAULT_BASE + 0x800;
    private static final long BUF = GuestMemory.DEFAULT_BASE + 0x4000;
    private static final long ENTRY_RSP = GuestMemory.DEFAULT_BASE + 0x10000 - 8;
    /** runner.c's INPUT (RSP and RDI set per run). */
    private static final long[] INPUT = {0x0123456789abcdefL, 5, 0xfedcba9876543210L, 0x80, 0, 0x1122334455667788L,
        0xffffffffL, 0, ~0L, 0x7fffffffffffffffL, 3, 0x8000000000000000L, 0x1234, 0xdeadbeefL, 0, 64};

    static Stream<Arguments> snippets() throws IOException {
        List<Arguments> out = new ArrayList<>();
        try (InputStream in = EngineSnippetsHardwareTest.class.getResourceAsStream("engine-snippets.txt");
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            String code;
            while ((code = r.readLine()) != null) {
                String expected = r.readLine();
                String[] f = code.split(" ");
                out.add(Arguments.of(f[0], f[1], expected));
            }
        }
        assertTrue(out.size() >= 20);
        return out.stream();
    }

    private static String value(long v) {
        if (Long.compareUnsigned(v - CODE, 0x1000) < 0) {
            return "C+" + Long.toHexString(v - CODE);
        }
        if (Long.compareUnsigned(v - BUF, 0x1000) < 0) {
            return "B+" + Long.toHexString(v - BUF);
        }
        if (Long.compareUnsigned(v - (ENTRY_RSP - 0x1000), 0x2000) < 0) {
            return v >= ENTRY_RSP ? "S+" + Long.toHexString(v - ENTRY_RSP) : "S-" + Long.toHexString(ENTRY_RSP - v);
        }
        return Long.toHexString(v);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("snippets")
    void matchesTheRealCpu(String name, String hex, String expected) {
        GuestMemory m = GuestMemory.create(0x10_0000);
        byte[] code = HexFormat.of().parseHex(hex);
        m.write(CODE, code, 0, code.length);
        m.write8(STUB, 0xf4); // hlt: the snippet's ret lands here and stops the run
        for (int i = 0; i < 256; i++) {
            m.write8(BUF + i, i * 7 + 3);
        }
        m.write64(ENTRY_RSP, STUB);
        CpuState c = new CpuState();
        System.arraycopy(INPUT, 0, c.r, 0, 16);
        c.r[CpuState.RSP] = ENTRY_RSP;
        c.r[CpuState.RDI] = BUF;
        c.rip = CODE;
        ExecutionEngine e = Interpreter.create(m);
        Trap t = e.run(c, 100_000);
        Trap.Fault f = assertInstanceOf(Trap.Fault.class, t, () -> name + " ended with " + t);
        assertEquals(STUB, f.rip(), () -> name + ": " + f);
        StringBuilder sb = new StringBuilder(name);
        for (int i = 0; i < 16; i++) {
            sb.append(' ').append(value(c.r[i]));
        }
        long flags = dev.flatland.cpu.Flags.read(c);
        sb.append(' ').append(Long.toHexString(flags & 0x240cd5)).append(' ');
        for (int i = 0; i < 256; i++) {
            sb.append(String.format("%02x", m.read8(BUF + i)));
        }
        assertEquals(expected, sb.toString());
    }
}
