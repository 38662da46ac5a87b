package dev.flatland.cpu.interp;

import static dev.flatland.cpu.interp.Sse.NP;
import static dev.flatland.cpu.interp.Sse.P66;

import dev.flatland.cpu.CpuState;
import dev.flatland.cpu.decode.Insn;
import dev.flatland.memory.GuestMemory;

/**
 * MMX/SSE2 packed integer instructions of map 0F (60-76, D1-FE): arithmetic with and without
 * saturation, compares, logic, shifts, packs and unpacks. The MMX form (no prefix) works on one
 * 64-bit lane, the 66 form on two; element-wise operations are written once per 64-bit lane.
 */
final class SseInt {
    private SseInt() {
    }

    static void exec(CpuState c, GuestMemory m, long w, long ea, int imm, int b) {
        int p = Sse.pfx(w);
        if (p != NP && p != P66) {
            throw Sse.ud();
        }
        if (b >= 0x71 && b <= 0x73) {
            shiftImm(c, w, imm, b, p);
            return;
        }
        int d = Sse.xreg(w);
        if (p == NP) {
            if (b == 0x6C || b == 0x6D) {
                throw Sse.ud();
            }
            Sse.mmxEnter(c);
            long a = Sse.mmReg(c, d);
            long s = Sse.mmSrc(c, m, w, ea);
            long r;
            if (isCrossLane(b)) {
                r = crossMmx(b, a, s);
            } else {
                r = lane(0x100 | b, a, s, s);
            }
            Sse.setMm(c, d, r);
            return;
        }
        long[] x = c.xmm;
        long al = x[2 * d];
        long ah = x[2 * d + 1];
        long bl = Sse.srcQ(c, m, w, ea, 0, true);
        long bh = Sse.srcQ(c, m, w, ea, 1, true);
        if (isCrossLane(b)) {
            crossXmm(c, d, b, al, ah, bl, bh);
        } else {
            // Shifts by an XMM count use the whole low quadword of the source for both lanes.
            x[2 * d] = lane(0x100 | b, al, bl, bl);
            x[2 * d + 1] = lane(0x100 | b, ah, bh, bl);
        }
    }

    private static boolean isCrossLane(int b) {
        return b >= 0x60 && b <= 0x6D && b != 0x64 && b != 0x65 && b != 0x66;
    }

    /** Unpacks and packs on MMX registers (64-bit operands). */
    private static long crossMmx(int b, long a, long s) {
        return switch (b) {
            case 0x60 -> ilv(a, s, 1);
            case 0x61 -> ilv(a, s, 2);
            case 0x62 -> ilv(a, s, 4);
            case 0x68 -> ilv(a >>> 32, s >>> 32, 1);
            case 0x69 -> ilv(a >>> 32, s >>> 32, 2);
            case 0x6A -> ilv(a >>> 32, s >>> 32, 4);
            case 0x63 -> packW(a, s, true);
            case 0x67 -> packW(a, s, false);
            case 0x6B -> packD(a, s, true);
            default -> throw Sse.ud();
        };
    }

    private static void crossXmm(CpuState c, int d, int b, long al, long ah, long bl, long bh) {
        long lo;
        long hi;
        switch (b) {
            case 0x60, 0x61, 0x62 -> {
                int sz = 1 << (b - 0x60);
                lo = ilv(al, bl, sz);
                hi = ilv(al >>> 32, bl >>> 32, sz);
            }
            case 0x68, 0x69, 0x6A -> {
                int sz = 1 << (b - 0x68);
                lo = ilv(ah, bh, sz);
                hi = ilv(ah >>> 32, bh >>> 32, sz);
            }
            case 0x6C -> {
                lo = al;
                hi = bl;
            }
            case 0x6D -> {
                lo = ah;
                hi = bh;
            }
            case 0x63, 0x67 -> {
                lo = packW(al, ah, b == 0x63);
                hi = packW(bl, bh, b == 0x63);
            }
            case 0x6B -> {
                lo = packD(al, ah, true);
                hi = packD(bl, bh, true);
            }
            default -> throw Sse.ud();
        }
        Sse.setX(c, d, lo, hi);
    }

    /** Interleaves the low 32 bits of a and b in elements of sz bytes: a0 b0 a1 b1 ... */
    static long ilv(long a, long b, int sz) {
        long r = 0;
        int n = 4 / sz;
        int bits = sz * 8;
        long mask = Operands.mask(sz);
        for (int i = 0; i < n; i++) {
            r |= ((a >>> (i * bits)) & mask) << (2 * i * bits);
            r |= ((b >>> (i * bits)) & mask) << ((2 * i + 1) * bits);
        }
        return r;
    }

    /** Packs four words of lo and four of hi into eight bytes with signed or unsigned saturation. */
    static long packW(long lo, long hi, boolean signed) {
        long r = 0;
        for (int i = 0; i < 8; i++) {
            long v = (short) ((i < 4 ? lo : hi) >>> (16 * (i & 3)));
            v = signed ? Math.max(-128, Math.min(127, v)) : Math.max(0, Math.min(255, v));
            r |= (v & 0xFF) << (8 * i);
        }
        return r;
    }

    /** Packs two dwords of lo and two of hi into four words (PACKSSDW, PACKUSDW). */
    static long packD(long lo, long hi, boolean signed) {
        long r = 0;
        for (int i = 0; i < 4; i++) {
            long v = (int) ((i < 2 ? lo : hi) >>> (32 * (i & 1)));
            v = signed ? Math.max(-32768, Math.min(32767, v)) : Math.max(0, Math.min(65535, v));
            r |= (v & 0xFFFF) << (16 * i);
        }
        return r;
    }

    /** 0F 71/72/73 groups: shifts of mm/xmm (rm) by imm8. */
    private static void shiftImm(CpuState c, long w, int imm, int b, int p) {
        if (Insn.hasMem(w)) {
            throw Sse.ud();
        }
        int digit = Insn.reg(w) & 7;
        int r = Insn.rm(w);
        int op;
        switch (b << 4 | digit) {
            case 0x712 -> op = 0x1D1;
            case 0x714 -> op = 0x1E1;
            case 0x716 -> op = 0x1F1;
            case 0x722 -> op = 0x1D2;
            case 0x724 -> op = 0x1E2;
            case 0x726 -> op = 0x1F2;
            case 0x732 -> op = 0x1D3;
            case 0x736 -> op = 0x1F3;
            case 0x733, 0x737 -> {
                if (p != P66) {
                    throw Sse.ud();
                }
                byteShift(c, r, imm, digit == 7);
                return;
            }
            default -> throw Sse.ud();
        }
        long n = imm & 0xFF;
        if (p == NP) {
            Sse.mmxEnter(c);
            Sse.setMm(c, r, lane(op, Sse.mmReg(c, r), n, n));
        } else {
            c.xmm[2 * r] = lane(op, c.xmm[2 * r], n, n);
            c.xmm[2 * r + 1] = lane(op, c.xmm[2 * r + 1], n, n);
        }
    }

    /** PSLLDQ / PSRLDQ: shift the whole register by imm8 bytes (imm > 15 clears it). */
    private static void byteShift(CpuState c, int r, int imm, boolean left) {
        int n = Math.min(imm & 0xFF, 16) * 8;
        long lo = c.xmm[2 * r];
        long hi = c.xmm[2 * r + 1];
        long rl;
        long rh;
        if (left) {
            rl = n >= 64 ? 0 : lo << n;
            rh = n >= 128 ? 0 : n >= 64 ? lo << (n - 64) : n == 0 ? hi : (hi << n) | (lo >>> (64 - n));
        } else {
            rh = n >= 64 ? 0 : hi >>> n;
            rl = n >= 128 ? 0 : n >= 64 ? hi >>> (n - 64) : n == 0 ? lo : (lo >>> n) | (hi << (64 - n));
        }
        Sse.setX(c, r, rl, rh);
    }

    /**
     * One 64-bit lane of an element-wise operation. {@code op} is map << 8 | opcode byte;
     * {@code cnt} is the shift count (the source's low quadword) for shift opcodes.
     */
    static long lane(int op, long a, long s, long cnt) {
        switch (op) {
            case 0x1DB: return a & s;
            case 0x1DF: return ~a & s;
            case 0x1EB: return a | s;
            case 0x1EF: return a ^ s;
            case 0x1D4: return a + s;
            // Fast paths (SWAR) for the forms libc string functions and compilers use most.
            case 0x174: {
                long x = ~(a ^ s);
                long t = ((x & 0x7F7F_7F7F_7F7F_7F7FL) + 0x0101_0101_0101_0101L) & x & 0x8080_8080_8080_8080L;
                return (t >>> 7) * 0xFF;
            }
            case 0x175: {
                long x = ~(a ^ s);
                long t = ((x & 0x7FFF_7FFF_7FFF_7FFFL) + 0x0001_0001_0001_0001L) & x & 0x8000_8000_8000_8000L;
                return (t >>> 15) * 0xFFFF;
            }
            case 0x176: return ((int) a == (int) s ? 0xFFFF_FFFFL : 0) | ((a >>> 32) == (s >>> 32) ? 0xFFFF_FFFF_0000_0000L : 0);
            case 0x1FC: return ((a & 0x7F7F_7F7F_7F7F_7F7FL) + (s & 0x7F7F_7F7F_7F7F_7F7FL)) ^ ((a ^ s) & 0x8080_8080_8080_8080L);
            case 0x1FD: return ((a & 0x7FFF_7FFF_7FFF_7FFFL) + (s & 0x7FFF_7FFF_7FFF_7FFFL)) ^ ((a ^ s) & 0x8000_8000_8000_8000L);
            case 0x1FE: return ((a + s) & 0xFFFF_FFFFL) | (((a >>> 32) + (s >>> 32)) << 32);
            case 0x1F8: return ((a | 0x8080_8080_8080_8080L) - (s & 0x7F7F_7F7F_7F7F_7F7FL)) ^ ((a ^ ~s) & 0x8080_8080_8080_8080L);
            case 0x1F9: return ((a | 0x8000_8000_8000_8000L) - (s & 0x7FFF_7FFF_7FFF_7FFFL)) ^ ((a ^ ~s) & 0x8000_8000_8000_8000L);
            case 0x1FA: return ((a - s) & 0xFFFF_FFFFL) | (((a >>> 32) - (s >>> 32)) << 32);
            case 0x1DA, 0x1DE: {
                long r = 0;
                for (int i = 0; i < 64; i += 8) {
                    long x = (a >>> i) & 0xFF;
                    long y = (s >>> i) & 0xFF;
                    r |= (op == 0x1DA ? Math.min(x, y) : Math.max(x, y)) << i;
                }
                return r;
            }
            case 0x1FB: return a - s;
            case 0x1F4: return (a & 0xFFFF_FFFFL) * (s & 0xFFFF_FFFFL);
            case 0x228: return (long) (int) a * (long) (int) s;
            case 0x229: return a == s ? -1 : 0;
            case 0x237: return a > s ? -1 : 0;
            case 0x1F5: return pmaddwd(a, s);
            case 0x1F6: return psadbw(a, s);
            case 0x204: return pmaddubsw(a, s);
            case 0x1D1, 0x1E1, 0x1F1: return shift(a, cnt, 16, op);
            case 0x1D2, 0x1E2, 0x1F2: return shift(a, cnt, 32, op);
            case 0x1D3, 0x1F3: return shift(a, cnt, 64, op);
            default: break;
        }
        int sz = elemSize(op);
        int bits = sz * 8;
        long mask = Operands.mask(sz);
        long r = 0;
        for (int i = 0; i < 64; i += bits) {
            long x = (a >>> i) & mask;
            long y = (s >>> i) & mask;
            r |= (elem(op, x, y, sz) & mask) << i;
        }
        return r;
    }

    private static int elemSize(int op) {
        return switch (op) {
            case 0x1FC, 0x1F8, 0x1EC, 0x1DC, 0x1E8, 0x1D8, 0x1DA, 0x1DE, 0x1E0, 0x174, 0x164,
                 0x238, 0x23C, 0x208, 0x21C, 0x200 -> 1;
            case 0x1FD, 0x1F9, 0x1ED, 0x1DD, 0x1E9, 0x1D9, 0x1EA, 0x1EE, 0x1E3, 0x1D5, 0x1E5,
                 0x1E4, 0x175, 0x165, 0x23A, 0x23E, 0x209, 0x21D, 0x20B -> 2;
            case 0x1FE, 0x1FA, 0x176, 0x166, 0x239, 0x23B, 0x23D, 0x23F, 0x240, 0x20A, 0x21E -> 4;
            default -> throw Sse.ud();
        };
    }

    /** One element: x and y are zero-extended elements of sz bytes. */
    private static long elem(int op, long x, long y, int sz) {
        int bits = sz * 8;
        long sx = Operands.sext(x, sz);
        long sy = Operands.sext(y, sz);
        long smax = (1L << (bits - 1)) - 1;
        long smin = -(1L << (bits - 1));
        long umax = Operands.mask(sz);
        return switch (op) {
            case 0x1FC, 0x1FD, 0x1FE -> x + y;
            case 0x1F8, 0x1F9, 0x1FA -> x - y;
            case 0x1EC, 0x1ED -> Math.max(smin, Math.min(smax, sx + sy));
            case 0x1E8, 0x1E9 -> Math.max(smin, Math.min(smax, sx - sy));
            case 0x1DC, 0x1DD -> Math.min(umax, x + y);
            case 0x1D8, 0x1D9 -> Math.max(0, x - y);
            case 0x1DA, 0x23A, 0x23B -> Math.min(x, y);
            case 0x1DE, 0x23E, 0x23F -> Math.max(x, y);
            case 0x1EA, 0x238, 0x239 -> Math.min(sx, sy);
            case 0x1EE, 0x23C, 0x23D -> Math.max(sx, sy);
            case 0x1E0, 0x1E3 -> (x + y + 1) >>> 1;
            case 0x174, 0x175, 0x176 -> x == y ? -1 : 0;
            case 0x164, 0x165, 0x166 -> sx > sy ? -1 : 0;
            case 0x1D5, 0x240 -> sx * sy;
            case 0x1E5 -> (sx * sy) >> 16;
            case 0x1E4 -> (x * y) >>> 16;
            case 0x20B -> ((sx * sy >> 14) + 1) >> 1;
            case 0x208, 0x209, 0x20A -> sy < 0 ? -sx : sy == 0 ? 0 : sx;
            case 0x21C, 0x21D, 0x21E -> Math.abs(sy);
            default -> throw Sse.ud();
        };
    }

    /** PSRLx (D1-D3, 71-73/2), PSRAx (E1, E2, 71-72/4), PSLLx (F1-F3, 71-73/6). */
    private static long shift(long a, long cnt, int bits, int op) {
        int kind = (op & 0xF0) >>> 4; // D = srl, E = sra, F = sll
        long mask = bits == 64 ? -1L : (1L << bits) - 1;
        boolean big = Long.compareUnsigned(cnt, bits - 1) > 0;
        long r = 0;
        for (int i = 0; i < 64; i += bits) {
            long e = (a >>> i) & mask;
            long v;
            if (kind == 0xE) {
                int n = big ? bits - 1 : (int) cnt;
                v = Operands.sext(e, bits / 8) >> n;
            } else if (big) {
                v = 0;
            } else if (kind == 0xD) {
                v = e >>> cnt;
            } else {
                v = e << cnt;
            }
            r |= (v & mask) << i;
        }
        return r;
    }

    private static long pmaddwd(long a, long s) {
        long r = 0;
        for (int i = 0; i < 2; i++) {
            long p0 = (long) (short) (a >>> (32 * i)) * (short) (s >>> (32 * i));
            long p1 = (long) (short) (a >>> (32 * i + 16)) * (short) (s >>> (32 * i + 16));
            r |= ((p0 + p1) & 0xFFFF_FFFFL) << (32 * i);
        }
        return r;
    }

    private static long psadbw(long a, long s) {
        long sum = 0;
        for (int i = 0; i < 64; i += 8) {
            sum += Math.abs(((a >>> i) & 0xFF) - ((s >>> i) & 0xFF));
        }
        return sum;
    }

    /** PMADDUBSW: unsigned bytes of the destination times signed bytes of the source, pairs summed with saturation. */
    private static long pmaddubsw(long a, long s) {
        long r = 0;
        for (int i = 0; i < 4; i++) {
            int sh = 16 * i;
            long v = ((a >>> sh) & 0xFF) * (byte) (s >>> sh) + ((a >>> (sh + 8)) & 0xFF) * (byte) (s >>> (sh + 8));
            v = Math.max(-32768, Math.min(32767, v));
            r |= (v & 0xFFFF) << sh;
        }
        return r;
    }
}
