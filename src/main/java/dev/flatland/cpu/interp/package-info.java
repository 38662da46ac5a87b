/**
 * The interpreter engine over a cache of decoded blocks. {@code Interpreter} runs blocks from
 * {@code BlockCache} (keyed by start RIP, dropped or re-checked when their code page is written);
 * {@code FastPath} gives frequent instructions specialized forms, including flag-free forms when a
 * later instruction of the block overwrites the flags unobserved; everything else goes through
 * {@code OpcodeTable}, one line per opcode, to the handler families: {@code Alu}, {@code Moves},
 * {@code Stack}, {@code Branches}, {@code SystemOps} (core), {@code ExtDispatch} (strings, shifts,
 * bit operations, multiply/divide, atomics, BMI), {@code X87} and {@code Sse}. Handlers use Intel
 * SDM operand notation; {@code Operands} is the shared operand access.
 */
package dev.flatland.cpu.interp;
