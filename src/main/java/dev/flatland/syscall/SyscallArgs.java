package dev.flatland.syscall;

import dev.flatland.cpu.CpuState;

/**
 * The six syscall arguments (RDI, RSI, RDX, R10, R8, R9 in the x86-64 syscall ABI), typed by the
 * C type of the parameter. Handlers read arguments only through this record-like view.
 */
final class SyscallArgs {
    // Six fields, not an array: one small allocation per syscall, and raw(i) is a switch the JIT folds
    // when i is a constant (every handler passes a literal).
    private long a0;
    private long a1;
    private long a2;
    private long a3;
    private long a4;
    private long a5;

    SyscallArgs(CpuState cpu) {
        load(cpu);
    }

    /** Reads the six argument registers again (the dispatcher reuses one instance per syscall). */
    SyscallArgs load(CpuState cpu) {
        long[] r = cpu.r;
        a0 = r[CpuState.RDI];
        a1 = r[CpuState.RSI];
        a2 = r[CpuState.RDX];
        a3 = r[10];
        a4 = r[8];
        a5 = r[9];
        return this;
    }

    /** For tests: arguments given directly. */
    static SyscallArgs of(long... args) {
        SyscallArgs a = new SyscallArgs(new CpuState());
        long[] v = java.util.Arrays.copyOf(args, 6);
        a.a0 = v[0];
        a.a1 = v[1];
        a.a2 = v[2];
        a.a3 = v[3];
        a.a4 = v[4];
        a.a5 = v[5];
        return a;
    }

    /** The raw 64-bit register. */
    long raw(int i) {
        return switch (i) {
            case 0 -> a0;
            case 1 -> a1;
            case 2 -> a2;
            case 3 -> a3;
            case 4 -> a4;
            case 5 -> a5;
            default -> throw new IndexOutOfBoundsException(i);
        };
    }

    /** An {@code int fd} (the low 32 bits, sign-extended). */
    int fd(int i) {
        return (int) raw(i);
    }

    /** A user pointer. */
    long ptr(int i) {
        return raw(i);
    }

    /** A {@code size_t} (unsigned; compare with Long.compareUnsigned). */
    long sizeT(int i) {
        return raw(i);
    }

    /** An {@code int}. */
    int int32(int i) {
        return (int) raw(i);
    }

    /** An {@code unsigned int}, zero-extended. */
    long uint32(int i) {
        return raw(i) & 0xffff_ffffL;
    }

    /** An {@code off_t} / {@code loff_t} / {@code long}. */
    long offT(int i) {
        return raw(i);
    }

    /** A {@code umode_t}. */
    int modeT(int i) {
        return (int) raw(i) & 0xffff;
    }
}
