package dev.flatland.cpu.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Unit tests of the soft 80-bit arithmetic. Every expected value below is a record of
 * x87/hw.txt.gz, produced on an AMD EPYC host by src/test/c/x87/x87gen.c (the line is quoted in
 * each test); values are written as 4 hex digits of sign/exponent then 16 of significand.
 */
class F80Test {
    static int se(String v) {
        return Integer.parseInt(v.substring(0, 4), 16);
    }

    static long m(String v) {
        return Long.parseUnsignedLong(v.substring(4), 16);
    }

    static String hex(F80.Ctx x) {
        return String.format("%04x%016x", x.se, x.m);
    }

    @Test
    void addRoundsToPc53UpwardAndReportsC1() {
        // fadd 0a7f 3fd3cba767ed60000000 4032db7b720000000000 -> fsw 3220, st0 4032db7b720000000800
        F80.Ctx x = new F80.Ctx(0x0a7f);
        F80.add(x, se("3fd3cba767ed60000000"), m("3fd3cba767ed60000000"), se("4032db7b720000000000"),
                m("4032db7b720000000000"));
        assertEquals("4032db7b720000000800", hex(x));
        assertEquals(F80.PE, x.flags);
        assertEquals(true, x.up);
    }

    @Test
    void cancellingSubtractionIsExact() {
        // fadd 0a7f 3ff0d6cdf2f504f40400 bfefd6cdf2f504f40402 -> fsw 3220, st0 3fefd6cdf2f504f40800
        F80.Ctx x = new F80.Ctx(0x0a7f);
        F80.add(x, se("3ff0d6cdf2f504f40400"), m("3ff0d6cdf2f504f40400"), se("bfefd6cdf2f504f40402"),
                m("bfefd6cdf2f504f40402"));
        assertEquals("3fefd6cdf2f504f40800", hex(x));
    }

    @Test
    void differenceOfPseudoDenormalsIsADenormalWithUnderflowAndDenormalFlags() {
        // fsub 067f 8000aff5cc5395498957 8000aff5cc53954a4893 -> fsw 3032, st0 0000000000000000b800
        F80.Ctx x = new F80.Ctx(0x067f);
        F80.sub(x, se("8000aff5cc5395498957"), m("8000aff5cc5395498957"), se("8000aff5cc53954a4893"),
                m("8000aff5cc53954a4893"));
        assertEquals("0000000000000000b800", hex(x));
        assertEquals(F80.UE | F80.PE | F80.DE, x.flags);
    }

    @Test
    void equalOperandsSubtractToPositiveZeroEvenRoundingTowardZero() {
        // fsub 0f7f 4013a68962b1a5f48800 4013a68962b1a5f48800 -> fsw 3000, st0 00000000000000000000
        F80.Ctx x = new F80.Ctx(0x0f7f);
        F80.sub(x, se("4013a68962b1a5f48800"), m("4013a68962b1a5f48800"), se("4013a68962b1a5f48800"),
                m("4013a68962b1a5f48800"));
        assertEquals("00000000000000000000", hex(x));
        assertEquals(0, x.flags);
    }

    @Test
    void multiplyOfDenormalByHugeValueIsNormalAtPc24() {
        // fmul 007f 000584caaa9a6451c7e3 7fc99848ffffffffffff -> fsw 3020, st0 3fcf9dfc660000000000
        F80.Ctx x = new F80.Ctx(0x007f);
        F80.mul(x, se("000584caaa9a6451c7e3"), m("000584caaa9a6451c7e3"), se("7fc99848ffffffffffff"),
                m("7fc99848ffffffffffff"));
        assertEquals("3fcf9dfc660000000000", hex(x));
        assertEquals(F80.PE, x.flags);
    }

    @Test
    void divisionUnderflowingToZeroRaisesUnderflowAndPrecision() {
        // fdiv 0c7f ae5efe7530450a6e0597 7d5cbfa72364b6cde000 -> fsw 3030, st0 80000000000000000000
        F80.Ctx x = new F80.Ctx(0x0c7f);
        F80.div(x, se("ae5efe7530450a6e0597"), m("ae5efe7530450a6e0597"), se("7d5cbfa72364b6cde000"),
                m("7d5cbfa72364b6cde000"));
        assertEquals("80000000000000000000", hex(x));
        assertEquals(F80.UE | F80.PE, x.flags);
    }

    @Test
    void squareRootRoundsUpInRoundTowardPlusInfinity() {
        // fsqrt 0b7f 3fe49987d5391fdd92dd -> fsw 3220, st0 3ff1c6407f561d650e5b
        F80.Ctx x = new F80.Ctx(0x0b7f);
        F80Ops.sqrt(x, se("3fe49987d5391fdd92dd"), m("3fe49987d5391fdd92dd"));
        assertEquals("3ff1c6407f561d650e5b", hex(x));
        assertEquals(true, x.up);
    }

    @Test
    void squareRootOfNegativeIsTheIndefinite() {
        // fsqrt 0b7f c012d819c55747900000 -> fsw 3001, st0 ffffc000000000000000
        F80.Ctx x = new F80.Ctx(0x0b7f);
        F80Ops.sqrt(x, se("c012d819c55747900000"), m("c012d819c55747900000"));
        assertEquals("ffffc000000000000000", hex(x));
        assertEquals(F80.IE, x.flags);
    }

    @Test
    void storeOfUnnormalToDoubleIsInvalid() {
        // fst64 037f 4c173db4b008def79925 -> fsw 3001, mem 000000000000f8ff
        F80.Ctx x = new F80.Ctx(0x037f);
        long d = F80Conv.storeDouble(x, se("4c173db4b008def79925"), m("4c173db4b008def79925"));
        assertEquals(0xfff8_0000_0000_0000L, d);
        assertEquals(F80.IE, x.flags);
    }

    @Test
    void storeToDoubleRoundsToNearest() {
        // fst64 037f 40118f67f4fe3dfd8bef -> fsw 3020, mem b1bfc79ffeec1141 (little-endian)
        F80.Ctx x = new F80.Ctx(0x037f);
        long d = F80Conv.storeDouble(x, se("40118f67f4fe3dfd8bef"), m("40118f67f4fe3dfd8bef"));
        assertEquals(0x4111ecfe9fc7bfb1L, d);
        assertEquals(F80.PE, x.flags);
    }

    @Test
    void tinyNegativeRoundsToIntegerZeroWithoutSign() {
        // fistp64 037f bfd3adb606ced4ac15fe... st0 was 3fd3adb606ced4ac1600 -> mem 0, fsw 3820
        F80.Ctx x = new F80.Ctx(0x037f);
        long v = F80Conv.storeInt(x, se("3fd3adb606ced4ac1600"), m("3fd3adb606ced4ac1600"), 64, false);
        assertEquals(0, v);
        assertEquals(F80.PE, x.flags);
    }

    @Test
    void roundToIntegerOfSignallingNanQuietsIt() {
        // frndint 077f ffffafc47a4f2bb12f4d -> fsw 3001, st0 ffffefc47a4f2bb12f4d
        F80.Ctx x = new F80.Ctx(0x077f);
        F80Ops.rndint(x, se("ffffafc47a4f2bb12f4d"), m("ffffafc47a4f2bb12f4d"));
        assertEquals("ffffefc47a4f2bb12f4d", hex(x));
        assertEquals(F80.IE, x.flags);
    }

    @Test
    void ieeeRemainderReportsQuotientBits() {
        // fprem1 037f 40229830000000000000 c00492eb0cc6e29bcfbb -> fsw 3200 (C1), st0 c001b7827e9b58c16c98
        F80.Ctx x = new F80.Ctx(0x037f);
        int cc = F80Ops.prem(x, se("40229830000000000000"), m("40229830000000000000"),
                se("c00492eb0cc6e29bcfbb"), m("c00492eb0cc6e29bcfbb"), true);
        assertEquals("c001b7827e9b58c16c98", hex(x));
        assertEquals(F80Ops.FSW_C1, cc);
    }

    @Test
    void partialRemainderSetsC2() {
        // fprem1 037f 7fbeaad55b2b275cfbc8 c002d800000000000000 -> fsw 3400 (C2), st0 7f80a000000000000000
        F80.Ctx x = new F80.Ctx(0x037f);
        int cc = F80Ops.prem(x, se("7fbeaad55b2b275cfbc8"), m("7fbeaad55b2b275cfbc8"),
                se("c002d800000000000000"), m("c002d800000000000000"), true);
        assertEquals("7f80a000000000000000", hex(x));
        assertEquals(F80Ops.FSW_C2, cc);
    }

    @Test
    void longDivisionDigitAgreesWithBigInteger() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(87);
        for (int i = 0; i < 100_000; i++) {
            long v = r.nextLong() | F80.INT_BIT;
            long u1 = Long.remainderUnsigned(r.nextLong(), v);
            long u0 = i % 3 == 0 ? 0 : r.nextLong();
            java.math.BigInteger n = F80.unsigned(u1).shiftLeft(64).or(F80.unsigned(u0));
            long want = n.divide(F80.unsigned(v)).longValue();
            assertEquals(want, F80.divlu(u1, u0, v), () -> Long.toHexString(u1) + ":" + Long.toHexString(u0));
        }
    }

    @Test
    void doubleConversionsRoundTripEveryDoubleClass() {
        double[] ds = {0.0, -0.0, 1.0, -2.5, Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Math.PI, 1e-310, -3.5e300};
        for (double d : ds) {
            long[] f = F80Conv.fromDouble(d);
            assertEquals(Double.doubleToRawLongBits(d),
                    Double.doubleToRawLongBits(F80Conv.toDouble((int) f[0], f[1])), "value " + d);
        }
        assertEquals(Double.doubleToRawLongBits(Double.NaN),
                Double.doubleToRawLongBits(F80Conv.toDouble(F80.INDEF_SE & 0x7fff, F80.INDEF_M)));
    }
}
