package dev.flatland.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * nommu conformance tests (docs/guest-tests.md, "nommu conformance tests"): every program
 * {@code guest/nommu/NAME.c} prints lines {@code ITEM.name: RESULT}, ITEM being the number of the behaviour in
 * reference/nommu.md §7. It runs twice:
 * <ul>
 * <li><b>natively</b>, on this MMU Linux, whose stdout must equal {@code NAME.mmu} (each line checked against what
 * MMU Linux documents, recorded from a native run);</li>
 * <li><b>under Flatland</b>, whose stdout must equal {@code NAME.nommu}, written by hand from the nommu
 * specification (nommu.md §2, §3, §7), never from Flatland's output.</li>
 * </ul>
 * Both runs must exit with status 0 unless the source says otherwise.
 *
 * <p>Header comment lines at the top of the source (before any other line):
 * <pre>
 * // args: one "two words"          arguments after argv[0] (both runs)
 * // flatland-args: --tmpfs /tmp    options for {@code flatland run}, before the program (Flatland run only)
 * // stdin: guest/nommu/NAME.txt    file fed to stdin (default empty)
 * // exit: 3                        expected exit status of both runs (default 0)
 * // exit-mmu: 1 / exit-nommu: 1    the same for one run only
 * // timeout: 120                   seconds under Flatland (default 60)
 * // known-failure: REASON          Flatland cannot pass yet (for a missing subsystem): a mismatch under
 *                                   Flatland is reported as skipped with REASON, a match fails until the
 *                                   line is removed; the native run is always checked
 * </pre>
 *
 * <p>System properties: {@code flatland.nommu} (comma-separated program names to run), {@code
 * flatland.guest.build=false} (do not run scripts/build-guests), {@code flatland.guest.jvmArgs} (extra options for
 * the Flatland JVM).
 */
class NommuConformanceTest {
    private static final Duration FLATLAND_TIMEOUT = Duration.ofSeconds(Long.getLong("flatland.guest.timeout", 60));
    private static final Duration NATIVE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(10);

    /** One program's header configuration. */
    record Program(String name, Path source, Path binary, List<String> args, List<String> flatlandArgs, Path stdin,
            int exitMmu, int exitNommu, Duration timeout, String knownFailure) {

        static Program parse(Path root, Path source) throws IOException {
            String file = source.getFileName().toString();
            String name = file.substring(0, file.length() - 2);
            List<String> args = List.of();
            List<String> flatlandArgs = List.of();
            Path stdin = null;
            Integer exit = null;
            Integer exitMmu = null;
            Integer exitNommu = null;
            Duration timeout = FLATLAND_TIMEOUT;
            String knownFailure = null;
            for (String line : Files.readAllLines(source)) {
                if (!line.startsWith("//")) {
                    break;
                }
                String body = line.substring(2).strip();
                int colon = body.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String value = body.substring(colon + 1).strip();
                switch (body.substring(0, colon).strip()) {
                    case "args" -> args = GuestProgram.splitArgs(value);
                    case "flatland-args" -> flatlandArgs = GuestProgram.splitArgs(value);
                    case "stdin" -> stdin = root.resolve(value);
                    case "exit" -> exit = Integer.parseInt(value);
                    case "exit-mmu" -> exitMmu = Integer.parseInt(value);
                    case "exit-nommu" -> exitNommu = Integer.parseInt(value);
                    case "timeout" -> timeout = Duration.ofSeconds(Long.parseLong(value));
                    case "known-failure" -> knownFailure = value;
                    default -> { }
                }
            }
            int base = exit == null ? 0 : exit;
            return new Program(name, source, root.resolve("target/guest/nommu").resolve(name), args, flatlandArgs,
                    stdin, exitMmu == null ? base : exitMmu, exitNommu == null ? base : exitNommu, timeout, knownFailure);
        }

        Path expected(String suffix) {
            return source.resolveSibling(name + "." + suffix);
        }
    }

    @TestFactory
    Stream<DynamicNode> nommuPrograms() throws IOException, InterruptedException {
        Path root = GuestDifferentialTest.repositoryRoot();
        Path dir = root.resolve("guest/nommu");
        List<Program> programs = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path src : files.filter(f -> f.toString().endsWith(".c")).sorted().toList()) {
                    programs.add(Program.parse(root, src));
                }
            }
        }
        GuestProcess.Result build = build(root);
        Set<String> filter = filter();
        List<DynamicNode> nodes = new ArrayList<>();
        nodes.add(dynamicTest("scripts/build-guests --only nommu succeeds", () -> assertEquals(0, build.status(),
                () -> "scripts/build-guests failed:\n" + new String(build.stdout(), StandardCharsets.UTF_8))));
        for (Program p : programs) {
            if (!filter.isEmpty() && !filter.contains(p.name())) {
                continue;
            }
            nodes.add(dynamicContainer(p.name(), Stream.of(
                    dynamicTest(p.name() + " natively = " + p.name() + ".mmu", () -> checkNative(root, p)),
                    dynamicTest(p.name() + " under Flatland = " + p.name() + ".nommu", () -> checkFlatland(root, p)))));
        }
        return nodes.stream();
    }

    private static void checkNative(Path root, Program p) throws Exception {
        assertTrue(Files.isExecutable(p.binary()), () -> p.binary() + " was not built; see scripts/build-guests");
        List<String> cmd = new ArrayList<>();
        cmd.add(p.binary().toString());
        cmd.addAll(p.args());
        GuestProcess.Result r = GuestProcess.run(cmd, root, p.stdin(), NATIVE_TIMEOUT);
        compare(p, "mmu", "native (MMU Linux)", r, p.exitMmu(), String.join(" ", cmd));
    }

    private static void checkFlatland(Path root, Program p) throws Exception {
        assertTrue(Files.isExecutable(p.binary()), () -> p.binary() + " was not built; see scripts/build-guests");
        List<String> cmd = flatlandCommand(p);
        GuestProcess.Result r = GuestProcess.run(cmd, root, p.stdin(), p.timeout());
        String command = String.join(" ", cmd.subList(cmd.indexOf("run"), cmd.size()));
        if (p.knownFailure() == null) {
            compare(p, "nommu", "Flatland", r, p.exitNommu(), command);
            return;
        }
        try {
            compare(p, "nommu", "Flatland", r, p.exitNommu(), command);
        } catch (AssertionError e) {
            Assumptions.abort(p.name() + ": known failure (" + p.knownFailure() + "): " + e.getMessage());
        }
        fail(p.name() + " now passes under Flatland: remove its // known-failure: line");
    }

    /** Fails with a per-line diff (naming each line's §7 item) unless stdout and the status are as expected. */
    private static void compare(Program p, String suffix, String who, GuestProcess.Result r, int exit, String command)
            throws IOException {
        Path expectedFile = p.expected(suffix);
        assertTrue(Files.exists(expectedFile), () -> expectedFile + " is missing");
        String expected = Files.readString(expectedFile, StandardCharsets.UTF_8);
        String actual = new String(r.stdout(), StandardCharsets.UTF_8);
        StringBuilder problems = new StringBuilder();
        if (r.timedOut() || r.status() != exit) {
            problems.append("exit status ").append(r.describeStatus()).append(", expected ").append(exit).append('\n');
        }
        String diff = diff(lines(expected), lines(actual));
        if (!diff.isEmpty()) {
            problems.append("stdout differs from ").append(p.name()).append('.').append(suffix)
                    .append(" (- expected, + ").append(who).append("):\n").append(diff);
        }
        if (!problems.isEmpty()) {
            String stderr = new String(r.stderr(), StandardCharsets.UTF_8);
            fail(p.name() + " " + who + ": " + problems + (stderr.isEmpty() ? "" : "stderr:\n" + clip(stderr))
                    + "command: " + command);
        }
    }

    /** The command that runs {@code p} under Flatland in a JVM like this one, on this test's class path. */
    private static List<String> flatlandCommand(Program p) {
        return GuestProcess.flatlandRunCommand(p.flatlandArgs(), p.binary(), p.args());
    }

    /** Splits into lines; a missing final newline is marked so that it counts as a difference. */
    static List<String> lines(String s) {
        List<String> out = new ArrayList<>(List.of(s.split("\n", -1)));
        if (out.getLast().isEmpty()) {
            out.removeLast();
        } else {
            out.set(out.size() - 1, out.getLast() + "\\ (no newline at end)");
        }
        return out;
    }

    /**
     * A line diff (longest common subsequence): "-" lines are expected only, "+" lines actual only, each
     * followed by the §7 item it belongs to; then, for each check whose result changed, one summary line
     * "§7 item N: N.name expected X, got Y". Empty when equal.
     */
    static String diff(List<String> expected, List<String> actual) {
        if (expected.equals(actual)) {
            return "";
        }
        int n = expected.size();
        int m = actual.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = expected.get(i).equals(actual.get(j)) ? lcs[i + 1][j + 1] + 1
                        : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        StringBuilder sb = new StringBuilder();
        Map<String, String> removed = new LinkedHashMap<>();
        Map<String, String> added = new LinkedHashMap<>();
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && expected.get(i).equals(actual.get(j))) {
                i++;
                j++;
            } else if (j >= m || (i < n && lcs[i + 1][j] >= lcs[i][j + 1])) {
                line(sb, '-', expected.get(i), removed);
                i++;
            } else {
                line(sb, '+', actual.get(j), added);
                j++;
            }
        }
        for (Map.Entry<String, String> e : removed.entrySet()) {
            if (added.containsKey(e.getKey())) {
                sb.append(item(e.getKey())).append(": ").append(e.getKey()).append(" expected ").append(e.getValue())
                        .append(", got ").append(added.get(e.getKey())).append('\n');
            }
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, char sign, String line, Map<String, String> results) {
        sb.append(sign).append(clip(line));
        int colon = line.indexOf(": ");
        if (colon > 0) {
            String key = line.substring(0, colon);
            sb.append("    [").append(item(key)).append(']');
            results.putIfAbsent(key, line.substring(colon + 2));
        }
        sb.append('\n');
    }

    /** "§7 item 4" for the key "4.shared_disk"; "not an ITEM.name line" otherwise. */
    static String item(String key) {
        int dot = key.indexOf('.');
        String number = dot > 0 ? key.substring(0, dot) : "";
        return !number.isEmpty() && number.chars().allMatch(Character::isDigit) ? "§7 item " + number
                : "not an ITEM.name line";
    }

    private static String clip(String s) {
        return s.length() <= 2000 ? s : s.substring(0, 2000) + "...\n";
    }

    private static GuestProcess.Result build(Path root) throws IOException, InterruptedException {
        if (!Boolean.parseBoolean(System.getProperty("flatland.guest.build", "true"))) {
            return new GuestProcess.Result(new byte[0], new byte[0], 0, false);
        }
        ProcessBuilder pb = new ProcessBuilder("bash", "scripts/build-guests", "--quiet", "--only", "nommu")
                .directory(root.toFile()).redirectErrorStream(true);
        Process proc = pb.start();
        proc.getOutputStream().close();
        byte[] out = proc.getInputStream().readAllBytes();
        if (!proc.waitFor(BUILD_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            proc.destroyForcibly();
            return new GuestProcess.Result(out, new byte[0], -1, true);
        }
        return new GuestProcess.Result(out, new byte[0], proc.exitValue(), false);
    }

    private static Set<String> filter() {
        String f = System.getProperty("flatland.nommu", "").strip();
        return f.isEmpty() ? Set.of() : Arrays.stream(f.split(",")).map(String::strip).collect(Collectors.toSet());
    }

    /** Header lines configure both runs; parsing stops at the first line that is not a comment. */
    @Test
    void headerLinesConfigureTheRuns(@TempDir Path root) throws IOException {
        Path src = root.resolve("guest/nommu/prog.c");
        Files.createDirectories(src.getParent());
        Files.writeString(src, """
                // flatland-args: --compat glibc --tmpfs /tmp
                // args: a "b c"
                // exit: 2
                // exit-nommu: 3
                // known-failure: needs sockets
                #include <stdio.h>
                // timeout: 5
                """);
        Program p = Program.parse(root, src);
        assertEquals(List.of("--compat", "glibc", "--tmpfs", "/tmp"), p.flatlandArgs());
        assertEquals(List.of("a", "b c"), p.args());
        assertEquals(2, p.exitMmu());
        assertEquals(3, p.exitNommu());
        assertEquals("needs sockets", p.knownFailure());
        assertEquals(FLATLAND_TIMEOUT, p.timeout(), "a header line after code is ignored");
        assertEquals(root.resolve("target/guest/nommu/prog"), p.binary());
        assertEquals(root.resolve("guest/nommu/prog.mmu"), p.expected("mmu"));
    }

    /** The harness's own diff: a changed result is named with its §7 item, extra and missing lines are shown. */
    @Test
    void diffNamesTheItemOfEachChangedLine() {
        assertEquals("", diff(List.of("1.fixed: EINVAL"), List.of("1.fixed: EINVAL")));
        String d = diff(List.of("1.fixed: EINVAL", "2.len0: EINVAL", "4.pipe: ENODEV"),
                List.of("1.fixed: EINVAL", "2.len0: ok", "12.extra: yes"));
        assertEquals("""
                -2.len0: EINVAL    [§7 item 2]
                -4.pipe: ENODEV    [§7 item 4]
                +2.len0: ok    [§7 item 2]
                +12.extra: yes    [§7 item 12]
                §7 item 2: 2.len0 expected EINVAL, got ok
                """, d);
        assertEquals(List.of("a", "b\\ (no newline at end)"), lines("a\nb"));
    }
}
