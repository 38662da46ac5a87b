package dev.flatland.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * busybox sh (hush) on Flatland's terminal, driven through tmux as a person would: a real host
 * pseudo-terminal, keys sent with {@code tmux send-keys}, the screen read with
 * {@code tmux capture-pane}. Checks command-line editing, Ctrl-C reaching a foreground {@code sleep}
 * as SIGINT, vi in raw mode writing a file, and that the host terminal's settings ({@code stty -g})
 * are the same after Flatland exits as before. Every wait polls the screen against a deadline.
 * Skipped when tmux or target/busybox/busybox is missing.
 */
@Tag("tmux")
class InteractiveShellTest {
    private static final Duration STEP = Duration.ofSeconds(Long.getLong("flatland.tmux.timeout", 90));
    private static final String SESSION = "flatland";
    private static final String DONE = "FLATLAND-EXITED";

    private Path work;
    private String socket;

    @BeforeEach
    void setUp() throws IOException, InterruptedException {
        Assumptions.assumeTrue(which("tmux") != null, "tmux is not installed");
        Path root = GuestDifferentialTest.repositoryRoot();
        Path busybox = root.resolve("target/busybox/busybox");
        Assumptions.assumeTrue(Files.isExecutable(busybox), "target/busybox/busybox is not built (scripts/build-busybox)");
        // Not under /tmp: the guest gets a tmpfs there, which would hide the applet links.
        Files.createDirectories(root.resolve("target"));
        work = Files.createTempDirectory(root.resolve("target"), "tmux-test");
        // The guest sees this directory at /bbt (a copy of busybox and relative applet links), so
        // that the test works wherever the repository lives, even under the guest's tmpfs /tmp.
        Files.copy(busybox, work.resolve("busybox"), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        Path links = work.resolve("bin");
        Files.createDirectories(links);
        for (String applet : List.of("sh", "sleep", "vi", "cat", "echo", "busybox")) {
            Files.createSymbolicLink(links.resolve(applet), Path.of("../busybox"));
        }
        socket = "flatland-test-" + ProcessHandle.current().pid();
        String java = Path.of(System.getProperty("java.home"), "bin", "java") + " --enable-native-access=ALL-UNNAMED -cp "
                + System.getProperty("java.class.path") + " dev.flatland.boot.Main run --mount " + work + ":/bbt:ro"
                + " --tmpfs /tmp " + work.resolve("busybox") + " sh";
        String script = "cd " + work + "; stty -g > before.txt; PATH=/bbt/bin " + java + "; stty -g > after.txt;"
                + " echo " + DONE + "; sleep 600";
        tmux("new-session", "-d", "-s", SESSION, "-x", "100", "-y", "30", "sh -c '" + script + "'");
    }

    @AfterEach
    void tearDown() throws IOException, InterruptedException {
        if (socket != null) {
            tmux("kill-server");
        }
        if (work != null) {
            try (var s = Files.walk(work)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Test
    void lineEditingCtrlCViAndTerminalRestore() throws Exception {
        waitFor("the first prompt", lines -> prompt(last(lines)));

        // Command-line editing: type, three times Left, insert, Enter: the edited command runs.
        tmux("send-keys", "-t", SESSION, "echo abc", "Left", "Left", "Left", "X", "Enter");
        waitFor("the edited command's output", lines -> lines.contains("Xabc"));

        // Ctrl-C interrupts a foreground sleep (SIGINT through ISIG) and the shell answers again.
        tmux("send-keys", "-t", SESSION, "sleep 100", "Enter");
        waitFor("sleep to start", lines -> last(lines).endsWith("sleep 100"));
        Thread.sleep(3000);   // let the sleep applet reach nanosleep
        long start = System.nanoTime();
        tmux("send-keys", "-t", SESSION, "C-c");
        waitFor("the prompt after Ctrl-C", lines -> prompt(last(lines)) && lines.contains("^C"));
        tmux("send-keys", "-t", SESSION, "echo alive", "Enter");
        waitFor("echo alive", lines -> lines.contains("alive"));
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(60).toNanos(), "sleep 100 was not interrupted");

        // vi in raw mode: insert text, :wq, and the file has it.
        tmux("send-keys", "-t", SESSION, "vi /tmp/x", "Enter");
        waitFor("vi's screen", lines -> lines.stream().filter(l -> l.equals("~")).count() > 10);
        tmux("send-keys", "-t", SESSION, "i");
        tmux("send-keys", "-t", SESSION, "-l", "hello from vi");
        waitFor("the inserted text", lines -> lines.contains("hello from vi"));
        // busybox vi (read_key) waits 50 ms after ESC for the rest of an escape sequence; ":" arriving
        // in that window makes it discard the keys, natively too. So wait for command mode ("-" in the
        // status line) before typing the command.
        tmux("send-keys", "-t", SESSION, "Escape");
        waitFor("vi's command mode", lines -> last(lines).startsWith("- /tmp/x"));
        tmux("send-keys", "-t", SESSION, ":wq", "Enter");
        waitFor("the prompt after vi", lines -> prompt(last(lines)));
        tmux("send-keys", "-t", SESSION, "cat /tmp/x", "Enter");
        waitFor("the file's contents", lines -> {
            int i = lines.indexOf(lines.stream().filter(l -> l.endsWith(" cat /tmp/x")).findFirst().orElse(null));
            // (Flatland's own log lines, e.g. about an unimplemented syscall, may come in between.)
            return i >= 0 && lines.subList(i + 1, lines.size()).stream()
                    .takeWhile(l -> !prompt(l)).anyMatch(l -> l.equals("hello from vi"));
        });

        // exit: Flatland ends and the host terminal is as it was.
        tmux("send-keys", "-t", SESSION, "exit", "Enter");
        waitFor("Flatland to exit", lines -> lines.contains(DONE));
        String before = Files.readString(work.resolve("before.txt")).strip();
        String after = Files.readString(work.resolve("after.txt")).strip();
        assertFalse(before.isEmpty());
        assertEquals(before, after, "stty -g differs after Flatland exited");
    }

    /** hush's prompt: the directory then "$ " (or "# " for root), right-trimmed. */
    private static boolean prompt(String line) {
        return line.endsWith("$") || line.endsWith("#");
    }

    /** The last non-blank line of the screen, right-trimmed. */
    private static String last(List<String> lines) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (!lines.get(i).isBlank()) {
                return lines.get(i).stripTrailing();
            }
        }
        return "";
    }

    /** Polls the screen until {@code ok} holds for its lines (right-trimmed), failing after STEP. */
    private void waitFor(String what, Predicate<List<String>> ok) throws IOException, InterruptedException {
        long end = System.nanoTime() + STEP.toNanos();
        List<String> lines = List.of();
        while (System.nanoTime() - end < 0) {
            lines = screen();
            if (ok.test(lines)) {
                return;
            }
            Thread.sleep(200);
        }
        fail("timed out waiting for " + what + "; the screen:\n" + String.join("\n", lines));
    }

    private List<String> screen() throws IOException, InterruptedException {
        String out = tmux("capture-pane", "-p", "-J", "-t", SESSION);
        List<String> lines = new ArrayList<>();
        for (String l : out.split("\n", -1)) {
            lines.add(l.stripTrailing());
        }
        return lines;
    }

    private String tmux(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    private static Path which(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
