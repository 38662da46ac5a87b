package dev.flatland.kernel;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;

/**
 * The sleeping half of poll, select and epoll_wait (fs/select.c do_poll, fs/eventpoll.c
 * ep_poll): the scheduler re-checks the waited-for files before each pick (there are no wait
 * queues: {@link Blocker#ready()} is the check), wakes the task at its timeout, at the next
 * ITIMER_REAL expiry (so SIGALRM interrupts the wait) or at a timerfd's expiry, and ends the wait
 * with EINTR when a signal arrives. A wait on the host's stdin is re-checked every millisecond.
 */
public final class PollWait {
    /** How often a wait whose readiness depends on the host is re-checked. */
    static final long HOST_RECHECK_NS = 1_000_000L;

    /** One attempt at completing the wait. */
    public interface Attempt {
        /**
         * Checks the files; when something is ready (or {@code timedOut}) copies the results out and
         * returns the syscall's value, else returns -1 and changes nothing.
         */
        long tryComplete(boolean timedOut) throws ErrnoException;
    }

    private PollWait() {
    }

    /**
     * Parks {@code t} until {@code attempt} completes, {@code deadlineNs} (CLOCK_MONOTONIC, or
     * {@link Blocker#NO_DEADLINE}) passes, or a signal arrives ({@code onSignal} runs then, e.g.
     * to write select's remaining time). {@code wakeAt} gives extra wake-up times (timerfd expiries,
     * 0 for none); {@code host} makes the wait re-check every millisecond.
     */
    public static void park(Task t, long deadlineNs, java.util.function.LongSupplier wakeAt, boolean host,
            Attempt attempt, Runnable onSignal, String what) {
        Kernel k = t.kernel();
        k.scheduler().park(t, new Blocker() {
            private long result;

            @Override
            public boolean ready() {
                t.group().timers().poll(k, t);
                boolean timedOut = deadlineNs != NO_DEADLINE && k.clock().monotonicNs() - deadlineNs >= 0;
                try {
                    result = attempt.tryComplete(timedOut);
                } catch (ErrnoException e) {
                    result = -e.errno().number();
                }
                return result != -1 || timedOut;
            }

            @Override
            public long result() {
                return result == -1 ? 0 : result;
            }

            @Override
            public long deadline() {
                long d = deadlineNs;
                long alarm = t.group().timers().realExpiry();
                if (alarm != 0) {
                    d = Math.min(d, alarm);
                }
                long w = wakeAt.getAsLong();
                if (w != 0) {
                    d = Math.min(d, w);
                }
                if (host) {
                    d = Math.min(d, k.clock().monotonicNs() + HOST_RECHECK_NS);
                }
                return d;
            }

            @Override
            public void cancel() {
                onSignal.run();
            }

            @Override
            public String describe() {
                return what;
            }
        });
    }

    /** The caller's task, for a blocking read of an event file (EAGAIN outside a task context). */
    static Task current(Kernel k) throws ErrnoException {
        Task t = k.current();
        if (t == null) {
            throw new ErrnoException(Errno.EAGAIN);
        }
        return t;
    }
}
