package dev.flatland.kernel;

import dev.flatland.abi.SigInfo;
import dev.flatland.abi.Signal;

/**
 * A process's interval timers (setitimer(2), alarm(2)): ITIMER_REAL on the kernel's monotonic
 * {@link Clock} (virtual or host time), ITIMER_VIRTUAL and ITIMER_PROF on its CPU time (the
 * instruction count). Expiry is checked by the run loop at every return to user mode, so it is
 * as fine-grained as the instruction budget. Linux: kernel/time/itimer.c.
 */
public final class ITimers {
    public static final int ITIMER_REAL = 0;
    public static final int ITIMER_VIRTUAL = 1;
    public static final int ITIMER_PROF = 2;
    static final int[] SIGNALS = {Signal.SIGALRM, Signal.SIGVTALRM, Signal.SIGPROF};

    /** Absolute expiry in the timer's clock (0 = disarmed) and the reload interval, nanoseconds. */
    private final long[] expires = new long[3];
    private final long[] interval = new long[3];

    private final PosixTimers posix = new PosixTimers();

    ITimers() {
    }

    /** The process's POSIX timers (timer_create). */
    public PosixTimers posix() {
        return posix;
    }

    static long now(Clock c, int which) {
        return which == ITIMER_REAL ? c.monotonicNs() : c.cpuTimeNs();
    }

    /** The remaining time and interval of {@code which}: {value, interval} in nanoseconds. */
    public long[] get(Clock c, int which) {
        if (expires[which] == 0) {
            return new long[] {0, interval[which]};
        }
        long left = expires[which] - now(c, which);
        // An expired timer not yet seen by the run loop reports the smallest nonzero value, as Linux does.
        return new long[] {Math.max(left, 1000), interval[which]};
    }

    /** Arms or (value 0) disarms {@code which}; returns the previous {value, interval}. */
    public long[] set(Clock c, int which, long valueNs, long intervalNs) {
        long[] old = get(c, which);
        expires[which] = valueNs == 0 ? 0 : now(c, which) + valueNs;
        interval[which] = valueNs == 0 ? 0 : intervalNs;
        return old;
    }

    /** The next ITIMER_REAL or POSIX timer expiry on the monotonic clock, or 0 (what sleeps wake for). */
    long realExpiry() {
        long d = realDeadline();
        return d == Blocker.NO_DEADLINE ? 0 : d;
    }

    /** The next ITIMER_REAL or POSIX timer expiry as a wait deadline, or {@link Blocker#NO_DEADLINE}. */
    long realDeadline() {
        long d = posix.deadline();
        return expires[ITIMER_REAL] == 0 ? d : Math.min(d, expires[ITIMER_REAL]);
    }

    /** Sends the signal of every expired timer to {@code t} and reloads periodic ones. */
    void poll(Kernel k, Task t) {
        posix.poll(k, t.group());
        for (int w = 0; w < 3; w++) {
            if (expires[w] == 0) {
                continue;
            }
            long now = now(k.clock(), w);
            if (now - expires[w] < 0) {
                continue;
            }
            if (interval[w] != 0) {
                long late = now - expires[w];
                expires[w] += (late / interval[w] + 1) * interval[w];
            } else {
                expires[w] = 0;
            }
            // it_real_fn: kill_pid_info(SIGALRM, SEND_SIG_PRIV): si_code SI_KERNEL, no sender, sent
            // to the process (a thread that does not block it takes it).
            JobControl.signalProcess(t.group(), SigInfo.of(SIGNALS[w], SigInfo.SI_KERNEL));
        }
    }
}
