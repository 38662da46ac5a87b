package dev.flatland.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * busybox (the nommu static-PIE build of scripts/build-busybox) under Flatland: hush's pipelines,
 * redirections, subshells, here-documents and command substitution, the text tools, tar and gzip on
 * tmpfs, {@code cp -a} between host mounts and tmpfs, /proc for ls, ps, top and free.
 *
 * <p>Where Linux and nommu Flatland must agree, the same script runs natively (in a host temporary
 * directory) and under Flatland (in a tmpfs at /scratch) with the same busybox binary, and stdout, the
 * exit status and the guest's stderr must be identical: native Linux is the truth. The /proc checks
 * assert properties (names, the caller's own ps line, free's total) that hold natively too; each is
 * checked on the native output as well, so the assertion itself is known to describe Linux.
 *
 * <p>Both runs see busybox only: PATH is a directory of applet symlinks to the binary. Skipped
 * when target/busybox/busybox has not been built (scripts/build-busybox).
 */
class BusyboxTest {
    private static final Duration NATIVE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration FLATLAND_TIMEOUT = Duration.ofSeconds(Long.getLong("flatland.busybox.timeout", 300));

    private static Path root;
    /** Where the Flatland runs mount their tmpfs: no host path lies below it. */
    private static final String SCRATCH = "/scratch";
    private static Path busybox;
    private static Path work;
    private static Path links;

    @BeforeAll
    static void setUp() throws IOException, InterruptedException {
        root = GuestDifferentialTest.repositoryRoot();
        busybox = root.resolve("target/busybox/busybox");
        Assumptions.assumeTrue(Files.isExecutable(busybox),
                "target/busybox/busybox is not built: run scripts/build-busybox (needs Debian/Ubuntu and apt-get source)");
        // The Flatland runs put their tmpfs at /scratch, a path of the guest only, so that it hides
        // nothing of the host (the repository, and so busybox and these links, may live under /tmp).
        Files.createDirectories(root.resolve("target"));
        work = Files.createTempDirectory(root.resolve("target"), "busybox-test");
        links = work.resolve("bin");
        Files.createDirectories(links);
        Process list = new ProcessBuilder(busybox.toString(), "--list").redirectErrorStream(true).start();
        String applets = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, list.waitFor(), "busybox --list fails natively");
        for (String a : (applets + "\nbusybox").split("\n")) {
            if (!a.isBlank()) {
                Files.createSymbolicLink(links.resolve(a.strip()), busybox);
            }
        }
    }

    @AfterAll
    static void tearDown() throws IOException {
        if (work != null) {
            deleteTree(work);
        }
    }

    // ---- hush ----

    @Test
    void shPipelinesRedirectionsSubshellsHereDocsAndCommandSubstitutionMatchLinux() throws Exception {
        assertSameAsLinux("""
                cd "$T"
                echo one two three | tr ' ' '\\n' | sort -r | head -n 2
                printf 'a\\nb\\n' > f; echo c >> f; cat < f; wc -l < f
                ls /nonexistent 2>/dev/null || echo "ls failed: $?"
                ls /nonexistent 2>&1 >/dev/null | sed 's/^/err: /'
                exec 3> g; echo to-fd3 >&3; exec 3>&-; cat g
                (cd /; pwd; x=inner; echo "sub $x"; exit 5); echo "subshell status $? outer ${x:-unset}"
                { echo grouped; echo to-stderr >&2; } 2>&1 | cat -n
                cat <<EOF
                here $((6 * 7)) $(echo cmdsub) `echo backquote`
                EOF
                cat <<'EOF'
                quoted $HOME $(not run)
                EOF
                echo "nested: $(echo $(echo deep) | tr a-z A-Z)"
                x=$( (echo in-sub; exit 4) ); echo "$x $?"
                for i in 1 2 3; do echo "loop $i"; done | tail -n 1
                false | true; echo "pipeline status $?"
                f() { echo "func $1"; return 3; }; f arg; echo "return $?"
                seq 1 2000 | sort -rn | head -n 3
                echo "$(seq 1 3000 | wc -l) lines through a pipe into a substitution"
                sh -c 'echo "child sh $1"; exit 7' sh arg; echo "child status $?"
                """);
    }

    @Test
    void shReadBuiltinReadsPipesAndFilesAsOnLinux() throws Exception {
        // hush's read polls its input first (poll(2)); runtest's list of applets is read this way.
        assertSameAsLinux("""
                cd "$T"
                printf 'x y\\nlast\\n' > in
                read a b < in; echo "a=$a b=$b"
                printf 'p\\nq\\nr\\n' | while read line; do echo "got $line"; done
                echo piped | { read v; echo "v=$v"; }
                """);
    }

    // ---- background jobs and the testsuite's per-test time limit ----

    @Test
    void aBackgroundSleepDoesNotHoldUpTheShell() throws Exception {
        // Under Flatland a sleeping process used to stop every other one (the kernel's host thread
        // slept): "sleep 6 &" held the shell for 6 s. The shell must go on at once, as on Linux.
        assertSameAsLinux("""
                start=$(date +%s)
                sleep 6 &
                echo started
                now=$(date +%s)
                [ $((now - start)) -lt 4 ] && echo "the shell went on while the job slept"
                wait; echo "wait: $?"
                end=$(date +%s)
                [ $((end - start)) -ge 5 ] && echo "the job slept"
                """);
    }

    @Test
    void theTestsuiteWatchdogFailsASlowTestAndTheRunGoesOn() throws Exception {
        // guest/busybox/testsuite-run.sh with TEST_TIMEOUT=5 on a stand-in testsuite whose second
        // "test" sleeps 120 s: the watchdog kills the sleep, that test fails, the third still runs.
        Path src = work.resolve("fake-testsuite");
        Files.createDirectories(src);
        Path runtest = src.resolve("runtest");
        Files.writeString(runtest, """
                #!/bin/sh
                echo "PASS: first"
                if sleep 120; then echo "PASS: slow"; else echo "FAIL: slow"; fi
                echo "PASS: after"
                """);
        runtest.toFile().setExecutable(true);
        Path bbdir = root.resolve("target/busybox");
        Path driverDir = root.resolve("guest/busybox");
        Path scratch = Files.createTempDirectory(work, "scratch");
        List<String> nativeCmd = List.of(busybox.toString(), "env", "-i", "PATH=" + links, "LC_ALL=C", "TZ=UTC",
                "TEST_TIMEOUT=5", busybox.toString(), "sh", driverDir.resolve("testsuite-run.sh").toString(),
                src.toString(), bbdir.toString(), scratch.toString());
        List<String> flatlandCmd = new ArrayList<>();
        flatlandCmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        flatlandCmd.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-Xss16m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "run", "--mount", links + ":/bin:ro", "--mount", src + ":/src:ro",
                "--mount", bbdir + ":/bb:ro", "--mount", driverDir + ":/driver:ro", "--tmpfs", SCRATCH,
                busybox.toString(), "env", "-i", "PATH=/bin", "LC_ALL=C", "TZ=UTC", "TEST_TIMEOUT=5",
                busybox.toString(), "sh", "/driver/testsuite-run.sh", "/src", "/bb", SCRATCH));
        Pattern expected = Pattern.compile("""
                PASS: first
                testsuite-run: timeout: no test result for [0-9]+ s; killing [0-9]+\\(sleep\\)
                FAIL: slow
                PASS: after
                runtest: exit status 0
                """);
        GuestProcess.Result n = run(nativeCmd, NATIVE_TIMEOUT);
        assertFalse(n.timedOut(), "timed out natively");
        assertTrue(expected.matcher(text(n.stdout())).matches(), () -> "natively:\n" + text(n.stdout()) + text(n.stderr()));
        GuestProcess.Result f = run(flatlandCmd, FLATLAND_TIMEOUT);
        assertFalse(f.timedOut(), () -> "timed out under Flatland; stderr:\n" + text(f.stderr()));
        assertTrue(expected.matcher(text(f.stdout())).matches(),
                () -> "under Flatland:\n" + text(f.stdout()) + "stderr:\n" + text(f.stderr()));
    }

    // ---- hard links ----

    @Test
    void hardLinksOnTmpfsMatchLinux() throws Exception {
        assertSameAsLinux("""
                cd "$T"
                echo one > f
                ln f g && echo linked
                echo two >> g
                cat f
                stat -c '%h %s' f g
                [ f -ef g ] && echo same inode
                rm f
                cat g; stat -c '%h' g
                ln missing x 2>/dev/null || echo "ln missing: failed"
                ln g g 2>/dev/null || echo "ln onto itself: failed"
                mkdir d; ln d e 2>/dev/null || echo "ln of a directory: failed"
                ln -s g s; ln s h; [ -L h ] && echo "h is the symlink itself"
                """);
    }

    // ---- text tools, archives ----

    @Test
    void findSedAwkSortXargsOnTmpfsMatchLinux() throws Exception {
        assertSameAsLinux("""
                cd "$T"
                mkdir -p d/a/b d/c
                seq 1 50 > d/nums; printf 'pear\\napple\\nfig\\n' > d/a/fruit; echo deep > d/a/b/deep.txt; : > d/c/empty
                find d | sort
                find d -type f -name '*.txt'
                find d -type f | sort | xargs wc -l
                find d -type f -print0 | sort -z | xargs -0 -n 1 echo file:
                find d -type f -size 0; find d -type d -name b -exec ls {} \\;
                sed -n '/^1/p' d/nums | sed 's/1/one/g' | tr '\\n' ' '; echo
                sed -i -e 's/fig/FIG/' -e '1i first' d/a/fruit; cat d/a/fruit
                awk 'NR % 10 == 0 { s += $1; print NR, $1 } END { print "sum", s, NR }' d/nums
                awk -v OFS=: '{ $1 = $1; print length($0), toupper($0) }' d/a/fruit
                sort -r d/a/fruit; sort -n -r d/nums | head -n 3; sort -u d/a/fruit d/a/fruit | wc -l
                ls d | xargs -I{} echo "[{}]"
                seq 1 10 | xargs -n 3 echo
                """);
    }

    @Test
    void tarAndGzipRoundTripsOnTmpfsMatchLinux() throws Exception {
        assertSameAsLinux("""
                cd "$T"
                mkdir -p src/sub/empty
                seq 1 20000 > src/big; head -c 30000 /dev/urandom > src/sub/rand; echo small > src/sub/s
                ln -s sub/s src/link; chmod 640 src/sub/s; chmod 755 src/big
                tar cf a.tar src && mkdir x && tar xf a.tar -C x && diff -r src x/src && echo tar round trip ok
                gzip -c a.tar > a.tar.gz && gunzip -c a.tar.gz | cmp - a.tar && echo gzip round trip ok
                mkdir y && tar xzf a.tar.gz -C y && echo tgz extracted
                for f in big sub/rand sub/s; do cmp src/$f y/src/$f && echo "same $f"; done
                readlink y/src/link; stat -c '%a %F %n' y/src/sub/s y/src/big y/src/sub/empty y/src/link
                tar tzf a.tar.gz | sort
                gzip -9 src/big && ls src && gunzip src/big.gz && wc -l < src/big
                mkdir z && tar czf - src | tar xzf - -C z && diff -r src z/src && echo stream ok
                """);
    }

    // ---- cp -a between the host and tmpfs ----

    @Test
    void cpArchiveOfAHostTreeIntoTmpfsAndBackKeepsContentsModesAndTimes() throws Exception {
        Path fixture = work.resolve("fixture");
        makeFixtureTree(fixture);
        Snapshot original = Snapshot.of(fixture);

        // Natively: which attributes does busybox cp -a keep? (The truth the Flatland copy must meet.)
        Path nativeOut = work.resolve("native-out");
        Files.createDirectories(nativeOut);
        GuestProcess.Result n = nativeSh("cp -a \"$1\" \"$2\"/stage && cp -a \"$2\"/stage \"$2\"/tree && rm -r \"$2\"/stage",
                fixture.toString(), nativeOut.toString());
        assertEquals(0, n.status(), () -> "cp -a fails natively: " + text(n.stderr()));
        assertEquals(original.toString(), Snapshot.of(nativeOut.resolve("tree")).toString(),
                "natively, cp -a twice gives back the tree (contents, modes, mtimes of files and directories)");

        Path out = work.resolve("flatland-out");
        Files.createDirectories(out);
        GuestProcess.Result f = flatlandSh(List.of("--mount", fixture + ":/src:ro", "--mount", out + ":/out", "--tmpfs", SCRATCH),
                "cp -a /src " + SCRATCH + "/copy && cp -a " + SCRATCH + "/copy /out/tree && echo copied");
        assertEquals("copied\n", text(f.stdout()), () -> "stderr: " + text(f.stderr()));
        assertEquals(0, f.status(), () -> "stderr: " + text(f.stderr()));
        assertEquals(original.toString(), Snapshot.of(out.resolve("tree")).toString(),
                "cp -a host -> tmpfs -> host under Flatland gives back the tree");
    }

    /** A small tree with several modes, fixed past mtimes, a symlink, an empty directory and binary data. */
    private static void makeFixtureTree(Path d) throws IOException {
        Files.createDirectories(d.resolve("docs/deep/er"));
        Files.createDirectories(d.resolve("empty"));
        Files.writeString(d.resolve("README"), "fixture for cp -a\n");
        Files.writeString(d.resolve("docs/a.txt"), "alpha\n".repeat(1000));
        byte[] bin = new byte[70_000];
        new java.util.Random(42).nextBytes(bin);
        Files.write(d.resolve("docs/deep/er/blob.bin"), bin);
        Files.writeString(d.resolve("run.sh"), "#!/bin/sh\necho hi\n");
        Files.writeString(d.resolve("secret"), "s\n");
        Files.createSymbolicLink(d.resolve("docs/link"), Path.of("a.txt"));
        Files.setPosixFilePermissions(d.resolve("run.sh"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-x---"));
        Files.setPosixFilePermissions(d.resolve("secret"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(d.resolve("docs/a.txt"), java.nio.file.attribute.PosixFilePermissions.fromString("r--r--r--"));
        Files.setPosixFilePermissions(d.resolve("empty"), java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        long t = 1_500_000_000L;
        for (String p : List.of("README", "docs/a.txt", "docs/deep/er/blob.bin", "run.sh", "secret", "empty",
                "docs/deep/er", "docs/deep", "docs", ".")) {
            Files.setLastModifiedTime(d.resolve(p), java.nio.file.attribute.FileTime.from(t, java.util.concurrent.TimeUnit.SECONDS));
            t += 86_400 + 17;
        }
    }

    /** Every entry of a tree: type, permission bits, whole-second mtime (not of symlinks), contents or target. */
    private record Snapshot(List<String> lines) {
        static Snapshot of(Path top) throws IOException {
            List<String> l = new ArrayList<>();
            try (var s = Files.walk(top)) {
                for (Path p : s.sorted().toList()) {
                    String rel = top.relativize(p).toString();
                    var attrs = Files.readAttributes(p, java.nio.file.attribute.PosixFileAttributes.class,
                            java.nio.file.LinkOption.NOFOLLOW_LINKS);
                    String perm = java.nio.file.attribute.PosixFilePermissions.toString(attrs.permissions());
                    if (attrs.isSymbolicLink()) {
                        l.add("link " + rel + " -> " + Files.readSymbolicLink(p));
                    } else if (attrs.isDirectory()) {
                        l.add("dir  " + rel + " " + perm + " mtime " + attrs.lastModifiedTime().toMillis() / 1000);
                    } else {
                        byte[] b = Files.readAllBytes(p);
                        l.add("file " + rel + " " + perm + " mtime " + attrs.lastModifiedTime().toMillis() / 1000
                                + " size " + b.length + " crc " + Long.toHexString(crc(b)));
                    }
                }
            }
            return new Snapshot(l);
        }

        @Override
        public String toString() {
            return String.join("\n", lines) + "\n";
        }
    }

    private static long crc(byte[] b) {
        java.util.zip.CRC32 c = new java.util.zip.CRC32();
        c.update(b);
        return c.getValue();
    }

    // ---- /proc: ls, ps, top, free ----

    /** The per-process entries of Flatland's nommu /proc/PID (fs/procfs): each is a Linux name too. */
    private static final List<String> PROC_PID_NAMES =
            List.of("cmdline", "comm", "cwd", "environ", "exe", "fd", "maps", "stat", "statm", "status");

    @Test
    void lsListsTheNommuProcSelfEntries() throws Exception {
        String script = "ls -la /proc/self/";
        GuestProcess.Result n = nativeSh(script);
        GuestProcess.Result f = flatlandSh(List.of(), script);
        assertEquals(0, f.status(), () -> "stderr: " + text(f.stderr()));
        for (GuestProcess.Result r : List.of(n, f)) {
            String out = text(r.stdout());
            String who = r == n ? "natively" : "under Flatland";
            for (String name : PROC_PID_NAMES) {
                assertTrue(Pattern.compile("(?m) " + name + "( -> .*)?$").matcher(out).find(),
                        () -> "ls -la /proc/self/ " + who + " lists no " + name + ":\n" + out);
            }
            assertTrue(Pattern.compile("(?m)^d.* fd$").matcher(out).find(), () -> who + ": fd is not a directory:\n" + out);
            assertTrue(Pattern.compile("(?m)^-.* maps$").matcher(out).find(), () -> who + ": maps is not a file:\n" + out);
        }
    }

    @Test
    void procSelfExeOfAnAppletLinkIsTheBusyboxBinary() throws Exception {
        // /proc/PID/exe names the executable file itself (d_path of the mapped file), not the
        // symlink that execve was given: here the shell runs readlink through the applet link.
        String script = "readlink /proc/self/exe; ls -l /proc/self/exe | sed 's/.* -> //'";
        String expected = busybox + "\n" + busybox + "\n";
        assertEquals(expected, text(nativeSh(script).stdout()), "natively");
        GuestProcess.Result f = flatlandSh(List.of(), script);
        assertEquals(expected, text(f.stdout()), () -> "under Flatland; stderr: " + text(f.stderr()));
    }

    @Test
    void psShowsTheShellAndItself() throws Exception {
        String script = "echo \"shell $$\"; ps";
        for (GuestProcess.Result r : List.of(nativeSh(script), flatlandSh(List.of(), script))) {
            String out = text(r.stdout());
            assertEquals(0, r.status(), () -> out + text(r.stderr()));
            Matcher m = Pattern.compile("^shell (\\d+)\n").matcher(out);
            assertTrue(m.find(), out);
            assertTrue(Pattern.compile("(?m)^ *PID +USER +TIME +COMMAND$").matcher(out).find(), () -> "no ps header:\n" + out);
            // ps: "%5u %-8.8s %4s  %s" (procps/ps.c); the shell is "busybox sh -c SCRIPT", ps is "ps"
            assertTrue(Pattern.compile("(?m)^ *" + m.group(1) + " \\S+ +\\d+:\\d\\d \\S*busybox sh -c ").matcher(out).find(),
                    () -> "no ps line for the shell " + m.group(1) + ":\n" + out);
            assertTrue(Pattern.compile("(?m)^ *\\d+ \\S+ +\\d+:\\d\\d ps$").matcher(out).find(), () -> "no ps line for ps:\n" + out);
        }
    }

    @Test
    void topInBatchModeShowsMemoryLoadAndTheProcesses() throws Exception {
        String script = "echo \"shell $$\"; top -b -n 1";
        for (GuestProcess.Result r : List.of(nativeSh(script), flatlandSh(List.of(), script))) {
            String out = text(r.stdout());
            assertEquals(0, r.status(), () -> out + text(r.stderr()));
            Matcher m = Pattern.compile("^shell (\\d+)\n").matcher(out);
            assertTrue(m.find(), out);
            assertTrue(Pattern.compile("(?m)^Mem: \\d+K used, \\d+K free").matcher(out).find(), () -> "no Mem: line:\n" + out);
            assertTrue(Pattern.compile("(?m)^CPU: ").matcher(out).find(), () -> "no CPU: line:\n" + out);
            assertTrue(Pattern.compile("(?m)^Load average: \\d+\\.\\d\\d \\d+\\.\\d\\d \\d+\\.\\d\\d \\d+/\\d+ \\d+$").matcher(out).find(),
                    () -> "no Load average: line:\n" + out);
            assertTrue(Pattern.compile("(?m)^ *" + m.group(1) + " +\\d+ .*busybox sh -c ").matcher(out).find(),
                    () -> "no top line for the shell " + m.group(1) + ":\n" + out);
            assertTrue(Pattern.compile("(?m)^ *\\d+ +" + m.group(1) + " .* top -b -n 1\\s*$").matcher(out).find(),
                    () -> "no top line for top (parent " + m.group(1) + "):\n" + out);
        }
    }

    @Test
    void freeReportsTheGuestRamAsTotal() throws Exception {
        // busybox free prints sysinfo(2)'s totalram in KiB; natively that is /proc/meminfo's MemTotal.
        String script = "free; grep MemTotal /proc/meminfo";
        GuestProcess.Result n = nativeSh(script);
        long nativeTotal = memTotal(text(n.stdout()));
        assertEquals(freeTotal(text(n.stdout())), nativeTotal, text(n.stdout()));
        GuestProcess.Result f = flatlandSh(List.of("--mem", "64M"), script);
        assertEquals(0, f.status(), () -> "stderr: " + text(f.stderr()));
        assertEquals(64 * 1024, freeTotal(text(f.stdout())), () -> "free under --mem 64M:\n" + text(f.stdout()));
        assertEquals(64 * 1024, memTotal(text(f.stdout())), () -> text(f.stdout()));
    }

    private static long freeTotal(String out) {
        Matcher m = Pattern.compile("(?m)^Mem: +(\\d+) +(\\d+) +(\\d+)").matcher(out);
        assertTrue(m.find(), () -> "no Mem: line in free's output:\n" + out);
        return Long.parseLong(m.group(1));
    }

    private static long memTotal(String out) {
        Matcher m = Pattern.compile("(?m)^MemTotal: +(\\d+) kB$").matcher(out);
        assertTrue(m.find(), () -> "no MemTotal line:\n" + out);
        return Long.parseLong(m.group(1));
    }

    // ---- running ----

    /** Runs SCRIPT natively in a fresh host directory and under Flatland in a tmpfs; both must agree. */
    private static void assertSameAsLinux(String script) throws Exception {
        Path t = Files.createTempDirectory(work, "native");
        GuestProcess.Result n = run(nativeCommand(t.toString(), script), NATIVE_TIMEOUT);
        assertFalse(n.timedOut(), "timed out natively");
        GuestProcess.Result f = run(flatlandCommand(List.of("--tmpfs", SCRATCH), SCRATCH, script), FLATLAND_TIMEOUT);
        String nativeErr = text(n.stderr());
        String flatlandErr = guestStderr(f.stderr());
        assertEquals(text(n.stdout()), text(f.stdout()), () -> "stdout differs; Flatland's stderr:\n" + text(f.stderr()));
        assertEquals(nativeErr, flatlandErr, "the guest's stderr differs");
        assertEquals(n.status(), f.status(), "exit status differs");
    }

    private static GuestProcess.Result nativeSh(String script, String... args) throws Exception {
        GuestProcess.Result r = run(nativeCommand(work.toString(), script, args), NATIVE_TIMEOUT);
        assertFalse(r.timedOut(), "timed out natively");
        return r;
    }

    private static GuestProcess.Result flatlandSh(List<String> options, String script) throws Exception {
        GuestProcess.Result r = run(flatlandCommand(options, "/", script), FLATLAND_TIMEOUT);
        assertFalse(r.timedOut(), () -> "timed out under Flatland; stderr:\n" + text(r.stderr()));
        return r;
    }

    /** busybox env -i PATH=LINKS ... busybox sh -c SCRIPT sh ARGS: the same environment in both runs. */
    private static List<String> shCommand(String t, String script, String... args) {
        List<String> cmd = new ArrayList<>(List.of(busybox.toString(), "env", "-i", "PATH=" + links, "LC_ALL=C", "TZ=UTC",
                "HOME=/", "T=" + t, busybox.toString(), "sh", "-c", script, "sh"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static List<String> nativeCommand(String t, String script, String... args) {
        return shCommand(t, script, args);
    }

    private static List<String> flatlandCommand(List<String> options, String t, String script) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-Xss16m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "run"));
        cmd.addAll(options);
        cmd.addAll(shCommand(t, script));
        return cmd;
    }

    private static GuestProcess.Result run(List<String> cmd, Duration timeout) throws Exception {
        return GuestProcess.run(cmd, work, null, timeout);
    }

    /** Flatland's stderr without Flatland's own lines ("flatland: ..."): what the guest wrote. */
    private static String guestStderr(byte[] stderr) {
        StringBuilder sb = new StringBuilder();
        for (String line : text(stderr).split("(?<=\n)")) {
            if (!line.startsWith("flatland: ")) {
                sb.append(line);
            }
        }
        return sb.toString();
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static void deleteTree(Path p) throws IOException {
        try (var s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                q.toFile().setWritable(true);
                Files.deleteIfExists(q);
            }
        }
    }
}
