package dev.flatland.cpu;

/**
 * Why the CPU stopped running guest code and returned to the run loop. The CPU never calls the
 * kernel; it returns one of these (the way gVisor's platform returns to Task.run).
 */
public sealed interface Trap permits Trap.Syscall, Trap.Fault, Trap.BudgetExhausted {

    /**
     * The guest executed {@code syscall}. RIP already points past it; RCX and R11 are already
     * loaded as the instruction defines (RCX = return RIP, R11 = RFLAGS).
     */
    record Syscall() implements Trap {
    }

    /**
     * A synchronous fault that becomes a signal: {@code signal} and {@code siCode} as Linux sets
     * them, {@code address} for si_addr, {@code rip} the faulting instruction (RIP is left there).
     * {@code detail} is a short human description for the crash line.
     */
    record Fault(int signal, int siCode, long address, long rip, String detail) implements Trap {
    }

    /** The instruction budget ran out; RIP is the next instruction. */
    record BudgetExhausted() implements Trap {
    }

    Syscall SYSCALL = new Syscall();
    BudgetExhausted BUDGET = new BudgetExhausted();

    /** Linux signal numbers used by CPU faults (arch/x86/include/uapi/asm/signal.h). */
    int SIGILL = 4;
    int SIGTRAP = 5;
    int SIGBUS = 7;
    int SIGFPE = 8;
    int SIGSEGV = 11;

    /** si_code values (include/uapi/asm-generic/siginfo.h). */
    int SI_KERNEL = 0x80;
    int ILL_ILLOPC = 1;
    int ILL_ILLOPN = 2;
    int ILL_PRVOPC = 5;
    int FPE_INTDIV = 1;
    int FPE_INTOVF = 2;
    int FPE_FLTDIV = 3;
    int FPE_FLTOVF = 4;
    int FPE_FLTUND = 5;
    int FPE_FLTRES = 6;
    int FPE_FLTINV = 7;
    int SEGV_MAPERR = 1;
    int SEGV_ACCERR = 2;
    int BUS_ADRALN = 1;
    int TRAP_BRKPT = 1;
}
