package dev.flatland.cpu.interp;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Group 3 (TEST NOT NEG MUL IMUL DIV IDIV) and IMUL 0F AF / 69 / 6B against results recorded on an AMD EPYC (src/test/c/intx/muldiv.c). */
class MulDivTest {
    @TestFactory
    Stream<DynamicTest> matchesHardware() {
        return IntxHardwareCases.testsWithDeadFlags("muldiv.txt");
    }
}
