/**
 * The x86-64 decoder (Intel SDM vol. 2 ch. 2): {@code Decoder} works in stages (legacy prefixes,
 * REX or VEX, opcode map 0F/0F38/0F3A, ModRM, SIB, displacement, immediate) over a byte window and
 * never throws; undefined encodings decode to a #UD instruction. {@code OpcodeInfo} holds the
 * per-opcode properties of the one-byte and 0F maps. The result is packed in a {@code long} read
 * through {@code Insn}'s static accessors; {@code DecodedBlock} holds a run of instructions as
 * parallel arrays (its class comment states the immediate convention). This package reads no
 * guest memory itself: the engine fetches the window.
 */
package dev.flatland.cpu.decode;
