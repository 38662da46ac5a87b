package dev.flatland.syscall;

import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Stat;
import dev.flatland.cpu.CpuState;
import dev.flatland.cpu.interp.Interpreter;
import dev.flatland.fs.hostfs.HostFs;
import dev.flatland.kernel.Kernel;
import dev.flatland.kernel.KernelConfig;
import dev.flatland.kernel.Task;
import dev.flatland.loader.ImageSource;
import dev.flatland.loader.LoadException;
import dev.flatland.memory.GuestMemory;
import dev.flatland.vfs.OpenFile;
import dev.flatland.vfs.Vfs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * A kernel with the hello-musl fixture loaded (so the task has real mappings), stdout captured,
 * and a scratch buffer in guest memory; syscalls are issued by setting registers and calling the
 * dispatcher, as the run loop does after a Trap.Syscall.
 */
final class GuestFixture {
    final Kernel kernel;
    final Task task;
    final SyscallDispatcher dispatcher;
    final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    final Capture stdout = new Capture();
    final long scratch;

    /** A write-only file collecting what the guest writes. */
    static final class Capture extends OpenFile {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Capture() {
            super(dev.flatland.abi.Fcntl.O_WRONLY);
        }

        @Override
        public int write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
            return len;
        }

        @Override
        public Stat stat() {
            return new Stat(0, 1, Stat.S_IFIFO | 0600, 1, 0, 0, 0, 0, 4096, 0, 0, 0, 0, 0, 0, 0);
        }

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    GuestFixture(KernelConfig cfg) {
        GuestMemory mem = GuestMemory.create(16L << 20);
        PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
        kernel = Kernel.create(cfg, mem, Interpreter::create, new Vfs(HostFs.create(Path.of("/"))), log);
        dispatcher = SyscallDispatcher.create(log, cfg.strace());
        kernel.setSyscallHandler(dispatcher);
        try {
            task = kernel.spawn(ImageSource.of(fixture("hello-musl")), "./hello", "/tmp/hello",
                    List.of("./hello".getBytes()), List.of(), "/tmp");
            task.fds().install(stdout, false, 1);
            scratch = task.mm().mapAnonymous(64 * 1024, "scratch");
        } catch (LoadException | ErrnoException e) {
            throw new IllegalStateException(e);
        }
    }

    GuestFixture() {
        this(KernelConfig.defaults());
    }

    static byte[] fixture(String name) {
        try (InputStream in = GuestFixture.class.getResourceAsStream("/elf/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Issues syscall {@code nr} with up to six arguments; returns RAX afterwards. */
    long call(int nr, long... args) {
        CpuState c = task.cpu();
        int[] regs = {CpuState.RDI, CpuState.RSI, CpuState.RDX, 10, 8, 9};
        for (int i = 0; i < 6; i++) {
            c.r[regs[i]] = i < args.length ? args[i] : 0;
        }
        c.r[CpuState.RAX] = nr;
        dispatcher.syscall(task);
        return c.r[CpuState.RAX];
    }

    /** Writes a NUL-terminated string into scratch memory at {@code off}; returns its address. */
    long string(int off, String s) {
        byte[] b = (s + "\0").getBytes(StandardCharsets.UTF_8);
        kernel.memory().write(scratch + off, b, 0, b.length);
        return scratch + off;
    }

    String log() {
        return logBytes.toString(StandardCharsets.UTF_8);
    }
}
