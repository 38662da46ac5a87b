package dev.flatland.cpu.interp;

import static dev.flatland.cpu.interp.F80.DE;
import static dev.flatland.cpu.interp.F80.EXP_MAX;
import static dev.flatland.cpu.interp.F80.IE;
import static dev.flatland.cpu.interp.F80.INT_BIT;
import static dev.flatland.cpu.interp.F80.PE;
import static dev.flatland.cpu.interp.F80.QUIET_BIT;

/**
 * Conversions between the extended format and the binary32/binary64/integer/packed-BCD memory
 * formats (FLD/FST m32/m64, FILD/FIST/FISTTP, FBLD/FBSTP; SDM vol. 1 §4.2, §8.5). Loads are exact;
 * stores round in FCW.RC to the destination's precision and exponent range (FCW.PC does not apply).
 * Also the plain double conversions other units use ({@link #toDouble}, {@link #fromDouble}).
 */
final class F80Conv {
    private F80Conv() {
    }

    static final long DOUBLE_INDEFINITE = 0xfff8_0000_0000_0000L;
    static final int FLOAT_INDEFINITE = 0xffc0_0000;

    /** FLD m64fp: exact; an SNaN raises IE and loads quiet, a denormal raises DE. */
    static void loadDouble(F80.Ctx x, long bits) {
        int s = (int) (bits >>> 63) << 15;
        int e = (int) (bits >>> 52) & 0x7ff;
        long f = bits & ((1L << 52) - 1);
        if (e == 0x7ff) {
            long m = INT_BIT | f << 11;
            if (f != 0 && (m & QUIET_BIT) == 0) {
                x.flags |= IE;
                m |= QUIET_BIT;
            }
            x.set(s | EXP_MAX, m);
        } else if (e == 0) {
            if (f == 0) {
                x.set(s, 0);
            } else {
                x.flags |= DE;
                int lz = Long.numberOfLeadingZeros(f);
                x.set(s | (-1074 + 63 - lz + F80.BIAS), f << lz);
            }
        } else {
            x.set(s | (e - 1023 + F80.BIAS), INT_BIT | f << 11);
        }
    }

    /** FLD m32fp: exact, like {@link #loadDouble}. */
    static void loadFloat(F80.Ctx x, int bits) {
        int s = (bits >>> 31) << 15;
        int e = (bits >>> 23) & 0xff;
        long f = bits & 0x7fffffL;
        if (e == 0xff) {
            long m = INT_BIT | f << 40;
            if (f != 0 && (m & QUIET_BIT) == 0) {
                x.flags |= IE;
                m |= QUIET_BIT;
            }
            x.set(s | EXP_MAX, m);
        } else if (e == 0) {
            if (f == 0) {
                x.set(s, 0);
            } else {
                x.flags |= DE;
                int lz = Long.numberOfLeadingZeros(f);
                x.set(s | (-149 + 63 - lz + F80.BIAS), f << lz);
            }
        } else {
            x.set(s | (e - 127 + F80.BIAS), INT_BIT | f << 40);
        }
    }

    /** FILD: exact. */
    static void loadInt(F80.Ctx x, long v) {
        if (v == 0) {
            x.set(0, 0);
            return;
        }
        int s = v < 0 ? 0x8000 : 0;
        long mag = v < 0 ? -v : v;                   // Long.MIN_VALUE stays 2^63 unsigned
        int lz = Long.numberOfLeadingZeros(mag);
        x.set(s | (63 - lz + F80.BIAS), mag << lz);
    }

    /**
     * FST m64fp: rounds in FCW.RC; NaNs keep their top payload bits and come out quiet. Stores
     * never raise DE (measured); unmasked OE/UE suppress the store (the caller's job).
     */
    static long storeDouble(F80.Ctx x, int se, long m) {
        int c = F80.classify(se, m);
        long s = (long) F80.sign(se) << 63;
        return switch (c) {
            case F80.UNSUPPORTED -> {
                x.flags |= IE;
                yield DOUBLE_INDEFINITE;
            }
            case F80.SNAN, F80.QNAN -> {
                if (c == F80.SNAN) {
                    x.flags |= IE;
                }
                yield s | 0x7ffL << 52 | (((m | QUIET_BIT) >>> 11) & ((1L << 52) - 1));
            }
            case F80.INF -> s | 0x7ffL << 52;
            case F80.ZERO -> s;
            default -> F80.packDouble(x, F80.sign(se), F80.exponent(se, m), F80.normalize(m), 0);
        };
    }

    /** FST m32fp. */
    static int storeFloat(F80.Ctx x, int se, long m) {
        int c = F80.classify(se, m);
        int s = F80.sign(se) << 31;
        return switch (c) {
            case F80.UNSUPPORTED -> {
                x.flags |= IE;
                yield FLOAT_INDEFINITE;
            }
            case F80.SNAN, F80.QNAN -> {
                if (c == F80.SNAN) {
                    x.flags |= IE;
                }
                yield s | 0xff << 23 | (int) (((m | QUIET_BIT) >>> 40) & 0x7fffff);
            }
            case F80.INF -> s | 0xff << 23;
            case F80.ZERO -> s;
            default -> F80.packFloat(x, F80.sign(se), F80.exponent(se, m), F80.normalize(m), 0);
        };
    }

    /**
     * FIST/FISTP/FISTTP to a {@code bits}-wide signed integer: rounds in FCW.RC (or toward zero when
     * {@code truncate}); NaN, infinity, unsupported or out-of-range values raise IE and store the
     * integer indefinite (the most negative value).
     */
    static long storeInt(F80.Ctx x, int se, long m, int bits, boolean truncate) {
        long indefinite = 1L << (bits - 1);
        int c = F80.classify(se, m);
        x.up = false;
        if (c == F80.ZERO) {
            return 0;
        }
        if (c != F80.NORMAL && c != F80.DENORMAL) {
            x.flags |= IE;
            return indefinite;
        }
        int sign = F80.sign(se);
        int rc = truncate ? F80.RC_ZERO : x.rc;
        long mag = roundMagnitude(x, sign, F80.exponent(se, m), F80.normalize(m), rc);
        boolean fits = mag != -1 && (Long.compareUnsigned(mag, indefinite) < 0
                || (sign != 0 && mag == indefinite));
        if (!fits) {
            x.flags = (x.flags & ~PE) | IE;
            x.up = false;
            return indefinite;
        }
        long v = sign != 0 ? -mag : mag;
        return bits == 64 ? v : v & ((1L << bits) - 1);
    }

    /**
     * Rounds |value| = m * 2^(e-63) to an integer in mode {@code rc}; sets PE and x.up when
     * inexact. Returns the magnitude as an unsigned long, or -1 when it is 2^64 or more.
     */
    static long roundMagnitude(F80.Ctx x, int sign, int e, long m, int rc) {
        if (e >= 64) {
            return -1;
        }
        if (e == 63) {
            return m;
        }
        int s = 63 - e;                                   // 1.. : fraction bits
        long ip;
        long frac;                                       // fraction left-aligned, plus sticky
        if (s < 64) {
            ip = m >>> s;
            frac = m << (64 - s);
        } else if (s == 64) {
            ip = 0;
            frac = m;
        } else {
            ip = 0;
            frac = 1;                                    // below one half, non-zero
        }
        if (frac == 0) {
            return ip;
        }
        x.flags |= PE;
        boolean inc = switch (rc) {
            case F80.RC_NEAREST -> Long.compareUnsigned(frac, INT_BIT) > 0
                    || (frac == INT_BIT && (ip & 1) != 0);
            case F80.RC_DOWN -> sign != 0;
            case F80.RC_UP -> sign == 0;
            default -> false;
        };
        x.up = inc;
        if (inc) {
            ip++;
            if (ip == 0) {
                return -1;
            }
        }
        return ip;
    }

    /** FBLD: 18 packed BCD digits and a sign byte; exact. Invalid digits load as their binary sum. */
    static void loadBcd(F80.Ctx x, byte[] b) {
        long v = 0;
        for (int i = 8; i >= 0; i--) {
            int d = b[i] & 0xff;
            v = v * 100 + (d >> 4) * 10 + (d & 15);
        }
        loadInt(x, v);
        if ((b[9] & 0x80) != 0) {
            x.se |= 0x8000;
        }
    }

    /** FBSTP: rounds in FCW.RC; |value| >= 10^18, NaN or infinity store the BCD indefinite. */
    static byte[] storeBcd(F80.Ctx x, int se, long m) {
        byte[] out = new byte[10];
        int c = F80.classify(se, m);
        long mag = 0;
        boolean ok = true;
        if (c == F80.NORMAL || c == F80.DENORMAL) {
            mag = roundMagnitude(x, F80.sign(se), F80.exponent(se, m), F80.normalize(m), x.rc);
            ok = mag >= 0 && mag < 1_000_000_000_000_000_000L;
        } else if (c != F80.ZERO) {
            ok = false;
        }
        if (!ok) {
            x.flags = (x.flags & ~PE) | IE;
            x.up = false;
            out[9] = (byte) 0xff;
            out[8] = (byte) 0xff;
            out[7] = (byte) 0xc0;
            return out;
        }
        for (int i = 0; i < 9; i++) {
            int lo = (int) (mag % 10);
            mag /= 10;
            int hi = (int) (mag % 10);
            mag /= 10;
            out[i] = (byte) (hi << 4 | lo);
        }
        out[9] = (byte) (F80.sign(se) != 0 ? 0x80 : 0);
        return out;
    }

    // ---- helpers for other units (SSE, kernel) -----------------------------------------------

    /** The extended value of a double as {sexp, mant}, exact (for CVT and signal frames). */
    static long[] fromDouble(double d) {
        F80.Ctx x = new F80.Ctx(0x37f);
        loadDouble(x, Double.doubleToRawLongBits(d));
        return new long[] {x.se, x.m};
    }

    /** The double nearest to an extended value (round to nearest even), with no flags reported. */
    static double toDouble(int se, long m) {
        F80.Ctx x = new F80.Ctx(0x37f);
        return Double.longBitsToDouble(storeDouble(x, se, m));
    }
}
