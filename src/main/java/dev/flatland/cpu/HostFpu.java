package dev.flatland.cpu;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The host CPU's own x87 unit, for the eight instructions whose last bit is the CPU's choice:
 * F2XM1, FYL2X, FYL2XP1, FPATAN, FSIN, FCOS, FPTAN and FSINCOS.
 *
 * <p>The SDM bounds these results (within 1 ulp) but does not define them, and vendors differ:
 * the AMD EPYC reference host is not correctly rounded for 1..4% of operands, in a pattern that
 * three sessions of measurement (docs/x87-accuracy.md) could not reduce to an algorithm. A native
 * program gets its host's results, so on an x86-64 host Flatland asks the same hardware: each
 * routine below is a fixed sequence of eleven x87 instructions written once into an executable
 * page and called through the FFM linker with a 72-byte operand block. No guest byte is ever
 * executed; only the operands come from the guest. Everything else in the x87 (loads, stores,
 * arithmetic, FPREM, FSCALE, FRNDINT, rounding and precision control, the register stack and
 * the tag word) stays Flatland's software float.
 *
 * <p>The routines save the caller's control word, load the guest's with every exception masked,
 * clear the exception flags, run the instruction, store the status word and the results, clear
 * the flags again and restore the control word: the host's x87 is left as the SysV ABI requires
 * (empty stack, control word preserved). Where the linker, the symbol {@code mmap} or an
 * executable mapping is not available (another architecture, no native access, a W^X policy),
 * {@link #AVAILABLE} is false and the interpreter keeps its software model.
 */
public final class HostFpu {
    public static final int F2XM1 = 0;
    public static final int FYL2X = 1;
    public static final int FYL2XP1 = 2;
    public static final int FPATAN = 3;
    public static final int FSIN = 4;
    public static final int FCOS = 5;
    public static final int FPTAN = 6;
    public static final int FSINCOS = 7;

    /** Operand block: ST0 at 0, ST1 at 16, FCW at 32, saved FCW at 34, FSW at 36, results at 40, 56. */
    private static final int BLOCK = 72;
    private static final int OUT0 = 40;
    private static final int OUT1 = 56;
    private static final int FSW = 36;

    /** The instruction's own two bytes (SDM vol. 2, D9 Fx). */
    private static final int[] OPCODE = {0xf0, 0xf1, 0xf9, 0xf3, 0xfe, 0xff, 0xf2, 0xfb};
    /** Operands loaded: 1 (ST0) or 2 (ST1, then ST0). */
    private static final int[] LOADS = {1, 2, 2, 2, 1, 1, 1, 1};
    /** Results stored: 1 (ST0) or 2 (ST0, then ST1). */
    private static final int[] STORES = {1, 1, 1, 1, 1, 1, 2, 2};

    private static final MethodHandle[] ROUTINES = new MethodHandle[8];
    /** True when every routine could be built; otherwise nothing is ever run on the host. */
    public static final boolean AVAILABLE;

    static {
        boolean ok = false;
        try {
            ok = "amd64".equals(System.getProperty("os.arch")) || "x86_64".equals(System.getProperty("os.arch"));
            if (ok) {
                ok = build();
            }
        } catch (RuntimeException | LinkageError e) {
            ok = false;
        }
        if (!ok) {
            java.util.Arrays.fill(ROUTINES, null);
        }
        AVAILABLE = ok;
    }

    private HostFpu() {
    }

    /** Machine code of one routine (rdi = operand block). */
    static byte[] routine(int op) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        emit(b, 0xd9, 0x7f, 34);                  // fnstcw [rdi+34]
        emit(b, 0xdb, 0xe2);                      // fnclex
        emit(b, 0xd9, 0x6f, 32);                  // fldcw [rdi+32]
        if (LOADS[op] == 2) {
            emit(b, 0xdb, 0x6f, 16);              // fld tword [rdi+16]
        }
        emit(b, 0xdb, 0x2f);                      // fld tword [rdi]
        emit(b, 0xd9, OPCODE[op]);
        emit(b, 0xdd, 0x7f, FSW);                 // fnstsw [rdi+36], before the stores touch C1
        emit(b, 0xdb, 0x7f, OUT0);                // fstp tword [rdi+40]
        if (STORES[op] == 2) {
            emit(b, 0xdb, 0x7f, OUT1);            // fstp tword [rdi+56]
        }
        emit(b, 0xdb, 0xe2);                      // fnclex
        emit(b, 0xd9, 0x6f, 34);                  // fldcw [rdi+34]
        emit(b, 0xc3);                            // ret
        return b.toByteArray();
    }

    private static void emit(java.io.ByteArrayOutputStream b, int... bytes) {
        for (int x : bytes) {
            b.write(x);
        }
    }

    private static boolean build() throws LinkageError {
        Linker linker = Linker.nativeLinker();
        var lookup = linker.defaultLookup();
        var mmapSym = lookup.find("mmap");
        var mprotectSym = lookup.find("mprotect");
        if (mmapSym.isEmpty() || mprotectSym.isEmpty()) {
            return false;
        }
        MethodHandle mmap = linker.downcallHandle(mmapSym.get(), FunctionDescriptor.of(ValueLayout.ADDRESS,
                ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
        MethodHandle mprotect = linker.downcallHandle(mprotectSym.get(), FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
        final long size = 4096;
        final int protRead = 1;
        final int protWrite = 2;
        final int protExec = 4;
        final int mapPrivateAnonymous = 0x22;
        MemorySegment page;
        try {
            page = (MemorySegment) mmap.invokeExact(MemorySegment.NULL, size, protRead | protWrite,
                    mapPrivateAnonymous, -1, 0L);
            if (page.address() == -1L || page.address() == 0) {
                return false;
            }
            page = page.reinterpret(size);
            long at = 0;
            long[] entry = new long[8];
            for (int op = 0; op < 8; op++) {
                byte[] code = routine(op);
                entry[op] = at;
                MemorySegment.copy(code, 0, page, ValueLayout.JAVA_BYTE, at, code.length);
                at += (code.length + 15) & ~15;
            }
            int r = (int) mprotect.invokeExact(page, size, protRead | protExec);
            if (r != 0) {
                return false;
            }
            for (int op = 0; op < 8; op++) {
                ROUTINES[op] = linker.downcallHandle(page.asSlice(entry[op]), FunctionDescriptor.ofVoid(ValueLayout.ADDRESS),
                        Linker.Option.critical(true));
            }
        } catch (Throwable e) {
            return false;
        }
        return selfCheck();
    }

    /** F2XM1 of 0.5 is sqrt(2) - 1 on every x87 that ever shipped, to within one ulp. */
    private static boolean selfCheck() {
        long[] out = new long[5];
        if (!run(F2XM1, 0x37f, 0x3ffe, 0x8000000000000000L, 0, 0, out)) {
            return false;
        }
        final long sqrt2m1 = 0xd413cccfe7799211L;        // (sqrt(2) - 1) * 2^65, truncated
        return out[0] == 0x3ffd && Math.abs(out[1] - sqrt2m1) <= 1 && (out[4] & 0x20) != 0;
    }

    /**
     * Runs {@code op} on the host with control word {@code fcw} (every exception masked whatever
     * fcw says). Inputs are ST0 ({@code se0}, {@code m0}) and, for FYL2X, FYL2XP1 and FPATAN, ST1.
     * Fills {@code out}: {@code [0]}, {@code [1]} the result left in ST0 after the instruction
     * (for FPTAN the pushed 1.0, for FSINCOS the cosine); {@code [2]}, {@code [3]} the value below
     * it for FPTAN (the tangent) and FSINCOS (the sine); {@code [4]} the status word. Returns false
     * when the host unit is not available or the call failed.
     */
    public static boolean run(int op, int fcw, int se0, long m0, int se1, long m1, long[] out) {
        MethodHandle h = ROUTINES[op];
        if (h == null) {
            return false;
        }
        byte[] block = new byte[BLOCK];
        MemorySegment s = MemorySegment.ofArray(block);
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, 0, m0);
        s.set(ValueLayout.JAVA_SHORT_UNALIGNED, 8, (short) se0);
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, 16, m1);
        s.set(ValueLayout.JAVA_SHORT_UNALIGNED, 24, (short) se1);
        s.set(ValueLayout.JAVA_SHORT_UNALIGNED, 32, (short) (fcw | 0x3f));
        try {
            h.invokeExact(s);
        } catch (Throwable e) {
            return false;
        }
        out[0] = s.get(ValueLayout.JAVA_SHORT_UNALIGNED, OUT0 + 8) & 0xffff;
        out[1] = s.get(ValueLayout.JAVA_LONG_UNALIGNED, OUT0);
        out[2] = s.get(ValueLayout.JAVA_SHORT_UNALIGNED, OUT1 + 8) & 0xffff;
        out[3] = s.get(ValueLayout.JAVA_LONG_UNALIGNED, OUT1);
        out[4] = s.get(ValueLayout.JAVA_SHORT_UNALIGNED, FSW) & 0xffff;
        return true;
    }
}
