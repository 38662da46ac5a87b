package dev.flatland.cpu.interp;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** BT*, BSF/BSR, TZCNT/LZCNT, POPCNT, BMI1/BMI2, CRC32 and ADCX/ADOX against results recorded on an AMD EPYC (src/test/c/intx/bitops.c). */
class BitOpsTest {
    @TestFactory
    Stream<DynamicTest> matchesHardware() {
        return IntxHardwareCases.testsWithDeadFlags("bitops.txt");
    }
}
