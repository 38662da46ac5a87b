package dev.flatland.cpu.interp;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The eager flags of the extended families meet the core's lazy flags: a core ALU instruction
 * followed by one that reads CF/OF or keeps some flags (RCL, RCR, ADCX, ADOX, BT, a shift by CL,
 * ROR, MUL, BSF, TZCNT, DIV, CMPXCHG8B), run through the interpreter and compared with results
 * recorded on an AMD EPYC (src/test/c/intx/sequences.c).
 */
class ExtFlagsTest {
    @TestFactory
    Stream<DynamicTest> sequencesMatchHardware() {
        return IntxHardwareCases.sequenceTests("sequences.txt");
    }
}
