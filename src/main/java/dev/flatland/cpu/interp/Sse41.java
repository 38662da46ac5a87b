package dev.flatland.cpu.interp;

import static dev.flatland.cpu.interp.Sse.NP;
import static dev.flatland.cpu.interp.Sse.P66;

import dev.flatland.cpu.CpuState;
import dev.flatland.cpu.Flags;
import dev.flatland.cpu.decode.Insn;
import dev.flatland.memory.GuestMemory;

/**
 * Opcode maps 0F38 and 0F3A: SSSE3 (with MMX forms), SSE4.1 and SSE4.2 (PCMPGTQ here, the string
 * instructions in {@link SseString}), plus PCLMULQDQ.
 */
final class Sse41 {
    private Sse41() {
    }

    // ---------------------------------------------------------------- 0F 38

    static void map38(CpuState c, GuestMemory m, long w, long ea, int b) {
        int p = Sse.pfx(w);
        boolean ssse3 = b <= 0x0B || b >= 0x1C && b <= 0x1E;
        if (Insn.vex(w) || p != NP && p != P66 || p == NP && !ssse3) {
            throw Sse.ud();
        }
        int d = Sse.xreg(w);
        if (ssse3) {
            ssse3(c, m, w, ea, b, p, d);
            return;
        }
        long[] x = c.xmm;
        switch (b) {
            case 0x10, 0x14, 0x15 -> {
                long sl = Sse.srcQ(c, m, w, ea, 0, true);
                long sh = Sse.srcQ(c, m, w, ea, 1, true);
                int sz = b == 0x10 ? 1 : b == 0x14 ? 4 : 8;
                x[2 * d] = blendBySign(x[2 * d], sl, x[0], sz);
                x[2 * d + 1] = blendBySign(x[2 * d + 1], sh, x[1], sz);
            }
            case 0x17 -> { // ptest
                long sl = Sse.srcQ(c, m, w, ea, 0, true);
                long sh = Sse.srcQ(c, m, w, ea, 1, true);
                long al = x[2 * d];
                long ah = x[2 * d + 1];
                long f = ((al & sl) | (ah & sh)) == 0 ? Flags.ZF : 0;
                if (((~al & sl) | (~ah & sh)) == 0) {
                    f |= Flags.CF;
                }
                Flags.setArith(c, f);
            }
            case 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35 -> pmov(c, m, w, ea, b, d);
            case 0x2A -> { // movntdqa
                if (!Insn.hasMem(w)) {
                    throw Sse.ud();
                }
                Sse.align16(ea);
                Sse.setX(c, d, m.read64(ea), m.read64(ea + 8));
            }
            case 0x2B -> {
                long sl = Sse.srcQ(c, m, w, ea, 0, true);
                long sh = Sse.srcQ(c, m, w, ea, 1, true);
                Sse.setX(c, d, SseInt.packD(x[2 * d], x[2 * d + 1], false), SseInt.packD(sl, sh, false));
            }
            case 0x28, 0x29, 0x37, 0x38, 0x39, 0x3A, 0x3B, 0x3C, 0x3D, 0x3E, 0x3F, 0x40 -> {
                long sl = Sse.srcQ(c, m, w, ea, 0, true);
                long sh = Sse.srcQ(c, m, w, ea, 1, true);
                x[2 * d] = SseInt.lane(0x200 | b, x[2 * d], sl, sl);
                x[2 * d + 1] = SseInt.lane(0x200 | b, x[2 * d + 1], sh, sh);
            }
            case 0x41 -> { // phminposuw
                long sl = Sse.srcQ(c, m, w, ea, 0, true);
                long sh = Sse.srcQ(c, m, w, ea, 1, true);
                int min = 0x10000;
                int idx = 0;
                for (int i = 0; i < 8; i++) {
                    int v = (int) ((i < 4 ? sl : sh) >>> (16 * (i & 3))) & 0xFFFF;
                    if (v < min) {
                        min = v;
                        idx = i;
                    }
                }
                Sse.setX(c, d, min | ((long) idx << 16), 0);
            }
            default -> throw Sse.ud();
        }
    }

    /** Element-wise select by the sign bit of each mask element (PBLENDVB, BLENDVPS, BLENDVPD). */
    private static long blendBySign(long a, long s, long mask, int sz) {
        long r = 0;
        long em = Operands.mask(sz);
        for (int i = 0; i < 64; i += 8 * sz) {
            boolean pick = ((mask >>> (i + 8 * sz - 1)) & 1) != 0;
            r |= ((pick ? s : a) >>> i & em) << i;
        }
        return r;
    }

    private static void pmov(CpuState c, GuestMemory m, long w, long ea, int b, int d) {
        int kind = b & 0x0F;
        boolean signed = b < 0x30;
        int from = kind <= 2 ? 1 : kind <= 4 ? 2 : 4;
        int to = switch (kind) {
            case 0, 3 -> from * 2; // bw, wd
            case 1, 4 -> from * 4; // bd, wq
            default -> 8; // bq, dq
        };
        int n = 16 / to;
        int srcBytes = n * from;
        long v;
        if (Insn.hasMem(w)) {
            v = Operands.load(m, ea, srcBytes);
        } else {
            v = c.xmm[2 * Insn.rm(w)];
        }
        long[] r = new long[2];
        for (int i = 0; i < n; i++) {
            long e = (v >>> (8 * from * i)) & Operands.mask(from);
            if (signed) {
                e = Operands.sext(e, from);
            }
            e &= Operands.mask(to);
            int bit = i * to * 8;
            r[bit >>> 6] |= e << (bit & 63);
        }
        Sse.setX(c, d, r[0], r[1]);
    }

    // ---------------------------------------------------------------- SSSE3

    private static void ssse3(CpuState c, GuestMemory m, long w, long ea, int b, int p, int d) {
        boolean mmx = p == NP;
        long al;
        long ah = 0;
        long sl;
        long sh = 0;
        if (mmx) {
            Sse.mmxEnter(c);
            al = Sse.mmReg(c, d);
            sl = Sse.mmSrc(c, m, w, ea);
        } else {
            al = c.xmm[2 * d];
            ah = c.xmm[2 * d + 1];
            sl = Sse.srcQ(c, m, w, ea, 0, true);
            sh = Sse.srcQ(c, m, w, ea, 1, true);
        }
        long rl;
        long rh = 0;
        switch (b) {
            case 0x00 -> {
                byte[] a = bytes(al, ah);
                byte[] s = bytes(sl, sh);
                byte[] r = new byte[16];
                int n = mmx ? 8 : 16;
                for (int i = 0; i < n; i++) {
                    r[i] = s[i] < 0 ? 0 : a[s[i] & (n - 1)];
                }
                rl = quad(r, 0);
                rh = quad(r, 8);
            }
            case 0x01, 0x02, 0x03, 0x05, 0x06, 0x07 -> {
                int sz = b == 0x02 || b == 0x06 ? 4 : 2;
                int kind = b & 3; // 1 plain, 2 plain dword, 3 saturating
                boolean sub = b >= 0x05;
                if (mmx) {
                    rl = horiz(al, sl, sz, sub, kind == 3);
                } else {
                    rl = horiz2(al, ah, sz, sub, kind == 3);
                    rh = horiz2(sl, sh, sz, sub, kind == 3);
                }
            }
            default -> {
                rl = SseInt.lane(0x200 | b, al, sl, sl);
                rh = SseInt.lane(0x200 | b, ah, sh, sh);
            }
        }
        if (mmx) {
            Sse.setMm(c, d, rl);
        } else {
            Sse.setX(c, d, rl, rh);
        }
    }

    /** Horizontal add/sub on MMX: pairs of a, then pairs of s. */
    private static long horiz(long a, long s, int sz, boolean sub, boolean sat) {
        return horizHalf(a, sz, sub, sat) | (horizHalf(s, sz, sub, sat) << 32);
    }

    /** Horizontal add/sub on one 128-bit operand lo:hi, giving its 64-bit half of the result. */
    private static long horiz2(long lo, long hi, int sz, boolean sub, boolean sat) {
        return horizHalf(lo, sz, sub, sat) | (horizHalf(hi, sz, sub, sat) << 32);
    }

    /** Pairs within one quadword, packed into 32 bits. */
    private static long horizHalf(long v, int sz, boolean sub, boolean sat) {
        long r = 0;
        int bits = sz * 8;
        int n = 64 / bits / 2;
        for (int i = 0; i < n; i++) {
            long x = Operands.sext(v >>> (2 * i * bits), sz);
            long y = Operands.sext(v >>> ((2 * i + 1) * bits), sz);
            long e = sub ? x - y : x + y;
            if (sat) {
                e = Math.max(-32768, Math.min(32767, e));
            }
            r |= (e & Operands.mask(sz)) << (i * bits);
        }
        return r;
    }

    static byte[] bytes(long lo, long hi) {
        byte[] r = new byte[16];
        for (int i = 0; i < 8; i++) {
            r[i] = (byte) (lo >>> (8 * i));
            r[8 + i] = (byte) (hi >>> (8 * i));
        }
        return r;
    }

    static long quad(byte[] b, int off) {
        long r = 0;
        for (int i = 0; i < 8; i++) {
            r |= (b[off + i] & 0xFFL) << (8 * i);
        }
        return r;
    }

    // ---------------------------------------------------------------- 0F 3A

    static void map3A(CpuState c, GuestMemory m, long w, long ea, int imm, int b) {
        int p = Sse.pfx(w);
        if (Insn.vex(w) || p != NP && p != P66 || p == NP && b != 0x0F) {
            throw Sse.ud();
        }
        int d = Sse.xreg(w);
        long[] x = c.xmm;
        switch (b) {
            case 0x08, 0x09, 0x0A, 0x0B -> Sse41Fp.round(c, m, w, ea, imm, b, d);
            case 0x40, 0x41 -> Sse41Fp.dot(c, m, w, ea, imm, b, d);
            case 0x0C, 0x0D, 0x0E -> {
                long sl = Sse.srcQ(c, m, w, ea, 0, true);
                long sh = Sse.srcQ(c, m, w, ea, 1, true);
                int sz = b == 0x0C ? 4 : b == 0x0D ? 8 : 2;
                int per = 8 / sz;
                x[2 * d] = blendImm(x[2 * d], sl, imm, sz);
                x[2 * d + 1] = blendImm(x[2 * d + 1], sh, imm >>> per, sz);
            }
            case 0x0F -> palignr(c, m, w, ea, imm, p, d);
            case 0x14, 0x15, 0x16, 0x17 -> extract(c, m, w, ea, imm, b, d);
            case 0x20, 0x22 -> insert(c, m, w, ea, imm, b, d);
            case 0x21 -> { // insertps
                long v;
                if (Insn.hasMem(w)) {
                    v = m.read32(ea) & 0xFFFF_FFFFL;
                } else {
                    int s = Insn.rm(w);
                    v = SseShuffle.dword(x[2 * s], x[2 * s + 1], imm >>> 6);
                }
                int dst = (imm >>> 4) & 3;
                int q = 2 * d + (dst >> 1);
                int sh = 32 * (dst & 1);
                x[q] = (x[q] & ~(0xFFFF_FFFFL << sh)) | (v << sh);
                for (int i = 0; i < 4; i++) {
                    if ((imm >>> i & 1) != 0) {
                        x[2 * d + (i >> 1)] &= ~(0xFFFF_FFFFL << (32 * (i & 1)));
                    }
                }
            }
            case 0x42 -> mpsadbw(c, m, w, ea, imm, d);
            case 0x44 -> { // pclmulqdq
                long a = x[2 * d + (imm & 1)];
                long s = Sse.srcQ(c, m, w, ea, (imm >>> 4) & 1, false);
                if (Insn.hasMem(w)) {
                    Sse.align16(ea);
                }
                long lo = 0;
                long hi = 0;
                for (int i = 0; i < 64; i++) {
                    if ((s >>> i & 1) != 0) {
                        lo ^= a << i;
                        hi ^= i == 0 ? 0 : a >>> (64 - i);
                    }
                }
                Sse.setX(c, d, lo, hi);
            }
            case 0x60, 0x61, 0x62, 0x63 -> SseString.exec(c, m, w, ea, imm, b);
            default -> throw Sse.ud();
        }
    }

    private static long blendImm(long a, long s, int imm, int sz) {
        long r = 0;
        long em = Operands.mask(sz);
        for (int i = 0, k = 0; i < 64; i += 8 * sz, k++) {
            r |= (((imm >>> k & 1) != 0 ? s : a) >>> i & em) << i;
        }
        return r;
    }

    private static void palignr(CpuState c, GuestMemory m, long w, long ea, int imm, int p, int d) {
        if (p == NP) {
            Sse.mmxEnter(c);
            long a = Sse.mmReg(c, d);
            long s = Sse.mmSrc(c, m, w, ea);
            byte[] cat = new byte[32];
            byte[] lo = bytes(s, a);
            System.arraycopy(lo, 0, cat, 0, 16);
            byte[] r = new byte[8];
            for (int i = 0; i < 8; i++) {
                r[i] = i + imm < 32 ? cat[i + imm] : 0;
            }
            Sse.setMm(c, d, quad(r, 0));
            return;
        }
        long sl = Sse.srcQ(c, m, w, ea, 0, true);
        long sh = Sse.srcQ(c, m, w, ea, 1, true);
        byte[] cat = new byte[48];
        System.arraycopy(bytes(sl, sh), 0, cat, 0, 16);
        System.arraycopy(bytes(c.xmm[2 * d], c.xmm[2 * d + 1]), 0, cat, 16, 16);
        byte[] r = new byte[16];
        for (int i = 0; i < 16; i++) {
            r[i] = i + imm < 48 ? cat[i + imm] : 0;
        }
        Sse.setX(c, d, quad(r, 0), quad(r, 8));
    }

    /** PEXTRB/PEXTRW/PEXTRD/PEXTRQ/EXTRACTPS r/m, xmm (reg), imm8. */
    private static void extract(CpuState c, GuestMemory m, long w, long ea, int imm, int b, int d) {
        long[] x = c.xmm;
        int sz = switch (b) {
            case 0x14 -> 1;
            case 0x15 -> 2;
            case 0x16 -> Insn.rexW(w) ? 8 : 4;
            default -> 4;
        };
        int n = 16 / sz;
        int i = imm & (n - 1);
        int bit = i * sz * 8;
        long v = (x[2 * d + (bit >>> 6)] >>> (bit & 63)) & Operands.mask(sz);
        if (Insn.hasMem(w)) {
            Operands.store(m, ea, sz, v);
        } else {
            c.r[Insn.rm(w)] = v;
        }
    }

    /** PINSRB / PINSRD / PINSRQ xmm, r/m, imm8. */
    private static void insert(CpuState c, GuestMemory m, long w, long ea, int imm, int b, int d) {
        int sz = b == 0x20 ? 1 : Insn.rexW(w) ? 8 : 4;
        long v = Insn.hasMem(w) ? Operands.load(m, ea, sz) : c.r[Insn.rm(w)] & Operands.mask(sz);
        int n = 16 / sz;
        int bit = (imm & (n - 1)) * sz * 8;
        int q = 2 * d + (bit >>> 6);
        long em = Operands.mask(sz) << (bit & 63);
        c.xmm[q] = (c.xmm[q] & ~em) | (v << (bit & 63));
    }

    private static void mpsadbw(CpuState c, GuestMemory m, long w, long ea, int imm, int d) {
        long sl = Sse.srcQ(c, m, w, ea, 0, true);
        long sh = Sse.srcQ(c, m, w, ea, 1, true);
        byte[] a = bytes(c.xmm[2 * d], c.xmm[2 * d + 1]);
        byte[] s = bytes(sl, sh);
        int ao = (imm >>> 2 & 1) * 4;
        int so = (imm & 3) * 4;
        long[] r = new long[2];
        for (int i = 0; i < 8; i++) {
            int sum = 0;
            for (int j = 0; j < 4; j++) {
                sum += Math.abs((a[ao + i + j] & 0xFF) - (s[so + j] & 0xFF));
            }
            r[i >> 2] |= (long) sum << (16 * (i & 3));
        }
        Sse.setX(c, d, r[0], r[1]);
    }
}
