package dev.flatland.boot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One guest differential test: a C source under {@code guest/LIBC/NAME.c} and its static-PIE binary under
 * {@code target/guest/LIBC/NAME}.
 *
 * <p>The source's leading {@code //} comment lines configure the run (see docs/guest-tests.md):
 * <pre>
 * // args: one "two words" ""       arguments after argv[0] (double quotes group, "" is an empty argument)
 * // stdin: guest/musl/input.txt    file fed to standard input, relative to the repository root (default: empty)
 * // exit: 3                        expected native exit status (default 0; 128+N for death by signal N)
 * // timeout: 120                   seconds allowed under Flatland (default: the harness default)
 * // build: -O3 -msse4.2            extra compiler flags (read by scripts/build-guests, ignored here)
 * </pre>
 */
record GuestProgram(String libc, String name, Path source, Path binary, List<String> args, Path stdin,
        int expectedExit, Duration timeout) {

    /** The test's id as used in guest/known-failures.txt, for example {@code musl/int128}. */
    String id() {
        return libc + "/" + name;
    }

    /** glibc programs run with {@code --compat glibc}, the named deviation glibc's start-up needs. */
    boolean needsGlibcCompat() {
        return libc.equals("glibc");
    }

    /** Reads the header comments of {@code source}; paths are resolved against {@code root}. */
    static GuestProgram parse(Path root, String libc, Path source, Duration defaultTimeout) throws IOException {
        String file = source.getFileName().toString();
        String name = file.substring(0, file.length() - 2);
        List<String> args = List.of();
        Path stdin = null;
        int exit = 0;
        Duration timeout = defaultTimeout;
        for (String line : Files.readAllLines(source)) {
            if (!line.startsWith("//")) {
                break;
            }
            String body = line.substring(2).strip();
            int colon = body.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = body.substring(0, colon).strip();
            String value = body.substring(colon + 1).strip();
            switch (key) {
                case "args" -> args = splitArgs(value);
                case "stdin" -> stdin = root.resolve(value);
                case "exit" -> exit = Integer.parseInt(value);
                case "timeout" -> timeout = Duration.ofSeconds(Long.parseLong(value));
                default -> { }
            }
        }
        Path binary = root.resolve("target/guest").resolve(libc).resolve(name);
        return new GuestProgram(libc, name, source, binary, args, stdin, exit, timeout);
    }

    /** Splits on blanks; double quotes group words and {@code ""} is an empty argument. No escapes. */
    static List<String> splitArgs(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inQuotes = false;
        boolean have = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                inQuotes = !inQuotes;
                have = true;
            } else if (Character.isWhitespace(c) && !inQuotes) {
                if (have) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    have = false;
                }
            } else {
                cur.append(c);
                have = true;
            }
        }
        if (inQuotes) {
            throw new IllegalArgumentException("unbalanced quote in // args: " + s);
        }
        if (have) {
            out.add(cur.toString());
        }
        return List.copyOf(out);
    }
}
