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
}
