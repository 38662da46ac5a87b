package dev.flatland.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
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
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The scheduler and futex queues with a scripted engine: each task (keyed by its CpuState) plays its
 * own script; "syscalls" are handled by a test handler that calls the kernel's Futex and exit paths.
 */
class SchedulerTest {
    static final long WAIT = 1000;
    static final long WAKE = 1001;
    static final long WAIT_TIMEOUT_1MS = 1002;
    static final long EXIT_GROUP = 231;
    static final long EXIT = 60;

    /** Per-task scripts; a task without steps left faults (ends its process with SIGILL). */
    static final class MultiEngine implements ExecutionEngine {
        final GuestMemory mem;
        final Map<CpuState, Deque<Function<CpuState, Trap>>> scripts = new IdentityHashMap<>();
        final List<CpuState> ran = new ArrayList<>();

        MultiEngine(GuestMemory mem) {
            this.mem = mem;
        }

        @Override
        public Trap run(CpuState cpu, long budget) {
            ran.add(cpu);
            cpu.instructions += 10;
            Deque<Function<CpuState, Trap>> s = scripts.get(cpu);
            return s == null || s.isEmpty() ? new Trap.Fault(dev.flatland.abi.Signal.SIGILL, Trap.ILL_ILLOPN, cpu.rip,
                    cpu.rip, "end of script") : s.poll().apply(cpu);
        }

        @Override
        public GuestMemory memory() {
            return mem;
        }

        @Override
        public void flushCodeCache() {
        }
    }

    private MultiEngine engine;
    private Kernel kernel;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final List<Long> results = new ArrayList<>();
    private long futexAddr;

    private Task boot() throws Exception {
        GuestMemory mem = GuestMemory.create(16L << 20);
        kernel = Kernel.create(KernelConfig.defaults().withDeterministic(true), mem, m -> engine = new MultiEngine(m),
                new Vfs(new dev.flatland.fs.tmpfs.TmpFs(0755, 0, 0, () -> 0L)), new PrintStream(log, true, StandardCharsets.UTF_8));
        kernel.setSyscallHandler(t -> {
            CpuState c = t.cpu();
            long nr = c.r[CpuState.RAX];
            long ret = 0;
            try {
                if (nr == WAIT) {
                    kernel.futex().wait(t, futexAddr, (int) c.r[CpuState.RDI], Futex.BITSET_MATCH_ANY,
                            Blocker.NO_DEADLINE);
                } else if (nr == WAIT_TIMEOUT_1MS) {
                    kernel.futex().wait(t, futexAddr, 0, Futex.BITSET_MATCH_ANY,
                            kernel.clock().monotonicNs() + 1_000_000);
                } else if (nr == WAKE) {
                    ret = kernel.futex().wake(futexAddr, (int) c.r[CpuState.RDI], Futex.BITSET_MATCH_ANY);
                } else if (nr == EXIT_GROUP) {
                    t.exitGroup((int) c.r[CpuState.RDI]);
                } else if (nr == EXIT) {
                    t.exitThread((int) c.r[CpuState.RDI]);
                }
            } catch (ErrnoException e) {
                ret = -e.errno().number();
            }
            if (!kernel.scheduler().isParked(t) && !t.exited()) {
                c.r[CpuState.RAX] = ret;
                results.add(ret);
            }
        });
        byte[] image;
        try (InputStream in = getClass().getResourceAsStream("/elf/hello-musl")) {
            image = in.readAllBytes();
        }
        Task t = kernel.spawn(ImageSource.of(image), "./hello", "/x/hello", List.of("./hello".getBytes()), List.of(),
                "/");
        futexAddr = t.mm().startStack() - 64;
        return t;
    }

    private Task thread(Task parent) throws ErrnoException {
        long f = TaskClone.CLONE_VM | TaskClone.CLONE_FS | TaskClone.CLONE_FILES | TaskClone.CLONE_SIGHAND
                | TaskClone.CLONE_THREAD;
        return TaskClone.clone(parent, new TaskClone.Args(f, parent.mm().startStack() - 4096, 0, 0, 0, 0, 0));
    }

    private void script(Task t, List<Function<CpuState, Trap>> steps) {
        engine.scripts.put(t.cpu(), new ArrayDeque<>(steps));
    }

    private static Function<CpuState, Trap> sys(long nr, long arg) {
        return c -> {
            c.r[CpuState.RAX] = nr;
            c.r[CpuState.RDI] = arg;
            return Trap.SYSCALL;
        };
    }

    /** Exit code = the value the previous syscall left in RAX (+ {@code add}). */
    private static Function<CpuState, Trap> exitWithRax(long add) {
        return c -> {
            c.r[CpuState.RDI] = c.r[CpuState.RAX] + add;
            c.r[CpuState.RAX] = EXIT_GROUP;
            return Trap.SYSCALL;
        };
    }

    private static Function<CpuState, Trap> spin() {
        return c -> new Trap.BudgetExhausted();
    }

    @Test
    void tasksTakeTurnsRoundRobin() throws Exception {
        Task a = boot();
        Task b = thread(a);
        script(a, List.of(spin(), spin(), spin(), sys(EXIT_GROUP, 0)));
        script(b, List.of(spin(), spin(), spin(), spin()));
        assertEquals(0, kernel.run(a).code());
        assertEquals(List.of(a.cpu(), b.cpu(), a.cpu(), b.cpu(), a.cpu(), b.cpu(), a.cpu()), engine.ran);
    }

    @Test
    void futexWakeCompletesTheWaitWithZero() throws Exception {
        Task a = boot();
        Task b = thread(a);
        script(a, List.of(sys(WAIT, 0), exitWithRax(40)));
        script(b, List.of(sys(WAKE, 5), sys(EXIT, 0)));
        ExitStatus st = kernel.run(a);
        assertEquals(40, st.code(), log.toString());   // the waiter resumed with RAX = 0
        assertEquals(1L, results.get(0));              // WAKE woke exactly one task
    }

    @Test
    void futexWaitOnAChangedValueIsEagain() throws Exception {
        Task a = boot();
        a.userMemory().write32(futexAddr, 7);
        script(a, List.of(sys(WAIT, 0), exitWithRax(Errno.EAGAIN.number() + 1)));
        assertEquals(1, kernel.run(a).code());
    }

    @Test
    void futexTimeoutAdvancesTheVirtualClock() throws Exception {
        Task a = boot();
        long before = kernel.clock().monotonicNs();
        script(a, List.of(sys(WAIT_TIMEOUT_1MS, 0), exitWithRax(Errno.ETIMEDOUT.number() + 1)));
        assertEquals(1, kernel.run(a).code());
        assertTrue(kernel.clock().monotonicNs() - before >= 1_000_000);
    }

    @Test
    void deadlockIsReportedAndKills() throws Exception {
        Task a = boot();
        Task b = thread(a);
        script(a, List.of(sys(WAIT, 0)));
        script(b, List.of(sys(WAIT, 0)));
        ExitStatus st = kernel.run(a);
        assertEquals(dev.flatland.abi.Signal.SIGKILL, st.signal());
        String l = log.toString();
        assertTrue(l.contains("flatland: deadlock: every task is blocked"), l);
        assertTrue(l.contains("tid " + a.tid() + " waits for futex 0x" + Long.toHexString(futexAddr)), l);
        assertTrue(l.contains("tid " + b.tid() + " waits for futex 0x" + Long.toHexString(futexAddr)), l);
    }

    @Test
    void threadExitClearsChildTidAndWakesJoiner() throws Exception {
        Task a = boot();
        Task b = thread(a);
        a.userMemory().write32(futexAddr, b.tid());
        b.setClearChildTid(futexAddr);
        // a waits while the word still holds b's tid; b exits, which writes 0 and wakes a.
        script(a, List.of(c -> {
            c.r[CpuState.RAX] = WAIT;
            c.r[CpuState.RDI] = b.tid();
            return Trap.SYSCALL;
        }, exitWithRax(50)));
        script(b, List.of(sys(EXIT, 0)));
        assertEquals(50, kernel.run(a).code(), log.toString());
        assertEquals(0, a.userMemory().read32(futexAddr));
    }

    @Test
    void requeueMovesWaiters() throws Exception {
        Task a = boot();
        Task b = thread(a);
        Task c = thread(a);
        script(a, List.of(spin(), c2 -> {
            int moved = kernel.futex().requeue(futexAddr, 1, futexAddr + 4, 10);
            c2.r[CpuState.RDI] = moved * 10 + kernel.futex().waiters(futexAddr + 4);
            c2.r[CpuState.RAX] = EXIT_GROUP;
            return Trap.SYSCALL;
        }));
        script(b, List.of(sys(WAIT, 0)));
        script(c, List.of(sys(WAIT, 0)));
        assertEquals(21, kernel.run(a).code());   // 1 woken + 1 moved = 2; 1 waiter now on the second word
    }
}
