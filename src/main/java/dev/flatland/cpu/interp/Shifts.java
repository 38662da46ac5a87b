package dev.flatland.cpu.interp;

import dev.flatland.cpu.CpuState;
import dev.flatland.cpu.Flags;
import dev.flatland.cpu.decode.Insn;
import dev.flatland.memory.GuestMemory;

/**
 * Shifts and rotates: group 2 (C0/C1 imm8, D0/D1 by 1, D2/D3 by CL: ROL ROR RCL RCR SHL SHR SAL
 * SAR) and SHLD/SHRD (0F A4/A5/AC/AD). The count is masked to 5 bits (6 with 64-bit operands); a
 * masked count of 0 changes neither the operand nor the flags. Flags follow the SDM pseudocode;
 * where the SDM leaves a flag undefined this computes the same formula as for the defined case
 * (OF = the sign change of the last step,, AF = 1), as recorded on AMD Zen.
 */
final class Shifts {
    private Shifts() {
    }

    private static final int ROL = 0;
    private static final int ROR = 1;
    private static final int RCL = 2;
    private static final int RCR = 3;
    private static final int SAR = 7;
    /** AF is undefined after a shift by a nonzero count; AMD Zen sets it, and so does this. */
    private static final long UNDEF_AF = Flags.AF;

    static void group2(CpuState c, GuestMemory m, long w, long ea, int op, long imm) {
        ExtFlags.checkLock(w, false);
        int size = (op & 1) == 0 ? 1 : Operands.opBytes(w);
        long count;
        if (op <= 0xC1) {
            count = imm;
        } else if (op <= 0xD1) {
            count = 1;
        } else {
            count = c.r[CpuState.RCX];
        }
        int cnt = (int) count & (size == 8 ? 0x3f : 0x1f);
        long v = Operands.readRm(c, m, w, ea, size);
        if (cnt == 0) {
            // The operand is still read (a memory fault still raised), and a 32-bit register
            // destination is still written, i.e. zero-extended (observed on AMD Zen and Intel).
            if (!Insn.hasMem(w)) {
                Operands.writeRm(c, m, w, ea, size, v);
            }
            return;
        }
        int digit = Insn.reg(w) & 7;
        long res = shift(c, digit, v, cnt, size);
        Operands.writeRm(c, m, w, ea, size, res);
    }

    /** Right shift that yields 0 for distances of 64 or more (Java masks the distance). */
    private static long shr(long v, int k) {
        return k >= 64 ? 0 : v >>> k;
    }

    private static long shl(long v, int k) {
        return k >= 64 ? 0 : v << k;
    }

    private static long msb(long v, int bits) {
        return (v >>> (bits - 1)) & 1;
    }

    /** Performs group-2 operation {@code digit} on {@code v} by the nonzero masked {@code cnt}; sets flags. */
    static long shift(CpuState c, int digit, long v, int cnt, int size) {
        int bits = size * 8;
        long mask = Operands.mask(size);
        v &= mask;
        long old = Flags.read(c);
        long cf;
        long of;
        long res;
        switch (digit) {
            case ROL -> {
                int t = cnt % bits;
                res = (shl(v, t) | shr(v, bits - t)) & mask;
                cf = res & 1;
                of = msb(res, bits) ^ cf;
                Flags.setArith(c, (old & ~(Flags.CF | Flags.OF)) | flag(cf, Flags.CF) | flag(of, Flags.OF));
                return res;
            }
            case ROR -> {
                int t = cnt % bits;
                res = (shr(v, t) | shl(v, bits - t)) & mask;
                cf = msb(res, bits);
                of = cf ^ msb(res, bits - 1);
                Flags.setArith(c, (old & ~(Flags.CF | Flags.OF)) | flag(cf, Flags.CF) | flag(of, Flags.OF));
                return res;
            }
            case RCL, RCR -> {
                return rotateCarry(c, digit == RCL, v, cnt, size, old);
            }
            default -> {
                return shiftArith(c, digit, v, cnt, size);
            }
        }
    }

    /** RCL/RCR: a rotate of the (size*8 + 1)-bit quantity CF:operand; the count is taken mod 9 / 17 for bytes / words. */
    private static long rotateCarry(CpuState c, boolean left, long v, int cnt, int size, long old) {
        int bits = size * 8;
        long mask = Operands.mask(size);
        int t = size == 1 ? cnt % 9 : size == 2 ? cnt % 17 : cnt;
        long cfIn = old & Flags.CF;
        long res;
        long cf;
        if (t == 0) {
            res = v;
            cf = cfIn;
        } else if (left) {
            res = (shl(v, t) | shl(cfIn, t - 1) | shr(v, bits + 1 - t)) & mask;
            cf = shr(v, bits - t) & 1;
        } else {
            res = (shr(v, t) | shl(cfIn, bits - t) | shl(v, bits + 1 - t)) & mask;
            cf = shr(v, t - 1) & 1;
        }
        long of = left ? msb(res, bits) ^ cf : msb(res, bits) ^ msb(res, bits - 1);
        Flags.setArith(c, (old & ~(Flags.CF | Flags.OF)) | flag(cf, Flags.CF) | flag(of, Flags.OF));
        return res;
    }

    /** SHL/SAL (/4 and /6), SHR (/5), SAR (/7): CF = last bit out, SF ZF PF from the result, AF = 0. */
    private static long shiftArith(CpuState c, int digit, long v, int cnt, int size) {
        int bits = size * 8;
        long mask = Operands.mask(size);
        long res;
        long cf;
        long of;
        if (digit == SAR) {
            long s = Operands.sext(v, size);
            int k = Math.min(cnt, 63);
            res = (s >> k) & mask;
            cf = (s >> Math.min(cnt - 1, 63)) & 1;
            of = 0;
        } else if (digit == 5) {
            res = shr(v, cnt) & mask;
            cf = shr(v, cnt - 1) & 1;
            of = msb(shr(v, cnt - 1), bits);
        } else {
            res = shl(v, cnt) & mask;
            cf = cnt > bits ? 0 : shr(v, bits - cnt) & 1;
            of = msb(res, bits) ^ cf;
        }
        Flags.setArith(c, ExtFlags.szp(res, size) | flag(cf, Flags.CF) | flag(of, Flags.OF) | UNDEF_AF);
        return res;
    }

    private static long flag(long bit, long f) {
        return bit != 0 ? f : 0;
    }

    /**
     * SHLD/SHRD Ev, Gv, Ib/CL: shift the destination, filling from the source register. A count
     * above the operand size (16-bit forms only) has an undefined result; this yields the bits
     * of the 48-bit rotation hardware computes.
     */
    static void shldShrd(CpuState c, GuestMemory m, long w, long ea, int op, long imm) {
        ExtFlags.checkLock(w, false);
        int size = Operands.opBytes(w);
        int bits = size * 8;
        long count = (op & 1) == 0 ? imm : c.r[CpuState.RCX];
        int cnt = (int) count & (size == 8 ? 0x3f : 0x1f);
        long dst = Operands.readRm(c, m, w, ea, size);
        if (cnt == 0) {
            if (!Insn.hasMem(w)) {
                Operands.writeRm(c, m, w, ea, size, dst);
            }
            return;
        }
        long src = Operands.readReg(c, w, size);
        long mask = Operands.mask(size);
        boolean left = op <= 0x1A5;
        long res;
        long cf;
        if (size == 2 && cnt > 16) {
            // Undefined result and flags (SDM). AMD Zen rotates the source alone by cnt - 16
            // (left for SHLD, right for SHRD) and clears CF (recorded in shifts.txt).
            int k = cnt - 16;
            res = left ? ((src << k) | (src >>> (16 - k))) & mask : ((src >>> k) | (src << (16 - k))) & mask;
            cf = 0;
        } else if (left) {
            res = (shl(dst, cnt) | shr(src, bits - cnt)) & mask;
            cf = shr(dst, bits - cnt) & 1;
        } else {
            res = (shr(dst, cnt) | shl(src, bits - cnt)) & mask;
            cf = shr(dst, cnt - 1) & 1;
        }
        // OF is defined for a count of 1 (the sign changed); for larger counts AMD Zen computes
        // MSB(res) XOR CF (SHLD) and MSB(res) XOR the next bit (SHRD), which also give the count-1 value.
        long of = left ? msb(res, bits) ^ cf : msb(res, bits) ^ msb(res, bits - 1);
        if (left && size == 2 && cnt == 16) {
            of = cf; // SHLD of a word by 16 on AMD Zen (recorded in shifts.txt)
        }
        Operands.writeRm(c, m, w, ea, size, res);
        Flags.setArith(c, ExtFlags.szp(res, size) | flag(cf, Flags.CF) | flag(of, Flags.OF) | UNDEF_AF);
    }
}
