package dev.flatland.cpu.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatland.cpu.CpuState;
import dev.flatland.cpu.Flags;
import dev.flatland.memory.GuestMemory;
import dev.flatland.memory.MemoryFault;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * String instructions with REP/REPE/REPNE, DF, 0x67 and faults mid-way: the table recorded on an
 * AMD EPYC (src/test/c/intx/strings.c), plus properties the SDM states for cases the recording
 * cannot reach (segment overrides, counts far beyond its 128-byte buffer).
 */
class StringsTest {
    private static final long MIB = 1 << 20;

    @TestFactory
    Stream<DynamicTest> matchesHardware() {
        return IntxHardwareCases.tests("strings.txt");
    }

    private static boolean exec(CpuState c, GuestMemory m, String desc) {
        IntxHardwareCases.Encoding e = IntxHardwareCases.encode(desc);
        return ExtDispatch.exec(c, m, e.w(), 0, e.imm());
    }

    private static void pattern(GuestMemory m, long addr, int len) {
        for (int i = 0; i < len; i++) {
            m.write8(addr + i, i * 131 + (i >>> 8) * 7 + 3);
        }
    }

    /** SDM MOVS: each element is copied from DS:RSI to ES:RDI; a disjoint 1 MiB copy equals the source. */
    @Test
    void repMovsbCopiesAMebibyteAndAdvancesTheRegisters() {
        GuestMemory m = GuestMemory.create(4 * MIB);
        long src = m.base() + 0x1000;
        long dst = m.base() + 2 * MIB;
        pattern(m, src, (int) MIB);
        CpuState c = new CpuState();
        c.r[CpuState.RSI] = src;
        c.r[CpuState.RDI] = dst;
        c.r[CpuState.RCX] = MIB;
        assertTrue(exec(c, m, "op=a4 f3"));
        for (long i = 0; i < MIB; i += 4093) {
            assertEquals(m.read8(src + i), m.read8(dst + i), "byte " + i);
        }
        assertEquals(src + MIB, c.r[CpuState.RSI]);
        assertEquals(dst + MIB, c.r[CpuState.RDI]);
        assertEquals(0, c.r[CpuState.RCX]);
    }

    /** Element-wise semantics: with RDI = RSI + 1 every byte becomes a copy of the first. */
    @Test
    void overlappingForwardRepMovsbReplicatesTheFirstByte() {
        GuestMemory m = GuestMemory.create(MIB);
        long src = m.base() + 0x100;
        pattern(m, src, 300_000);
        int first = m.read8(src);
        CpuState c = new CpuState();
        c.r[CpuState.RSI] = src;
        c.r[CpuState.RDI] = src + 1;
        c.r[CpuState.RCX] = 299_999;
        exec(c, m, "op=a4 f3");
        for (long i = 0; i < 300_000; i += 997) {
            assertEquals(first, m.read8(src + i), "byte " + i);
        }
    }

    /** Backward REP STOSQ over a large range: every quadword written, RDI ends one element below. */
    @Test
    void backwardRepStosqFillsDownward() {
        GuestMemory m = GuestMemory.create(MIB);
        long top = m.base() + 0x80000;
        CpuState c = new CpuState();
        Flags.write(c, Flags.DF);
        c.r[CpuState.RAX] = 0x0123456789abcdefL;
        c.r[CpuState.RDI] = top;
        c.r[CpuState.RCX] = 40_000;
        exec(c, m, "op=ab f3 w");
        assertEquals(0x0123456789abcdefL, m.read64(top));
        assertEquals(0x0123456789abcdefL, m.read64(top - 8 * 39_999));
        assertEquals(0, m.read64(top - 8 * 40_000));
        assertEquals(top - 8 * 40_000, c.r[CpuState.RDI]);
    }

    /** A count that runs off the end of RAM stops at the first element outside, with RCX counting the rest. */
    @Test
    void repStosbIntoUnmappedMemoryStopsAtTheBoundary() {
        GuestMemory m = GuestMemory.create(MIB);
        CpuState c = new CpuState();
        c.r[CpuState.RAX] = 0x5a;
        c.r[CpuState.RDI] = m.end() - 100;
        c.r[CpuState.RCX] = 1000;
        assertThrows(MemoryFault.class, () -> exec(c, m, "op=aa f3"));
        assertEquals(m.end(), c.r[CpuState.RDI]);
        assertEquals(900, c.r[CpuState.RCX]);
        assertEquals(0x5a, m.read8(m.end() - 1));
    }

    /**
     * SDM MOVS/LODS/CMPS: a segment override applies to the source DS:RSI only; RSI itself advances
     * by the element size (the FS base is not added to the register).
     */
    @Test
    void fsOverrideRelocatesTheSourceOnly() {
        GuestMemory m = GuestMemory.create(MIB);
        long base = m.base();
        m.write64(base + 0x5000, 0x1122334455667788L);
        CpuState c = new CpuState();
        c.fsBase = 0x4000;
        c.r[CpuState.RSI] = base + 0x1000;
        c.r[CpuState.RDI] = base + 0x8000;
        exec(c, m, "op=a5 w fs");
        assertEquals(0x1122334455667788L, m.read64(base + 0x8000));
        assertEquals(base + 0x1008, c.r[CpuState.RSI]);
        assertEquals(base + 0x8008, c.r[CpuState.RDI]);
        c.r[CpuState.RSI] = base + 0x1000;
        exec(c, m, "op=ac fs");
        assertEquals(0x88, c.r[CpuState.RAX] & 0xff);
    }

    /** REPNE SCASB over a long run: stops after the match with RDI one past it. */
    @Test
    void repneScasbFindsAByteFarAway() {
        GuestMemory m = GuestMemory.create(MIB);
        long s = m.base() + 0x100;
        m.write8(s + 500_000, 0x7e);
        CpuState c = new CpuState();
        c.r[CpuState.RAX] = 0x7e;
        c.r[CpuState.RDI] = s;
        c.r[CpuState.RCX] = -1L;
        exec(c, m, "op=ae f2");
        assertEquals(s + 500_001, c.r[CpuState.RDI]);
        assertEquals(-1L - 500_001, c.r[CpuState.RCX]);
        assertEquals(Flags.ZF, Flags.read(c) & Flags.ZF);
    }
}
