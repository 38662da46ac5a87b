package dev.flatland.kernel;

import dev.flatland.abi.Errno;
import java.util.ArrayList;
import java.util.List;

/**
 * Futex wait queues (kernel/futex): waiters keyed by the futex word's address. In one flat
 * address space a private and a shared futex at the same address are the same word, so
 * FUTEX_PRIVATE_FLAG needs no separate key. Waiters are woken in FIFO order.
 */
public final class Futex {
    /** FUTEX_BITSET_MATCH_ANY: what plain WAIT/WAKE use. */
    public static final int BITSET_MATCH_ANY = 0xffff_ffff;

    private final Kernel kernel;
    private final List<Waiter> queue = new ArrayList<>();

    Futex(Kernel kernel) {
        this.kernel = kernel;
    }

    /** One task sleeping in FUTEX_WAIT(_BITSET); also its {@link Blocker}. */
    final class Waiter implements Blocker {
        final Task task;
        long addr;
        final int bitset;
        final long deadline;
        final int expected;
        boolean woken;

        Waiter(Task task, long addr, int expected, int bitset, long deadline) {
            this.task = task;
            this.addr = addr;
            this.expected = expected;
            this.bitset = bitset;
            this.deadline = deadline;
        }

        @Override
        public boolean ready() {
            return woken || kernel.clock().monotonicNs() >= deadline;
        }

        @Override
        public long result() {
            queue.remove(this);
            return woken ? 0 : -Errno.ETIMEDOUT.number();
        }

        @Override
        public long deadline() {
            return woken ? Long.MIN_VALUE : deadline;
        }

        @Override
        public void cancel() {
            queue.remove(this);
            if (deadline != NO_DEADLINE) {
                // futex_wait_restart: the same wait with the same absolute timeout (it re-checks the word)
                long a = addr;
                task.signals().setRestartBlock(t -> {
                    Futex.this.wait(t, a, expected, bitset, deadline);
                    return 0;
                });
            }
        }

        /** futex_wait: -ERESTARTSYS without a timeout, else -ERESTART_RESTARTBLOCK (futex_wait_restart). */
        @Override
        public Errno interruptedBy() {
            return deadline == NO_DEADLINE ? Errno.ERESTARTSYS : Errno.ERESTART_RESTARTBLOCK;
        }

        @Override
        public String describe() {
            return "futex 0x" + Long.toHexString(addr) + " (FUTEX_WAIT"
                    + (deadline == NO_DEADLINE ? ", no timeout)" : ", with a timeout)");
        }
    }

    /**
     * FUTEX_WAIT: parks {@code t} on {@code addr} unless the word no longer holds {@code expected}
     * (EAGAIN). {@code deadline} is a CLOCK_MONOTONIC time or {@link Blocker#NO_DEADLINE}.
     */
    public void wait(Task t, long addr, int expected, int bitset, long deadline) throws dev.flatland.abi.ErrnoException {
        if ((addr & 3) != 0 || bitset == 0) {
            throw new dev.flatland.abi.ErrnoException(Errno.EINVAL);
        }
        if (t.userMemory().read32(addr) != expected) {
            throw new dev.flatland.abi.ErrnoException(Errno.EAGAIN);
        }
        if (kernel.clock().monotonicNs() >= deadline) {
            throw new dev.flatland.abi.ErrnoException(Errno.ETIMEDOUT);
        }
        Waiter w = new Waiter(t, addr, expected, bitset, deadline);
        queue.add(w);
        kernel.scheduler().park(t, w);
    }

    /** FUTEX_WAKE(_BITSET): wakes up to {@code n} waiters on {@code addr} whose bitset meets {@code bitset}. */
    public int wake(long addr, int n, int bitset) {
        int woken = 0;
        for (Waiter w : queue) {
            if (woken >= n) {
                break;
            }
            if (!w.woken && w.addr == addr && (w.bitset & bitset) != 0) {
                w.woken = true;
                woken++;
            }
        }
        queue.removeIf(w -> w.woken);
        return woken;
    }

    /** FUTEX_REQUEUE: wakes up to {@code nwake} on {@code from}, moves up to {@code nmove} more to {@code to}. */
    public int requeue(long from, int nwake, long to, int nmove) {
        int woken = wake(from, nwake, BITSET_MATCH_ANY);
        int moved = 0;
        for (Waiter w : queue) {
            if (moved >= nmove) {
                break;
            }
            if (w.addr == from) {
                w.addr = to;
                moved++;
            }
        }
        return woken + moved;
    }

    /** How many tasks wait on {@code addr} (tests and diagnostics). */
    public int waiters(long addr) {
        int n = 0;
        for (Waiter w : queue) {
            if (w.addr == addr && !w.woken) {
                n++;
            }
        }
        return n;
    }
}
