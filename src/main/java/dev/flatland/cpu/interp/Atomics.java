package dev.flatland.cpu.interp;

import dev.flatland.cpu.CpuFault;
import dev.flatland.cpu.CpuState;
import dev.flatland.cpu.Flags;
import dev.flatland.cpu.Trap;
import dev.flatland.cpu.decode.Insn;
import dev.flatland.memory.GuestMemory;

/**
 * The exchange family: XCHG (86/87 and 91-97), CMPXCHG (0F B0/B1), CMPXCHG8B/CMPXCHG16B
 * (0F C7 /1) and XADD (0F C0/C1). The interpreter runs one guest thread at a time, so a LOCK
 * prefix needs no extra work beyond the #UD check for forms that may not carry it.
 */
final class Atomics {
    private Atomics() {
    }

    /** XCHG Eb, Gb / Ev, Gv: memory forms are always locked. */
    static void xchg(CpuState c, GuestMemory m, long w, long ea, int op) {
        ExtFlags.checkLock(w, true);
        int size = op == 0x86 ? 1 : Operands.opBytes(w);
        long a = Operands.readRm(c, m, w, ea, size);
        long b = Operands.readReg(c, w, size);
        Operands.writeRm(c, m, w, ea, size, b);
        Operands.writeReg(c, w, size, a);
    }

    /** XCHG rAX, r (91-97; the register, with REX.B, is in the rm field). */
    static void xchgRax(CpuState c, long w) {
        ExtFlags.checkLock(w, false);
        int size = Operands.opBytes(w);
        int r = Insn.rm(w);
        long a = Operands.reg(c, w, CpuState.RAX, size);
        long b = Operands.reg(c, w, r, size);
        Operands.setReg(c, w, r, size, a);
        Operands.setReg(c, w, CpuState.RAX, size, b);
    }

    /**
     * CMPXCHG Eb, Gb / Ev, Gv: flags of CMP accumulator, destination. Equal: the destination
     * receives the source. Not equal: the accumulator receives the destination, and a memory
     * destination is written back with its own value (SDM: "the destination is written back").
     */
    static void cmpxchg(CpuState c, GuestMemory m, long w, long ea, int op) {
        ExtFlags.checkLock(w, true);
        int size = op == 0x1B0 ? 1 : Operands.opBytes(w);
        long dst = Operands.readRm(c, m, w, ea, size);
        long acc = Operands.reg(c, w, CpuState.RAX, size);
        long f = ExtFlags.sub(acc, dst, size);
        if (acc == dst) {
            Operands.writeRm(c, m, w, ea, size, Operands.readReg(c, w, size));
        } else {
            if (Insn.hasMem(w)) {
                Operands.store(m, ea, size, dst);
            }
            Operands.setReg(c, w, CpuState.RAX, size, dst);
        }
        Flags.setArith(c, f);
    }

    /**
     * CMPXCHG8B m64 / CMPXCHG16B m128 (REX.W): compare EDX:EAX (RDX:RAX) with memory; equal sets
     * ZF and stores ECX:EBX (RCX:RBX), otherwise clears ZF and loads memory into EDX:EAX (RDX:RAX).
     * Other flags are unchanged. A register operand is #UD; a misaligned m128 is #GP (SIGSEGV).
     */
    static void cmpxchg8b16b(CpuState c, GuestMemory m, long w, long ea) {
        if (!Insn.hasMem(w)) {
            throw CpuFault.undefined("cmpxchg8b with a register operand");
        }
        ExtFlags.checkLock(w, true);
        if (Insn.rexW(w)) {
            if ((ea & 15) != 0) {
                throw new CpuFault(Trap.SIGSEGV, Trap.SI_KERNEL, 0, "cmpxchg16b operand not 16-byte aligned");
            }
            long lo = m.read64(ea);
            long hi = m.read64(ea + 8);
            if (lo == c.r[CpuState.RAX] && hi == c.r[CpuState.RDX]) {
                m.write64(ea, c.r[CpuState.RBX]);
                m.write64(ea + 8, c.r[CpuState.RCX]);
                ExtFlags.update(c, Flags.ZF, Flags.ZF);
            } else {
                m.write64(ea, lo);
                m.write64(ea + 8, hi);
                c.r[CpuState.RAX] = lo;
                c.r[CpuState.RDX] = hi;
                ExtFlags.update(c, Flags.ZF, 0);
            }
            return;
        }
        long v = m.read64(ea);
        long expect = (c.r[CpuState.RDX] << 32) | (c.r[CpuState.RAX] & 0xffff_ffffL);
        if (v == expect) {
            m.write64(ea, (c.r[CpuState.RCX] << 32) | (c.r[CpuState.RBX] & 0xffff_ffffL));
            ExtFlags.update(c, Flags.ZF, Flags.ZF);
        } else {
            m.write64(ea, v);
            c.r[CpuState.RAX] = v & 0xffff_ffffL;
            c.r[CpuState.RDX] = v >>> 32;
            ExtFlags.update(c, Flags.ZF, 0);
        }
    }

    /** XADD Eb, Gb / Ev, Gv: TEMP = SRC + DEST; SRC = DEST; DEST = TEMP; flags of the addition. */
    static void xadd(CpuState c, GuestMemory m, long w, long ea, int op) {
        ExtFlags.checkLock(w, true);
        int size = op == 0x1C0 ? 1 : Operands.opBytes(w);
        long dst = Operands.readRm(c, m, w, ea, size);
        long src = Operands.readReg(c, w, size);
        long f = ExtFlags.add(dst, src, 0, size);
        if (Insn.hasMem(w)) {
            Operands.store(m, ea, size, src + dst);
            Operands.writeReg(c, w, size, dst);
        } else {
            Operands.writeReg(c, w, size, dst);
            Operands.writeRm(c, m, w, ea, size, src + dst);
        }
        Flags.setArith(c, f);
    }
}
