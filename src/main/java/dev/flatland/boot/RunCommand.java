package dev.flatland.boot;

import dev.flatland.cpu.Fpu;
import dev.flatland.cpu.interp.Interpreter;
import dev.flatland.kernel.ExitStatus;
import dev.flatland.kernel.Kernel;
import dev.flatland.kernel.KernelConfig;
import dev.flatland.kernel.Task;
import dev.flatland.loader.ImageSource;
import dev.flatland.loader.LoadException;
import dev.flatland.memory.GuestMemory;
import dev.flatland.syscall.SyscallDispatcher;
import dev.flatland.vfs.Vfs;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code flatland run [options] PROGRAM [ARGS...]}: boots a kernel and runs one program to its end. */
@Command(name = "run", mixinStandardHelpOptions = true, version = "flatland 0.1.0",
        description = {"Runs an x86-64 static-PIE Linux program under nommu semantics.",
            "Everything after PROGRAM is passed to the program, options included.",
            "Exit status: the program's, 128+N when it dies of signal N, 124 on --timeout,",
            "126 when PROGRAM cannot be executed, 127 when it does not exist."})
final class RunCommand implements Callable<Integer> {
    static final int EXIT_CANNOT_EXECUTE = 126;
    static final int EXIT_NOT_FOUND = 127;
    static final int EXIT_TIMEOUT = 124;

    @Option(names = "--mem", paramLabel = "SIZE", defaultValue = "256M",
            description = "Guest RAM (K/M/G suffixes; default ${DEFAULT-VALUE}).")
    String mem;

    @Option(names = "--compat", paramLabel = "MODE", defaultValue = "strict",
            description = {"strict (default): faithful nommu, mprotect and friends are ENOSYS.",
                "glibc: deviation for glibc static-PIE, whose start-up aborts unless mprotect succeeds",
                "(RELRO): mprotect returns 0 after MMU Linux's argument checks, enforcing nothing."})
    String compat;

    @Option(names = "--x87", paramLabel = "SOURCE", defaultValue = "host",
            description = {"host (default): F2XM1, FYL2X, FYL2XP1, FPATAN, FSIN, FCOS, FPTAN and FSINCOS, whose "
                + "last bit the SDM leaves to the CPU, run on this machine's own x87, so they match native programs "
                + "bit for bit on any x86-64 host; all other x87 arithmetic is Flatland's software float.",
                "model: Flatland's software model for them too, the same on every host (docs/x87-accuracy.md). "
                + "On a host without an x87, host behaves as model."})
    String x87;

    @Option(names = "--strace", description = "Print every syscall to stderr as strace does.")
    boolean strace;

    @Option(names = "--stats", description = "Print instructions, syscalls, wall time and MIPS to stderr at exit.")
    boolean stats;

    @Option(names = "--deterministic",
            description = "Virtual time derived from the instruction count (1 ns per instruction); sleeps are virtual.")
    boolean deterministic;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "0",
            description = "Kill the program after this much wall time (0: no limit).")
    double timeout;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
            description = "Seed for AT_RANDOM and getrandom (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--mount", paramLabel = "HOSTDIR:GUESTDIR[:ro]",
            description = "Mount a host directory at a guest directory (repeatable; :ro for read-only).")
    List<String> hostMounts = new ArrayList<>();

    @Option(names = "--root", paramLabel = "DIR",
            description = {"Confine the guest to host directory DIR: DIR is the guest's / (chroot semantics; no",
                "guest path reaches a host file outside it). PROGRAM is a guest path inside DIR; only when",
                "it does not exist there is it read from the host (for a host-built test binary)."})
    Path root;

    @Option(names = "--tmpfs", paramLabel = "DIR", description = "Mount an empty tmpfs at a guest directory (repeatable).")
    List<String> tmpfsDirs = new ArrayList<>();

    @Parameters(index = "0", paramLabel = "PROGRAM", description = "The program (its path is argv[0]).")
    String program;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "Arguments for the program.")
    List<String> args = new ArrayList<>();

    /** This JVM's nice value: field 19 of /proc/self/stat (after the parenthesised name), or 0. */
    static int hostNice() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(f[16]);   // fields 3.. start at index 0: nice is field 19
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    @Override
    public Integer call() {
        PrintStream log = new PrintStream(HostTty.logStream(new FileOutputStream(FileDescriptor.err)), true,
                StandardCharsets.UTF_8);
        long memBytes;
        try {
            memBytes = parseSize(mem);
        } catch (IllegalArgumentException e) {
            log.println("flatland: --mem " + mem + ": " + e.getMessage());
            return 2;
        }
        if (!compat.equals("strict") && !compat.equals("glibc")) {
            log.println("flatland: --compat must be strict or glibc, not '" + compat + "'");
            return 2;
        }
        if (!x87.equals("host") && !x87.equals("model")) {
            log.println("flatland: --x87 must be host or model, not '" + x87 + "'");
            return 2;
        }
        Vfs vfs;
        String cwd = System.getProperty("user.dir");
        if (root != null) {
            if (!Files.isDirectory(root)) {
                log.println("flatland: --root " + root + ": not a directory");
                return 2;
            }
            vfs = Mounts.rootVfs(root);
            cwd = Mounts.guestCwd(root, Path.of(cwd));
        } else {
            vfs = Mounts.rootVfs();
        }
        String exePath;
        byte[] image;
        GuestImage gi = root == null ? null : GuestImage.read(vfs, cwd, program, memBytes);
        if (gi != null && gi.error() == null) {
            image = gi.image();
            exePath = gi.path();
        } else if (gi != null && gi.errno() != dev.flatland.abi.Errno.ENOENT) {
            log.println("flatland: " + program + ": " + gi.error());
            return EXIT_CANNOT_EXECUTE;
        } else {
            Path exe = Path.of(program);
            try {
                if (!Files.exists(exe)) {
                    log.println("flatland: " + program + ": no such file");
                    return EXIT_NOT_FOUND;
                }
                if (Files.isDirectory(exe)) {
                    log.println("flatland: " + program + ": is a directory");
                    return EXIT_CANNOT_EXECUTE;
                }
                if (Files.size(exe) > memBytes) {
                    log.println("flatland: " + program + ": the file (" + Files.size(exe) + " bytes) is larger than"
                            + " guest RAM (--mem " + mem + ")");
                    return EXIT_CANNOT_EXECUTE;
                }
                image = Files.readAllBytes(exe);
            } catch (IOException | RuntimeException e) {
                log.println("flatland: " + program + ": cannot read: " + e.getMessage());
                return EXIT_CANNOT_EXECUTE;
            }
            // Under --root a host program has no guest path: /proc/self/exe shows the name it was given.
            exePath = root == null ? exe.toAbsolutePath().normalize().toString() : program;
        }
        Fpu.setHostTranscendentalsByDefault(x87.equals("host"));
        KernelConfig cfg = KernelConfig.defaults().withGlibcCompat(compat.equals("glibc"))
                .withDeterministic(deterministic).withSeed(seed).withStrace(strace)
                .withTimeoutNanos((long) (timeout * 1e9));
        GuestMemory ram;
        try {
            ram = GuestMemory.create(memBytes);
        } catch (OutOfMemoryError | RuntimeException e) {
            log.println("flatland: cannot allocate " + mem + " of guest RAM (" + e + "); try a smaller --mem");
            return 1;
        }
        Kernel kernel = Kernel.create(cfg, ram, Interpreter::create, vfs, log);
        String mountError = Mounts.apply(kernel, hostMounts, tmpfsDirs);
        if (mountError != null) {
            log.println("flatland: " + mountError);
            return 2;
        }
        kernel.setSyscallHandler(SyscallDispatcher.create(log, strace));
        List<byte[]> argv = new ArrayList<>();
        argv.add(program.getBytes(StandardCharsets.UTF_8));
        for (String a : args) {
            argv.add(a.getBytes(StandardCharsets.UTF_8));
        }
        Task task;
        HostTty hostTty = null;
        try {
            task = kernel.spawn(ImageSource.of(image), program, exePath, argv, hostEnvironment(), cwd);
            task.setNice(hostNice());   // as a native child would, the guest starts with this process's nice
            hostTty = HostTty.attach(kernel, task, log);   // fds 0..2: the terminal or the host streams
        } catch (LoadException e) {
            log.println("flatland: " + e.getMessage());
            // A missing PT_INTERP interpreter is "not found" to a shell, as execve's ENOENT.
            return e.errno() == dev.flatland.abi.Errno.ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_EXECUTE;
        } catch (dev.flatland.abi.ErrnoException e) {
            log.println("flatland: cannot set up the standard fds: " + e.errno());
            return EXIT_CANNOT_EXECUTE;
        }
        var sockets = new dev.flatland.net.SocketRegistry();   // AF_UNIX; other families EAFNOSUPPORT
        sockets.register(dev.flatland.net.unix.UnixSockets.create(kernel.vfs(),
                dev.flatland.syscall.SocketSyscalls.waiter(kernel)));
        dev.flatland.syscall.SocketSyscalls.install(kernel, sockets);
        long start = System.nanoTime();
        ExitStatus st;
        try {
            st = kernel.run(task);
        } finally {
            if (hostTty != null) {
                hostTty.close();
            }
            dev.flatland.syscall.SocketSyscalls.uninstall(kernel);
        }
        long wall = System.nanoTime() - start;
        if (stats) {
            long insns = kernel.instructions();
            double secs = wall / 1e9;
            log.printf("flatland: stats: %d instructions, %d syscalls, %.3f s wall, %.1f MIPS%n", insns,
                    kernel.syscallCount(), secs, secs > 0 ? insns / secs / 1e6 : 0.0);
        }
        if (st.signal() == dev.flatland.abi.Signal.SIGKILL && timeout > 0 && wall >= (long) (timeout * 1e9)) {
            return EXIT_TIMEOUT;
        }
        return st.shellStatus();
    }

    /** "256M", "1G", "65536K", "4096" (bytes); must be a positive multiple of 4 KiB. */
    static long parseSize(String s) {
        String t = s.trim().toUpperCase(java.util.Locale.ROOT);
        long mult = 1;
        if (t.endsWith("IB")) {
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("B")) {
            t = t.substring(0, t.length() - 1);
        }
        if (!t.isEmpty()) {
            switch (t.charAt(t.length() - 1)) {
                case 'K' -> mult = 1L << 10;
                case 'M' -> mult = 1L << 20;
                case 'G' -> mult = 1L << 30;
                default -> mult = 1;
            }
            if (mult != 1) {
                t = t.substring(0, t.length() - 1);
            }
        }
        long v;
        try {
            v = Long.parseLong(t) * mult;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a size (use e.g. 256M)");
        }
        if (v <= 0 || (v & 4095) != 0 || v > (64L << 30)) {
            throw new IllegalArgumentException("must be a positive multiple of 4K, at most 64G");
        }
        return v;
    }

    /**
     * The host environment in its real order (from /proc/self/environ on Linux), so that the
     * guest's environ matches a native run; elsewhere sorted by name.
     */
    static List<byte[]> hostEnvironment() {
        List<byte[]> env = new ArrayList<>();
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc/self/environ"));
            int startIdx = 0;
            for (int i = 0; i < raw.length; i++) {
                if (raw[i] == 0) {
                    if (i > startIdx) {
                        env.add(java.util.Arrays.copyOfRange(raw, startIdx, i));
                    }
                    startIdx = i + 1;
                }
            }
            return env;
        } catch (IOException | RuntimeException e) {
            for (Map.Entry<String, String> v : new TreeMap<>(System.getenv()).entrySet()) {
                env.add((v.getKey() + "=" + v.getValue()).getBytes(StandardCharsets.UTF_8));
            }
            return env;
        }
    }
}
