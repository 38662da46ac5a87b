package dev.flatland.kernel;

import dev.flatland.abi.Errno;
import dev.flatland.cpu.CpuState;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run queue of the one host thread. Every live task is in {@link #tasks} in creation order;
 * {@link #next()} picks round-robin, starting after the task that ran last, the first task that
 * is runnable or whose {@link Blocker} is ready. So the interleaving depends only on instruction
 * budgets and syscalls, never on host timing (with --deterministic the whole run is repeatable).
 *
 * <p>When every task is parked, the earliest deadline is awaited (virtually in deterministic mode);
 * when no parked task has a deadline, no guest task can ever wake another: that is a deadlock,
 * and {@link #next()} returns null so the kernel can report it ({@link #deadlockReport()}).
 */
public final class Scheduler {
    private final Kernel kernel;
    private final List<Task> tasks = new ArrayList<>();
    private final Map<Task, Blocker> parked = new IdentityHashMap<>();
    private int cursor;

    Scheduler(Kernel kernel) {
        this.kernel = kernel;
    }

    /** Makes {@code t} schedulable (a new task from spawn or clone). */
    void add(Task t) {
        tasks.add(t);
    }

    void remove(Task t) {
        int i = tasks.indexOf(t);
        if (i >= 0) {
            tasks.remove(i);
            if (i < cursor) {
                cursor--;
            }
        }
        parkedNr.remove(t);
        Blocker b = parked.remove(t);
        if (b != null) {
            b.cancel();
        }
    }

    /** Every live task, in creation order. */
    public List<Task> tasks() {
        return List.copyOf(tasks);
    }

    /**
     * Parks {@code t} until {@code b} is ready. Called by a syscall handler, which then returns
     * without a result: the dispatcher leaves RAX alone and the scheduler writes it on wake-up.
     */
    public void park(Task t, Blocker b) {
        parked.put(t, b);
        parkedNr.put(t, t.cpu().r[CpuState.RAX]);   // still the syscall number: RAX is written at wake-up
    }

    /** The syscall each parked task is in, for restarting it after a signal without a handler. */
    private final Map<Task, Long> parkedNr = new IdentityHashMap<>();

    /**
     * Parks {@code t} until {@code ready} holds, then runs the same syscall again (Linux's
     * -ERESTARTSYS path): RIP goes back over the 2-byte SYSCALL and RAX gets the number back. A
     * signal arriving first ends the wait with EINTR instead.
     */
    public void parkRestart(Task t, java.util.function.BooleanSupplier ready, String what) {
        long nr = t.cpu().r[CpuState.RAX];
        park(t, new Blocker() {
            @Override
            public boolean ready() {
                return ready.getAsBoolean();
            }

            @Override
            public long result() {
                t.cpu().rip -= 2;
                return nr;
            }

            @Override
            public Errno interruptedBy() {
                return Errno.ERESTARTSYS;   // pipe_read, eventfd_read, signalfd_dequeue
            }

            @Override
            public String describe() {
                return what;
            }
        });
    }

    /** True while {@code t} waits in a syscall; asked after every syscall, so the empty case costs no lookup. */
    public boolean isParked(Task t) {
        return !parked.isEmpty() && parked.containsKey(t);
    }

    /** The blocker of a parked task, or null. */
    public Blocker blocker(Task t) {
        return parked.get(t);
    }

    /**
     * The next task to run, completing the syscall of any parked task that became ready on the way;
     * null when every task is parked with no deadline (deadlock) or no task is left.
     */
    Task next() {
        while (!tasks.isEmpty()) {
            int n = tasks.size();
            for (int k = 0; k < n && !tasks.isEmpty(); k++) {
                int size = tasks.size();   // a wake-up may have ended (removed) a task
                int i = cursor + k;
                while (i >= size) {
                    i -= size;   // (cursor + k) % size without a division on every syscall
                }
                Task t = tasks.get(i);
                if (t.exited() || t.group().jobStopped()) {
                    continue;   // a stopped group's tasks wait for SIGCONT (JobControl)
                }
                if (!parked.isEmpty() && parked.containsKey(t) && !tryWake(t)) {
                    continue;
                }
                if (!SignalDelivery.resumeAfterStop(t)) {
                    continue;
                }
                cursor = i + 1 < tasks.size() ? i + 1 : (i + 1) % tasks.size();
                return t;
            }
            if (tasks.size() != n) {
                continue;   // a task ended during the pass: its waiters may be ready now, look again
            }
            long earliest = Blocker.NO_DEADLINE;
            for (Map.Entry<Task, Blocker> e : parked.entrySet()) {
                if (!e.getKey().group().jobStopped()) {
                    // an ITIMER_REAL expiry may end the wait too (its SIGALRM interrupts it)
                    earliest = Math.min(earliest, Math.min(e.getValue().deadline(),
                            e.getKey().group().timers().realDeadline()));
                }
            }
            boolean terminals = !kernel.processes().terminals().isEmpty() && !kernel.clock().deterministic();
            if (earliest == Blocker.NO_DEADLINE && !(terminals && keyMayWake())) {
                return null;
            }
            long wait = earliest == Blocker.NO_DEADLINE ? Long.MAX_VALUE : earliest - kernel.clock().monotonicNs();
            if (terminals) {
                // Every task waits: keys typed meanwhile (Ctrl-C during "sleep 100") must still become
                // input and signals, so look at the terminals at least every slice.
                Tty.pumpAll(kernel);
                wait = Math.min(wait, Tty.hostSleepSlice(kernel));
            }
            try {
                kernel.clock().sleep(Math.max(wait, 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    /** True when a key typed at a terminal may still signal a parked task's process (no deadlock yet). */
    private boolean keyMayWake() {
        for (Task t : parked.keySet()) {
            if (Tty.canInterrupt(kernel, t.group())) {
                return true;
            }
        }
        return false;
    }

    /** Completes a parked task's syscall if its wait is over or a signal interrupts it. */
    private boolean tryWake(Task t) {
        Blocker b = parked.get(t);
        long ret;
        t.group().timers().poll(kernel, t);   // a due timer signals the process even while it sleeps
        if (b.ready()) {
            ret = b.result();
        } else if ((t.pending() & ~t.blocked()) != 0 && (!b.killable() || fatalPending(t))) {
            // The blocker's -ERESTART* code: EINTR or a restart (SA_RESTART) when a handler runs;
            // restarted when the signal takes a default action that lets the task go on.
            b.cancel();
            parked.remove(t);
            Long nr = parkedNr.remove(t);
            SignalDelivery.interruptWait(t, nr == null ? -1 : nr, b.interruptedBy());
            return !t.exited() && !t.group().jobStopped() && !isParked(t);
        } else {
            return false;
        }
        parked.remove(t);
        parkedNr.remove(t);
        t.cpu().r[CpuState.RAX] = ret;
        kernel.deliverPending(t);
        return !t.exited();
    }

    /**
     * fatal_signal_pending for a killable wait: SIGKILL, or an unblocked pending signal whose action
     * is the default one and terminates the process (not ignored, not a stop).
     */
    private static boolean fatalPending(Task t) {
        long live = t.pending() & ~t.blocked();
        for (int sig = 1; sig <= dev.flatland.abi.Signal.NSIG; sig++) {
            if ((live & dev.flatland.abi.Signal.bit(sig)) == 0) {
                continue;
            }
            if (sig == dev.flatland.abi.Signal.SIGKILL) {
                return true;
            }
            try {
                boolean dfl = t.group().signals().get(sig).handler() == dev.flatland.abi.Signal.SIG_DFL;
                boolean stop = (SignalDelivery.STOP_MASK & dev.flatland.abi.Signal.bit(sig)) != 0;
                if (dfl && !stop && !SignalActions.defaultIgnores(sig)) {
                    return true;
                }
            } catch (dev.flatland.abi.ErrnoException e) {
                // not a valid signal number: cannot be pending
            }
        }
        return false;
    }

    /** One line per parked task: who waits for what. */
    String deadlockReport() {
        StringBuilder sb = new StringBuilder("flatland: deadlock: every task is blocked and none can wake another:");
        for (Task t : tasks) {
            Blocker b = parked.get(t);
            if (t.group().jobStopped() && !t.exited()) {
                sb.append("\nflatland:   ").append(t.group().comm()).append('[').append(t.group().tgid())
                        .append("] tid ").append(t.tid()).append(" is stopped (")
                        .append(dev.flatland.abi.Signal.name(t.group().stopSignal()))
                        .append(") and no running process can send it SIGCONT");
            } else if (b != null && !t.exited()) {
                sb.append("\nflatland:   ").append(t.group().comm()).append('[').append(t.group().tgid())
                        .append("] tid ").append(t.tid()).append(" waits for ").append(b.describe());
            }
        }
        return sb.toString();
    }
}
