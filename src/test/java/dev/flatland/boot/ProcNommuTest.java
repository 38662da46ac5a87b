package dev.flatland.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * nommu-specific /proc output, which cannot be differential (MMU Linux prints Vm* lines and
 * [heap]/[vdso]): guest/demo/proc_nommu and guest/demo/frag_enomem run under Flatland and their
 * output is checked against the formats of Linux 6.1's fs/proc/task_nommu.c (nommu_vma_show,
 * task_mem), mm/vmstat.c (frag_show_print) and fs/proc/meminfo.c (show_val_kb), as nommu.md §2.8
 * describes them.
 */
class ProcNommuTest {
    private static final Path ROOT = Path.of("").toAbsolutePath();

    @BeforeAll
    static void build() {
        FlatlandProcess b = FlatlandProcess.exec(List.of("scripts/build-guests", "--quiet", "--only", "demo"),
                Map.of(), ROOT);
        assertEquals(0, b.status(), () -> "scripts/build-guests failed: " + b.stdout() + b.stderr());
    }

    private static String run(String... args) {
        FlatlandProcess r = FlatlandProcess.flatland(Map.of(), ROOT, args);
        assertEquals(0, r.status(), () -> "exit status; stderr: " + r.stderr());
        return r.stdout();
    }

    private static String section(String out, String name) {
        int s = out.indexOf("=== " + name + "\n");
        int e = out.indexOf("=== end\n", s);
        assertTrue(s >= 0 && e > s, () -> "no " + name + " section in:\n" + out);
        return out.substring(s + name.length() + 5, e);
    }

    /** "%08lx-%08lx %c%c%c%c %08llx %02x:%02x %lu " then, when named, padding to column 72, a space and the name. */
    private static final Pattern MAPS = Pattern.compile(
            "([0-9a-f]{8,})-([0-9a-f]{8,}) ([r-][w-][x-][psS]) ([0-9a-f]{8}) ([0-9a-f]{2}):([0-9a-f]{2}) (\\d+) (.*)");

    @Test
    void mapsHasTheNommuFormat() {
        String maps = section(run("run", "target/guest/demo/proc_nommu"), "maps");
        String[] lines = maps.split("\n");
        assertTrue(lines.length >= 2, maps);
        int stack = 0;
        for (String l : lines) {
            Matcher m = MAPS.matcher(l);
            assertTrue(m.matches(), () -> "not a nommu maps line: '" + l + "'");
            assertTrue(Long.parseLong(m.group(1), 16) < Long.parseLong(m.group(2), 16), l);
            String name = m.group(8);
            if (name.isEmpty()) {
                assertTrue(l.endsWith(" 0 ") || !m.group(7).equals("0"), l);   // anonymous: "00:00 0 " and nothing
            } else {
                assertEquals(72, l.indexOf(name.strip()) - 1, () -> "name not padded to column 72: '" + l + "'");
            }
            if (name.strip().equals("[stack]")) {
                stack++;
            }
            assertFalse(l.contains("[heap]") || l.contains("[vdso]") || l.contains("[vvar]"), l);
        }
        assertEquals(1, stack, "exactly one [stack] label");
        Matcher image = MAPS.matcher(lines[0]);
        assertTrue(image.matches());
        assertEquals("rwxp", image.group(3), "the image is one anonymous rwxp region");
        assertEquals("00000000 00:00 0", image.group(4) + " " + image.group(5) + ":" + image.group(6) + " "
                + image.group(7));
    }

    @Test
    void statusShowsMemSlackSharedAndTrimming() {
        String out = run("run", "target/guest/demo/proc_nommu");
        Matcher slack = Pattern.compile("Slack:\t( {0,7}\\d+) bytes\n").matcher(out);
        assertTrue(slack.find(), out);
        long before = Long.parseLong(slack.group(1).strip());
        assertTrue(slack.find(), out);
        long after = Long.parseLong(slack.group(1).strip());
        // nr_trim_pages = 0 keeps the power-of-two block: a 20 KiB mapping sits in 32 KiB, 12 KiB of slack
        assertEquals(12288, after - before, out);
        assertTrue(out.contains("\n0\nmmap ok\n"), () -> "nr_trim_pages did not read back 0:\n" + out);
        assertTrue(Pattern.compile("\nMem:\t[ \\d]{7}\\d bytes\n").matcher(out).find(), out);
        assertTrue(Pattern.compile("\nShared:\t[ \\d]{7}\\d bytes\n").matcher(out).find(), out);
        assertFalse(out.contains("VmRSS") || out.contains("VmSize"), out);
        assertTrue(Pattern.compile("\nMmapCopy: {7}[ \\d]{7}\\d kB\n").matcher(out).find(), out);
    }

    @Test
    void buddyinfoHasTheLinuxFormat() {
        String b = section(run("run", "target/guest/demo/proc_nommu"), "buddyinfo");
        assertTrue(b.matches("Node 0, zone   Normal ([ \\d]{5}\\d ){11}\n"), () -> "'" + b + "'");
    }

    @Test
    void fragmentedMemoryRefusesFourMegabytesWhileMoreIsFree() {
        String out = run("run", "--mem", "32M", "target/guest/demo/frag_enomem");
        assertTrue(out.contains("mmap4M: ENOMEM\n"), out);
        Matcher free = Pattern.compile("MemFree: +(\\d+) kB").matcher(out);
        assertTrue(free.find(), out);
        assertTrue(Long.parseLong(free.group(1)) > 4096, () -> "MemFree not above 4 MiB:\n" + out);
        Matcher buddy = Pattern.compile("Node 0, zone   Normal((?: +\\d+){11})").matcher(out);
        assertTrue(buddy.find(), out);
        String[] counts = buddy.group(1).strip().split(" +");
        assertEquals("0", counts[10], "no free order-10 (4 MiB) block: " + out);
    }
}
