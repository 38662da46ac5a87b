package dev.flatland.cpu.interp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatland.cpu.CpuFault;
import dev.flatland.cpu.CpuState;
import dev.flatland.cpu.decode.Insn;
import dev.flatland.memory.GuestMemory;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every opcode the interpreter routes to SSE, with every mandatory-prefix combination, REX.W, both
 * register and memory forms, all ModRM.reg values and random state and immediates, either completes
 * or raises a CpuFault: no other Java exception may escape (DESIGN.md principle 3).
 */
class SseRobustnessTest {
    @Test
    void noEncodingThrowsAnythingButCpuFault() {
        GuestMemory m = GuestMemory.create(1 << 16);
        SplittableRandom rnd = new SplittableRandom(42);
        long ea = GuestMemory.DEFAULT_BASE + 0x4000;
        int runs = 0;
        for (int map = 1; map <= 3; map++) {
            for (int b = 0; b < 256; b++) {
                int op = map << 8 | b;
                if (!OpcodeTable.isSse(op) && op != 0x1AE) {
                    continue;
                }
                for (int pf = 0; pf < 8; pf++) {
                    for (int form = 0; form < 4; form++) {
                        for (int reg = 0; reg < 16; reg += 3) {
                            long w = op | (long) reg << Insn.REG_SHIFT | (long) ((reg * 7) & 15) << Insn.RM_SHIFT;
                            w |= (pf & 1L) << Insn.P66_BIT | ((pf >> 1) & 1L) << Insn.PF3_BIT | ((pf >> 2) & 1L) << Insn.PF2_BIT;
                            if ((form & 1) != 0) {
                                w |= 1L << Insn.MEM_BIT;
                            } else {
                                w |= 3L << Insn.MOD_SHIFT;
                            }
                            if ((form & 2) != 0) {
                                w |= 1L << Insn.REXW_BIT | 1L << Insn.REX_BIT;
                            }
                            CpuState c = new CpuState();
                            for (int i = 0; i < 32; i++) {
                                c.xmm[i] = rnd.nextLong();
                            }
                            for (int i = 0; i < 16; i++) {
                                c.r[i] = rnd.nextLong();
                            }
                            c.r[CpuState.RDI] = ea;
                            c.mxcsr = rnd.nextInt(0x10000);
                            long a = ea + (rnd.nextBoolean() ? 0 : rnd.nextInt(16));
                            for (int i = 0; i < 64; i += 8) {
                                m.write64(a + i, rnd.nextLong());
                            }
                            try {
                                Sse.exec(c, m, w, a, rnd.nextInt(256));
                            } catch (CpuFault expected) {
                                // #UD, #GP, #XM are all fine
                            }
                            runs++;
                        }
                    }
                }
            }
        }
        assertTrue(runs > 10_000);
    }
}
