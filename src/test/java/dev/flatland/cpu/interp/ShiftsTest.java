package dev.flatland.cpu.interp;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Group 2 shifts/rotates and SHLD/SHRD against results recorded on an AMD EPYC (src/test/c/intx/shifts.c). */
class ShiftsTest {
    @TestFactory
    Stream<DynamicTest> matchesHardware() {
        return IntxHardwareCases.testsWithDeadFlags("shifts.txt");
    }
}
