package dev.flatland.boot;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Describes how two runs differ: status, then a short unified-diff-like excerpt per stream. */
final class GuestDiff {
    private static final int CONTEXT = 3;
    private static final int MAX_LINES = 12;
    private static final int MAX_LINE_CHARS = 200;

    private GuestDiff() {
    }

    /** An empty string when the runs agree, else a multi-line description ("-" native, "+" Flatland). */
    static String describe(GuestProcess.Result expected, GuestProcess.Result actual) {
        return describe(expected, actual, "native", "flatland");
    }

    /** An empty string when the runs agree, else a description; "-" lines are {@code a}'s, "+" lines {@code b}'s. */
    static String describe(GuestProcess.Result expected, GuestProcess.Result actual, String a, String b) {
        StringBuilder sb = new StringBuilder();
        if (expected.status() != actual.status() || expected.timedOut() != actual.timedOut()) {
            sb.append("exit status: ").append(a).append(' ').append(expected.describeStatus())
                    .append(", ").append(b).append(' ').append(actual.describeStatus()).append('\n');
        }
        excerpt(sb, "stdout", expected.stdout(), actual.stdout(), a, b);
        excerpt(sb, "stderr", expected.stderr(), actual.stderr(), a, b);
        return sb.toString();
    }

    /** The first line of {@link #describe}, for skip messages. */
    static String summary(GuestProcess.Result expected, GuestProcess.Result actual) {
        String d = describe(expected, actual);
        int nl = d.indexOf('\n');
        return nl < 0 ? d : d.substring(0, nl);
    }

    private static void excerpt(StringBuilder sb, String stream, byte[] a, byte[] b, String nameA, String nameB) {
        if (java.util.Arrays.equals(a, b)) {
            return;
        }
        List<String> la = lines(a);
        List<String> lb = lines(b);
        int first = 0;
        while (first < la.size() && first < lb.size() && la.get(first).equals(lb.get(first))) {
            first++;
        }
        sb.append(stream).append(" differs (").append(nameA).append(' ').append(a.length).append(" bytes, ")
                .append(nameB).append(' ').append(b.length).append(" bytes); first difference at line ")
                .append(first + 1).append('\n');
        sb.append("--- ").append(nameA).append(' ').append(stream).append('\n')
                .append("+++ ").append(nameB).append(' ').append(stream).append('\n');
        int start = Math.max(0, first - CONTEXT);
        sb.append("@@ line ").append(start + 1).append(" @@\n");
        for (int i = start; i < first; i++) {
            sb.append(' ').append(clip(la.get(i))).append('\n');
        }
        for (int i = first; i < Math.min(la.size(), first + MAX_LINES); i++) {
            sb.append('-').append(clip(la.get(i))).append('\n');
        }
        if (la.size() > first + MAX_LINES) {
            sb.append("-... (").append(la.size() - first - MAX_LINES).append(" more lines)\n");
        }
        for (int i = first; i < Math.min(lb.size(), first + MAX_LINES); i++) {
            sb.append('+').append(clip(lb.get(i))).append('\n');
        }
        if (lb.size() > first + MAX_LINES) {
            sb.append("+... (").append(lb.size() - first - MAX_LINES).append(" more lines)\n");
        }
    }

    /** Splits into lines; a missing final newline is shown as a marker so that it counts as a difference. */
    private static List<String> lines(byte[] bytes) {
        String s = new String(bytes, StandardCharsets.ISO_8859_1);
        List<String> out = new ArrayList<>(List.of(s.split("\n", -1)));
        if (!out.isEmpty() && out.getLast().isEmpty()) {
            out.removeLast();
        } else if (!out.isEmpty()) {
            out.set(out.size() - 1, out.getLast() + "\\ (no newline at end)");
        }
        return out;
    }

    private static String clip(String line) {
        return line.length() <= MAX_LINE_CHARS ? line : line.substring(0, MAX_LINE_CHARS) + "...";
    }
}
