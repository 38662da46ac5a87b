package dev.flatland.boot;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command as a subprocess and captures stdout, stderr and the exit status. */
record FlatlandProcess(int status, String stdout, String stderr) {

    /** {@code java -cp <test classpath> dev.flatland.boot.Main args...}. */
    static FlatlandProcess flatland(Map<String, String> env, Path cwd, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("dev.flatland.boot.Main");
        cmd.addAll(List.of(args));
        return exec(cmd, env, cwd);
    }

    static FlatlandProcess exec(List<String> cmd, Map<String, String> env, Path cwd) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().putAll(env);
            if (cwd != null) {
                pb.directory(cwd.toFile());
            }
            File out = File.createTempFile("flatland-out", ".txt");
            File err = File.createTempFile("flatland-err", ".txt");
            pb.redirectOutput(out).redirectError(err).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + cmd);
            }
            FlatlandProcess r = new FlatlandProcess(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
                    Files.readString(err.toPath(), StandardCharsets.UTF_8));
            out.delete();
            err.delete();
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Copies a fixture from src/test/resources/elf into {@code dir}, executable. */
    static Path fixture(Path dir, String name) throws IOException {
        Path p = dir.resolve(name);
        try (var in = FlatlandProcess.class.getResourceAsStream("/elf/" + name)) {
            Files.write(p, in.readAllBytes());
        }
        p.toFile().setExecutable(true);
        return p;
    }
}
