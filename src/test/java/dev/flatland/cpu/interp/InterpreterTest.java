package dev.flatland.cpu.interp;

import dev.flatland.cpu.ExecutionEngine;
import dev.flatland.memory.GuestMemory;

/** The engine contract on the interpreter. */
final class InterpreterTest extends EngineContractTest {
    @Override
    ExecutionEngine engine(GuestMemory memory) {
        return Interpreter.create(memory);
    }
}
