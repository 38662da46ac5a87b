package dev.flatland.cpu.interp;

import dev.flatland.cpu.CpuFault;
import dev.flatland.cpu.CpuState;
import dev.flatland.cpu.Flags;
import dev.flatland.cpu.decode.Insn;
import dev.flatland.memory.GuestMemory;

/**
 * Group 3 (F6/F7: TEST NOT NEG MUL IMUL DIV IDIV), IMUL Gv, Ev (0F AF), IMUL Gv, Ev, Iz/Ib
 * (69/6B) and ADCX/ADOX (66/F3 0F 38 F6). Multiplies set CF = OF = "the result does not fit the
 * destination"; SF ZF AF PF are undefined and are kept unchanged (as AMD Zen does). Divides
 * raise #DE for a zero divisor or a quotient that does not fit; their flags are undefined (see
 * storeDiv).
 */
final class MulDiv {
    private MulDiv() {
    }

    private static final int RAX = CpuState.RAX;
    private static final int RDX = CpuState.RDX;

    static void group3(CpuState c, GuestMemory m, long w, long ea, int op, long imm) {
        int digit = Insn.reg(w) & 7;
        int size = op == 0xF6 ? 1 : Operands.opBytes(w);
        ExtFlags.checkLock(w, digit == 2 || digit == 3);
        long v = Operands.readRm(c, m, w, ea, size);
        switch (digit) {
            case 0, 1 -> Flags.setArith(c, ExtFlags.logic(v & imm, size));
            case 2 -> Operands.writeRm(c, m, w, ea, size, ~v);
            case 3 -> {
                Operands.writeRm(c, m, w, ea, size, -v);
                Flags.setArith(c, ExtFlags.sub(0, v, size));
            }
            case 4 -> mul(c, w, v, size);
            case 5 -> imul(c, w, v, size);
            case 6 -> div(c, w, v, size);
            default -> idiv(c, w, v, size);
        }
    }

    /** CF = OF = overflow; the undefined SF ZF AF PF keep their values, as on AMD Zen (muldiv.txt). */
    private static long mulFlags(CpuState c, boolean overflow) {
        long keep = Flags.read(c) & (Flags.SF | Flags.ZF | Flags.AF | Flags.PF);
        return keep | (overflow ? Flags.CF | Flags.OF : 0);
    }

    /** MUL: AX = AL * r/m8, DX:AX, EDX:EAX or RDX:RAX = rAX * r/m (unsigned). */
    private static void mul(CpuState c, long w, long v, int size) {
        long a = Operands.reg(c, w, RAX, size);
        if (size == 8) {
            long lo = a * v;
            long hi = Math.unsignedMultiplyHigh(a, v);
            c.r[RAX] = lo;
            c.r[RDX] = hi;
            Flags.setArith(c, mulFlags(c, hi != 0));
            return;
        }
        long p = a * v;
        long hi = p >>> (size * 8);
        storeWide(c, size, p);
        Flags.setArith(c, mulFlags(c, hi != 0));
    }

    /** IMUL r/m (one operand): the signed product into AX, DX:AX, EDX:EAX or RDX:RAX. */
    private static void imul(CpuState c, long w, long v, int size) {
        long a = Operands.sext(Operands.reg(c, w, RAX, size), size);
        long b = Operands.sext(v, size);
        if (size == 8) {
            long lo = a * b;
            long hi = Math.multiplyHigh(a, b);
            c.r[RAX] = lo;
            c.r[RDX] = hi;
            Flags.setArith(c, mulFlags(c, hi != (lo >> 63)));
            return;
        }
        long p = a * b;
        storeWide(c, size, p);
        Flags.setArith(c, mulFlags(c, p != Operands.sext(p, size)));
    }

    /** Stores a double-width product of a 1/2/4-byte multiply: AX, or rDX:rAX. */
    private static void storeWide(CpuState c, int size, long p) {
        switch (size) {
            case 1 -> c.r[RAX] = (c.r[RAX] & ~0xffffL) | (p & 0xffff);
            case 2 -> {
                c.r[RAX] = (c.r[RAX] & ~0xffffL) | (p & 0xffff);
                c.r[RDX] = (c.r[RDX] & ~0xffffL) | ((p >>> 16) & 0xffff);
            }
            default -> {
                c.r[RAX] = p & 0xffff_ffffL;
                c.r[RDX] = (p >>> 32) & 0xffff_ffffL;
            }
        }
    }

    /** The double-width dividend AX, DX:AX or EDX:EAX as one long (size 1, 2, 4). */
    private static long dividend(CpuState c, int size) {
        return switch (size) {
            case 1 -> c.r[RAX] & 0xffff;
            case 2 -> ((c.r[RDX] & 0xffff) << 16) | (c.r[RAX] & 0xffff);
            default -> (c.r[RDX] << 32) | (c.r[RAX] & 0xffff_ffffL);
        };
    }

    /**
     * Stores quotient and remainder: AL/AH, AX/DX, EAX/EDX or RAX/RDX. The flags are undefined;
     * as AMD Zen does (muldiv.txt), CF and OF keep their values, AF is set, SF ZF PF are cleared.
     */
    private static void storeDiv(CpuState c, int size, long q, long r) {
        Flags.setArith(c, (Flags.read(c) & (Flags.CF | Flags.OF)) | Flags.AF);
        switch (size) {
            case 1 -> c.r[RAX] = (c.r[RAX] & ~0xffffL) | (q & 0xff) | ((r & 0xff) << 8);
            case 2 -> {
                c.r[RAX] = (c.r[RAX] & ~0xffffL) | (q & 0xffff);
                c.r[RDX] = (c.r[RDX] & ~0xffffL) | (r & 0xffff);
            }
            case 4 -> {
                c.r[RAX] = q & 0xffff_ffffL;
                c.r[RDX] = r & 0xffff_ffffL;
            }
            default -> {
                c.r[RAX] = q;
                c.r[RDX] = r;
            }
        }
    }

    /** DIV: unsigned; #DE when the divisor is 0 or the quotient exceeds the operand size. */
    private static void div(CpuState c, long w, long v, int size) {
        if (v == 0) {
            throw CpuFault.divideError();
        }
        if (size == 8) {
            long hi = c.r[RDX];
            long lo = c.r[RAX];
            if (Long.compareUnsigned(hi, v) >= 0) {
                throw CpuFault.divideError();
            }
            if (hi == 0) {
                storeDiv(c, 8, Long.divideUnsigned(lo, v), Long.remainderUnsigned(lo, v));
                return;
            }
            long[] qr = divide128(hi, lo, v);
            storeDiv(c, 8, qr[0], qr[1]);
            return;
        }
        long n = dividend(c, size);
        long q = Long.divideUnsigned(n, v);
        if ((q & ~Operands.mask(size)) != 0) {
            throw CpuFault.divideError();
        }
        storeDiv(c, size, q, Long.remainderUnsigned(n, v));
    }

    /** IDIV: signed, quotient truncated toward zero, remainder with the dividend's sign. */
    private static void idiv(CpuState c, long w, long v, int size) {
        long d = Operands.sext(v, size);
        if (d == 0) {
            throw CpuFault.divideError();
        }
        if (size == 8) {
            idiv128(c, d);
            return;
        }
        long n = Operands.sext(dividend(c, size), size * 2);
        if (size == 4 && n == Long.MIN_VALUE && d == -1) {
            throw CpuFault.divideError();
        }
        long q = n / d;
        if (q != Operands.sext(q, size)) {
            throw CpuFault.divideError();
        }
        storeDiv(c, size, q, n % d);
    }

    private static void idiv128(CpuState c, long d) {
        long hi = c.r[RDX];
        long lo = c.r[RAX];
        boolean negN = hi < 0;
        if (negN) {
            lo = -lo;
            hi = ~hi + (lo == 0 ? 1 : 0);
        }
        long ad = d < 0 ? -d : d;
        if (Long.compareUnsigned(hi, ad) >= 0) {
            throw CpuFault.divideError();
        }
        long[] qr = hi == 0 ? new long[] {Long.divideUnsigned(lo, ad), Long.remainderUnsigned(lo, ad)}
                : divide128(hi, lo, ad);
        long q = qr[0];
        long r = qr[1];
        boolean negQ = negN != (d < 0);
        if (negQ ? Long.compareUnsigned(q, Long.MIN_VALUE) > 0 : q < 0) {
            throw CpuFault.divideError();
        }
        storeDiv(c, 8, negQ ? -q : q, negN ? -r : r);
    }

    /**
     * Unsigned 128/64 division of hi:lo by d, precondition hi &lt; d (unsigned) so that the quotient
     * fits 64 bits. Restoring shift-subtract, one quotient bit per step.
     */
    static long[] divide128(long hi, long lo, long d) {
        long rem = hi;
        long q = 0;
        for (int i = 0; i < 64; i++) {
            boolean carry = rem < 0;
            rem = (rem << 1) | (lo >>> 63);
            lo <<= 1;
            q <<= 1;
            if (carry || Long.compareUnsigned(rem, d) >= 0) {
                rem -= d;
                q |= 1;
            }
        }
        return new long[] {q, rem};
    }

    /** IMUL Gv, Ev (0F AF): truncated signed product; CF = OF = the truncation lost bits. */
    static void imulGvEv(CpuState c, GuestMemory m, long w, long ea) {
        ExtFlags.checkLock(w, false);
        int size = Operands.opBytes(w);
        long b = Operands.readRm(c, m, w, ea, size);
        long a = Operands.readReg(c, w, size);
        Operands.writeReg(c, w, size, imul2(c, a, b, size));
    }

    /** IMUL Gv, Ev, Iz (69) / Ib (6B): {@code imm} arrives sign-extended. */
    static void imulGvEvIz(CpuState c, GuestMemory m, long w, long ea, long imm) {
        ExtFlags.checkLock(w, false);
        int size = Operands.opBytes(w);
        long a = Operands.readRm(c, m, w, ea, size);
        Operands.writeReg(c, w, size, imul2(c, a, imm, size));
    }

    private static long imul2(CpuState c, long a, long b, int size) {
        long x = Operands.sext(a, size);
        long y = Operands.sext(b, size);
        long p = x * y;
        boolean overflow = size == 8 ? Math.multiplyHigh(x, y) != (p >> 63) : p != Operands.sext(p, size);
        Flags.setArith(c, mulFlags(c, overflow));
        return p;
    }

    /**
     * ADCX (66 0F38 F6) / ADOX (F3 0F38 F6) Gy, Ey: unsigned add with carry in and out through CF
     * (ADCX) or OF (ADOX); no other flag changes.
     */
    static void adcxAdox(CpuState c, GuestMemory m, long w, long ea) {
        ExtFlags.checkLock(w, false);
        int size = Insn.rexW(w) ? 8 : 4;
        long flag = Insn.rep(w) ? Flags.OF : Flags.CF;
        long b = Operands.readRm(c, m, w, ea, size);
        long a = Operands.readReg(c, w, size);
        long carry = (Flags.read(c) & flag) != 0 ? 1 : 0;
        long res = a + b + carry;
        boolean out = (ExtFlags.add(a, b, carry, size) & Flags.CF) != 0;
        Operands.writeReg(c, w, size, res);
        ExtFlags.update(c, flag, out ? flag : 0);
    }
}
