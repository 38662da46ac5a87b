package dev.flatland.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatland.abi.Signal;
import dev.flatland.cpu.CpuState;
import dev.flatland.cpu.ExecutionEngine;
import dev.flatland.cpu.Trap;
import dev.flatland.loader.ImageSource;
import dev.flatland.memory.GuestMemory;
import dev.flatland.vfs.Vfs;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The run loop with a scripted engine: syscall dispatch, budget slices, faults and the crash line. */
class RunLoopTest {
    /** An engine that plays a script: each step edits the CpuState and returns a trap. */
    static final class ScriptedEngine implements ExecutionEngine {
        final GuestMemory mem;
        final Deque<java.util.function.Function<CpuState, Trap>> steps = new ArrayDeque<>();

        ScriptedEngine(GuestMemory mem) {
            this.mem = mem;
        }

        @Override
        public Trap run(CpuState cpu, long budget) {
            cpu.instructions += 10;
            return steps.isEmpty() ? new Trap.Fault(Signal.SIGILL, Trap.ILL_ILLOPN, cpu.rip, cpu.rip, "end of script")
                    : steps.poll().apply(cpu);
        }

        @Override
        public GuestMemory memory() {
            return mem;
        }

        @Override
        public void flushCodeCache() {
        }
    }

    private ScriptedEngine engine;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final java.util.List<Long> seenSyscalls = new java.util.ArrayList<>();

    private Task boot() throws Exception {
        GuestMemory mem = GuestMemory.create(16L << 20);
        Kernel k = Kernel.create(KernelConfig.defaults(), mem, m -> engine = new ScriptedEngine(m),
                new Vfs(new dev.flatland.fs.tmpfs.TmpFs(0755, 0, 0, () -> 0L)), new PrintStream(log, true, StandardCharsets.UTF_8));
        k.setSyscallHandler(t -> {
            seenSyscalls.add(t.cpu().r[CpuState.RAX]);
            if (t.cpu().r[CpuState.RAX] == 231) {
                t.exitGroup((int) t.cpu().r[CpuState.RDI]);
            }
            t.cpu().r[CpuState.RAX] = 0;
        });
        byte[] image;
        try (InputStream in = getClass().getResourceAsStream("/elf/hello-musl")) {
            image = in.readAllBytes();
        }
        return k.spawn(ImageSource.of(image), "./hello", "/x/hello", List.of("./hello".getBytes()), List.of(), "/");
    }

    private static java.util.function.Function<CpuState, Trap> syscall(long nr, long arg0) {
        return c -> {
            c.r[CpuState.RAX] = nr;
            c.r[CpuState.RDI] = arg0;
            return Trap.SYSCALL;
        };
    }

    @Test
    void syscallsAreDispatchedUntilExitGroup() throws Exception {
        Task t = boot();
        engine.steps.add(c -> Trap.BUDGET);
        engine.steps.add(syscall(39, 0));
        engine.steps.add(syscall(231, 300));
        ExitStatus st = t.kernel().run(t);
        assertEquals(List.of(39L, 231L), seenSyscalls);
        assertEquals(300 & 0xff, st.code());
        assertEquals(30, t.kernel().instructions());
        assertEquals(2, t.kernel().syscallCount());
    }

    @Test
    void faultKillsWithTheSignalAndPrintsOneCrashLineWithSymbolAndBytes() throws Exception {
        Task t = boot();
        long main = t.group().symbols().address("main");
        engine.steps.add(c -> {
            c.rip = main;
            return new Trap.Fault(Signal.SIGSEGV, Trap.SEGV_MAPERR, 0, main, "read at 0x0");
        });
        ExitStatus st = t.kernel().run(t);
        assertEquals(Signal.SIGSEGV, st.signal());
        assertEquals(139, st.shellStatus());
        String line = log.toString(StandardCharsets.UTF_8);
        // objdump -d hello-musl: main begins 48 83 ec 08 (sub $0x8,%rsp)
        assertTrue(line.matches("flatland: hello\\[\\d+\\] killed by SIGSEGV \\(address 0x0\\) at rip 0x[0-9a-f]+ "
                + "<main>: bytes 48 83 ec 08( [0-9a-f]{2}){11}\\n"), line);
    }

    @Test
    void faultWithSigIgnStillKills() throws Exception {
        Task t = boot();
        t.group().signals().set(Signal.SIGFPE, new SignalActions.Action(Signal.SIG_IGN, 0, 0, 0));
        engine.steps.add(c -> new Trap.Fault(Signal.SIGFPE, Trap.FPE_INTDIV, c.rip, c.rip, "divide error"));
        assertEquals(136, t.kernel().run(t).shellStatus());
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("killed by SIGFPE (divide error) at rip"));
    }

    @Test
    void ripOutsideRamIsSaidSo() throws Exception {
        Task t = boot();
        engine.steps.add(c -> new Trap.Fault(Signal.SIGSEGV, Trap.SEGV_MAPERR, 0x10, 0x10, "fetch"));
        t.kernel().run(t);
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("at rip 0x10: rip is outside RAM"), log.toString());
    }
}
