/**
 * The interpreter engine over a cache of decoded blocks, with one handler family per file (ALU, shifts, moves, stack, branches, strings, SSE, x87). Intel SDM operand notation names the handlers.
 */
package dev.flatland.cpu.interp;
