package dev.flatland.cpu.interp;

import dev.flatland.cpu.CpuState;
import dev.flatland.cpu.Flags;
import dev.flatland.cpu.decode.Insn;
import dev.flatland.memory.GuestMemory;

/**
 * SSE4.2 string compares (SDM vol. 2 §4.1): PCMPESTRM (0F3A 60), PCMPESTRI (61), PCMPISTRM (62),
 * PCMPISTRI (63). imm8[1:0] element format, [3:2] aggregation, [5:4] polarity, [6] index or mask
 * form. The memory operand needs no alignment.
 */
final class SseString {
    private SseString() {
    }

    static void exec(CpuState c, GuestMemory m, long w, long ea, int imm, int b) {
        boolean words = (imm & 1) != 0;
        boolean signed = (imm & 2) != 0;
        int n = words ? 8 : 16;
        long[] x = c.xmm;
        int d = Sse.xreg(w);
        long[] av = elems(x[2 * d], x[2 * d + 1], words, signed);
        long[] bv = elems(Sse.srcQ(c, m, w, ea, 0, false), Sse.srcQ(c, m, w, ea, 1, false), words, signed);
        boolean explicit = b <= 0x61;
        int la;
        int lb;
        if (explicit) {
            la = explicitLength(c.r[CpuState.RAX], Insn.rexW(w), n);
            lb = explicitLength(c.r[CpuState.RDX], Insn.rexW(w), n);
        } else {
            la = implicitLength(av);
            lb = implicitLength(bv);
        }
        int res1 = aggregate((imm >>> 2) & 3, av, bv, la, lb, n);
        int all = (1 << n) - 1;
        int res2 = switch ((imm >>> 4) & 3) {
            case 1 -> ~res1 & all;
            case 3 -> (~res1 & ((1 << lb) - 1)) | (res1 & ~((1 << lb) - 1) & all);
            default -> res1;
        };
        if ((b & 1) != 0) { // index
            int idx;
            if (res2 == 0) {
                idx = n;
            } else if ((imm & 0x40) != 0) {
                idx = 31 - Integer.numberOfLeadingZeros(res2);
            } else {
                idx = Integer.numberOfTrailingZeros(res2);
            }
            c.r[CpuState.RCX] = idx;
        } else if ((imm & 0x40) != 0) { // expanded mask
            long[] r = new long[2];
            int sz = words ? 2 : 1;
            for (int i = 0; i < n; i++) {
                if ((res2 >>> i & 1) != 0) {
                    int bit = i * sz * 8;
                    r[bit >>> 6] |= Operands.mask(sz) << (bit & 63);
                }
            }
            Sse.setX(c, 0, r[0], r[1]);
        } else {
            Sse.setX(c, 0, res2, 0);
        }
        long f = 0;
        if (res2 != 0) {
            f |= Flags.CF;
        }
        if (lb < n) {
            f |= Flags.ZF;
        }
        if (la < n) {
            f |= Flags.SF;
        }
        if ((res2 & 1) != 0) {
            f |= Flags.OF;
        }
        Flags.setArith(c, f);
    }

    private static long[] elems(long lo, long hi, boolean words, boolean signed) {
        int n = words ? 8 : 16;
        int sz = words ? 2 : 1;
        long[] r = new long[n];
        for (int i = 0; i < n; i++) {
            int bit = i * sz * 8;
            long v = ((bit < 64 ? lo : hi) >>> (bit & 63)) & Operands.mask(sz);
            r[i] = signed ? Operands.sext(v, sz) : v;
        }
        return r;
    }

    /** |EAX| or |RAX| (|EDX|, |RDX|) saturated to the element count. */
    private static int explicitLength(long v, boolean rexW, int n) {
        if (!rexW) {
            v = (int) v;
        }
        if (v < 0) {
            v = -v;
        }
        return v < 0 || v > n ? n : (int) v;
    }

    private static int implicitLength(long[] v) {
        for (int i = 0; i < v.length; i++) {
            if (v[i] == 0) {
                return i;
            }
        }
        return v.length;
    }

    /**
     * IntRes1 for the aggregation operation, with the SDM's invalid-element overrides. Elements are
     * already sign- or zero-extended, so one comparison serves both element signednesses.
     */
    private static int aggregate(int agg, long[] a, long[] b, int la, int lb, int n) {
        int r = 0;
        switch (agg) {
            case 0 -> { // equal any
                for (int j = 0; j < lb; j++) {
                    for (int i = 0; i < la; i++) {
                        if (a[i] == b[j]) {
                            r |= 1 << j;
                            break;
                        }
                    }
                }
            }
            case 1 -> { // ranges
                for (int j = 0; j < lb; j++) {
                    for (int i = 0; i + 1 < la; i += 2) {
                        if (a[i] <= b[j] && b[j] <= a[i + 1]) {
                            r |= 1 << j;
                            break;
                        }
                    }
                }
            }
            case 2 -> { // equal each
                for (int i = 0; i < n; i++) {
                    boolean va = i < la;
                    boolean vb = i < lb;
                    boolean t = va && vb ? a[i] == b[i] : !va && !vb;
                    if (t) {
                        r |= 1 << i;
                    }
                }
            }
            default -> { // equal ordered
                for (int j = 0; j < n; j++) {
                    boolean t = true;
                    for (int i = 0, k = j; i < n - j && t; i++, k++) {
                        boolean va = i < la;
                        boolean vb = k < lb;
                        if (va) {
                            t = vb && a[i] == b[k];
                        }
                    }
                    if (t) {
                        r |= 1 << j;
                    }
                }
            }
        }
        return r;
    }
}
