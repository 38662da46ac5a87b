package dev.flatland.cpu;

/**
 * Thrown by instruction handlers for a synchronous CPU exception (#UD, #DE, #GP, #MF/#XM, ...).
 * Stackless; the engine catches it and returns a {@link Trap.Fault} with the faulting RIP.
 */
public final class CpuFault extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int signal;
    private final int siCode;
    private final long address;

    public CpuFault(int signal, int siCode, long address, String detail) {
        super(detail, null, false, false);
        this.signal = signal;
        this.siCode = siCode;
        this.address = address;
    }

    /** #UD: undefined or unsupported opcode (SIGILL, ILL_ILLOPN as Linux reports for ud2). */
    public static CpuFault undefined(String detail) {
        return new CpuFault(Trap.SIGILL, Trap.ILL_ILLOPN, 0, detail);
    }

    /** #DE: divide error (SIGFPE, FPE_INTDIV). */
    public static CpuFault divideError() {
        return new CpuFault(Trap.SIGFPE, Trap.FPE_INTDIV, 0, "divide error");
    }

    /** #GP from a privileged instruction in user mode (SIGSEGV, SI_KERNEL, address 0). */
    public static CpuFault privileged(String detail) {
        return new CpuFault(Trap.SIGSEGV, Trap.SI_KERNEL, 0, detail);
    }

    public int signal() {
        return signal;
    }

    public int siCode() {
        return siCode;
    }

    /** si_addr; 0 when the engine should use the faulting RIP (SIGILL/SIGFPE report RIP). */
    public long address() {
        return address;
    }
}
