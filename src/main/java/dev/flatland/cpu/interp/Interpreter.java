package dev.flatland.cpu.interp;

import dev.flatland.cpu.CpuFault;
import dev.flatland.cpu.CpuState;
import dev.flatland.cpu.ExecutionEngine;
import dev.flatland.cpu.Trap;
import dev.flatland.cpu.decode.DecodedBlock;
import dev.flatland.cpu.decode.Insn;
import dev.flatland.memory.GuestMemory;
import dev.flatland.memory.MemoryFault;

/**
 * The interpreter engine over a cache of decoded blocks. Each block is a run of packed
 * instructions; {@link BlockLoop} runs it (fast forms inline, the rest through
 * {@link OpcodeTable} with {@code cpu.rip} set to the next instruction). Retired instructions are counted exactly
 * (a faulting instruction does not retire; int3 and syscall do). The budget is honoured exactly:
 * a block is cut short when the budget ends inside it.
 *
 * <p>All interpreters over one {@link GuestMemory} share one {@link BlockCache}, which is the
 * memory's single {@code CodeWriteListener}: a write to a code page drops that page's blocks, and
 * when the running block is dropped the loop stops after the writing instruction and decodes again
 * from the next RIP, so self-modifying code takes effect at once.
 */
public final class Interpreter implements ExecutionEngine {
    private static final long MEM = 1L << Insn.MEM_BIT;

    private final GuestMemory memory;
    private final BlockCache cache;
    /** The CPU of the last {@link #run} and the block its trap came from (a chain start for the next run). */
    private CpuState lastCpu;
    private DecodedBlock lastBlock;

    private Interpreter(GuestMemory memory) {
        this.memory = memory;
        this.cache = cacheFor(memory);
    }

    /**
     * The one block cache of {@code memory}. It is the memory's code-write listener, so it lives
     * exactly as long as the memory does (no static map that would keep RAM alive).
     */
    private static BlockCache cacheFor(GuestMemory memory) {
        synchronized (memory) {
            if (memory.codeWriteListener() instanceof BlockCache existing) {
                return existing;
            }
            BlockCache fresh = new BlockCache(memory);
            memory.setCodeWriteListener(fresh);
            return fresh;
        }
    }

    /** Creates an interpreter executing from {@code memory}. */
    public static ExecutionEngine create(GuestMemory memory) {
        return new Interpreter(memory);
    }

    @Override
    public Trap run(CpuState c, long budget) {
        GuestMemory m = memory;
        long limit = budget <= 0 ? c.instructions : c.instructions + budget;
        if (limit < c.instructions) {
            limit = Long.MAX_VALUE; // saturate a huge budget
        }
        // The block that ended the last run of this CPU (a syscall, usually): its successor is
        // found through the chain, not the hash table.
        DecodedBlock prev = lastCpu == c ? lastBlock : null;
        while (true) {
            long left = limit - c.instructions;
            if (left <= 0) {
                return Trap.BUDGET;
            }
            long rip = c.rip;
            DecodedBlock b;
            if (prev != null && (b = prev.next0) != null && b.start == rip && b.valid) {
                // chained
            } else if (prev != null && (b = prev.next1) != null && b.start == rip && b.valid) {
                // chained
            } else {
                b = cache.lookupValid(rip);
                if (b == null) {
                    try {
                        b = cache.decode(rip);
                    } catch (MemoryFault f) {
                        return new Trap.Fault(Trap.SIGSEGV, Trap.SEGV_MAPERR, f.address(), rip,
                                "instruction fetch: " + f.getMessage());
                    }
                }
                if (prev != null) {
                    if (prev.next0 == null) {
                        prev.next0 = b;
                    } else {
                        prev.next1 = b;
                    }
                }
            }
            Trap t;
            if (left < b.count) {
                t = execPrecise(c, m, b, (int) left);
            } else if (b.count != 1 || (t = BlockLoop.single(c, m, b)) == BlockLoop.NOT_SINGLE) {
                t = BlockLoop.execBlock(c, m, b);
            }
            if (t != null) {
                lastCpu = c;
                lastBlock = b;
                return t;
            }
            prev = b;
        }
    }

    /**
     * Runs the first {@code stop} instructions of {@code b} through the generic handlers only. Used
     * when the budget ends inside a block: the fast forms may skip flag results that a later
     * instruction of the same block overwrites, and that later instruction will not run now.
     */
    private static Trap execPrecise(CpuState c, GuestMemory m, DecodedBlock b, int stop) {
        long pc = b.start;
        int i = 0;
        try {
            while (i < stop) {
                long w = b.insn[i];
                long next = pc + ((w >>> Insn.LEN_SHIFT) & 15);
                c.rip = next;
                long ea = (w & MEM) != 0 ? Operands.ea(c, w, b.disp[i]) : 0;
                OpcodeTable.exec(c, m, w, ea, b.imm[i]);
                i++;
                pc = c.rip;
                if (!b.valid) {
                    break;
                }
            }
        } catch (MemoryFault f) {
            c.instructions += i;
            c.rip = pc;
            return new Trap.Fault(Trap.SIGSEGV, Trap.SEGV_MAPERR, f.address(), pc, f.getMessage());
        } catch (CpuFault f) {
            return cpuFault(c, f, i, pc);
        } catch (RuntimeException e) {
            c.instructions += i;
            c.rip = pc;
            return new Trap.Fault(Trap.SIGILL, Trap.ILL_ILLOPN, pc, pc, "internal emulator error: " + e);
        }
        c.rip = pc;
        c.instructions += i;
        return i == b.count && b.endsWithSyscall ? Trap.SYSCALL : null;
    }

    /**
     * A CPU exception. SIGTRAP (int3, int1) is a trap: the instruction retires and RIP stays after
     * it, as in the signal frame Linux builds. For other faults RIP is the faulting instruction.
     * si_addr is the fault's own address, else the RIP for SIGILL/SIGFPE (Linux's
     * error_get_trap_addr), and 0 for SI_KERNEL signals.
     */
    static Trap cpuFault(CpuState c, CpuFault f, int retired, long pc) {
        long addr = f.address();
        if (f.signal() == Trap.SIGTRAP) {
            c.instructions += retired + 1;
            return new Trap.Fault(f.signal(), f.siCode(), addr, c.rip, f.getMessage());
        }
        c.instructions += retired;
        c.rip = pc;
        if (addr == 0 && f.siCode() != Trap.SI_KERNEL && (f.signal() == Trap.SIGILL || f.signal() == Trap.SIGFPE)) {
            addr = pc;
        }
        return new Trap.Fault(f.signal(), f.siCode(), addr, pc, f.getMessage());
    }

    @Override
    public GuestMemory memory() {
        return memory;
    }

    @Override
    public void flushCodeCache() {
        cache.flush();
    }
}
