package dev.flatland.cpu.interp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.flatland.cpu.CpuState;
import dev.flatland.cpu.Flags;
import dev.flatland.memory.GuestMemory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The dispatcher claims only its own families: opcodes that belong to the core switch, to the SSE
 * family or to MOVBE (0F38 F0/F1 without F2) come back false with the state untouched, so the
 * caller can route them elsewhere.
 */
class ExtDispatchTest {
    @ParameterizedTest
    @ValueSource(strings = {
        "op=0 reg=0 rm=1",                  // ADD Eb, Gb (core)
        "op=89 reg=0 rm=1 w",               // MOV (core)
        "op=90",                            // NOP
        "op=2f0 reg=0 rm=1",                // MOVBE Gy, My (cpu helper), register form for the test
        "op=2f1 reg=0 mem 66",              // MOVBE with 66
        "op=1c7 reg=6 rm=0",                // RDRAND
        "op=1b8 reg=0 rm=1",                // 0F B8 without F3 (JMPE, #UD elsewhere)
        "op=2f6 reg=0 rm=1 f2",             // 0F38 F6 with F2 is not ADCX/ADOX
        "op=158 vex vvvv=1 reg=0 rm=2",     // VADDPS (SSE/AVX family)
        "op=2f5 vex 66 vvvv=1 reg=0 rm=2",  // VEX 0F38 F5 with 66: not a BMI form
        "op=3f0 vex vvvv=0 reg=0 rm=2",     // VEX 0F3A F0 without F2: not RORX
    })
    void foreignOpcodesAreNotClaimed(String desc) {
        IntxHardwareCases.Encoding e = IntxHardwareCases.encode(desc);
        GuestMemory m = GuestMemory.create(GuestMemory.PAGE_SIZE);
        CpuState c = new CpuState();
        for (int i = 0; i < 16; i++) {
            c.r[i] = 0x0101010101010101L * (i + 1);
        }
        Flags.write(c, Flags.CF | Flags.ZF);
        long[] before = c.r.clone();
        long flags = Flags.read(c);
        assertFalse(ExtDispatch.exec(c, m, e.w(), m.base(), e.imm()));
        assertArrayEquals(before, c.r);
        assertEquals(flags, Flags.read(c));
    }
}
