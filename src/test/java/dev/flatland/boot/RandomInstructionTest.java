package dev.flatland.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Differential test of the CPU against the host: guest/rtest generates random instruction
 * sequences with random initial state from (seed, sequence number), runs them, masks what the
 * Intel SDM leaves undefined and prints one hash line per sequence. The same binary runs natively
 * (the expected output: the host CPU is the reference) and under Flatland, and the outputs must be
 * identical line by line. A mismatch is reported with the sequence's listing (instruction bytes
 * and mnemonics) and the differing final-state fields, taken from {@code rtest ... --dump K}.
 *
 * <p>Tagged "rtest": it runs a million random instructions per engine, so it is not part of the
 * quick unit-test run. Run it with
 * {@code mvn test -Dtest=RandomInstructionTest -DexcludedGroups=none -Dgroups=rtest}.
 */
@Tag("rtest")
final class RandomInstructionTest {
    /** Four seeds of 10,000 sequences: about 1.15 million generated instructions in total. */
    private static final int SEQUENCES_PER_SEED = 10_000;
    private static final long MIN_INSTRUCTIONS_PER_SEED = 250_000;
    private static final int SEQUENCES_PER_CLASS = 400;
    /** rtest generates at most 32 steps per sequence (guest/rtest/rtest.c, generate()). */
    private static final int MAX_STEPS = 33;
    private static final long TIMEOUT_SECONDS = Long.getLong("flatland.rtest.timeoutSeconds", 3600);

    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Path RTEST = ROOT.resolve("target/guest/rtest/rtest");

    @BeforeAll
    static void buildRtest() throws Exception {
        Path src = ROOT.resolve("guest/rtest");
        if (Files.isExecutable(RTEST) && !newerThan(src, Files.getLastModifiedTime(RTEST))) {
            return;
        }
        ProcessResult r = run(List.of("bash", src.resolve("build.sh").toString(), "rtest"), 600);
        assertEquals(0, r.status, () -> "guest/rtest/build.sh failed:\n" + r.stderr);
    }

    private static boolean newerThan(Path dir, FileTime t) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(p -> {
                try {
                    return Files.getLastModifiedTime(p).compareTo(t) > 0;
                } catch (IOException e) {
                    return true;
                }
            });
        }
    }

    /** One class at a time first, so that a broken instruction family is named directly. */
    @ParameterizedTest(name = "class {0}")
    @ValueSource(strings = {"int", "shift", "muldiv", "bit", "bmi", "cmov", "mov", "lea", "str",
        "misc", "x87", "sse", "ssei", "ssse3", "sse4"})
    void eachInstructionClassMatchesTheHostCpu(String cls) throws Exception {
        compareRuns(List.of("100", Integer.toString(SEQUENCES_PER_CLASS), cls));
    }

    /** All classes mixed, four seeds: at least a million random instructions in total. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4})
    void randomSequencesOfAllClassesMatchTheHostCpu(long seed) throws Exception {
        long instructions = compareRuns(List.of(Long.toString(seed), Integer.toString(SEQUENCES_PER_SEED)));
        assertTrue(instructions >= MIN_INSTRUCTIONS_PER_SEED,
                "seed " + seed + " executed only " + instructions + " random instructions");
    }

    /** Runs rtest natively and under Flatland with args; returns the instruction total. */
    private static long compareRuns(List<String> args) throws Exception {
        long t0 = System.nanoTime();
        ProcessResult nat = run(nativeCommand(args), TIMEOUT_SECONDS);
        long t1 = System.nanoTime();
        assertEquals(0, nat.status, () -> "native rtest failed (" + nat.status + "):\n" + nat.stderr);
        ProcessResult fl = run(flatlandCommand(args), TIMEOUT_SECONDS);
        long t2 = System.nanoTime();
        System.out.printf("rtest %s: native %.2f s, flatland %.2f s%n", String.join(" ", args),
                (t1 - t0) / 1e9, (t2 - t1) / 1e9);
        List<String> a = nat.lines();
        List<String> b = fl.lines();
        int n = Math.min(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            if (!a.get(i).equals(b.get(i))) {
                fail(mismatchReport(args, a.get(i), b.get(i)));
            }
        }
        if (a.size() != b.size() || fl.status != 0) {
            String next = a.size() > n ? a.get(n) : "(end of native output)";
            fail("flatland output stops or differs after " + n + " lines (exit status " + fl.status
                    + "); next native line: " + next + "\nflatland stderr:\n" + tail(fl.stderr, 40)
                    + "\n" + (a.size() > n ? dumpHint(args, a.get(n)) : ""));
        }
        String last = a.get(a.size() - 1);
        assertTrue(last.startsWith("total sequences "), "unexpected last line: " + last);
        return Long.parseLong(last.split(" ")[4]);
    }

    private static String mismatchReport(List<String> args, String nativeLine, String flatlandLine)
            throws Exception {
        return "first mismatching sequence (rtest " + String.join(" ", args) + ")\n  native:   "
                + nativeLine + "\n  flatland: " + flatlandLine + "\n" + dumpHint(args, nativeLine);
    }

    /** Re-runs the one sequence with --dump on both sides and shows the listing and the diff. */
    private static String dumpHint(List<String> args, String nativeLine) throws Exception {
        String[] f = nativeLine.split(" ");
        if (f.length < 4 || !f[0].chars().allMatch(Character::isDigit)) {
            return "";
        }
        List<String> dargs = new ArrayList<>(args);
        dargs.add("--dump");
        dargs.add(f[0]);
        List<String> a = run(nativeCommand(dargs), 120).lines();
        List<String> b = run(flatlandCommand(dargs), 600).lines();
        StringBuilder sb = new StringBuilder("sequence " + f[0] + ", class " + f[1] + ", listing:\n");
        for (String l : a) {
            if (l.startsWith("insn ")) {
                sb.append("  ").append(l).append('\n');
            }
        }
        sb.append("initial state and differing final-state fields (native / flatland):\n");
        for (String l : a) {
            if (l.startsWith("in ")) {
                sb.append("  ").append(l).append('\n');
            }
        }
        appendDiff(sb, a, b);
        sb.append(firstDifferingStep(dargs));
        return sb.toString();
    }

    private static void appendDiff(StringBuilder sb, List<String> a, List<String> b) {
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            String x = i < a.size() ? a.get(i) : "(missing)";
            String y = i < b.size() ? b.get(i) : "(missing)";
            if (!x.equals(y)) {
                sb.append("  native:   ").append(x).append("\n  flatland: ").append(y).append('\n');
            }
        }
    }

    /**
     * Bisects rtest's --trunc (number of generator steps kept; the prefix is unchanged) for a
     * step whose prefix differs while the prefix before it does not, and shows that step's
     * instructions (one generated instruction with its fixups) and the differing fields.
     */
    private static String firstDifferingStep(List<String> dumpArgs) throws Exception {
        int lo = 0;
        int hi = MAX_STEPS;
        if (dumpsDiffer(dumpArgs, 0) != null) {
            return "the sequence differs with no generated instruction at all (prologue/epilogue)\n";
        }
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (dumpsDiffer(dumpArgs, mid) != null) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        List<String> before = insnLines(run(nativeCommand(truncated(dumpArgs, lo)), 120).lines());
        List<String> at = insnLines(run(nativeCommand(truncated(dumpArgs, hi)), 120).lines());
        StringBuilder sb = new StringBuilder("first differing generator step " + hi + " (prefix of "
                + lo + " steps matches):\n");
        for (String l : at.subList(Math.min(before.size(), at.size()), at.size())) {
            sb.append("  ").append(l).append('\n');
        }
        String diff = dumpsDiffer(dumpArgs, hi);
        return sb.append("fields that differ after it:\n").append(diff == null ? "" : diff).toString();
    }

    private static List<String> truncated(List<String> args, int steps) {
        List<String> t = new ArrayList<>(args);
        t.add("--trunc");
        t.add(Integer.toString(steps));
        return t;
    }

    private static List<String> insnLines(List<String> dump) {
        return dump.stream().filter(l -> l.startsWith("insn ")).toList();
    }

    /** The differing lines of native and Flatland dumps truncated to steps, or null if equal. */
    private static String dumpsDiffer(List<String> dumpArgs, int steps) throws Exception {
        List<String> a = run(nativeCommand(truncated(dumpArgs, steps)), 120).lines();
        List<String> b = run(flatlandCommand(truncated(dumpArgs, steps)), 600).lines();
        if (a.equals(b)) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        appendDiff(sb, a.stream().filter(l -> !l.startsWith("total ")).toList(),
                b.stream().filter(l -> !l.startsWith("total ")).toList());
        return sb.toString();
    }

    private static List<String> nativeCommand(List<String> args) {
        List<String> c = new ArrayList<>();
        c.add(RTEST.toString());
        c.addAll(args);
        return c;
    }

    private static List<String> flatlandCommand(List<String> args) {
        List<String> c = new ArrayList<>();
        c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        c.add("--enable-native-access=ALL-UNNAMED");
        c.add("-Xss16m");
        c.add("-cp");
        c.add(System.getProperty("java.class.path"));
        c.add("dev.flatland.boot.Main");
        c.add("run");
        c.add(RTEST.toString());
        c.addAll(args);
        return c;
    }

    private record ProcessResult(int status, String stdout, String stderr) {
        List<String> lines() {
            return stdout.isEmpty() ? List.of() : List.of(stdout.split("\n"));
        }
    }

    private static ProcessResult run(List<String> cmd, long timeoutSeconds) throws Exception {
        Path out = Files.createTempFile("rtest-out", ".txt");
        Path err = Files.createTempFile("rtest-err", ".txt");
        try {
            Process p = new ProcessBuilder(cmd).directory(ROOT.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                fail("timed out after " + timeoutSeconds + " s: " + String.join(" ", cmd));
            }
            return new ProcessResult(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String tail(String s, int lines) {
        String[] l = s.split("\n");
        return String.join("\n", List.of(l).subList(Math.max(0, l.length - lines), l.length));
    }
}
