package dev.flatland.boot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * guest/known-failures.txt: one line per program that does not yet pass under Flatland,
 * {@code libc/name  reason}. Blank lines and lines starting with {@code #} are ignored.
 */
final class GuestKnownFailures {
    private GuestKnownFailures() {
    }

    /** Program id to reason, in file order. Duplicate ids are rejected. */
    static Map<String, String> read(Path file) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return out;
        }
        int lineNo = 0;
        for (String raw : Files.readAllLines(file)) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+", 2);
            String reason = parts.length > 1 ? parts[1].strip() : "";
            if (!parts[0].contains("/") || reason.isEmpty()) {
                throw new IllegalArgumentException(file + ":" + lineNo + ": expected 'libc/name  reason', got: " + raw);
            }
            if (out.putIfAbsent(parts[0], reason) != null) {
                throw new IllegalArgumentException(file + ":" + lineNo + ": duplicate entry " + parts[0]);
            }
        }
        return out;
    }
}
