package dev.flatland.cpu.interp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatland.cpu.CpuState;
import dev.flatland.cpu.Trap;
import dev.flatland.memory.GuestMemory;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The SSE fast forms ({@link SseFast}) must leave exactly the state the generic SSE handlers leave
 * (those are checked against the real CPU by SseHardwareTest and SseKernelsTest). Random
 * straight-line blocks of the covered encodings, plus some near misses that must stay generic
 * (MMX forms, F2 prefix), run once through the fast path and once through the generic handlers (a
 * budget that ends inside the block forces them); XMM registers, general registers and memory
 * must match, and so must faults (a misaligned MOVDQA or PXOR m128).
 */
final class SseFastConsistencyTest {
    private static final long CODE = GuestMemory.DEFAULT_BASE + 0x1000;
    private static final long DATA = GuestMemory.DEFAULT_BASE + 0x4000;
    private static final int[] GPRS = {0, 1, 2, 3, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15};

    private final Random rnd = new Random(11);

    private static int modrm(int mod, int reg, int rm) {
        return mod << 6 | (reg & 7) << 3 | (rm & 7);
    }

    /** prefix, optional REX, 0F, opcode, ModRM (register form with xmm a, b or [rdi+disp8]). */
    private void emit(AluFlagsHardwareTest.ByteSink s, int prefix, boolean w, int op, boolean mem, int a, int b,
            boolean aligned) {
        if (prefix != 0) {
            s.put(prefix);
        }
        int rex = 0x40 | (w ? 8 : 0) | (a >= 8 ? 4 : 0) | (!mem && b >= 8 ? 1 : 0);
        if (rex != 0x40) {
            s.put(rex);
        }
        s.put(0x0f).put(op);
        if (mem) {
            int disp = aligned ? rnd.nextInt(12) * 16 : rnd.nextInt(190);
            s.put(modrm(1, a, 7)).put(disp);
        } else {
            s.put(modrm(3, a, b));
        }
    }

    private void emitRandom(AluFlagsHardwareTest.ByteSink s, boolean misalign) {
        int a = rnd.nextInt(16);
        int b = rnd.nextInt(16);
        boolean mem = rnd.nextInt(3) == 0;
        boolean aligned = !misalign || rnd.nextInt(8) != 0;
        int[] packed = {0xEF, 0xEB, 0xDB, 0xDF, 0xFE, 0xFA, 0xD4, 0xFB, 0x62, 0x6A, 0x6C, 0x6D, 0x61, 0x60, 0x68, 0x69,
            0x67};
        switch (rnd.nextInt(11)) {
            case 0 -> emit(s, 0x66, false, rnd.nextBoolean() ? 0x6F : 0x7F, mem, a, b, aligned); // movdqa
            case 1 -> emit(s, 0xF3, false, rnd.nextBoolean() ? 0x6F : 0x7F, mem, a, b, false); // movdqu
            case 2 -> { // movaps/movups/movapd/movupd both directions
                int[] ops = {0x28, 0x29, 0x10, 0x11};
                int op = ops[rnd.nextInt(4)];
                emit(s, rnd.nextBoolean() ? 0x66 : 0, false, op, mem, a, b, op <= 0x11 ? false : aligned);
            }
            case 3 -> emit(s, 0xF3, false, 0x7E, mem, a, b, false); // movq xmm, xmm/m64
            case 4 -> emit(s, 0x66, false, 0xD6, mem, a, b, false); // movq xmm/m64, xmm
            case 5 -> { // movd/movq xmm <-> r/m with a general register
                int g = GPRS[rnd.nextInt(GPRS.length)];
                emit(s, 0x66, rnd.nextBoolean(), rnd.nextBoolean() ? 0x6E : 0x7E, mem, a, g, false);
            }
            case 6 -> emit(s, 0x66, false, packed[rnd.nextInt(packed.length)], mem, a, b, aligned);
            case 7 -> { // immediate shifts, including counts past the element width
                int[][] forms = {{0x72, 2}, {0x72, 4}, {0x72, 6}, {0x73, 2}, {0x73, 3}, {0x73, 6}, {0x73, 7}, {0x71, 2},
                    {0x71, 6}};
                int[] f = forms[rnd.nextInt(forms.length)];
                emit(s, 0x66, false, f[0], false, f[1], b, false);
                int[] counts = {0, 1, 3, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 65, 255};
                s.put(counts[rnd.nextInt(counts.length)]);
            }
            case 8 -> { // pshufd
                emit(s, 0x66, false, 0x70, mem, a, b, aligned);
                s.put(rnd.nextInt(256));
            }
            case 9 -> emit(s, 0, false, 0xEF, false, a & 7, b & 7, false); // MMX pxor: stays generic
            default -> emit(s, 0xF2, false, 0x10, false, a, b, false); // movsd: stays generic
        }
    }

    private record Result(long[] regs, long[] xmm, byte[] data, Trap trap, long rip) {
    }

    /**
     * One guest RAM and engine for all runs (each GuestMemory keeps its block cache alive, so a new
     * one per run would pile up direct memory): the code cache is flushed before each run.
     */
    private final GuestMemory mem = GuestMemory.create(0x10_0000);
    private final dev.flatland.cpu.ExecutionEngine engine = Interpreter.create(mem);

    private Result run(byte[] code, long[] regs, long[] xmm, byte[] data, int insns, boolean precise) {
        GuestMemory m = mem;
        m.fill(CODE, 0x1000, (byte) 0);
        m.write(CODE, code, 0, code.length);
        engine.flushCodeCache();
        m.fill(DATA - 0x100, 0x200, (byte) 0); // disp8 reaches [rdi-128, rdi+127+16)
        m.write(DATA, data, 0, data.length);
        CpuState c = new CpuState();
        System.arraycopy(regs, 0, c.r, 0, 16);
        System.arraycopy(xmm, 0, c.xmm, 0, 32);
        c.r[CpuState.RDI] = DATA;
        c.r[CpuState.RSP] = m.end() - 0x100;
        c.rip = CODE;
        var e = engine;
        Trap t = null;
        if (precise) {
            t = e.run(c, insns);
        }
        if (t == null || t == Trap.BUDGET) {
            t = e.run(c, 1000);
        }
        byte[] out = new byte[data.length + 0x100];
        m.read(DATA - 0x100, out, 0, out.length);
        return new Result(c.r.clone(), c.xmm.clone(), out, t, c.rip);
    }

    @Test
    void randomSseBlocksLeaveTheSameStateThroughFastAndGenericPaths() {
        int faults = 0;
        for (int n = 0; n < 1500; n++) {
            AluFlagsHardwareTest.ByteSink s = new AluFlagsHardwareTest.ByteSink();
            int insns = 1 + rnd.nextInt(30);
            boolean misalign = n % 4 == 0;
            for (int i = 0; i < insns; i++) {
                emitRandom(s, misalign);
            }
            s.put(0x0f).put(0x05);
            byte[] code = s.toArray();
            long[] regs = new long[16];
            for (int i = 0; i < 16; i++) {
                regs[i] = rnd.nextLong();
            }
            long[] xmm = new long[32];
            for (int i = 0; i < 32; i++) {
                xmm[i] = rnd.nextLong();
            }
            byte[] data = new byte[256];
            rnd.nextBytes(data);
            Result fast = run(code, regs, xmm, data, insns, false);
            Result generic = run(code, regs, xmm, data, insns, true);
            String where = "block " + n + ": " + java.util.HexFormat.of().formatHex(code);
            assertEquals(generic.trap.getClass(), fast.trap.getClass(), where);
            if (fast.trap != Trap.SYSCALL) {
                faults++;
                assertEquals(generic.trap, fast.trap, where);
            }
            assertEquals(generic.rip, fast.rip, where);
            assertArrayEquals(generic.regs, fast.regs, where);
            assertArrayEquals(generic.xmm, fast.xmm, where);
            assertArrayEquals(generic.data, fast.data, where);
        }
        assertNotEquals(0, faults, "some blocks should have hit a misaligned 16-byte operand");
    }

    @Test
    void coveredEncodingsTakeTheFastForm() {
        // 66 0F FE C1 paddd xmm0, xmm1; F3 0F 7E 47 08 movq xmm0, [rdi+8]; 66 0F 72 D0 07 psrld xmm0, 7
        long[][] cases = {{0x66, 0x0f, 0xfe, 0xc1}, {0xf3, 0x0f, 0x7e, 0x47, 0x08}, {0x66, 0x0f, 0x72, 0xd0, 0x07}};
        for (long[] bytes : cases) {
            byte[] code = new byte[bytes.length + 2];
            for (int i = 0; i < bytes.length; i++) {
                code[i] = (byte) bytes[i];
            }
            code[bytes.length] = 0x0f;
            code[bytes.length + 1] = 0x05;
            GuestMemory m = mem;
            m.write(CODE, code, 0, code.length);
            BlockCache cache = new BlockCache(m);
            var b = cache.decode(CODE);
            int kind = b.aux[0] & 0xff;
            // SseFast.exec, or one of the forms the engine runs inline (SSE_INLINE + op)
            assertTrue(kind == FastPath.SSE || kind >= FastPath.SSE_INLINE, java.util.HexFormat.of().formatHex(code)
                    + " has kind " + kind);
        }
    }
}
