package dev.flatland.cpu.interp;

import dev.flatland.cpu.CpuFault;
import dev.flatland.cpu.CpuState;
import dev.flatland.cpu.ExecutionEngine;
import dev.flatland.cpu.Flags;
import dev.flatland.cpu.Trap;
import dev.flatland.cpu.decode.DecodedBlock;
import dev.flatland.cpu.decode.Insn;
import dev.flatland.memory.GuestMemory;
import dev.flatland.memory.MemoryFault;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The interpreter engine over a cache of decoded blocks. Each block is a run of packed
 * instructions; the loop sets {@code cpu.rip} to the next instruction, computes the effective
 * address, and dispatches through {@link OpcodeTable}. Retired instructions are counted exactly
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
    private static final long RIPREL = 1L << Insn.RIPREL_BIT;
    /** Effective addresses with 0x67 or an FS/GS override take the general path. */
    private static final long EA_SLOW = 1L << Insn.ADDR32_BIT | 3L << Insn.SEG_SHIFT;
    private static final Map<GuestMemory, BlockCache> CACHES = new WeakHashMap<>();

    private final GuestMemory memory;
    private final BlockCache cache;

    private Interpreter(GuestMemory memory) {
        this.memory = memory;
        this.cache = cacheFor(memory);
    }

    private static BlockCache cacheFor(GuestMemory memory) {
        synchronized (CACHES) {
            BlockCache c = CACHES.get(memory);
            if (c == null) {
                BlockCache fresh = new BlockCache(memory);
                memory.setCodeWriteListener(fresh::invalidatePage);
                CACHES.put(memory, fresh);
                c = fresh;
            }
            return c;
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
        DecodedBlock prev = null;
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
                b = cache.lookup(rip);
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
            int stop = left < b.count ? (int) left : b.count;
            long[] ins = b.insn;
            int[] disp = b.disp;
            long[] imms = b.imm;
            int[] aux = b.aux;
            long[] r = c.r;
            long pc = rip; // address of the next instruction to run
            long cur = rip;
            int i = 0;
            try {
                while (i < stop) {
                    long w = ins[i];
                    cur = pc;
                    long next = cur + ((w >>> Insn.LEN_SHIFT) & 15);
                    int x = aux[i];
                    long ea = 0;
                    if ((w & MEM) != 0) {
                        if ((w & EA_SLOW) != 0) {
                            c.rip = next;
                            ea = Operands.ea(c, w, disp[i]);
                        } else if ((w & RIPREL) != 0) {
                            ea = next + disp[i];
                        } else {
                            ea = disp[i];
                            int base = (int) (w >>> Insn.BASE_SHIFT) & 31;
                            if (base != Insn.NO_REG) {
                                ea += r[base];
                            }
                            int index = (int) (w >>> Insn.INDEX_SHIFT) & 31;
                            if (index != Insn.NO_REG) {
                                ea += r[index] << ((w >>> Insn.SCALE_SHIFT) & 3);
                            }
                        }
                    }
                    int ra = (x >>> 8) & 15;
                    int rb = (x >>> 12) & 15;
                    int k = x >>> 16;
                    switch (x & 0xff) {
                        case FastPath.MOV_RR64 -> r[ra] = r[rb];
                        case FastPath.MOV_RR32 -> r[ra] = r[rb] & 0xffff_ffffL;
                        case FastPath.LD64 -> r[ra] = m.read64(ea);
                        case FastPath.LD32 -> r[ra] = m.read32(ea) & 0xffff_ffffL;
                        case FastPath.ST64 -> m.write64(ea, r[ra]);
                        case FastPath.ST32 -> m.write32(ea, (int) r[ra]);
                        case FastPath.ST8 -> m.write8(ea, (int) r[ra]);
                        case FastPath.MOVI -> r[ra] = imms[i];
                        case FastPath.LEA64 -> r[ra] = ea;
                        case FastPath.LEA32 -> r[ra] = ea & 0xffff_ffffL;
                        case FastPath.LDZX8 -> r[ra] = m.read8(ea);
                        case FastPath.LDZX16 -> r[ra] = m.read16(ea);
                        case FastPath.LDSX32 -> r[ra] = m.read32(ea);
                        case FastPath.LD8ZX_RR -> r[ra] = r[rb] & 0xff;
                        case FastPath.ALU_RR64 -> {
                            long v = FastPath.alu64(c, k, r[ra], r[rb]);
                            if (k != Alu.CMP) {
                                r[ra] = v;
                            }
                        }
                        case FastPath.ALU_RR32 -> {
                            long v = FastPath.alu32(c, k, r[ra], r[rb]);
                            if (k != Alu.CMP) {
                                r[ra] = v;
                            }
                        }
                        case FastPath.ALU_RI64 -> {
                            long v = FastPath.alu64(c, k, r[ra], imms[i]);
                            if (k != Alu.CMP) {
                                r[ra] = v;
                            }
                        }
                        case FastPath.ALU_RI32 -> {
                            long v = FastPath.alu32(c, k, r[ra], imms[i]);
                            if (k != Alu.CMP) {
                                r[ra] = v;
                            }
                        }
                        case FastPath.ALU_RM64 -> {
                            long v = FastPath.alu64(c, k, r[ra], m.read64(ea));
                            if (k != Alu.CMP) {
                                r[ra] = v;
                            }
                        }
                        case FastPath.ALU_RM32 -> {
                            long v = FastPath.alu32(c, k, r[ra], m.read32(ea));
                            if (k != Alu.CMP) {
                                r[ra] = v;
                            }
                        }
                        case FastPath.ALU_MI64 -> {
                            long v = FastPath.alu64(c, k, m.read64(ea), imms[i]);
                            if (k != Alu.CMP) {
                                m.write64(ea, v);
                            }
                        }
                        case FastPath.ALU_MI32 -> {
                            long v = FastPath.alu32(c, k, m.read32(ea), imms[i]);
                            if (k != Alu.CMP) {
                                m.write32(ea, (int) v);
                            }
                        }
                        case FastPath.TEST_RR64 -> FastPath.alu64(c, Alu.AND, r[ra], r[rb]);
                        case FastPath.TEST_RR32 -> FastPath.alu32(c, Alu.AND, r[ra], r[rb]);
                        case FastPath.INC64 -> r[ra] = FastPath.incDec(c, r[ra], false, 3);
                        case FastPath.INC32 -> r[ra] = FastPath.incDec(c, r[ra], false, 2);
                        case FastPath.DEC64 -> r[ra] = FastPath.incDec(c, r[ra], true, 3);
                        case FastPath.DEC32 -> r[ra] = FastPath.incDec(c, r[ra], true, 2);
                        case FastPath.JCC -> {
                            if (Flags.condition(c, k)) {
                                next = imms[i];
                            }
                        }
                        case FastPath.JMP -> next = imms[i];
                        case FastPath.CALL -> {
                            long sp = r[CpuState.RSP] - 8;
                            m.write64(sp, next);
                            r[CpuState.RSP] = sp;
                            next = imms[i];
                        }
                        case FastPath.RET -> {
                            long sp = r[CpuState.RSP];
                            next = m.read64(sp);
                            r[CpuState.RSP] = sp + 8;
                        }
                        case FastPath.PUSH64 -> {
                            long sp = r[CpuState.RSP] - 8;
                            m.write64(sp, r[ra]);
                            r[CpuState.RSP] = sp;
                        }
                        case FastPath.POP64 -> {
                            long sp = r[CpuState.RSP];
                            long v = m.read64(sp);
                            r[CpuState.RSP] = sp + 8;
                            r[ra] = v;
                        }
                        case FastPath.NOP -> { }
                        default -> {
                            c.rip = next;
                            OpcodeTable.exec(c, m, w, ea, imms[i]);
                            next = c.rip;
                        }
                    }
                    i++;
                    pc = next;
                    if (!b.valid) {
                        break; // the block overwrote its own page: re-decode from pc
                    }
                }
            } catch (MemoryFault f) {
                c.instructions += i;
                c.rip = cur;
                return new Trap.Fault(Trap.SIGSEGV, Trap.SEGV_MAPERR, f.address(), cur, f.getMessage());
            } catch (CpuFault f) {
                return cpuFault(c, f, i, cur);
            } catch (RuntimeException e) {
                c.instructions += i;
                c.rip = cur;
                return new Trap.Fault(Trap.SIGILL, Trap.ILL_ILLOPN, cur, cur, "internal emulator error: " + e);
            }
            c.rip = pc;
            c.instructions += i;
            if (i == b.count && b.endsWithSyscall) {
                return Trap.SYSCALL;
            }
            prev = b;
        }
    }

    /**
     * A CPU exception. SIGTRAP (int3, int1) is a trap: the instruction retires and RIP stays after
     * it, as in the signal frame Linux builds. For other faults RIP is the faulting instruction.
     * si_addr is the fault's own address, else the RIP for SIGILL/SIGFPE (Linux's
     * error_get_trap_addr), and 0 for SI_KERNEL signals.
     */
    private static Trap cpuFault(CpuState c, CpuFault f, int retired, long pc) {
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
