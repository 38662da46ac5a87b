package dev.flatland.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --mount HOSTDIR:GUESTDIR[:ro]} and {@code --tmpfs DIR}: guest/demo/mount_check under Flatland. */
class MountOptionTest {
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final String PROG = ROOT.resolve("target/guest/demo/mount_check").toString();

    @BeforeAll
    static void build() {
        FlatlandProcess b = FlatlandProcess.exec(List.of("scripts/build-guests", "--quiet", "--only", "demo"),
                Map.of(), ROOT);
        assertEquals(0, b.status(), () -> "scripts/build-guests failed: " + b.stdout() + b.stderr());
    }

    @Test
    void readOnlyHostMount(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("in.txt"), "host data\n");
        FlatlandProcess r = FlatlandProcess.flatland(Map.of(), ROOT, "run", "--mount", dir + ":/mnt/flatland-ro:ro",
                PROG, "/mnt/flatland-ro/in.txt", "/mnt/flatland-ro/new.txt");
        assertEquals(0, r.status(), r.stderr());
        assertEquals("read: host data\ncreate: EROFS\n", r.stdout());
        assertFalse(Files.exists(dir.resolve("new.txt")));
    }

    @Test
    void writableHostMount(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("in.txt"), "abc\n");
        FlatlandProcess r = FlatlandProcess.flatland(Map.of(), ROOT, "run", "--mount", dir + ":/mnt/flatland-rw",
                PROG, "/mnt/flatland-rw/in.txt", "/mnt/flatland-rw/new.txt");
        assertEquals(0, r.status(), r.stderr());
        assertEquals("read: abc\ncreate: ok\nreread: created\n", r.stdout());
        assertEquals("created\n", Files.readString(dir.resolve("new.txt")));
    }

    @Test
    void tmpfsMountIsInMemory() {
        FlatlandProcess r = FlatlandProcess.flatland(Map.of(), ROOT, "run", "--tmpfs", "/flatland-tmpfs-test",
                PROG, "/proc/sys/kernel/ostype", "/flatland-tmpfs-test/f");
        assertEquals(0, r.status(), r.stderr());
        assertEquals("read: Linux\ncreate: ok\nreread: created\n", r.stdout());
        assertFalse(Files.exists(Path.of("/flatland-tmpfs-test")), "nothing reaches the host");
    }

    @Test
    void badMountSpecIsAUsageError() {
        FlatlandProcess r = FlatlandProcess.flatland(Map.of(), ROOT, "run", "--mount", "nocolon", PROG, "a", "b");
        assertEquals(2, r.status());
        assertTrue(r.stderr().contains("--mount nocolon"), r.stderr());
    }
}
