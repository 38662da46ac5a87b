package dev.flatland.cpu.interp;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** String instructions with REP/REPE/REPNE, DF, 0x67 and faults mid-way against results recorded on an AMD EPYC (src/test/c/intx/strings.c). */
class StringsTest {
    @TestFactory
    Stream<DynamicTest> matchesHardware() {
        return IntxHardwareCases.tests("strings.txt");
    }
}
