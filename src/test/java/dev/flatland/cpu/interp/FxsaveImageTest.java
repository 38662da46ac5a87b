package dev.flatland.cpu.interp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flatland.cpu.CpuState;
import dev.flatland.cpu.FxsaveImage;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * cpu.FxsaveImage (the signal frame's fpstate) against the same hardware FXSAVE64 image that
 * SseFxsaveTest uses (sse/fxsave.txt, produced on AMD EPYC by src/test/c/sse/fxsave.c). Bytes 28..31
 * (MXCSR_MASK, vendor-specific) and 416..511 (left untouched by the instruction) are not compared.
 */
class FxsaveImageTest {
    @Test
    void saveMatchesTheHardwareImage() throws IOException {
        byte[] hw = SseFxsaveTest.images().get("fxsave64").clone();
        byte[] ours = FxsaveImage.save(SseFxsaveTest.knownState());
        for (int i = 28; i < 32; i++) {
            hw[i] = 0;
            ours[i] = 0;
        }
        assertArrayEquals(Arrays.copyOf(hw, 416), Arrays.copyOf(ours, 416));
        assertEquals(512, ours.length);
    }

    @Test
    void restoreOfTheHardwareImageGivesTheState() throws IOException {
        CpuState c = new CpuState();
        FxsaveImage.restore(c, SseFxsaveTest.images().get("fxsave64"));
        CpuState want = SseFxsaveTest.knownState();
        assertEquals(want.fpu.fcw, c.fpu.fcw);
        assertEquals(want.fpu.top, c.fpu.top);
        assertEquals(want.fpu.ftw, c.fpu.ftw);
        assertArrayEquals(want.fpu.mant, c.fpu.mant);
        assertArrayEquals(want.fpu.sexp, c.fpu.sexp);
        assertEquals(want.mxcsr, c.mxcsr);
        assertArrayEquals(want.xmm, c.xmm);
    }

    @Test
    void reservedMxcsrBitsMakeTheImageInvalid() {
        byte[] img = FxsaveImage.save(new CpuState());
        assertEquals(true, FxsaveImage.mxcsrValid(img));
        img[26] = 0x01; // MXCSR bit 16: reserved
        assertEquals(false, FxsaveImage.mxcsrValid(img));
    }
}
