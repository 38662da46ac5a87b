package dev.flatland.cpu.interp;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.flatland.cpu.CpuFault;
import dev.flatland.cpu.CpuState;
import dev.flatland.cpu.decode.Insn;
import dev.flatland.memory.GuestMemory;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * Guest-proofing: every D8..DF encoding, register and memory form, on random stack contents and
 * random memory (arbitrary bit patterns: unnormals, pseudo-NaNs, huge and tiny exponents, random
 * control words) must finish quickly and may only throw CpuFault (#UD for reserved encodings,
 * SIGFPE for a pending unmasked exception), never another Java exception or a hang.
 */
class X87RobustnessTest {
    static final GuestMemory MEM = GuestMemory.create(1 << 16);

    static long value(SplittableRandom r) {
        long m = r.nextLong();
        return switch (r.nextInt(4)) {
            case 0 -> m | F80.INT_BIT;
            case 1 -> m >>> r.nextInt(64);
            default -> m;
        };
    }

    static int sexp(SplittableRandom r) {
        return switch (r.nextInt(5)) {
            case 0 -> r.nextInt(0x10000);
            case 1 -> (r.nextInt(2) << 15) | (r.nextBoolean() ? r.nextInt(70) : 0x7fff - r.nextInt(70));
            default -> (r.nextInt(2) << 15) | (0x3fff + r.nextInt(140) - 70);
        };
    }

    @Test
    void everyEncodingOnRandomStateFinishesWithoutJavaExceptions() {
        SplittableRandom r = new SplittableRandom(0x87);
        long base = MEM.base() + 0x100;
        long worst = 0;
        for (int round = 0; round < 60; round++) {
            for (int esc = 0xd8; esc <= 0xdf; esc++) {
                for (int modrm = 0; modrm < 256; modrm++) {
                    if ((modrm >> 6) != 3 && (modrm >> 6) != 0) {
                        continue;                               // one memory form per /digit is enough
                    }
                    CpuState c = new CpuState();
                    c.fpu.fcw = r.nextInt(0x2000);
                    c.fpu.top = r.nextInt(8);
                    c.fpu.ftw = r.nextInt(0x10000);
                    for (int i = 0; i < 8; i++) {
                        c.fpu.sexp[i] = sexp(r);
                        c.fpu.mant[i] = value(r);
                    }
                    for (int i = 0; i < 128; i += 8) {
                        MEM.write64(base + i, i == 8 ? sexp(r) : value(r));
                    }
                    int mod = modrm >> 6;
                    long w = esc | (long) (r.nextInt(8) == 0 ? Insn.OS16 : Insn.OS32) << Insn.OPSIZE_SHIFT
                            | (long) mod << Insn.MOD_SHIFT | (long) ((modrm >> 3) & 7) << Insn.REG_SHIFT
                            | (long) (modrm & 7) << Insn.RM_SHIFT | 2L << Insn.LEN_SHIFT;
                    if (mod != 3) {
                        w |= 1L << Insn.MEM_BIT;
                    }
                    long t0 = System.nanoTime();
                    try {
                        X87.exec(c, MEM, w, base);
                    } catch (CpuFault expected) {
                        // #UD or a pending unmasked exception
                    } catch (RuntimeException e) {
                        fail(String.format("%02x %02x threw %s", esc, modrm, e), e);
                    }
                    worst = Math.max(worst, System.nanoTime() - t0);
                }
            }
        }
        assertTrue(worst < 2_000_000_000L, "slowest instruction took " + worst / 1_000_000 + " ms");
    }
}
