package dev.flatland.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line end to end, as a subprocess: exit statuses, the one-line reports for bad
 * input, guest options after PROGRAM, and a differential run of a syscall probe against the
 * native run on this x86-64 Linux host.
 */
class RunCommandTest {
    @TempDir
    Path dir;

    private static void assertOneLine(String stderr) {
        assertEquals(1, stderr.lines().count(), "exactly one line: " + stderr);
        assertFalse(stderr.contains("Exception"), stderr);
        assertTrue(stderr.startsWith("flatland: "), stderr);
    }

    @Test
    void missingProgramExits127WithOneLine() {
        FlatlandProcess r = FlatlandProcess.flatland(Map.of(), dir, "run", "./no-such-program");
        assertEquals(127, r.status());
        assertOneLine(r.stderr());
        assertTrue(r.stderr().contains("no such file"), r.stderr());
    }

    @Test
    void nonElfExits126WithOneLine() throws IOException {
        Files.writeString(dir.resolve("script.txt"), "echo hi\n");
        FlatlandProcess r = FlatlandProcess.flatland(Map.of(), dir, "run", "script.txt");
        assertEquals(126, r.status());
        assertOneLine(r.stderr());
    }

    @Test
    void etExecExits126AndSuggestsStaticPie() throws IOException {
        byte[] b = Files.readAllBytes(FlatlandProcess.fixture(dir, "hello-musl"));
        b[16] = 2;
        Files.write(dir.resolve("exec"), b);
        FlatlandProcess r = FlatlandProcess.flatland(Map.of(), dir, "run", "./exec");
        assertEquals(126, r.status());
        assertOneLine(r.stderr());
        assertTrue(r.stderr().contains("-static-pie"), r.stderr());
    }

    @Test
    void dynamicPieExits126() throws IOException {
        FlatlandProcess.fixture(dir, "hello-dynamic-pie");
        FlatlandProcess r = FlatlandProcess.flatland(Map.of(), dir, "run", "./hello-dynamic-pie");
        assertEquals(126, r.status());
        assertOneLine(r.stderr());
    }

    @Test
    void helloRunsWithGuestOptionsAfterProgram() throws IOException {
        FlatlandProcess.fixture(dir, "hello-musl");
        // natively: ./hello-musl --strace -x prints "hello, world 3" and exits 3
        FlatlandProcess r = FlatlandProcess.flatland(Map.of(), dir, "run", "./hello-musl", "--strace", "-x");
        assertEquals("hello, world 3\n", r.stdout());
        assertEquals("", r.stderr());
        assertEquals(3, r.status());
    }

    @Test
    void segfaultExits139WithACrashLine() throws IOException {
        FlatlandProcess.fixture(dir, "crash-musl");
        // natively: ./crash-musl is killed by SIGSEGV, the shell reports 139
        FlatlandProcess r = FlatlandProcess.flatland(Map.of(), dir, "run", "./crash-musl");
        assertEquals(139, r.status());
        assertOneLine(r.stderr());
        assertTrue(r.stderr().matches("flatland: crash-musl\\[\\d+\\] killed by SIGSEGV \\(address 0x0\\) at rip "
                + "0x[0-9a-f]+ <main>: bytes 8b 04 25 00 00 00 00.*\\n"), r.stderr());
    }

    @Test
    void straceAndStatsGoToStderr() throws IOException {
        FlatlandProcess.fixture(dir, "hello-musl");
        FlatlandProcess r = FlatlandProcess.flatland(Map.of(), dir, "run", "--strace", "--stats", "./hello-musl");
        assertEquals("hello, world 1\n", r.stdout());
        assertTrue(r.stderr().contains("writev(1, [{iov_base=\"hello, world 1\", iov_len=14}, {iov_base=\"\\n\", "
                + "iov_len=1}], 2) = 15\n"), r.stderr());
        assertTrue(r.stderr().contains("exit_group(3)                           = ?\n+++ exited with 3 +++\n"), r.stderr());
        assertTrue(r.stderr().matches("(?s).*flatland: stats: \\d+ instructions, \\d+ syscalls, .* MIPS\\n"),
                r.stderr());
    }

    @Test
    void versionAndHelp() {
        FlatlandProcess v = FlatlandProcess.flatland(Map.of(), dir, "--version");
        assertEquals(0, v.status());
        assertTrue(v.stdout().startsWith("flatland "), v.stdout());
        FlatlandProcess h = FlatlandProcess.flatland(Map.of(), dir, "run", "--help");
        assertEquals(0, h.status());
        assertTrue(h.stdout().contains("--compat") && h.stdout().contains("glibc"), h.stdout());
    }

    @Test
    void sameProgramTwiceGivesTheSameOutputAndInstructionCount() throws IOException {
        FlatlandProcess.fixture(dir, "hello-musl");
        FlatlandProcess a = FlatlandProcess.flatland(Map.of(), dir, "run", "--stats", "--deterministic", "./hello-musl");
        FlatlandProcess b = FlatlandProcess.flatland(Map.of(), dir, "run", "--stats", "--deterministic", "./hello-musl");
        assertEquals(a.stdout(), b.stdout());
        assertEquals(instructions(a.stderr()), instructions(b.stderr()));
    }

    private static String instructions(String stderr) {
        return stderr.replaceAll("(?s).*stats: (\\d+) instructions.*", "$1");
    }

    /** The syscall probe prints the same lines natively and under Flatland (guest/fixtures/sysprobe.c). */
    @Test
    void sysprobeMatchesTheNativeRun() throws IOException {
        Path probe = FlatlandProcess.fixture(dir, "sysprobe-musl");
        Files.writeString(dir.resolve("pf"), "probe-data");
        Files.createDirectory(dir.resolve("pd"));
        Files.writeString(dir.resolve("pd/b"), "");
        Files.writeString(dir.resolve("pd/a"), "");
        Map<String, String> env = Map.of("FLATLAND_PROBE", "yes");
        FlatlandProcess nat = FlatlandProcess.exec(List.of(probe.toString(), "pf", "pd"), env, dir);
        FlatlandProcess fl = FlatlandProcess.flatland(env, dir, "run", "./sysprobe-musl", "pf", "pd");
        assertEquals(5, nat.status(), nat.stderr());
        assertEquals(nat.stdout(), fl.stdout());
        assertEquals(nat.stderr(), fl.stderr());
        assertEquals(nat.status(), fl.status());
    }

    /** stress.c: malloc (brk never grows, mallocng falls back to mmap), stdio files, qsort, float printf. */
    @Test
    void stressMatchesTheNativeRun() throws IOException {
        Path p = FlatlandProcess.fixture(dir, "stress-musl");
        FlatlandProcess nat = FlatlandProcess.exec(List.of(p.toString(), "native.txt"), Map.of(), dir);
        FlatlandProcess fl = FlatlandProcess.flatland(Map.of(), dir, "run", "./stress-musl", "flatland.txt");
        assertEquals(0, nat.status());
        assertEquals(nat.stdout(), fl.stdout());
        assertEquals(nat.stderr(), fl.stderr());
        assertEquals(nat.status(), fl.status());
        assertEquals(Files.readString(dir.resolve("native.txt")), Files.readString(dir.resolve("flatland.txt")));
    }

    @Test
    void abortExits134LikeTheShellReports() throws IOException {
        Path p = FlatlandProcess.fixture(dir, "stress-musl");
        FlatlandProcess nat = FlatlandProcess.exec(List.of(p.toString(), "x", "abort"), Map.of(), dir);
        FlatlandProcess fl = FlatlandProcess.flatland(Map.of(), dir, "run", "./stress-musl", "x", "abort");
        assertEquals(134, nat.status(), "Java reports a native death by SIGABRT as 128 + 6");
        assertEquals(nat.status(), fl.status());
        assertEquals("aborting\n", fl.stdout());
    }

    @Test
    void timeoutKillsAnEndlessLoopWith124() throws IOException {
        FlatlandProcess.fixture(dir, "stress-musl");
        FlatlandProcess fl = FlatlandProcess.flatland(Map.of(), dir, "run", "--timeout", "2", "./stress-musl", "x", "loop");
        assertEquals(124, fl.status());
        assertOneLine(fl.stderr());
        assertTrue(fl.stderr().contains("timed out"), fl.stderr());
    }

    /** On a pseudo-terminal (script(1)) isatty, TIOCGWINSZ and TCGETS answer as natively. */
    @Test
    void terminalQueriesMatchNativeOnAPty() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "needs script(1)");
        FlatlandProcess.fixture(dir, "tty-musl");
        String java = Path.of(System.getProperty("java.home"), "bin", "java") + " --enable-native-access=ALL-UNNAMED -cp "
                + System.getProperty("java.class.path") + " dev.flatland.boot.Main run ./tty-musl";
        FlatlandProcess nat = FlatlandProcess.exec(List.of("/usr/bin/script", "-qec", "stty cols 91 rows 33; ./tty-musl",
                "/dev/null"), Map.of(), dir);
        FlatlandProcess fl = FlatlandProcess.exec(List.of("/usr/bin/script", "-qec", "stty cols 91 rows 33; " + java,
                "/dev/null"), Map.of(), dir);
        // natively on a pty: "isatty 1 1 1 winsz 0 91x33 tcgetattr 0 lflag-icanon 1"
        assertTrue(nat.stdout().contains("isatty 1 1 1 winsz 0 91x33 tcgetattr 0 lflag-icanon 1"), nat.stdout());
        assertEquals(nat.stdout(), fl.stdout());
        FlatlandProcess piped = FlatlandProcess.flatland(Map.of(), dir, "run", "./tty-musl");
        assertEquals("isatty 0 0 0 winsz -1 0x0 tcgetattr -1 lflag-icanon 0\n", piped.stdout());
    }
}
