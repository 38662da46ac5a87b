package dev.flatland.boot;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a command with a fixed environment, stdin and timeout, and collects stdout, stderr and the status. */
final class GuestProcess {
    /** The environment of every run, native and under Flatland alike. */
    static final Map<String, String> ENVIRONMENT = Map.of(
            "PATH", "/usr/local/bin:/usr/bin:/bin",
            "LC_ALL", "C");

    private GuestProcess() {
    }

    /**
     * The outcome of one run. {@code status} follows the shell convention the JDK uses: the exit status,
     * or 128+N when the process died of signal N; -1 when it timed out and was killed.
     */
    record Result(byte[] stdout, byte[] stderr, int status, boolean timedOut) {
        boolean sameAs(Result o) {
            return status == o.status && timedOut == o.timedOut && java.util.Arrays.equals(stdout, o.stdout)
                    && java.util.Arrays.equals(stderr, o.stderr);
        }

        String describeStatus() {
            return timedOut ? "timed out" : status > 128 ? status + " (signal " + (status - 128) + ")" : "" + status;
        }
    }

    /** The command that runs {@code p} natively: the binary itself. */
    static List<String> nativeCommand(GuestProgram p) {
        List<String> cmd = new ArrayList<>();
        cmd.add(p.binary().toString());
        cmd.addAll(p.args());
        return cmd;
    }

    /**
     * The command that runs {@code p} under Flatland, in a JVM like this one, on this test's class path.
     * The property {@code flatland.guest.emulator} (for example {@code qemu-x86_64}) replaces Flatland by
     * another emulator; it exists only to check the harness itself.
     */
    static List<String> flatlandCommand(GuestProgram p) {
        List<String> cmd = new ArrayList<>();
        String emulator = System.getProperty("flatland.guest.emulator", "").strip();
        if (!emulator.isEmpty()) {
            cmd.addAll(List.of(emulator.split("\\s+")));
            cmd.add(p.binary().toString());
            cmd.addAll(p.args());
            return cmd;
        }
        List<String> options = p.needsGlibcCompat() ? List.of("--compat", "glibc") : List.of();
        cmd.addAll(flatlandRunCommand(options, p.binary(), p.args()));
        return cmd;
    }

    /**
     * {@code flatland run OPTIONS BINARY ARGS} in a JVM like this one, on this test's class path, with the
     * JVM options of {@code flatland.guest.jvmArgs}.
     */
    static List<String> flatlandRunCommand(List<String> options, Path binary, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBinary());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-Xss16m");
        String extra = System.getProperty("flatland.guest.jvmArgs", "").strip();
        if (!extra.isEmpty()) {
            cmd.addAll(List.of(extra.split("\\s+")));
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.add("run");
        cmd.addAll(options);
        cmd.add(binary.toString());
        cmd.addAll(args);
        return cmd;
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** Runs {@code command} in {@code dir} with {@link #ENVIRONMENT}, feeding {@code stdin} (may be null). */
    static Result run(List<String> command, Path dir, Path stdin, Duration timeout)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().clear();
        pb.environment().putAll(ENVIRONMENT);
        Process proc = pb.start();
        byte[] input = stdin == null ? new byte[0] : Files.readAllBytes(stdin);
        // One platform thread per stream: the common pool may have a single worker on a small machine,
        // and a blocked drain must never keep the stdin feeder from running.
        CompletableFuture<byte[]> out = new CompletableFuture<>();
        CompletableFuture<byte[]> err = new CompletableFuture<>();
        CompletableFuture<Void> in = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> out.complete(drain(proc.getInputStream())));
        Thread.ofPlatform().daemon().start(() -> err.complete(drain(proc.getErrorStream())));
        Thread.ofPlatform().daemon().start(() -> {
            feed(proc.getOutputStream(), input);
            in.complete(null);
        });
        boolean finished = proc.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            proc.descendants().forEach(ProcessHandle::destroyForcibly);
            proc.destroyForcibly();
            proc.waitFor();
        }
        in.join();
        return new Result(out.join(), err.join(), finished ? proc.exitValue() : -1, !finished);
    }

    private static byte[] drain(InputStream s) {
        try (s) {
            return s.readAllBytes();
        } catch (IOException e) {
            return ("<read error: " + e + ">").getBytes();
        }
    }

    /** Writes the input and closes the pipe; a program that exits without reading it is not an error. */
    private static void feed(OutputStream s, byte[] input) {
        try (s) {
            s.write(input);
        } catch (IOException ignored) {
            // broken pipe: the guest exited or closed stdin early
        }
    }
}
