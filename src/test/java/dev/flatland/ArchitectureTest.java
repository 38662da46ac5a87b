package dev.flatland;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Checks the dependency rule of STYLE.md: a package imports only from the packages its row allows. */
class ArchitectureTest {
    private static final Path MAIN = Path.of("src/main/java/dev/flatland");
    private static final Set<String> EVERYTHING = Set.of("*");

    /** The allow-list, one row per package of STYLE.md. {@code selftest} is allowed everywhere. */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("abi", Set.of()),
            Map.entry("util", Set.of()),
            Map.entry("selftest", Set.of("abi", "util")),
            Map.entry("memory", Set.of("abi", "util")),
            Map.entry("memory.kasan", Set.of("memory", "abi", "util")),
            Map.entry("cpu", Set.of("memory", "abi", "util")),
            Map.entry("cpu.decode", Set.of("util")),
            Map.entry("cpu.interp", Set.of("cpu", "cpu.decode", "memory", "util")),
            Map.entry("cpu.jit", Set.of("cpu", "cpu.decode", "cpu.interp", "memory", "util")),
            Map.entry("loader", Set.of("abi", "memory", "util")),
            Map.entry("vfs", Set.of("abi", "memory", "util")),
            Map.entry("fs.tmpfs", Set.of("vfs", "abi", "memory", "util")),
            Map.entry("fs.hostfs", Set.of("vfs", "abi", "memory", "util")),
            Map.entry("fs.devfs", Set.of("vfs", "abi", "memory", "util")),
            Map.entry("fs.pipe", Set.of("vfs", "abi", "memory", "util")),
            Map.entry("net", Set.of("vfs", "abi", "memory", "util")),
            Map.entry("net.unix", Set.of("net", "vfs", "abi", "memory", "util")),
            Map.entry("net.inet", Set.of("net", "vfs", "abi", "memory", "util")),
            Map.entry("kernel", Set.of("abi", "util", "memory", "cpu", "loader", "vfs")),
            Map.entry("fs.procfs", Set.of("kernel", "vfs", "abi", "memory", "util")),
            Map.entry("syscall", Set.of("abi", "util", "memory", "memory.kasan", "cpu", "cpu.decode",
                    "cpu.interp", "cpu.jit", "loader", "vfs", "fs.tmpfs", "fs.hostfs", "fs.devfs", "fs.pipe",
                    "net", "net.unix", "net.inet", "kernel", "fs.procfs")),
            Map.entry("boot", EVERYTHING));

    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?dev\\.flatland\\.([\\w.]+)\\s*;",
            Pattern.MULTILINE);

    @Test
    void everyPackageImportsOnlyWhatItsRowAllows() throws IOException {
        List<String> violations = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(MAIN)) {
            files = s.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertTrue(files.size() > 5, "expected to find the main sources under " + MAIN);
        for (Path file : files) {
            String pkg = MAIN.relativize(file.getParent()).toString().replace('/', '.');
            Set<String> allowed = ALLOWED.get(pkg);
            if (allowed == null) {
                violations.add(file + ": package dev.flatland." + pkg + " has no row in the allow-list (STYLE.md)");
                continue;
            }
            Matcher m = IMPORT.matcher(Files.readString(file));
            while (m.find()) {
                String target = importedPackage(m.group(1));
                if (target.equals(pkg) || target.equals("selftest") || allowed == EVERYTHING) {
                    continue;
                }
                if (!allowed.contains(target)) {
                    violations.add(file + ": imports dev.flatland." + m.group(1) + " but " + pkg
                            + " may import only " + allowed);
                }
            }
        }
        if (!violations.isEmpty()) {
            fail(String.join("\n", violations));
        }
    }

    @Test
    void everyPackageHasAPackageInfo() throws IOException {
        List<String> missing = new ArrayList<>();
        try (Stream<Path> s = Files.walk(MAIN)) {
            for (Path dir : s.filter(Files::isDirectory).toList()) {
                boolean hasJava;
                try (Stream<Path> f = Files.list(dir)) {
                    hasJava = f.anyMatch(p -> p.toString().endsWith(".java"));
                }
                if (hasJava && !Files.exists(dir.resolve("package-info.java"))) {
                    missing.add(dir.toString());
                }
            }
        }
        assertTrue(missing.isEmpty(), "packages without package-info.java: " + missing);
    }

    /** The package of an imported name: drops the class (first capitalised segment) and what follows. */
    static String importedPackage(String name) {
        String[] parts = name.split("\\.");
        StringBuilder sb = new StringBuilder();
        for (String p : parts) {
            if (!p.isEmpty() && Character.isUpperCase(p.charAt(0))) {
                break;
            }
            if (!sb.isEmpty()) {
                sb.append('.');
            }
            sb.append(p);
        }
        return sb.toString();
    }

    @Test
    void importedPackageDropsClassAndMembers() {
        assertTrue(importedPackage("cpu.decode.Insn.op").equals("cpu.decode"));
        assertTrue(importedPackage("abi.Errno").equals("abi"));
    }
}
