package dev.flatland.cpu.interp;

import dev.flatland.cpu.CpuState;
import dev.flatland.cpu.Flags;
import dev.flatland.cpu.decode.Insn;
import dev.flatland.memory.GuestMemory;

/**
 * String instructions MOVS, CMPS, STOS, LODS, SCAS (A4-A7, AA-AF) with REP/REPE/REPNE (SDM vol. 2
 * "REP/REPE/REPZ/REPNE/REPNZ"). The source is DS:RSI (FS/GS override honoured), the destination
 * ES:RDI (never overridden); 0x67 selects ESI/EDI/ECX. A repeated instruction runs to completion
 * as one instruction. When an element faults, RSI, RDI and RCX hold the values of the faulting
 * iteration (the completed iterations are architecturally visible), as on hardware.
 */
final class Strings {
    private Strings() {
    }

    private static final int MOVS = 0xA4;
    private static final int CMPS = 0xA6;
    private static final int STOS = 0xAA;
    private static final int LODS = 0xAC;
    private static final int SCAS = 0xAE;

    static void exec(CpuState c, GuestMemory m, long w, int op) {
        ExtFlags.checkLock(w, false);
        int size = (op & 1) == 0 ? 1 : Operands.opBytes(w);
        boolean repeat = Insn.rep(w) || Insn.repne(w);
        int kind = op & ~1;
        if (!repeat) {
            once(c, m, w, kind, size);
            return;
        }
        boolean a32 = Insn.addr32(w);
        long count = a32 ? c.r[CpuState.RCX] & 0xffff_ffffL : c.r[CpuState.RCX];
        if (count == 0) {
            return;
        }
        switch (kind) {
            case MOVS -> repMovs(c, m, w, size, count);
            case STOS -> repStos(c, m, w, size, count);
            case LODS -> repLods(c, m, w, size, count);
            default -> repCompare(c, m, w, kind, size, count);
        }
    }

    /** The segment base added to the source address (DS is flat; FS/GS overrides add their base). */
    private static long srcBase(CpuState c, long w) {
        int seg = Insn.seg(w);
        return seg == Insn.SEG_FS ? c.fsBase : seg == Insn.SEG_GS ? c.gsBase : 0;
    }

    private static long delta(CpuState c, int size) {
        return (Flags.read(c) & Flags.DF) != 0 ? -size : size;
    }

    /** Index register value as an offset: ESI/EDI zero-extended under 0x67. */
    private static long index(long v, boolean a32) {
        return a32 ? v & 0xffff_ffffL : v;
    }

    /** Writes an index or count register: a 32-bit write zero-extends under 0x67. */
    private static void setIndex(CpuState c, int r, long v, boolean a32) {
        c.r[r] = a32 ? v & 0xffff_ffffL : v;
    }

    private static void once(CpuState c, GuestMemory m, long w, int kind, int size) {
        boolean a32 = Insn.addr32(w);
        long d = delta(c, size);
        long si = index(c.r[CpuState.RSI], a32);
        long di = index(c.r[CpuState.RDI], a32);
        switch (kind) {
            case MOVS -> {
                long v = Operands.load(m, si + srcBase(c, w), size);
                Operands.store(m, di, size, v);
                setIndex(c, CpuState.RSI, si + d, a32);
                setIndex(c, CpuState.RDI, di + d, a32);
            }
            case STOS -> {
                Operands.store(m, di, size, c.r[CpuState.RAX]);
                setIndex(c, CpuState.RDI, di + d, a32);
            }
            case LODS -> {
                long v = Operands.load(m, si + srcBase(c, w), size);
                Operands.setReg(c, w, CpuState.RAX, size, v);
                setIndex(c, CpuState.RSI, si + d, a32);
            }
            case CMPS -> {
                long a = Operands.load(m, si + srcBase(c, w), size);
                long b = Operands.load(m, di, size);
                Flags.setArith(c, ExtFlags.sub(a, b, size));
                setIndex(c, CpuState.RSI, si + d, a32);
                setIndex(c, CpuState.RDI, di + d, a32);
            }
            default -> {
                long b = Operands.load(m, di, size);
                Flags.setArith(c, ExtFlags.sub(c.r[CpuState.RAX], b, size));
                setIndex(c, CpuState.RDI, di + d, a32);
            }
        }
    }

    /**
     * REP MOVS. When both whole ranges are RAM and a bulk copy equals the element-by-element copy
     * (no overlap in the copying direction), one bulk move does it; otherwise elements are copied
     * one by one so that overlap replicates data and a fault stops at the right element.
     */
    private static void repMovs(CpuState c, GuestMemory m, long w, int size, long count) {
        boolean a32 = Insn.addr32(w);
        long d = delta(c, size);
        long base = srcBase(c, w);
        long si = index(c.r[CpuState.RSI], a32);
        long di = index(c.r[CpuState.RDI], a32);
        if (count <= (1L << 40) / size) {
            long len = count * size;
            long lowSi = d > 0 ? si : si - len + size;
            long lowDi = d > 0 ? di : di - len + size;
            boolean noWrap = !a32 || (lowSi >= 0 && lowDi >= 0 && lowSi + len <= 1L << 32 && lowDi + len <= 1L << 32);
            long src = lowSi + base;
            boolean sameDirection = d > 0 ? (Long.compareUnsigned(lowDi, src) <= 0 || lowDi - src >= len)
                    : (Long.compareUnsigned(lowDi, src) >= 0 || src - lowDi >= len);
            if (noWrap && sameDirection && m.contains(src, len) && m.contains(lowDi, len)) {
                m.move(lowDi, src, len);
                setIndex(c, CpuState.RSI, si + d * count, a32);
                setIndex(c, CpuState.RDI, di + d * count, a32);
                setIndex(c, CpuState.RCX, 0, a32);
                return;
            }
        }
        try {
            while (count != 0) {
                long v = Operands.load(m, si + base, size);
                Operands.store(m, di, size, v);
                si = index(si + d, a32);
                di = index(di + d, a32);
                count--;
            }
        } finally {
            setIndex(c, CpuState.RSI, si, a32);
            setIndex(c, CpuState.RDI, di, a32);
            setIndex(c, CpuState.RCX, count, a32);
        }
    }

    /** REP STOS: a bulk fill for bytes, element stores otherwise, registers written back on exit or fault. */
    private static void repStos(CpuState c, GuestMemory m, long w, int size, long count) {
        boolean a32 = Insn.addr32(w);
        long d = delta(c, size);
        long di = index(c.r[CpuState.RDI], a32);
        long v = c.r[CpuState.RAX];
        if (size == 1 && count <= 1L << 40) {
            long low = d > 0 ? di : di - count + 1;
            if ((!a32 || (low >= 0 && low + count <= 1L << 32)) && m.contains(low, count)) {
                m.fill(low, count, (byte) v);
                setIndex(c, CpuState.RDI, di + d * count, a32);
                setIndex(c, CpuState.RCX, 0, a32);
                return;
            }
        }
        try {
            while (count != 0) {
                Operands.store(m, di, size, v);
                di = index(di + d, a32);
                count--;
            }
        } finally {
            setIndex(c, CpuState.RDI, di, a32);
            setIndex(c, CpuState.RCX, count, a32);
        }
    }

    private static void repLods(CpuState c, GuestMemory m, long w, int size, long count) {
        boolean a32 = Insn.addr32(w);
        long d = delta(c, size);
        long base = srcBase(c, w);
        long si = index(c.r[CpuState.RSI], a32);
        try {
            while (count != 0) {
                long v = Operands.load(m, si + base, size);
                Operands.setReg(c, w, CpuState.RAX, size, v);
                si = index(si + d, a32);
                count--;
            }
        } finally {
            setIndex(c, CpuState.RSI, si, a32);
            setIndex(c, CpuState.RCX, count, a32);
        }
    }

    /**
     * REPE/REPNE CMPS and SCAS: compare, count down, then stop when RCX reaches 0 or ZF
     * disagrees with the prefix (F3: stop on ZF=0; F2: stop on ZF=1).
     */
    private static void repCompare(CpuState c, GuestMemory m, long w, int kind, int size, long count) {
        boolean a32 = Insn.addr32(w);
        boolean whileEqual = !Insn.repne(w);
        long d = delta(c, size);
        long base = srcBase(c, w);
        long si = index(c.r[CpuState.RSI], a32);
        long di = index(c.r[CpuState.RDI], a32);
        long acc = c.r[CpuState.RAX];
        long mask = Operands.mask(size);
        long a = 0;
        long b = 0;
        boolean compared = false;
        try {
            while (count != 0) {
                long x = kind == CMPS ? Operands.load(m, si + base, size) : acc & mask;
                long y = Operands.load(m, di, size);
                a = x;
                b = y;
                compared = true;
                if (kind == CMPS) {
                    si = index(si + d, a32);
                }
                di = index(di + d, a32);
                count--;
                if ((a == b) != whileEqual) {
                    break;
                }
            }
        } finally {
            if (kind == CMPS) {
                setIndex(c, CpuState.RSI, si, a32);
            }
            setIndex(c, CpuState.RDI, di, a32);
            setIndex(c, CpuState.RCX, count, a32);
            if (compared) {
                Flags.setArith(c, ExtFlags.sub(a, b, size));
            }
        }
    }
}
