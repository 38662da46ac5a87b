package dev.flatland.kernel;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.SigInfo;
import dev.flatland.abi.Signal;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A process's POSIX interval timers (timer_create(2) and friends; kernel/time/posix-timers.c). Ids
 * are per process and count up from 0. Each timer owns one siginfo (si_code SI_TIMER, si_timerid,
 * si_overrun, si_value): while it is still queued, a further expiry only counts an overrun, and the
 * count the delivered signal carries is what timer_getoverrun then reports. Expiry is checked at the
 * same points as {@link ITimers} (every return to user mode, and for parked tasks by the scheduler),
 * so a sleeping process is woken by its timers. The realtime and monotonic clocks both run on the
 * kernel's monotonic clock (an absolute CLOCK_REALTIME time is converted when armed); the CPU-time
 * clocks count the kernel's instruction-derived CPU time, for every thread alike.
 */
public final class PosixTimers {
    public static final int SIGEV_SIGNAL = 0;
    public static final int SIGEV_NONE = 1;
    public static final int SIGEV_THREAD = 2;
    public static final int SIGEV_THREAD_ID = 4;
    /** siginfo offsets of the _timer member (include/uapi/asm-generic/siginfo.h). */
    static final int SI_TIMERID = 16;
    static final int SI_OVERRUN = 20;
    /** DELAYTIMER_MAX: the overrun count saturates at INT_MAX. */
    static final int DELAYTIMER_MAX = Integer.MAX_VALUE;

    /** One k_itimer. {@code target} is the thread for SIGEV_THREAD_ID, else null (the process). */
    static final class Timer {
        final int id;
        final int clock;
        final boolean cpuClock;
        final int notify;
        final int signo;
        final long value;
        final Task target;
        long expires;     // 0: disarmed; else absolute on the timer's clock
        long interval;
        int overrun;      // expiries while the signal was still queued
        int overrunLast;  // what the last delivered signal carried (timer_getoverrun)
        SigInfo queued;   // the siginfo while it is pending

        Timer(int id, int clock, boolean cpuClock, int notify, int signo, long value, Task target) {
            this.id = id;
            this.clock = clock;
            this.cpuClock = cpuClock;
            this.notify = notify;
            this.signo = signo;
            this.value = value;
            this.target = target;
        }
    }

    private final Map<Integer, Timer> timers = new TreeMap<>();
    private final Map<SigInfo, Timer> inFlight = new IdentityHashMap<>();
    private int nextId;

    PosixTimers() {
    }

    static long now(Clock c, Timer tm) {
        return tm.cpuClock ? c.cpuTimeNs() : c.monotonicNs();
    }

    /**
     * timer_create: returns the new id. {@code valueIsId} gives the sigevent-less default, whose
     * si_value is the id. {@code target} is checked by the caller (good_sigevent).
     */
    public int create(int clock, boolean cpuClock, int notify, int signo, long value, boolean valueIsId, Task target)
            throws ErrnoException {
        if (timers.size() >= SigPending.MAX_QUEUED) {
            throw new ErrnoException(Errno.EAGAIN);
        }
        int id = nextId;
        nextId = (nextId + 1) & Integer.MAX_VALUE;
        timers.put(id, new Timer(id, clock, cpuClock, notify, signo, valueIsId ? id : value, target));
        return id;
    }

    /** The clock id timer {@code id} was created on. */
    public int clockOf(int id) throws ErrnoException {
        return get(id).clock;
    }

    private Timer get(int id) throws ErrnoException {
        Timer tm = timers.get(id);
        if (tm == null) {
            throw new ErrnoException(Errno.EINVAL);
        }
        return tm;
    }

    /**
     * timer_settime: arms ({@code valueNs} > 0, relative or, with {@code absolute}, a time on the
     * timer's clock already converted to the kernel clock by the caller) or disarms; returns the
     * previous {value, interval}. Re-arming forgets the overrun count.
     */
    public long[] set(Clock c, int id, long valueNs, long intervalNs, boolean absolute) throws ErrnoException {
        Timer tm = get(id);
        long[] old = get(c, tm);
        tm.overrun = 0;
        if (valueNs == 0) {
            tm.expires = 0;
            tm.interval = 0;
            return old;
        }
        long now = now(c, tm);
        tm.expires = absolute ? Math.max(valueNs, 1) : now + valueNs;
        tm.interval = intervalNs;
        return old;
    }

    /** timer_gettime: {time left, interval}; an expired timer not yet seen reads 1 ns left. */
    public long[] get(Clock c, int id) throws ErrnoException {
        return get(c, get(id));
    }

    private static long[] get(Clock c, Timer tm) {
        if (tm.expires == 0) {
            return new long[] {0, tm.interval};
        }
        return new long[] {Math.max(tm.expires - now(c, tm), 1), tm.interval};
    }

    /** timer_getoverrun: the overruns of the last delivered expiry. */
    public int overrun(int id) throws ErrnoException {
        return get(id).overrunLast;
    }

    /** timer_delete. A signal already queued stays queued (it is delivered as it is). */
    public void delete(int id) throws ErrnoException {
        Timer tm = get(id);
        timers.remove(id);
        if (tm.queued != null) {
            inFlight.remove(tm.queued);
        }
    }

    /** exit_itimers at execve: every timer is deleted. */
    void clear() {
        timers.clear();
        inFlight.clear();
    }

    /** The earliest armed expiry on the monotonic clock, or {@link Blocker#NO_DEADLINE}. */
    long deadline() {
        long d = Blocker.NO_DEADLINE;
        for (Timer tm : timers.values()) {
            if (tm.expires != 0 && !tm.cpuClock) {
                d = Math.min(d, tm.expires);
            }
        }
        return d;
    }

    /** A signal is being taken off a queue: a timer's records the overruns it carries. */
    void delivered(SigInfo info) {
        if (info == null || info.code() != SigInfo.SI_TIMER) {
            return;
        }
        Timer tm = inFlight.remove(info);
        if (tm != null && tm.queued == info) {
            tm.overrunLast = tm.overrun;
            tm.overrun = 0;
            tm.queued = null;
        }
    }

    /** Fires every expired timer of {@code g} (posix_timer_fn, posixtimer_rearm). */
    void poll(Kernel k, ThreadGroup g) {
        if (timers.isEmpty()) {
            return;
        }
        List<Timer> due = new ArrayList<>();
        for (Timer tm : timers.values()) {
            if (tm.expires != 0 && now(k.clock(), tm) - tm.expires >= 0) {
                due.add(tm);
            }
        }
        for (Timer tm : due) {
            long now = now(k.clock(), tm);
            int missed = 0;
            if (tm.interval != 0) {
                long late = now - tm.expires;
                long periods = late / tm.interval;
                tm.expires += (periods + 1) * tm.interval;
                missed = (int) Math.min(periods, DELAYTIMER_MAX);
            } else {
                tm.expires = 0;
            }
            fire(g, tm, missed);
        }
    }

    private void fire(ThreadGroup g, Timer tm, int missed) {
        if (tm.notify == SIGEV_NONE) {
            return;
        }
        if (tm.queued != null) {
            // still pending: count the expiry instead of queueing it again
            tm.overrun = (int) Math.min((long) tm.overrun + 1 + missed, DELAYTIMER_MAX);
            tm.queued.put32(SI_OVERRUN, tm.overrun);
            return;
        }
        tm.overrun = missed;
        SigInfo info = SigInfo.of(tm.signo, SigInfo.SI_TIMER);
        info.put32(SI_TIMERID, tm.id);
        info.put32(SI_OVERRUN, tm.overrun);
        info.put64(SigInfo.SI_VALUE, tm.value);
        boolean queued;
        if (tm.target != null && !tm.target.exited()) {
            queued = SignalDelivery.send(tm.target, info);
        } else {
            JobControl.signalProcess(g, info);
            queued = pendingAnywhere(g, info);
        }
        if (queued) {
            tm.queued = info;
            inFlight.put(info, tm);
        }
    }

    private static boolean pendingAnywhere(ThreadGroup g, SigInfo info) {
        for (Task t : g.tasks()) {
            if (t.signals().pending.contains(info)) {
                return true;
            }
        }
        return false;
    }

    /** True for a valid timer signal number (1..SIGRTMAX). */
    public static boolean validSignal(int sig) {
        return sig > 0 && sig <= Signal.NSIG;
    }
}
