package dev.flatland.cpu.interp;

import java.math.BigInteger;

/**
 * Software x87 double-extended arithmetic (Intel SDM vol. 1 §4.2, §4.8, §8.1). A value is a
 * sign/exponent half ({@code se}: sign bit 15, biased exponent bits 0..14) and a 64-bit significand
 * {@code m} with an explicit integer bit. Operations round to the precision of FCW.PC (24, 53 or 64
 * bits, keeping the 15-bit exponent range) in the mode of FCW.RC, raise the FSW exception flags
 * into a {@link Ctx} and leave the result in it. Denormal results are rounded at the fixed bit
 * positions of the 64-bit significand field, as the hardware does.
 */
final class F80 {
    private F80() {
    }

    /** FSW exception flags. */
    static final int IE = 0x01;
    static final int DE = 0x02;
    static final int ZE = 0x04;
    static final int OE = 0x08;
    static final int UE = 0x10;
    static final int PE = 0x20;
    static final int SF = 0x40;

    /** FCW.PC values. */
    static final int PC24 = 0;
    static final int PC53 = 2;
    static final int PC64 = 3;
    /** FCW.RC values. */
    static final int RC_NEAREST = 0;
    static final int RC_DOWN = 1;
    static final int RC_UP = 2;
    static final int RC_ZERO = 3;

    static final int BIAS = 16383;
    static final int EXP_MAX = 0x7fff;
    static final long INT_BIT = 0x8000_0000_0000_0000L;
    static final long QUIET_BIT = 0x4000_0000_0000_0000L;
    /** The x87 "real indefinite" QNaN. */
    static final int INDEF_SE = 0xffff;
    static final long INDEF_M = 0xc000_0000_0000_0000L;

    /** Operand classes. */
    static final int ZERO = 0;
    static final int NORMAL = 1;
    static final int DENORMAL = 2;
    static final int INF = 3;
    static final int QNAN = 4;
    static final int SNAN = 5;
    /** Unnormals, pseudo-NaNs and pseudo-infinities: invalid operands since the 387. */
    static final int UNSUPPORTED = 6;

    /** Rounding environment, accumulated exception flags and the result of the last operation. */
    static final class Ctx {
        int pc;
        int rc;
        /** FCW exception mask bits (a clear bit means unmasked). */
        int mask;
        /** FSW exception bits raised so far. */
        int flags;
        /** The last rounding increased the magnitude (reported in C1). */
        boolean up;
        int se;
        long m;
        /** Scratch output of {@link F80#round}: biased exponent field and left-aligned significand. */
        int rExp;
        long rSig;

        Ctx(int fcw) {
            pc = (fcw >> 8) & 3;
            rc = (fcw >> 10) & 3;
            mask = fcw & 0x3f;
        }

        /** Significand bits kept by FCW.PC; the reserved value 1 behaves as 64 bits. */
        int precision() {
            return pc == PC24 ? 24 : pc == PC53 ? 53 : 64;
        }

        void set(int se, long m) {
            this.se = se;
            this.m = m;
        }

        void indefinite() {
            flags |= IE;
            set(INDEF_SE, INDEF_M);
        }
    }

    static int classify(int se, long m) {
        int e = se & EXP_MAX;
        if (e == 0) {
            return m == 0 ? ZERO : DENORMAL;
        }
        if (m >= 0) {
            return UNSUPPORTED;
        }
        if (e == EXP_MAX) {
            if ((m << 1) == 0) {
                return INF;
            }
            return (m & QUIET_BIT) != 0 ? QNAN : SNAN;
        }
        return NORMAL;
    }

    static boolean isNaN(int cls) {
        return cls == QNAN || cls == SNAN;
    }

    static int sign(int se) {
        return (se >> 15) & 1;
    }

    /** Unbiased exponent of a finite non-zero value normalised so that value = norm(m) * 2^(e-63). */
    static int exponent(int se, long m) {
        int e = se & EXP_MAX;
        if (e == 0) {
            e = 1;                                   // denormals and pseudo-denormals
        }
        return e - BIAS - Long.numberOfLeadingZeros(m);
    }

    static long normalize(long m) {
        return m << Long.numberOfLeadingZeros(m);
    }

    // ---- rounding ---------------------------------------------------------------------------

    /**
     * Rounds sign * (hi:lo) * 2^(e-127) (hi's top bit set) to the extended format at FCW.PC, sets
     * PE/UE/OE and C1, and stores the result in {@code x}.
     */
    static void roundPack(Ctx x, int sign, int e, long hi, long lo) {
        roundPackP(x, sign, e, hi, lo, x.precision());
    }

    static void roundPackP(Ctx x, int sign, int e, long hi, long lo, int p) {
        round(x, sign, e, hi, lo, p, BIAS, EXP_MAX - 1);
        x.set(sign << 15 | x.rExp, x.rSig);
    }

    /**
     * The rounding core shared by every format: rounds sign * (hi:lo) * 2^(e-127) to {@code p}
     * significant bits in a format with the given exponent bias and largest finite biased exponent.
     * Leaves the biased exponent field (0 for denormals and zero) in x.rExp and the left-aligned
     * significand with its integer bit in x.rSig.
     */
    static void round(Ctx x, int sign, int e, long hi, long lo, int p, int bias, int maxExp) {
        int be = e + bias;
        long h = hi;
        long l = lo;
        boolean tiny = be < 1 && !(be == 0 && carriesOut(x.rc, sign, hi, lo, p));
        // Tininess is detected after rounding (as if the exponent were unbounded), for the masked
        // and the unmasked response alike (measured: X87HardwareTest's targeted cases).
        boolean scaledUnderflow = tiny && (x.mask & UE) == 0;
        if (scaledUnderflow) {
            x.flags |= UE;                               // unmasked: bias-adjusted, no denormal
        }
        if (be < 1 && !scaledUnderflow) {
            int s = 1 - be;
            if (s >= 128) {
                l = (h | l) != 0 ? 1 : 0;
                h = 0;
            } else if (s >= 64) {
                long sticky = (l != 0 || (s > 64 ? h << (128 - s) : 0) != 0) ? 1 : 0;
                l = (s == 64 ? h : h >>> (s - 64)) | sticky;
                h = 0;
            } else {
                long sticky = (l << (64 - s)) != 0 ? 1 : 0;
                l = (l >>> s) | (h << (64 - s)) | sticky;
                h = h >>> s;
            }
            be = 1;
        }
        int drop = 64 - p;
        long lowMask = drop == 0 ? 0 : (1L << drop) - 1;
        long rh = h & lowMask;
        boolean inexact = rh != 0 || l != 0;
        boolean inc = false;
        if (inexact) {
            inc = switch (x.rc) {
                case RC_NEAREST -> {
                    long halfH = drop == 0 ? 0 : 1L << (drop - 1);
                    long halfL = drop == 0 ? INT_BIT : 0;
                    int c = rh != halfH ? Long.compareUnsigned(rh, halfH) : Long.compareUnsigned(l, halfL);
                    yield c > 0 || (c == 0 && ((h >>> drop) & 1) != 0);
                }
                case RC_DOWN -> sign != 0;
                case RC_UP -> sign == 0;
                default -> false;
            };
        }
        h &= ~lowMask;
        if (inc) {
            long nh = h + (1L << drop);
            if (Long.compareUnsigned(nh, h) < 0) {       // carry out of the integer bit
                nh = INT_BIT;
                be++;
            }
            h = nh;
        }
        x.up = inc;
        if (inexact) {
            x.flags |= PE;
            if (tiny) {
                x.flags |= UE;
            }
        }
        int adjust = (bias + 1) / 2 * 3;                 // 24576 for the extended format
        if (scaledUnderflow) {
            be += adjust;
            if (be < 1) {                                // too tiny even when adjusted
                x.flags |= PE;
                x.up = false;
                x.rExp = 0;
                x.rSig = 0;
                return;
            }
        } else if (be > maxExp && (x.mask & OE) == 0) {
            x.flags |= OE;
            be -= adjust;
            if (be > maxExp) {                           // too huge even when adjusted
                x.flags |= PE;
                x.up = true;
                x.rExp = maxExp + 1;
                x.rSig = INT_BIT;
                return;
            }
        }
        if (be > maxExp) {
            x.flags |= OE | PE;
            boolean toInf = switch (x.rc) {
                case RC_NEAREST -> true;
                case RC_DOWN -> sign != 0;
                case RC_UP -> sign == 0;
                default -> false;
            };
            if (toInf) {
                x.rExp = maxExp + 1;
                x.rSig = INT_BIT;
                x.up = true;
            } else {
                x.rExp = maxExp;
                x.rSig = ~lowMask;
                x.up = false;
            }
            return;
        }
        x.rExp = h < 0 ? be : 0;
        x.rSig = h;
    }

    /** Whether rounding (hi:lo) to p bits with an unbounded exponent carries into a new bit. */
    private static boolean carriesOut(int rc, int sign, long hi, long lo, int p) {
        int drop = 64 - p;
        long lowMask = drop == 0 ? 0 : (1L << drop) - 1;
        if ((hi | lowMask) != -1L) {
            return false;                               // kept bits are not all ones
        }
        long rh = hi & lowMask;
        boolean inexact = rh != 0 || lo != 0;
        return switch (rc) {
            case RC_NEAREST -> {
                long halfH = drop == 0 ? 0 : 1L << (drop - 1);
                long halfL = drop == 0 ? INT_BIT : 0;
                int c = rh != halfH ? Long.compareUnsigned(rh, halfH) : Long.compareUnsigned(lo, halfL);
                yield c >= 0;                           // a tie rounds to even, which carries
            }
            case RC_DOWN -> inexact && sign != 0;
            case RC_UP -> inexact && sign == 0;
            default -> false;
        };
    }

    /** Rounds sign * (hi:lo) * 2^(e-127) to a binary64 bit pattern (FST m64). */
    static long packDouble(Ctx x, int sign, int e, long hi, long lo) {
        round(x, sign, e, hi, lo, 53, 1023, 2046);
        return (long) sign << 63 | (long) x.rExp << 52 | ((x.rSig >>> 11) & ((1L << 52) - 1));
    }

    /** Rounds sign * (hi:lo) * 2^(e-127) to a binary32 bit pattern (FST m32). */
    static int packFloat(Ctx x, int sign, int e, long hi, long lo) {
        round(x, sign, e, hi, lo, 24, 127, 254);
        return sign << 31 | x.rExp << 23 | (int) ((x.rSig >>> 40) & 0x7fffff);
    }

    // ---- NaN and special operands ------------------------------------------------------------

    /**
     * Result for an operation with at least one NaN operand (SDM vol. 1 table 4-7): an SNaN raises
     * IE; a QNaN beats an SNaN; otherwise the NaN with the larger significand; equal significands
     * pick the first operand. The chosen NaN is returned quiet.
     */
    static void propagateNaN(Ctx x, int ase, long am, int bse, long bm) {
        int ca = classify(ase, am);
        int cb = classify(bse, bm);
        if (ca == SNAN || cb == SNAN) {
            x.flags |= IE;
        }
        boolean pickA;
        if (!isNaN(cb)) {
            pickA = true;
        } else if (!isNaN(ca)) {
            pickA = false;
        } else if (ca != cb) {
            pickA = ca == QNAN;
        } else {
            long qa = am | QUIET_BIT;
            long qb = bm | QUIET_BIT;
            pickA = Long.compareUnsigned(qa, qb) > 0 || (qa == qb && (ase & 0x8000) <= (bse & 0x8000));
        }
        if (pickA) {
            x.set(ase, am | QUIET_BIT);
        } else {
            x.set(bse, bm | QUIET_BIT);
        }
    }

    /**
     * Common pre-checks for a two-operand arithmetic instruction: unsupported encodings and NaNs
     * decide the result, denormal operands raise DE. Returns true when the result is already set.
     */
    static boolean specials2(Ctx x, int ase, long am, int bse, long bm) {
        int ca = classify(ase, am);
        int cb = classify(bse, bm);
        if (ca == UNSUPPORTED || cb == UNSUPPORTED) {
            x.indefinite();
            return true;
        }
        if (isNaN(ca) || isNaN(cb)) {
            propagateNaN(x, ase, am, bse, bm);
            return true;
        }
        if (ca == DENORMAL || cb == DENORMAL) {
            x.flags |= DE;
        }
        return false;
    }

    static boolean specials1(Ctx x, int se, long m) {
        int c = classify(se, m);
        if (c == UNSUPPORTED) {
            x.indefinite();
            return true;
        }
        if (isNaN(c)) {
            if (c == SNAN) {
                x.flags |= IE;
            }
            x.set(se, m | QUIET_BIT);
            return true;
        }
        if (c == DENORMAL) {
            x.flags |= DE;
        }
        return false;
    }

    static void zero(Ctx x, int sign) {
        x.set(sign << 15, 0);
    }

    static void inf(Ctx x, int sign) {
        x.set(sign << 15 | EXP_MAX, INT_BIT);
    }

    // ---- add, subtract, multiply, divide -----------------------------------------------------

    static void add(Ctx x, int ase, long am, int bse, long bm) {
        addSub(x, ase, am, bse, bm);
    }

    static void sub(Ctx x, int ase, long am, int bse, long bm) {
        int cb = classify(bse, bm);
        addSub(x, ase, am, isNaN(cb) || cb == UNSUPPORTED ? bse : bse ^ 0x8000, bm);
    }

    private static void addSub(Ctx x, int ase, long am, int bse, long bm) {
        x.up = false;
        if (specials2(x, ase, am, bse, bm)) {
            return;
        }
        int ca = classify(ase, am);
        int cb = classify(bse, bm);
        int sa = sign(ase);
        int sb = sign(bse);
        if (ca == INF || cb == INF) {
            if (ca == INF && cb == INF && sa != sb) {
                x.indefinite();
            } else {
                inf(x, ca == INF ? sa : sb);
            }
            return;
        }
        if (ca == ZERO && cb == ZERO) {
            zero(x, sa == sb ? sa : (x.rc == RC_DOWN ? 1 : 0));
            return;
        }
        if (ca == ZERO || cb == ZERO) {
            // The non-zero operand, rounded to the precision control (a denormal stays exact).
            int s = ca == ZERO ? sb : sa;
            int se = ca == ZERO ? bse : ase;
            long m = ca == ZERO ? bm : am;
            roundPack(x, s, exponent(se, m), normalize(m), 0);
            return;
        }
        int ea = exponent(ase, am);
        int eb = exponent(bse, bm);
        long ma = normalize(am);
        long mb = normalize(bm);
        if (ea < eb || (ea == eb && Long.compareUnsigned(ma, mb) < 0)) {
            int t = ea; ea = eb; eb = t;
            long tm = ma; ma = mb; mb = tm;
            int ts = sa; sa = sb; sb = ts;
        }
        int d = ea - eb;
        // (bh:bl) = mb shifted right by d within 128 bits, with sticky.
        long bh;
        long bl;
        if (d == 0) {
            bh = mb;
            bl = 0;
        } else if (d < 64) {
            bh = mb >>> d;
            bl = mb << (64 - d);
        } else if (d < 128) {
            bh = 0;
            bl = d == 64 ? mb : mb >>> (d - 64);
            if (d > 64 && (mb << (128 - d)) != 0) {
                bl |= 1;
            }
        } else {
            bh = 0;
            bl = 1;
        }
        long rh;
        long rl;
        int e = ea;
        if (sa == sb) {
            rl = bl;
            rh = ma + bh;
            if (Long.compareUnsigned(rh, ma) < 0) {        // carry: shift right one, keep sticky
                rl = (rl >>> 1) | (rh << 63) | (rl & 1);
                rh = (rh >>> 1) | INT_BIT;
                e++;
            }
        } else {
            rl = -bl;
            rh = ma - bh - (bl != 0 ? 1 : 0);
            if (rh == 0 && rl == 0) {
                zero(x, x.rc == RC_DOWN ? 1 : 0);
                return;
            }
            int lz = rh != 0 ? Long.numberOfLeadingZeros(rh) : 64 + Long.numberOfLeadingZeros(rl);
            if (lz >= 64) {
                rh = rl << (lz - 64);
                rl = 0;
            } else if (lz > 0) {
                rh = (rh << lz) | (rl >>> (64 - lz));
                rl <<= lz;
            }
            e -= lz;
        }
        roundPack(x, sa, e, rh, rl);
    }

    static void mul(Ctx x, int ase, long am, int bse, long bm) {
        x.up = false;
        if (specials2(x, ase, am, bse, bm)) {
            return;
        }
        int ca = classify(ase, am);
        int cb = classify(bse, bm);
        int s = sign(ase) ^ sign(bse);
        if (ca == INF || cb == INF) {
            if (ca == ZERO || cb == ZERO) {
                x.indefinite();
            } else {
                inf(x, s);
            }
            return;
        }
        if (ca == ZERO || cb == ZERO) {
            zero(x, s);
            return;
        }
        long ma = normalize(am);
        long mb = normalize(bm);
        int e = exponent(ase, am) + exponent(bse, bm);
        long hi = Math.unsignedMultiplyHigh(ma, mb);
        long lo = ma * mb;
        if (hi >= 0) {
            hi = (hi << 1) | (lo >>> 63);
            lo <<= 1;
        } else {
            e++;
        }
        roundPack(x, s, e, hi, lo);
    }

    static void div(Ctx x, int ase, long am, int bse, long bm) {
        x.up = false;
        if (specials2(x, ase, am, bse, bm)) {
            return;
        }
        int ca = classify(ase, am);
        int cb = classify(bse, bm);
        int s = sign(ase) ^ sign(bse);
        if (ca == INF) {
            if (cb == INF) {
                x.indefinite();
            } else {
                inf(x, s);
            }
            return;
        }
        if (cb == INF) {
            zero(x, s);
            return;
        }
        if (cb == ZERO) {
            if (ca == ZERO) {
                x.indefinite();
            } else {
                x.flags = (x.flags & ~DE) | ZE;         // x/0 reports no denormal (measured)
                inf(x, s);
            }
            return;
        }
        if (ca == ZERO) {
            zero(x, s);
            return;
        }
        long ma = normalize(am);
        long mb = normalize(bm);
        int e = exponent(ase, am) - exponent(bse, bm);
        // Long division by 64-bit digits: ma/mb = qtop + q1 * 2^-64 + q2 * 2^-128 + rest.
        long qtop = 0;
        long r = ma;
        if (Long.compareUnsigned(ma, mb) >= 0) {
            qtop = 1;
            r = ma - mb;
        }
        long q1 = divlu(r, 0, mb);
        long r1 = -q1 * mb;                              // (r:0) - q1*mb, which is below mb
        long q2 = divlu(r1, 0, mb);
        long sticky = q2 * mb != 0 ? 1 : 0;              // remainder (r1:0) - q2*mb
        if (qtop != 0) {
            roundPack(x, s, e, INT_BIT | q1 >>> 1, q1 << 63 | q2 >>> 1 | (q2 & 1) | sticky);
        } else {
            roundPack(x, s, e - 1, q1, q2 | sticky);
        }
    }

    /**
     * Unsigned (u1:u0) / v for a normalised v (top bit set) and u1 < v: the 64-bit quotient
     * (Hacker's Delight divlu, two 32-bit digit steps).
     */
    static long divlu(long u1, long u0, long v) {
        long vn1 = v >>> 32;
        long vn0 = v & 0xffff_ffffL;
        long un1 = u0 >>> 32;
        long un0 = u0 & 0xffff_ffffL;
        long q1 = Long.divideUnsigned(u1, vn1);
        long rhat = u1 - q1 * vn1;
        while (Long.compareUnsigned(q1, 0xffff_ffffL) > 0
                || Long.compareUnsigned(q1 * vn0, rhat << 32 | un1) > 0) {
            q1--;
            rhat += vn1;
            if (Long.compareUnsigned(rhat, 0xffff_ffffL) > 0) {
                break;
            }
        }
        long un21 = (u1 << 32 | un1) - q1 * v;
        long q0 = Long.divideUnsigned(un21, vn1);
        rhat = un21 - q0 * vn1;
        while (Long.compareUnsigned(q0, 0xffff_ffffL) > 0
                || Long.compareUnsigned(q0 * vn0, rhat << 32 | un0) > 0) {
            q0--;
            rhat += vn1;
            if (Long.compareUnsigned(rhat, 0xffff_ffffL) > 0) {
                break;
            }
        }
        return q1 << 32 | q0;
    }

    static BigInteger unsigned(long v) {
        BigInteger b = BigInteger.valueOf(v & Long.MAX_VALUE);
        return v < 0 ? b.setBit(63) : b;
    }
}
