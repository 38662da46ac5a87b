package dev.flatland.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Principle 3 of DESIGN.md under random syscalls: guest/fuzz/sysfuzz (docs/fuzzing.md) makes
 * thousands of random syscalls with hostile arguments, and Flatland must turn every one into a
 * Linux result. A run fails when Flatland's log names an internal error (a RuntimeException that
 * escaped a handler, caught by SyscallDispatcher), shows a Java stack trace, when the run times
 * out or hangs, or when the fuzzer dies before its summary line (a kernel that corrupted its
 * memory or killed it). The failure message names the seed and the last syscalls of the --strace
 * log so that {@code scripts/fuzz-syscalls --first SEED 1 N} reproduces it.
 *
 * <p>Each run is confined: --root is a fresh empty host directory holding only a copy of the
 * fuzzer, and the fuzzer works in a --tmpfs directory.
 */
class SyscallFuzzTest {
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Path FUZZER = ROOT.resolve("target/guest/fuzz/sysfuzz");
    private static final Pattern STACK_TRACE = Pattern.compile(
            "(?m)^(Exception in thread|Caused by:|\\tat [\\w.$]+\\(|[\\w.$]+(Exception|Error)(: |$))");

    @BeforeAll
    static void build() {
        FlatlandProcess b = FlatlandProcess.exec(List.of("scripts/build-guests", "--quiet", "--only", "fuzz"),
                Map.of(), ROOT);
        assertEquals(0, b.status(), () -> "scripts/build-guests failed: " + b.stdout() + b.stderr());
    }

    /** Seeds and call counts sized so that the three runs take about 30 s together on CI. */
    @ParameterizedTest(name = "seed {0}, {1} calls{2}")
    @CsvSource({"1, 5000, ''", "2, 5000, ''", "3, 4000, ' -c'"})
    void randomSyscallsNeverBreakTheKernel(long seed, int calls, String mode) throws IOException {
        Path root = Files.createTempDirectory("sysfuzz");
        try {
            Files.copy(FUZZER, root.resolve("sysfuzz"), StandardCopyOption.COPY_ATTRIBUTES);
            Files.createDirectory(root.resolve("fuzz"));
            root.toFile().setExecutable(true, false);   // a worker that changed its uid still reaches /sysfuzz
            root.toFile().setReadable(true, false);
            List<String> cmd = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-Dflatland.debug=true",
                    "-cp", System.getProperty("java.class.path"), "dev.flatland.boot.Main",
                    "run", "--strace", "--timeout", "60", "--root", root.toString(), "--tmpfs", "/fuzz",
                    "/sysfuzz"));
            if (!mode.isBlank()) {
                cmd.add(mode.strip());
            }
            cmd.addAll(List.of("-d", "/fuzz", Long.toString(seed), Integer.toString(calls)));
            FlatlandProcess r = FlatlandProcess.exec(cmd, Map.of(), root);
            List<String> problems = new ArrayList<>();
            if (r.stderr().contains("internal error")) {
                problems.add("internal error");
            }
            if (STACK_TRACE.matcher(r.stderr()).find()) {
                problems.add("Java stack trace");
            }
            if (r.status() == RunCommand.EXIT_TIMEOUT || r.stderr().contains("flatland: deadlock")) {
                problems.add("timeout or hang");
            }
            if (!r.stdout().contains("sysfuzz: done seed=" + seed + " ")) {
                problems.add("no summary line (exit status " + r.status() + ")");
            }
            if (!problems.isEmpty()) {
                fail("seed " + seed + mode + ": " + String.join(", ", problems)
                        + "\nreproduce: scripts/fuzz-syscalls" + (mode.isBlank() ? "" : " --child") + " --first "
                        + seed + " 1 " + calls + "\nstdout: " + r.stdout() + "\nfirst problem lines:\n"
                        + firstProblems(r.stderr()) + "\nlast syscalls:\n" + tail(r.stderr(), 30));
            }
        } finally {
            deleteTree(root);
        }
    }

    /**
     * guest/fuzz/fuzz_regress: one line per fuzzer finding that was fixed (poll with no fds,
     * SEEK_DATA/SEEK_HOLE), run natively (the truth) and under Flatland in the same kind of
     * directory; the outputs must be equal.
     */
    @Test
    void fixedFindingsMatchNativeLinux() throws IOException {
        Path prog = ROOT.resolve("target/guest/fuzz/fuzz_regress");
        Path dir = Files.createTempDirectory("fuzz_regress");
        try {
            FlatlandProcess nat = FlatlandProcess.exec(List.of(prog.toString()), Map.of(), dir);
            assertEquals(0, nat.status(), nat.stderr());
            FlatlandProcess fl = FlatlandProcess.flatland(Map.of(), dir, "run", prog.toString());
            assertEquals(0, fl.status(), fl.stderr());
            assertEquals(nat.stdout(), fl.stdout());
            assertFalse(fl.stderr().contains("internal error"), fl.stderr());
        } finally {
            deleteTree(dir);
        }
    }

    private static String firstProblems(String log) {
        return Arrays.stream(log.split("\n"))
                .filter(l -> l.contains("internal error") || STACK_TRACE.matcher(l).find()
                        || l.startsWith("flatland: deadlock"))
                .limit(20).collect(Collectors.joining("\n"));
    }

    private static String tail(String log, int n) {
        String[] lines = log.split("\n");
        return String.join("\n", Arrays.copyOfRange(lines, Math.max(0, lines.length - n), lines.length));
    }

    private static void deleteTree(Path p) throws IOException {
        try (var s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
