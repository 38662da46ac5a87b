package dev.flatland.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * nommu-specific process behaviour, which the differential harness cannot check because native MMU
 * Linux differs by design (docs/guest-tests.md rule 2). guest/demo/nommu_procs runs under Flatland
 * and the expected lines are the nommu semantics of reference/nommu.md §3.1 and §7 items 13-14:
 * fork fails EINVAL, clone without CLONE_VM gives a child with an empty mapping list (its munmap
 * of the parent's memory is EINVAL, and its store is visible to the parent: same physical memory),
 * and system() cannot execute the host's dynamically linked /bin/sh (ENOEXEC, explained in one
 * log line). Natively the same program prints "fork: works" etc. (checked by nativeDiffers).
 */
class ProcessModelTest {
    static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path PROG = ROOT.resolve("target/guest/demo/nommu_procs");

    @BeforeAll
    static void build() throws Exception {
        Process p = new ProcessBuilder("bash", "scripts/build-guests", "--quiet", "--only", "demo")
                .directory(ROOT.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        p.getInputStream().readAllBytes();
        p.waitFor();
        Assumptions.assumeTrue(Files.isExecutable(PROG), "guest/demo/nommu_procs could not be built (no musl-gcc?)");
    }

    private static boolean hostShellIsDynamic() throws IOException {
        byte[] sh = Files.readAllBytes(Path.of("/bin/sh").toRealPath());
        return new String(sh, 0, Math.min(sh.length, 4096), java.nio.charset.StandardCharsets.ISO_8859_1)
                .contains("/ld-linux");
    }

    @Test
    void nommuProcessSemantics() throws Exception {
        FlatlandProcess r = FlatlandProcess.flatland(Map.of(), ROOT, "run", PROG.toString());
        List<String> out = r.stdout().lines().toList();
        assertEquals(0, r.status(), r.stderr());
        assertEquals("fork: Invalid argument", out.get(0));
        assertEquals("clone without CLONE_VM: child exited 0; child munmap of parent memory: Invalid argument",
                out.get(1));
        assertTrue(r.stderr().contains("fork() is not available on nommu Linux (EINVAL)"), r.stderr());
        if (hostShellIsDynamic()) {
            assertEquals("system(\"exit 3\"): -1 (Exec format error)", out.get(2));
            List<String> why = r.stderr().lines().filter(l -> l.contains("execve /bin/sh")).toList();
            assertEquals(1, why.size(), r.stderr());
            assertTrue(why.get(0).contains("dynamically linked") && why.get(0).endsWith("(ENOEXEC)"), why.get(0));
        }
    }

    /** The same binary on the host shows MMU behaviour, so the lines above really are nommu-specific. */
    @Test
    void nativeDiffers() throws Exception {
        FlatlandProcess r = FlatlandProcess.exec(List.of(PROG.toString()), Map.of(), ROOT);
        assertEquals("fork: works", r.stdout().lines().findFirst().orElse(""));
    }

    /**
     * system() works once /bin/sh is a shell that runs on nommu: the busybox built NOMMU
     * (scripts/build-busybox), mounted over /bin. The expected line is what the same program prints
     * natively with the host's shell (checked here too), since system()'s result does not depend on
     * the MMU.
     */
    @Test
    void systemRunsThroughANommuShell(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path busybox = ROOT.resolve("target/busybox/busybox");
        Assumptions.assumeTrue(Files.isExecutable(busybox), "busybox not built (scripts/build-busybox)");
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Files.copy(busybox, bin.resolve("sh"));
        String expected = "system(\"exit 3\"): exit status 3";
        FlatlandProcess nat = FlatlandProcess.exec(List.of(PROG.toString()), Map.of(), ROOT);
        assertEquals(expected, nat.stdout().lines().skip(2).findFirst().orElse(""), "natively");
        FlatlandProcess r = FlatlandProcess.flatland(Map.of(), ROOT, "run", "--mount", bin + ":/bin:ro", PROG.toString());
        assertEquals(0, r.status(), r.stderr());
        assertEquals(expected, r.stdout().lines().skip(2).findFirst().orElse(""), r.stderr());
    }
}
