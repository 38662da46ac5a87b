package dev.flatland.kernel;

import dev.flatland.abi.Signal;
import dev.flatland.cpu.Trap;
import dev.flatland.memory.GuestMemory;

/**
 * The one-line report for a process killed by a fault, e.g.
 * {@code flatland: prog[2] killed by SIGSEGV (address 0x0) at rip 0x4012a3 <main+0x13>: bytes 8b 04 25 00}.
 */
final class CrashReport {
    /** The longest x86 instruction. */
    static final int MAX_INSN = 15;

    private CrashReport() {
    }

    static String line(ThreadGroup g, int tid, Trap.Fault f, GuestMemory mem) {
        StringBuilder sb = new StringBuilder("flatland: ");
        sb.append(g.comm()).append('[').append(g.tgid()).append("] killed by ").append(Signal.name(f.signal()));
        if (f.signal() == Signal.SIGSEGV || f.signal() == Signal.SIGBUS) {
            sb.append(" (address 0x").append(Long.toHexString(f.address()));
            String addr = "0x" + Long.toHexString(f.address());
            if (f.detail() != null && !f.detail().isEmpty() && !f.detail().contains(addr)) {
                sb.append(", ").append(f.detail());   // the address is already shown
            }
            sb.append(')');
        } else if (f.detail() != null && !f.detail().isEmpty()) {
            sb.append(" (").append(f.detail()).append(')');
        }
        sb.append(" at rip 0x").append(Long.toHexString(f.rip()));
        String sym = g.symbols().describe(f.rip());
        if (sym != null) {
            sb.append(" <").append(sym).append('>');
        }
        StringBuilder bytes = new StringBuilder();
        for (int i = 0; i < MAX_INSN && mem.contains(f.rip() + i, 1); i++) {
            bytes.append(' ').append(String.format("%02x", mem.read8(f.rip() + i)));
        }
        sb.append(bytes.isEmpty() ? ": rip is outside RAM" : ":" + " bytes" + bytes);
        return sb.toString();
    }

    /** strace's line for a fault signal, e.g. {@code --- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=NULL} ---}. */
    static String straceSignal(Trap.Fault f) {
        String name = Signal.name(f.signal());
        String addr = f.address() == 0 ? "NULL" : "0x" + Long.toHexString(f.address());
        return "--- " + name + " {si_signo=" + name + ", si_code=" + siCodeName(f.signal(), f.siCode()) + ", si_addr="
                + addr + "} ---";
    }

    static String siCodeName(int sig, int code) {
        if (code == Trap.SI_KERNEL) {
            return "SI_KERNEL";
        }
        return switch (sig) {
            case Signal.SIGSEGV -> code == Trap.SEGV_ACCERR ? "SEGV_ACCERR" : "SEGV_MAPERR";
            case Signal.SIGILL -> switch (code) {
                case Trap.ILL_ILLOPC -> "ILL_ILLOPC";
                case Trap.ILL_ILLOPN -> "ILL_ILLOPN";
                case Trap.ILL_PRVOPC -> "ILL_PRVOPC";
                default -> Integer.toString(code);
            };
            case Signal.SIGFPE -> switch (code) {
                case Trap.FPE_INTDIV -> "FPE_INTDIV";
                case Trap.FPE_INTOVF -> "FPE_INTOVF";
                case Trap.FPE_FLTDIV -> "FPE_FLTDIV";
                case Trap.FPE_FLTOVF -> "FPE_FLTOVF";
                case Trap.FPE_FLTUND -> "FPE_FLTUND";
                case Trap.FPE_FLTRES -> "FPE_FLTRES";
                case Trap.FPE_FLTINV -> "FPE_FLTINV";
                default -> Integer.toString(code);
            };
            case Signal.SIGBUS -> code == Trap.BUS_ADRALN ? "BUS_ADRALN" : Integer.toString(code);
            case Signal.SIGTRAP -> code == Trap.TRAP_BRKPT ? "TRAP_BRKPT" : Integer.toString(code);
            default -> Integer.toString(code);
        };
    }
}
