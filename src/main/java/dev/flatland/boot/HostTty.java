package dev.flatland.boot;

import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Fcntl;
import dev.flatland.abi.Termbits;
import dev.flatland.fs.hostfs.HostStdio;
import dev.flatland.fs.hostfs.HostTerminal;
import dev.flatland.kernel.Kernel;
import dev.flatland.kernel.Task;
import dev.flatland.kernel.Tty;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The guest's controlling terminal when Flatland's stdin is a host terminal. The host terminal is put
 * in raw mode ({@code stty raw -echo}, run as a child process on the same stdin, since Java has no
 * termios), so that every byte typed reaches Flatland's own line discipline ({@link Tty}) and the
 * guest sees Linux terminal semantics exactly: canonical editing, echo, and Ctrl-C as SIGINT to the
 * foreground process group. The saved settings ({@code stty -g}) are always put back: at the end of
 * the run, and from a shutdown hook on System.exit, SIGTERM/SIGINT to the JVM or an internal error.
 * (A SIGKILLed JVM cannot restore anything; {@code stty sane} repairs the terminal then.)
 */
final class HostTty implements AutoCloseable {
    private final String saved;
    private final Thread hook;
    private boolean restored;

    /** True while the host terminal is raw: Flatland's own messages then need "\r\n" line ends. */
    private static volatile boolean raw;

    /** Flatland's log stream: newlines become CR LF while the host terminal is in raw mode. */
    static OutputStream logStream(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                if (b == '\n' && raw) {
                    out.write('\r');
                }
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                for (int i = off; i < off + len; i++) {
                    write(b[i]);
                }
            }
        };
    }

    private HostTty(String saved) {
        this.saved = saved;
        this.hook = new Thread(this::restore, "flatland-tty-restore");
    }

    /**
     * Installs fds 0..2 of the first process: the terminal for each host fd that is a terminal,
     * the plain host stream otherwise. Returns the handle that restores the host terminal, or null
     * when stdin is not a terminal (or stty is unusable: then the host streams are used as they are).
     */
    static HostTty attach(Kernel kernel, Task first, PrintStream log) throws ErrnoException {
        if (!HostTerminal.isatty(0) || Boolean.getBoolean("flatland.noTty") || !inForeground()) {
            installHostStdio(first);
            return null;
        }
        byte[] termios = HostTerminal.ioctlRead(0, Termbits.TCGETS, Termbits.TERMIOS_SIZE);
        byte[] ws = HostTerminal.ioctlRead(0, Termbits.TIOCGWINSZ, 8);
        String saved = stty("-g");
        if (saved == null || termios == null) {
            log.println("flatland: cannot read the host terminal's settings (stty -g); the guest uses the host"
                    + " terminal as it is, without job control");
            installHostStdio(first);
            return null;
        }
        HostTty h = new HostTty(saved.trim());
        Runtime.getRuntime().addShutdownHook(h.hook);
        raw = true;
        if (stty("raw", "-echo") == null) {
            h.close();
            log.println("flatland: cannot put the host terminal in raw mode (stty raw -echo)");
            installHostStdio(first);
            return null;
        }
        OutputStream out = HostTerminal.isatty(1) ? new FileOutputStream(FileDescriptor.out)
                : HostTerminal.isatty(2) ? new FileOutputStream(FileDescriptor.err) : openDevTty();
        Tty tty = Tty.create(kernel, bytes -> write(out, bytes), HostStdio.of(0), termios, ws == null ? 24 : u16(ws, 0),
                ws == null ? 80 : u16(ws, 2));
        tty.attachSession(first);
        for (int fd = 0; fd <= 2; fd++) {
            first.fds().install(HostTerminal.isatty(fd) ? tty.open(Fcntl.O_RDWR) : HostStdio.of(fd), false, fd);
        }
        byte[] queued = HostTerminal.ioctlRead(0, Termbits.FIONREAD, 4);
        startReader(tty, queued == null ? 0 : u16(queued, 0) | u16(queued, 2) << 16, termios[Termbits.C_CC + Termbits.VEOF]);
        watchResize(tty);
        return h;
    }

    /**
     * True when the JVM's process group is the host terminal's foreground group: a background
     * Flatland ({@code flatland run ... &}) must not touch the terminal (stty would stop it with
     * SIGTTOU). The JVM's pgrp is field 5 of /proc/self/stat.
     */
    private static boolean inForeground() {
        byte[] fg = HostTerminal.ioctlRead(0, Termbits.TIOCGPGRP, 4);
        if (fg == null) {
            return false;
        }
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(f[2]) == (u16(fg, 0) | u16(fg, 2) << 16);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static void installHostStdio(Task first) throws ErrnoException {
        for (int fd = 0; fd <= 2; fd++) {
            first.fds().install(HostStdio.of(fd), false, fd);
        }
    }

    private static int u16(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8;
    }

    private static OutputStream openDevTty() {
        try {
            return new FileOutputStream("/dev/tty");
        } catch (IOException e) {
            return OutputStream.nullOutputStream();
        }
    }

    private static void write(OutputStream out, byte[] b) {
        try {
            out.write(b);
            out.flush();
        } catch (IOException e) {
            // the host terminal went away (hangup): output is lost, as on a hung-up tty
        }
    }

    /**
     * A daemon thread moves every byte typed on the host to the terminal's input queue. The first
     * {@code typeahead} bytes were typed while the host terminal was still canonical: Linux turns
     * an EOF typed then into a NUL when the terminal goes raw, so a NUL there is given back as the
     * EOF character {@code veof} (script(1) with stdin at end of file sends one at start).
     */
    private static void startReader(Tty tty, int typeahead, byte veof) {
        Thread t = new Thread(() -> {
            FileInputStream in = new FileInputStream(FileDescriptor.in);
            byte[] buf = new byte[256];
            int early = typeahead;
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    for (int i = 0; i < n && early > 0; i++, early--) {
                        if (buf[i] == 0) {
                            buf[i] = veof;
                        }
                    }
                    tty.hostInput(java.util.Arrays.copyOf(buf, n));
                }
            } catch (IOException e) {
                // end of input: nothing more will be typed
            }
        }, "flatland-tty-input");
        t.setDaemon(true);
        t.start();
    }

    /** SIGWINCH on the host: the new size goes to the terminal (TIOCSWINSZ semantics, SIGWINCH to the guest). */
    private static void watchResize(Tty tty) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("WINCH"), s -> {
                byte[] ws = HostTerminal.ioctlRead(0, Termbits.TIOCGWINSZ, 8);
                if (ws != null) {
                    tty.hostResize(u16(ws, 0), u16(ws, 2));
                }
            });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // no SIGWINCH on this host: the size stays as it was at start
        }
    }

    /** stty from the system directories (the user's PATH is the guest's and may not have it). */
    private static final String STTY = java.nio.file.Files.isExecutable(java.nio.file.Path.of("/bin/stty")) ? "/bin/stty"
            : java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/bin/stty")) ? "/usr/bin/stty" : "stty";

    /** Runs stty with the host's stdin; returns its output, or null when it failed. */
    static String stty(String... args) {
        try {
            ProcessBuilder pb = new ProcessBuilder(new java.util.ArrayList<>(List.of(STTY)));
            pb.command().addAll(List.of(args));
            pb.redirectInput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.DISCARD);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private synchronized void restore() {
        if (!restored) {
            restored = true;
            stty(saved);
            raw = false;
        }
    }

    /** Puts the host terminal back as it was and drops the shutdown hook. */
    @Override
    public void close() {
        restore();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs (and finds the work done)
        }
    }
}
