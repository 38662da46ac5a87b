package dev.flatland.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * Guest differential tests (DESIGN.md "Differential truth"): every program under guest/musl, guest/glibc and
 * guest/musl-dyn (dynamic PIEs started through musl's ld.so)
 * runs natively and under Flatland with the same argv, environment, stdin and a timeout, and its stdout
 * bytes, stderr bytes and exit status must agree.
 *
 * <p>Natively each program must exit with its declared status ({@code // exit:}, default 0) and give the same
 * output twice; otherwise the test itself is wrong and fails. Programs listed in guest/known-failures.txt are
 * still run under Flatland: they are reported as skipped with their reason while they differ, and fail once
 * they agree, so that the list cannot go stale. See docs/guest-tests.md.
 *
 * <p>System properties: {@code flatland.guest} (comma-separated ids or names to run, e.g. {@code musl/int128}),
 * {@code flatland.guest.timeout} (seconds under Flatland, default 60), {@code flatland.guest.build=false}
 * (do not run scripts/build-guests), {@code flatland.guest.jvmArgs} (extra options for the Flatland JVM),
 * {@code flatland.guest.knownFailureBudget} (seconds of Flatland time for known failures, default 600, so that
 * hanging known failures cannot make a CI run unbounded), {@code flatland.guest.emulator} (another emulator
 * instead of Flatland, to check the harness itself).
 */
class GuestDifferentialTest {
    private static final Duration FLATLAND_TIMEOUT = Duration.ofSeconds(Long.getLong("flatland.guest.timeout", 60));
    private static final Duration NATIVE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(20);
    private static final List<String> LIBCS = List.of("musl", "glibc", "musl-dyn");
    /** Total time allowed for running known failures under Flatland; beyond it they are skipped unrun. */
    private static final Duration KNOWN_FAILURE_BUDGET =
            Duration.ofSeconds(Long.getLong("flatland.guest.knownFailureBudget", 600));
    /** Time spent so far running known failures under Flatland (dynamic tests run one at a time). */
    private static Duration knownFailureTime = Duration.ZERO;

    @TestFactory
    Stream<DynamicNode> guestPrograms() throws IOException, InterruptedException {
        Path root = repositoryRoot();
        GuestProcess.Result build = buildGuests(root);
        List<GuestProgram> programs = discover(root);
        Map<String, String> known = GuestKnownFailures.read(root.resolve("guest/known-failures.txt"));
        Set<String> filter = filter();

        List<DynamicNode> nodes = new ArrayList<>();
        nodes.add(dynamicTest("scripts/build-guests succeeds", () -> assertEquals(0, build.status(),
                () -> "scripts/build-guests failed:\n" + new String(build.stdout(), StandardCharsets.UTF_8)
                        + new String(build.stderr(), StandardCharsets.UTF_8))));
        nodes.add(dynamicTest("known-failures.txt names only existing programs", () -> {
            Set<String> ids = programs.stream().map(GuestProgram::id).collect(Collectors.toSet());
            Set<String> stale = new TreeSet<>(known.keySet());
            stale.removeAll(ids);
            assertTrue(stale.isEmpty(), () -> "guest/known-failures.txt lists programs with no source: " + stale);
        }));
        for (GuestProgram p : programs) {
            if (filter.isEmpty() || filter.contains(p.id()) || filter.contains(p.name())) {
                nodes.add(dynamicTest(p.id(), () -> check(root, p, known.get(p.id()))));
            }
        }
        return nodes.stream();
    }

    /** Runs one program natively (twice) and under Flatland, and compares. */
    private static void check(Path root, GuestProgram p, String knownFailure) throws Exception {
        assertTrue(Files.isExecutable(p.binary()), () -> p.binary() + " was not built; see scripts/build-guests");
        List<String> nativeCmd = GuestProcess.nativeCommand(p);
        GuestProcess.Result first = GuestProcess.run(nativeCmd, root, p.stdin(), NATIVE_TIMEOUT);
        assertFalse(first.timedOut(), () -> p.id() + " timed out natively");
        assertEquals(p.expectedExit(), first.status(), () -> p.id() + " fails natively (declared // exit: "
                + p.expectedExit() + "); stderr:\n" + new String(first.stderr(), StandardCharsets.UTF_8));
        GuestProcess.Result second = GuestProcess.run(nativeCmd, root, p.stdin(), NATIVE_TIMEOUT);
        String nondeterminism = GuestDiff.describe(first, second, "native run 1", "native run 2");
        assertTrue(nondeterminism.isEmpty(), () -> p.id() + " is not deterministic natively:\n" + nondeterminism);

        if (knownFailure != null && knownFailureTime.compareTo(KNOWN_FAILURE_BUDGET) >= 0) {
            Assumptions.abort(p.id() + ": known failure (" + knownFailure + "), not run: the time budget for "
                    + "known failures (flatland.guest.knownFailureBudget=" + KNOWN_FAILURE_BUDGET.toSeconds()
                    + " s) is used up");
        }
        List<String> flatlandCmd = GuestProcess.flatlandCommand(p);
        long start = System.nanoTime();
        GuestProcess.Result emulated = GuestProcess.run(flatlandCmd, root, p.stdin(), p.timeout());
        if (knownFailure != null) {
            knownFailureTime = knownFailureTime.plusNanos(System.nanoTime() - start);
        }
        String diff = GuestDiff.describe(first, emulated);
        if (knownFailure != null) {
            if (diff.isEmpty()) {
                fail(p.id() + " now passes under Flatland: remove its line from guest/known-failures.txt");
            }
            Assumptions.abort(p.id() + ": known failure (" + knownFailure + "): " + GuestDiff.summary(first, emulated));
        }
        if (!diff.isEmpty()) {
            fail(p.id() + " differs between native and Flatland:\n" + diff + "flatland command: "
                    + String.join(" ", flatlandCmd.subList(Math.max(0, flatlandCmd.indexOf("run")), flatlandCmd.size())));
        }
    }

    /** Runs scripts/build-guests (make-like: only stale programs are rebuilt) unless disabled. */
    private static GuestProcess.Result buildGuests(Path root) throws IOException, InterruptedException {
        if (!Boolean.parseBoolean(System.getProperty("flatland.guest.build", "true"))) {
            return new GuestProcess.Result(new byte[0], new byte[0], 0, false);
        }
        ProcessBuilder pb = new ProcessBuilder("bash", "scripts/build-guests", "--quiet").directory(root.toFile());
        pb.redirectErrorStream(true);
        Process proc = pb.start();
        proc.getOutputStream().close();
        byte[] out = proc.getInputStream().readAllBytes();
        if (!proc.waitFor(BUILD_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            proc.destroyForcibly();
            return new GuestProcess.Result(out, "build timed out".getBytes(StandardCharsets.UTF_8), -1, true);
        }
        return new GuestProcess.Result(out, new byte[0], proc.exitValue(), false);
    }

    private static List<GuestProgram> discover(Path root) throws IOException {
        List<GuestProgram> out = new ArrayList<>();
        for (String libc : LIBCS) {
            Path dir = root.resolve("guest").resolve(libc);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path src : files.filter(f -> f.toString().endsWith(".c")).sorted().toList()) {
                    out.add(GuestProgram.parse(root, libc, src, FLATLAND_TIMEOUT));
                }
            }
        }
        return out;
    }

    private static Set<String> filter() {
        String f = System.getProperty("flatland.guest", "").strip();
        return f.isEmpty() ? Set.of() : Arrays.stream(f.split(",")).map(String::strip).collect(Collectors.toSet());
    }

    /** The directory holding pom.xml and guest/, searched upwards from the working directory. */
    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.exists(d.resolve("pom.xml")) && Files.isDirectory(d.resolve("guest"))) {
                return d;
            }
        }
        throw new IllegalStateException("cannot find the repository root (pom.xml and guest/) above " + dir);
    }
}
