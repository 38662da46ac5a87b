package dev.flatland.syscall;

import dev.flatland.cpu.CpuState;

/**
 * The six syscall arguments (RDI, RSI, RDX, R10, R8, R9 in the x86-64 syscall ABI), typed by the
 * C type of the parameter. Handlers read arguments only through this record-like view.
 */
final class SyscallArgs {
    private static final int[] REGS = {CpuState.RDI, CpuState.RSI, CpuState.RDX, 10, 8, 9};
    private final long[] v = new long[6];

    SyscallArgs(CpuState cpu) {
        for (int i = 0; i < 6; i++) {
            v[i] = cpu.r[REGS[i]];
        }
    }

    /** For tests: arguments given directly. */
    static SyscallArgs of(long... args) {
        SyscallArgs a = new SyscallArgs(new CpuState());
        System.arraycopy(args, 0, a.v, 0, Math.min(6, args.length));
        return a;
    }

    /** The raw 64-bit register. */
    long raw(int i) {
        return v[i];
    }

    /** An {@code int fd} (the low 32 bits, sign-extended). */
    int fd(int i) {
        return (int) v[i];
    }

    /** A user pointer. */
    long ptr(int i) {
        return v[i];
    }

    /** A {@code size_t} (unsigned; compare with Long.compareUnsigned). */
    long sizeT(int i) {
        return v[i];
    }

    /** An {@code int}. */
    int int32(int i) {
        return (int) v[i];
    }

    /** An {@code unsigned int}, zero-extended. */
    long uint32(int i) {
        return v[i] & 0xffff_ffffL;
    }

    /** An {@code off_t} / {@code loff_t} / {@code long}. */
    long offT(int i) {
        return v[i];
    }

    /** A {@code umode_t}. */
    int modeT(int i) {
        return (int) v[i] & 0xffff;
    }
}
