package dev.flatland.cpu.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/**
 * The x87 transcendentals against samples recorded on the AMD EPYC reference host (family 25
 * model 1, Zen 3; src/test/c/x87/x87trans.c, FCW 0x037f). See docs/x87-accuracy.md.
 *
 * <ul>
 * <li>trans-ldbl.txt.gz: every distinct operand the guest programs ldbl_exp_log and ldbl_trig
 * (musl and glibc) give F2XM1, FYL2X, FYL2XP1 and FPATAN, with the hardware's results.
 * <li>trans-random.txt.gz: 2000 random operands per instruction over the ranges libm uses.
 * <li>trans-ymul.txt.gz: FYL2X and FYL2XP1 for 14 fixed x, each with 1500 random y: the readout of
 * the hardware's internal logarithm.
 * <li>trans-log-near1.txt.gz: FYL2X and FYL2XP1 for x near 1 (or near 0), where X87LogModel's
 * steps decide the result.
 * <li>trans-pc-tiny.txt.gz: F2XM1 and FPATAN at every precision control, and FPATAN with tiny
 * quotients at three rounding modes (session 4).
 * </ul>
 */
class X87TranscendentalModelTest {

    /**
     * Per-op [cases, value mismatches, C1-only mismatches]; every mismatch must be a 1-ulp value
     * difference or a difference in C1 alone (C1 tells whether the rounding went up from the
     * hardware's internal value, so it differs when that value and the exact one straddle the
     * result).
     */
    private static Map<String, int[]> replay(List<X87Harness.Case> cases, StringBuilder report) {
        Map<String, int[]> t = new TreeMap<>();
        List<String> bad = new ArrayList<>();
        for (X87Harness.Case k : cases) {
            int[] n = t.computeIfAbsent(k.op(), x -> new int[3]);
            n[0]++;
            X87Harness.Outcome o = X87Harness.run(k);
            String d = X87Harness.diff(k, o);
            if (d.isEmpty()) {
                continue;
            }
            boolean value = k.st0se() != o.st0se() || k.st0m() != o.st0m() || k.st1se() != o.st1se()
                    || k.st1m() != o.st1m();
            n[value ? 1 : 2]++;
            boolean fswOk = X87HardwareTest.fswDiffersOnlyInC1(k.fsw(), o.fsw());
            boolean st0Ok = k.st0se() == o.st0se() && k.st0m() == o.st0m()
                    || X87HardwareTest.ulps(k.st0se(), k.st0m(), o.st0se(), o.st0m()) == 1;
            boolean st1Ok = k.st1se() == o.st1se() && k.st1m() == o.st1m()
                    || X87HardwareTest.ulps(k.st1se(), k.st1m(), o.st1se(), o.st1m()) == 1;
            if (!fswOk || !st0Ok || !st1Ok) {
                bad.add(k.line() + "  =>" + d);
            }
        }
        for (var e : t.entrySet()) {
            int[] n = e.getValue();
            report.append(String.format("%-8s %5d cases %4d value mismatches (%.2f%%) %4d in C1 only%n", e.getKey(),
                    n[0], n[1], 100.0 * n[1] / n[0], n[2]));
        }
        bad.forEach(b -> report.append("beyond 1 ulp: ").append(b).append('\n'));
        assertTrue(bad.isEmpty(), report.toString());
        return t;
    }

    private static void assertAtMost(Map<String, int[]> t, String op, int max, String report) {
        assertTrue(t.get(op)[1] <= max, op + ": more value mismatches than " + max + "\n" + report);
    }

    @Test
    void libmOperandsFromTheLdblGuestPrograms() throws IOException {
        StringBuilder sb = new StringBuilder();
        Map<String, int[]> t = replay(X87Harness.load("/x87/trans-ldbl.txt.gz"), sb);
        System.out.print(sb);
        assertEquals(4, t.size(), sb.toString());
        // Value mismatches measured when the model was written; correctly rounded results gave
        // fyl2x 28, fyl2xp1 8 and fpatan 25 (F2XM1 is still correctly rounded). FYL2X/FYL2XP1
        // follow X87LogModel (session 2's nearest 68-bit logarithm gave 14 and 9).
        assertAtMost(t, "fyl2x", 0, sb.toString());
        assertAtMost(t, "fyl2xp1", 0, sb.toString());
        assertAtMost(t, "f2xm1", 85, sb.toString());
        assertAtMost(t, "fpatan", 8, sb.toString());
    }

    @Test
    void randomOperandsOverLibmRanges() throws IOException {
        StringBuilder sb = new StringBuilder();
        Map<String, int[]> t = replay(X87Harness.load("/x87/trans-random.txt.gz"), sb);
        System.out.print(sb);
        assertEquals(6, t.size(), sb.toString());
        // Value mismatches measured when the model was written; correctly rounded results gave
        // fyl2x 46, fyl2xp1 58 and fpatan 33; the nearest 68-bit logarithm gave fyl2x 26 and
        // fyl2xp1 49, X87LogModel 3 and 12.
        assertAtMost(t, "fyl2x", 3, sb.toString());
        assertAtMost(t, "fyl2xp1", 12, sb.toString());
        assertAtMost(t, "f2xm1", 54, sb.toString());
        assertAtMost(t, "fpatan", 18, sb.toString());
        assertAtMost(t, "fsin", 26, sb.toString());
        assertAtMost(t, "fcos", 24, sb.toString());
    }

    /**
     * trans-log-near1.txt.gz: 300 FYL2XP1 with |x| near 2^-60, 2^-40, 2^-30, 2^-20, 2^-10 and 300
     * FYL2X with x = 1 +- f at the same magnitudes, random y (seed 2026, generated by a script
     * and run with `x87trans run` on the reference host). Near 1 the hardware's rounded divisor
     * round68(2 + f) and its separately rounded main term decide the last bit (X87LogModel);
     * the nearest 68-bit logarithm gets 6 of these 600 wrong, X87LogModel none.
     */
    @Test
    void logarithmNearOneFollowsTheHardwaresAlgorithm() throws IOException {
        StringBuilder sb = new StringBuilder();
        Map<String, int[]> t = replay(X87Harness.load("/x87/trans-log-near1.txt.gz"), sb);
        System.out.print(sb);
        assertEquals(2, t.size(), sb.toString());
        assertEquals(300, t.get("fyl2x")[0]);
        assertAtMost(t, "fyl2x", 0, sb.toString());
        assertAtMost(t, "fyl2xp1", 0, sb.toString());
    }

    /**
     * trans-pc-tiny.txt.gz (operands from a seeded script, seed 2026, run with `x87trans run` on
     * the reference host in session 4): 100 F2XM1 and 100 FPATAN operands, each at FCW 0x007f,
     * 0x027f and 0x037f (PC = 24, 53 and 64 bits, round to nearest), then 100 FPATAN with
     * |y / x| near 2^-40 at FCW 0x037f, 0x077f and 0x0b7f (nearest, down, up).
     *
     * <p>On the hardware the results at PC 24 and 53 are those at PC 64, status word included
     * (the transcendentals ignore FCW.PC), and Flatland must give one result for all three too.
     * For tiny quotients atan(q) is q to far below the 68th bit, so FPATAN is the quotient
     * rounded to 68 bits and then rounded once in FCW.RC (docs/x87-accuracy.md, session 4): all
     * 300 match. The exact atan2 rounded once would miss about 6% of them (measured on 10000:
     * 9370 consistent).
     */
    @Test
    void precisionControlIsIgnoredAndTinyQuotientsAreExact() throws IOException {
        List<X87Harness.Case> cases = X87Harness.load("/x87/trans-pc-tiny.txt.gz");
        assertEquals(900, cases.size());
        Map<String, X87Harness.Case> pc64 = new LinkedHashMap<>();
        for (X87Harness.Case k : cases) {
            if (k.cw() == 0x037f) {
                pc64.put(k.op() + " " + k.ase() + " " + k.am() + " " + k.bse() + " " + k.bm(), k);
            }
        }
        int pcCases = 0;
        int tiny = 0;
        for (X87Harness.Case k : cases) {
            X87Harness.Outcome o = X87Harness.run(k);
            if (k.cw() == 0x007f || k.cw() == 0x027f) {
                pcCases++;
                X87Harness.Case ref = pc64.get(k.op() + " " + k.ase() + " " + k.am() + " " + k.bse() + " " + k.bm());
                // The recorded hardware results do not depend on PC ...
                assertEquals(ref.line().substring(ref.line().indexOf(' ', 10)),
                        k.line().substring(k.line().indexOf(' ', 10)), k.line());
                // ... and neither do Flatland's.
                X87Harness.Outcome o64 = X87Harness.run(ref);
                assertEquals(o64, o, k.line());
            } else if (k.op().equals("fpatan") && (k.bse() & 0x7fff) == 16383 - 40) {
                tiny++;
                assertEquals("", X87Harness.diff(k, o), k.line());
            }
        }
        assertEquals(400, pcCases);
        assertEquals(300, tiny);
    }

    /** round64(y * l) to nearest, as the extended format's sign/exponent and significand. */
    private static long[] round64(BigReal y, BigReal l) {
        F80.Ctx c = new F80.Ctx(0x37f);
        y.mul(l).roundTo(c);
        return new long[] {c.se, c.m};
    }

    private static BigReal log2(X87Harness.Case k) {
        BigReal x = BigReal.ofF80(k.ase(), k.am());
        BigReal v = k.op().equals("fyl2xp1") ? x.add(BigReal.ONE) : x;
        return X87Transcendental.ln(v).div(X87Transcendental.LN2);
    }

    /**
     * For each fixed x, exactly one value L on the 68-bit grid of log2(x)'s binade (of the 13
     * nearest) reproduces all 1500 hardware results as round64(y * L): the hardware holds the
     * logarithm with a 68-bit significand and rounds the product once. The exact logarithm does
     * not reproduce them all, and Flatland's L (X87LogModel) is the hardware's for most x.
     */
    @Test
    void fyl2xHoldsTheLogarithmWith68Bits() throws IOException {
        Map<String, List<X87Harness.Case>> groups = new LinkedHashMap<>();
        for (X87Harness.Case k : X87Harness.load("/x87/trans-ymul.txt.gz")) {
            groups.computeIfAbsent(k.op() + " " + k.line().split(" ")[2], x -> new ArrayList<>()).add(k);
        }
        assertEquals(14, groups.size());
        int exactFails = 0;
        int flatlandIsHardware = 0;
        StringBuilder sb = new StringBuilder();
        for (var g : groups.entrySet()) {
            List<X87Harness.Case> ks = g.getValue();
            BigReal exact = log2(ks.get(0));
            BigReal nearest = exact.roundBits(X87Log.INTERNAL_BITS);
            BigReal unit = BigReal.ONE.scale(exact.exponent() - (X87Log.INTERNAL_BITS - 1));
            List<Integer> fits = new ArrayList<>();
            for (int d = -6; d <= 6; d++) {
                if (reproducesAll(ks, nearest.add(unit.mul(d)))) {
                    fits.add(d);
                }
            }
            boolean exactFits = reproducesAll(ks, exact);
            exactFails += exactFits ? 0 : 1;
            sb.append(String.format("%s: 68-bit fits at nearest + %s, exact log fits: %s%n", g.getKey(), fits, exactFits));
            assertEquals(1, fits.size(), g.getKey() + ": " + fits);
            BigReal hardware = nearest.add(unit.mul(fits.get(0)));
            BigReal x = BigReal.ofF80(ks.get(0).ase(), ks.get(0).am());
            BigReal model = X87LogModel.log2(x, ks.get(0).op().equals("fyl2xp1"));
            boolean same = model != null && model.compareTo(hardware) == 0;
            sb.append(String.format("  Flatland's L is the hardware's: %s%n", same));
            if (same) {
                flatlandIsHardware++;
                // Flatland's L is the hardware's: its FYL2X then matches the hardware on every record.
                for (X87Harness.Case k : ks) {
                    assertEquals("", X87Harness.diff(k, X87Harness.run(k)), k.line());
                }
            }
        }
        System.out.print(sb);
        assertTrue(exactFails >= 10, "the exact logarithm should not explain the data\n" + sb);
        assertTrue(flatlandIsHardware >= 11, sb.toString());
    }

    private static boolean reproducesAll(List<X87Harness.Case> ks, BigReal l) {
        for (X87Harness.Case k : ks) {
            long[] r = round64(BigReal.ofF80(k.bse(), k.bm()), l);
            if (r[0] != k.st0se() || r[1] != k.st0m()) {
                return false;
            }
        }
        return true;
    }
}
