package dev.flatland.cpu.interp;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** XCHG, CMPXCHG, CMPXCHG8B/16B and XADD against results recorded on an AMD EPYC (src/test/c/intx/atomics.c). */
class AtomicsTest {
    @TestFactory
    Stream<DynamicTest> matchesHardware() {
        return IntxHardwareCases.tests("atomics.txt");
    }
}
