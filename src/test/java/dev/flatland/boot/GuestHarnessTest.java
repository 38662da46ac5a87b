package dev.flatland.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guest differential harness's own pieces: header parsing, the diff, and the known-failures file. */
class GuestHarnessTest {
    private static GuestProcess.Result result(String out, String err, int status) {
        return new GuestProcess.Result(out.getBytes(StandardCharsets.UTF_8), err.getBytes(StandardCharsets.UTF_8),
                status, false);
    }

    @Test
    void argsSplitOnBlanksWithQuotedGroupsAndEmptyArguments() {
        assertEquals(List.of("one", "two words", "", "--flag=x", "3"),
                GuestProgram.splitArgs("one \"two words\" \"\" --flag=x 3"));
        assertEquals(List.of(), GuestProgram.splitArgs("   "));
        assertEquals(List.of("ab c"), GuestProgram.splitArgs("a\"b c\""));
        assertThrows(IllegalArgumentException.class, () -> GuestProgram.splitArgs("\"open"));
    }

    @Test
    void headerCommentsConfigureTheRunAndStopAtTheFirstOtherLine(@TempDir Path root) throws IOException {
        Path src = root.resolve("prog.c");
        Files.writeString(src, """
                // build: -O3
                // args: -v "a b"
                // stdin: in.txt
                // exit: 134
                // timeout: 7
                /* comment */
                // exit: 9
                int main(void) { return 0; }
                """);
        GuestProgram p = GuestProgram.parse(root, "musl", src, Duration.ofSeconds(60));
        assertEquals("musl/prog", p.id());
        assertEquals(List.of("-v", "a b"), p.args());
        assertEquals(root.resolve("in.txt"), p.stdin());
        assertEquals(134, p.expectedExit());
        assertEquals(Duration.ofSeconds(7), p.timeout());
        assertEquals(root.resolve("target/guest/musl/prog"), p.binary());
    }

    @Test
    void identicalRunsHaveNoDifference() {
        assertEquals("", GuestDiff.describe(result("a\nb\n", "e\n", 3), result("a\nb\n", "e\n", 3)));
    }

    @Test
    void differencesInStatusStdoutAndStderrAreEachReported() {
        String d = GuestDiff.describe(result("same\nnative\n", "", 0), result("same\nflat\n", "oops\n", 139));
        assertTrue(d.contains("exit status: native 0, flatland 139 (signal 11)"), d);
        assertTrue(d.contains("stdout differs") && d.contains("first difference at line 2"), d);
        assertTrue(d.contains("\n same\n-native\n+flat\n"), d);
        assertTrue(d.contains("stderr differs") && d.contains("+oops"), d);
    }

    @Test
    void aMissingFinalNewlineIsADifference() {
        String d = GuestDiff.describe(result("x\n", "", 0), result("x", "", 0));
        assertTrue(d.contains("no newline at end"), d);
    }

    @Test
    void knownFailuresAreParsedAndMalformedLinesRejected(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("known-failures.txt");
        Files.writeString(f, "# comment\n\nmusl/a  reason one\nglibc/b\treason two words\n");
        assertEquals(Map.of("musl/a", "reason one", "glibc/b", "reason two words"), GuestKnownFailures.read(f));
        Files.writeString(f, "musl/a  r\nmusl/a  again\n");
        assertThrows(IllegalArgumentException.class, () -> GuestKnownFailures.read(f));
        Files.writeString(f, "musl/a\n");
        assertThrows(IllegalArgumentException.class, () -> GuestKnownFailures.read(f));
        Files.writeString(f, "noslash  reason\n");
        assertThrows(IllegalArgumentException.class, () -> GuestKnownFailures.read(f));
    }

    @Test
    void aRunFeedsStdinAndReportsExitStatusAndSignals(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in");
        Files.writeString(in, "hello stdin");
        GuestProcess.Result r = GuestProcess.run(List.of("sh", "-c", "cat; echo err >&2; exit 7"), dir, in,
                Duration.ofSeconds(20));
        assertEquals("hello stdin", new String(r.stdout(), StandardCharsets.UTF_8));
        assertEquals("err\n", new String(r.stderr(), StandardCharsets.UTF_8));
        assertEquals(7, r.status());
        GuestProcess.Result killed = GuestProcess.run(List.of("sh", "-c", "kill -ABRT $$"), dir, null,
                Duration.ofSeconds(20));
        assertEquals(128 + 6, killed.status());
        GuestProcess.Result env = GuestProcess.run(List.of("sh", "-c", "env | sort"), dir, null, Duration.ofSeconds(20));
        assertTrue(new String(env.stdout(), StandardCharsets.UTF_8).contains("LC_ALL=C\n"));
        GuestProcess.Result slow = GuestProcess.run(List.of("sleep", "30"), dir, null, Duration.ofMillis(300));
        assertTrue(slow.timedOut());
    }
}
