package dev.flatland.cpu.interp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flatland.cpu.CpuFault;
import dev.flatland.cpu.CpuState;
import dev.flatland.cpu.Trap;
import dev.flatland.cpu.decode.Insn;
import dev.flatland.memory.GuestMemory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * FXSAVE/FXRSTOR images against sse/fxsave.txt, produced on AMD EPYC by src/test/c/sse/fxsave.c
 * (state: FNINIT, FLDCW 0x027F, FLD1, FLDPI, FLDZ, MXCSR 0x9FC5, XMMi = bytes 16i..16i+15). Bytes
 * 28..31 (MXCSR_MASK) are vendor-specific (AMD reports 0x2FFFF with MM; Flatland reports Intel's
 * 0xFFFF) and are not compared. The "mmx" image checks MMX aliasing: FNINIT, FLD1, MOVQ mm3, m64.
 */
class SseFxsaveTest {
    static final long ADDR = GuestMemory.DEFAULT_BASE + 0x2000;

    static Map<String, byte[]> images() throws IOException {
        Map<String, byte[]> r = new HashMap<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                SseFxsaveTest.class.getResourceAsStream("/sse/fxsave.txt"), StandardCharsets.US_ASCII))) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] t = line.split(" ");
                byte[] img = r.computeIfAbsent(t[0], k -> new byte[512]);
                int off = Integer.parseInt(t[1]);
                for (int k = 0; k < 32; k++) {
                    img[off + k] = (byte) Integer.parseInt(t[2 + k], 16);
                }
            }
        }
        return r;
    }

    static CpuState knownState() {
        CpuState c = new CpuState();
        c.fpu.fcw = 0x027F;
        c.fpu.top = 5;
        c.fpu.ftw = 0x3FF | 1 << 10; // phys 0-4 empty, 5 zero, 6-7 valid
        c.fpu.mant[6] = 0xC90FDAA22168C235L;
        c.fpu.sexp[6] = 0x4000;
        c.fpu.mant[7] = 0x8000000000000000L;
        c.fpu.sexp[7] = 0x3FFF;
        c.mxcsr = 0x9FC5;
        for (int i = 0; i < 32; i++) {
            long v = 0;
            for (int k = 0; k < 8; k++) {
                v |= (long) (8 * i + k) << (8 * k);
            }
            c.xmm[i] = v;
        }
        return c;
    }

    static long insn(int digit, boolean rexW) {
        long w = 0x1AE | (long) digit << Insn.REG_SHIFT | 1L << Insn.MEM_BIT;
        return rexW ? w | 1L << Insn.REXW_BIT | 1L << Insn.REX_BIT : w;
    }

    private static byte[] saved(GuestMemory m) {
        byte[] b = new byte[512];
        m.read(ADDR, b, 0, 512);
        b[28] = b[29] = b[30] = b[31] = 0;
        return b;
    }

    private static byte[] masked(byte[] img) {
        byte[] b = img.clone();
        b[28] = b[29] = b[30] = b[31] = 0;
        return b;
    }

    @Test
    void fxsave64AndFxsaveImagesMatchHardware() throws IOException {
        Map<String, byte[]> hw = images();
        for (String form : new String[] {"fxsave64", "fxsave"}) {
            GuestMemory m = GuestMemory.create(1 << 16);
            m.fill(ADDR, 512, (byte) 0xA5);
            Sse.exec(knownState(), m, insn(0, form.equals("fxsave64")), ADDR, 0);
            assertArrayEquals(masked(hw.get(form)), saved(m), form);
        }
    }

    @Test
    void fxrstorOfHardwareImageRestoresTheState() throws IOException {
        GuestMemory m = GuestMemory.create(1 << 16);
        m.write(ADDR, images().get("fxsave64"), 0, 512);
        CpuState c = new CpuState();
        Sse.exec(c, m, insn(1, true), ADDR, 0);
        CpuState want = knownState();
        assertEquals(want.fpu.fcw, c.fpu.fcw);
        assertEquals(want.fpu.top, c.fpu.top);
        assertEquals(want.fpu.ftw, c.fpu.ftw);
        assertArrayEquals(want.fpu.mant, c.fpu.mant);
        assertArrayEquals(want.fpu.sexp, c.fpu.sexp);
        assertEquals(want.mxcsr, c.mxcsr);
        assertArrayEquals(want.xmm, c.xmm);
    }

    @Test
    void mmxWriteSetsTopZeroTagsValidAndExponentOnes() throws IOException {
        GuestMemory m = GuestMemory.create(1 << 16);
        CpuState c = knownState();
        c.fpu.init(); // FNINIT keeps the register contents
        c.fpu.top = 7; // FLD1
        c.fpu.setReg(7, 0x3FFF, 0x8000000000000000L);
        long src = ADDR + 1024;
        m.write64(src, 0x0706050403020100L);
        Sse.exec(c, m, 0x16FL | 3L << Insn.REG_SHIFT | 1L << Insn.MEM_BIT, src, 0); // movq mm3, [src]
        m.fill(ADDR, 512, (byte) 0xA5);
        Sse.exec(c, m, insn(0, true), ADDR, 0);
        assertArrayEquals(masked(images().get("mmx")), saved(m));
    }

    @Test
    void cvtpi2psAndCvtpi2pdFromMemoryDoNotEnterMmxMode() throws IOException {
        for (String form : new String[] {"cvtpi2ps_m", "cvtpi2pd_m"}) {
            GuestMemory m = GuestMemory.create(1 << 16);
            CpuState c = knownState();
            c.fpu.mant[3] = 0x0706050403020100L; // left by the "mmx" step before it
            c.fpu.sexp[3] = 0xFFFF;
            c.fpu.init();
            c.fpu.top = 7;
            c.fpu.setReg(7, 0x3FFF, 0x8000000000000000L);
            byte[] hw = images().get(form);
            long hi = 0;
            for (int k = 0; k < 8; k++) {
                hi |= (hw[168 + k] & 0xFFL) << (8 * k); // XMM0[127:64], which CVTPI2PS keeps
            }
            c.xmm[1] = hi;
            if (form.endsWith("pd_m")) {
                c.mxcsr |= 0x20; // PE stays set from the CVTPI2PS just before it in the same run
            }
            long src = ADDR + 1024;
            m.write64(src, 0x0706050403020100L);
            long w = 0x12AL | 1L << Insn.MEM_BIT | (form.endsWith("pd_m") ? 1L << Insn.P66_BIT : 0);
            Sse.exec(c, m, w, src, 0);
            m.fill(ADDR, 512, (byte) 0xA5);
            Sse.exec(c, m, insn(0, true), ADDR, 0);
            assertArrayEquals(masked(images().get(form)), saved(m), form);
        }
    }

    @Test
    void misalignedFxsaveAndReservedMxcsrRaiseGeneralProtection() {
        GuestMemory m = GuestMemory.create(1 << 16);
        CpuFault f = assertThrows(CpuFault.class, () -> Sse.exec(new CpuState(), m, insn(0, true), ADDR + 8, 0));
        assertEquals(Trap.SIGSEGV, f.signal());
        assertEquals(Trap.SI_KERNEL, f.siCode());
        // FXRSTOR with MXCSR bit 16 set: #GP (SDM vol. 2 FXRSTOR, "Protected Mode Exceptions").
        m.fill(ADDR, 512, (byte) 0);
        m.write32(ADDR + 24, 0x1_1F80);
        CpuState c = new CpuState();
        f = assertThrows(CpuFault.class, () -> Sse.exec(c, m, insn(1, true), ADDR, 0));
        assertEquals(Trap.SIGSEGV, f.signal());
        assertEquals(0x1F80, c.mxcsr);
    }
}
