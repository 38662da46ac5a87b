/**
 * The x86-64 decoder: prefixes, opcode maps, ModRM, SIB, displacement and immediate, packed into a {@code long} read through {@code Insn}'s static accessors; {@code DecodedBlock} holds a basic block as parallel arrays.
 */
package dev.flatland.cpu.decode;
