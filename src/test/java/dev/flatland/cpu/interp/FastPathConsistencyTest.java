package dev.flatland.cpu.interp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flatland.cpu.CpuState;
import dev.flatland.cpu.Flags;
import dev.flatland.cpu.Trap;
import dev.flatland.memory.GuestMemory;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The interpreter's specialized fast forms (FastPath, including the flag-liveness shortcut) must
 * leave exactly the state the generic handlers leave. The generic handlers are themselves checked
 * against the real CPU (AluFlagsHardwareTest, EngineSnippetsHardwareTest and the extended-family
 * tests); this test runs random straight-line blocks once through the fast path and once through
 * the generic path (a budget that ends inside the block forces it) and compares registers,
 * RFLAGS and memory.
 */
final class FastPathConsistencyTest {
    private static final long CODE = GuestMemory.DEFAULT_BASE + 0x1000;
    private static final long DATA = GuestMemory.DEFAULT_BASE + 0x4000;
    private static final long[] EDGES = {0, 1, 2, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fff_ffffL, 0x8000_0000L,
        0xffff_ffffL, 0x1_0000_0000L, Long.MAX_VALUE, Long.MIN_VALUE, -1, -2, 0x0123456789abcdefL, 31, 32, 63, 64};
    /** Registers a random instruction may use: everything but RSP and RDI (the data pointer). */
    private static final int[] REGS = {0, 1, 2, 3, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15};

    private final Random rnd = new Random(7);

    private int reg() {
        return REGS[rnd.nextInt(REGS.length)];
    }

    /** REX prefix (W and the R/B extensions), or nothing when none is needed. */
    private static void rex(AluFlagsHardwareTest.ByteSink s, boolean w, int reg, int rm) {
        int rex = 0x40 | (w ? 8 : 0) | (reg >= 8 ? 4 : 0) | (rm >= 8 ? 1 : 0);
        if (rex != 0x40) {
            s.put(rex);
        }
    }

    private static int modrm(int mod, int reg, int rm) {
        return mod << 6 | (reg & 7) << 3 | (rm & 7);
    }

    private void emitRandom(AluFlagsHardwareTest.ByteSink s) {
        boolean w = rnd.nextBoolean();
        int a = reg();
        int b = reg();
        switch (rnd.nextInt(19)) {
            case 0 -> { // op Ev,Gv (all eight ALU operations)
                rex(s, w, b, a);
                s.put(rnd.nextInt(8) << 3 | 1).put(modrm(3, b, a));
            }
            case 1 -> { // op Gv,Ev
                rex(s, w, a, b);
                s.put(rnd.nextInt(8) << 3 | 3).put(modrm(3, a, b));
            }
            case 2 -> { // group 1 with imm8 or imm32
                rex(s, w, 0, a);
                boolean imm8 = rnd.nextBoolean();
                s.put(imm8 ? 0x83 : 0x81).put(modrm(3, rnd.nextInt(8), a));
                int imm = (int) EDGES[rnd.nextInt(EDGES.length)];
                s.put(imm);
                if (!imm8) {
                    s.put(imm >>> 8).put(imm >>> 16).put(imm >>> 24);
                }
            }
            case 3 -> { // shifts and rotates: C1 imm8, D1, D3 (CL)
                rex(s, w, 0, a);
                int form = rnd.nextInt(3);
                s.put(form == 0 ? 0xc1 : form == 1 ? 0xd1 : 0xd3).put(modrm(3, rnd.nextInt(8), a));
                if (form == 0) {
                    s.put(rnd.nextInt(80));
                }
            }
            case 4 -> { // IMUL Gv,Ev / Gv,Ev,Ib
                rex(s, w, a, b);
                if (rnd.nextBoolean()) {
                    s.put(0x0f).put(0xaf).put(modrm(3, a, b));
                } else {
                    s.put(0x6b).put(modrm(3, a, b)).put(rnd.nextInt(256));
                }
            }
            case 5 -> { // NOT, NEG, INC, DEC
                rex(s, w, 0, a);
                switch (rnd.nextInt(4)) {
                    case 0 -> s.put(0xf7).put(modrm(3, 2, a));
                    case 1 -> s.put(0xf7).put(modrm(3, 3, a));
                    case 2 -> s.put(0xff).put(modrm(3, 0, a));
                    default -> s.put(0xff).put(modrm(3, 1, a));
                }
            }
            case 6 -> { // TEST Ev,Gv
                rex(s, w, b, a);
                s.put(0x85).put(modrm(3, b, a));
            }
            case 7 -> { // MOV Ev,Gv / Gv,Ev
                rex(s, w, b, a);
                s.put(rnd.nextBoolean() ? 0x89 : 0x8b).put(modrm(3, b, a));
            }
            case 8 -> { // MOV r, imm32/imm64
                rex(s, w, 0, a);
                s.put(0xb8 | (a & 7));
                long v = EDGES[rnd.nextInt(EDGES.length)];
                for (int i = 0; i < (w ? 8 : 4); i++) {
                    s.put((int) (v >>> (8 * i)));
                }
            }
            case 9 -> { // LEA r, [b + a*scale + disp8]
                int base = b;
                int index = a == 4 ? 0 : a;
                int rexb = 0x40 | (w ? 8 : 0) | (a >= 8 ? 4 : 0) | (index >= 8 ? 2 : 0) | (base >= 8 ? 1 : 0);
                if (rexb != 0x40) {
                    s.put(rexb);
                }
                s.put(0x8d).put(modrm(1, a, 4)).put(rnd.nextInt(4) << 6 | (index & 7) << 3 | (base & 7))
                        .put(rnd.nextInt(256));
            }
            case 10 -> { // load/store [rdi+disp8]
                rex(s, w, a, 7);
                s.put(rnd.nextBoolean() ? 0x89 : 0x8b).put(modrm(1, a, 7)).put(rnd.nextInt(16) * 8);
            }
            case 11 -> { // op Gv,[rdi+disp8]
                rex(s, w, a, 7);
                s.put(rnd.nextInt(8) << 3 | 3).put(modrm(1, a, 7)).put(rnd.nextInt(16) * 8);
            }
            case 12 -> { // CMOVcc
                rex(s, w, a, b);
                s.put(0x0f).put(0x40 | rnd.nextInt(16)).put(modrm(3, a, b));
            }
            case 13 -> { // SETcc into [rdi+disp8]
                s.put(0x0f).put(0x90 | rnd.nextInt(16)).put(modrm(1, 0, 7)).put(128 + rnd.nextInt(16));
            }
            case 14 -> { // MOVZX r, r8 (with REX so that SIL/DIL... are used)
                s.put(0x40 | (w ? 8 : 0) | (a >= 8 ? 4 : 0) | (b >= 8 ? 1 : 0));
                s.put(0x0f).put(0xb6).put(modrm(3, a, b));
            }
            case 16 -> { // op [rdi+disp8],Gv (memory destination, all eight operations)
                rex(s, w, a, 7);
                s.put(rnd.nextInt(8) << 3 | 1).put(modrm(1, a, 7)).put(rnd.nextInt(16) * 8);
            }
            case 17 -> { // MOV [rdi+disp8], imm32
                rex(s, w, 0, 7);
                int imm = (int) EDGES[rnd.nextInt(EDGES.length)];
                s.put(0xc7).put(modrm(1, 0, 7)).put(rnd.nextInt(16) * 8)
                        .put(imm).put(imm >>> 8).put(imm >>> 16).put(imm >>> 24);
            }
            case 18 -> { // TEST r, imm32 (F7 /0) or TEST rAX, imm32 (A9)
                rex(s, w, 0, a);
                if (rnd.nextBoolean()) {
                    s.put(0xf7).put(modrm(3, 0, a));
                } else {
                    s.put(0xa9);
                }
                int imm = (int) EDGES[rnd.nextInt(EDGES.length)];
                s.put(imm).put(imm >>> 8).put(imm >>> 16).put(imm >>> 24);
            }
            default -> { // ALU with [rdi+disp8] and imm8
                rex(s, w, 0, 7);
                s.put(0x83).put(modrm(1, rnd.nextInt(8), 7)).put(rnd.nextInt(16) * 8).put(rnd.nextInt(256));
            }
        }
    }

    private record Result(long[] regs, long flags, byte[] data) {
    }

    private Result run(byte[] code, long[] regs, byte[] data, int insns, boolean precise) {
        GuestMemory m = GuestMemory.create(0x10_0000);
        m.write(CODE, code, 0, code.length);
        m.write(DATA, data, 0, data.length);
        CpuState c = new CpuState();
        System.arraycopy(regs, 0, c.r, 0, 16);
        c.r[CpuState.RDI] = DATA;
        c.r[CpuState.RSP] = m.end() - 0x100;
        c.rip = CODE;
        var e = Interpreter.create(m);
        if (precise) {
            assertEquals(Trap.BUDGET, e.run(c, insns)); // ends inside the block: generic handlers
        }
        Trap t = e.run(c, 1000);
        assertEquals(Trap.SYSCALL, t);
        byte[] out = new byte[data.length];
        m.read(DATA, out, 0, out.length);
        return new Result(c.r.clone(), Flags.read(c), out);
    }

    @Test
    void randomBlocksLeaveTheSameStateThroughFastAndGenericPaths() {
        for (int n = 0; n < 1500; n++) {
            AluFlagsHardwareTest.ByteSink s = new AluFlagsHardwareTest.ByteSink();
            int insns = 1 + rnd.nextInt(40);
            for (int i = 0; i < insns; i++) {
                emitRandom(s);
            }
            s.put(0x0f).put(0x05);
            byte[] code = s.toArray();
            long[] regs = new long[16];
            for (int i = 0; i < 16; i++) {
                regs[i] = rnd.nextInt(3) == 0 ? rnd.nextLong() : EDGES[rnd.nextInt(EDGES.length)];
            }
            byte[] data = new byte[256];
            rnd.nextBytes(data);
            Result fast = run(code, regs, data, insns, false);
            Result generic = run(code, regs, data, insns, true);
            String where = "block " + n + ": " + java.util.HexFormat.of().formatHex(code);
            assertArrayEquals(generic.regs, fast.regs, where);
            assertEquals(generic.flags, fast.flags, where);
            assertArrayEquals(generic.data, fast.data, where);
        }
    }
}
