package dev.flatland.cpu.decode;

/**
 * A run of decoded instructions starting at one RIP, as parallel arrays (Blink's and QEMU's
 * translation-block idea): {@code insn[i]} is the packed {@link Insn}, {@code disp[i]} its
 * displacement and {@code imm[i]} its immediate. The run ends after a control transfer, a
 * syscall, an instruction that always faults (#UD, privileged), or at the size cap.
 *
 * <p>Immediate convention: {@code imm} holds one-byte-map immediates sign-extended from their
 * encoded size to 64 bits (imm8, imm16, imm32; imm64 for B8+r with REX.W; the 8- or 4-byte
 * address of the moffs forms A0-A3). Immediates of maps 0F, 0F38 and 0F3A (SSE selectors, shift
 * counts, BT bit offsets) are zero-extended imm8 values 0..255. For relative branches (70-7F,
 * E0-E3, E8, E9, EB, 0F 80-8F) {@code imm} is the absolute target address. ENTER (C8 iw ib)
 * stores {@code iw | ib << 16}.
 */
public final class DecodedBlock {
    /** Most instructions in one block. */
    public static final int MAX_INSNS = 64;

    /** Guest address of the first instruction. */
    public final long start;
    /** Guest address one past the last byte of the last instruction. */
    public long end;
    /** Number of instructions. */
    public int count;
    public final long[] insn = new long[MAX_INSNS];
    public final int[] disp = new int[MAX_INSNS];
    public final long[] imm = new long[MAX_INSNS];
    /** Engine-owned annotation per instruction (the interpreter stores its specialized form here). */
    public final int[] aux = new int[MAX_INSNS];
    /** Engine-owned: the interpreter's dispatch slots (see its FastPath.slots). */
    public long[] slots;
    /** Engine-owned: the address of the instruction after instruction {@code i}. */
    public final long[] next = new long[MAX_INSNS];
    /** Engine-owned: the constant part of instruction {@code i}'s effective address (the interpreter's). */
    public final long[] eaConst = new long[MAX_INSNS];
    /** True when the last instruction is {@code syscall}: the engine returns a syscall trap after it. */
    public boolean endsWithSyscall;
    /** The instruction bytes the block was decoded from (to re-check it after a write to its page). */
    public byte[] bytes;
    /** Cleared when guest code writes to a page the block was decoded from. */
    public boolean valid = true;
    /** Cached successors (engine-owned block chaining); validated by start address and {@link #valid}. */
    public DecodedBlock next0;
    public DecodedBlock next1;

    public DecodedBlock(long start) {
        this.start = start;
        this.end = start;
    }
}
