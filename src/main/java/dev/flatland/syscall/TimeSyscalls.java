package dev.flatland.syscall;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.kernel.Clock;
import dev.flatland.kernel.Task;

/** clock_gettime and friends, sleeps (kernel/time/*.c); virtual time under --deterministic. */
final class TimeSyscalls {
    static final int CLOCK_REALTIME = 0;
    static final int CLOCK_MONOTONIC = 1;
    static final int CLOCK_PROCESS_CPUTIME_ID = 2;
    static final int CLOCK_THREAD_CPUTIME_ID = 3;
    static final int CLOCK_MONOTONIC_RAW = 4;
    static final int CLOCK_REALTIME_COARSE = 5;
    static final int CLOCK_MONOTONIC_COARSE = 6;
    static final int CLOCK_BOOTTIME = 7;
    static final int CLOCK_TAI = 11;
    static final int TIMER_ABSTIME = 1;
    /** The coarse clocks tick at HZ (250 in Debian's config): 4 ms resolution. */
    static final long COARSE_RES_NS = 4_000_000;

    private TimeSyscalls() {
    }

    static long clockNs(Task t, int clk) throws ErrnoException {
        Clock c = t.kernel().clock();
        if (clk < 0) {
            checkCpuClock(t, clk);
            return c.cpuTimeNs();
        }
        return switch (clk) {
            case CLOCK_REALTIME, CLOCK_REALTIME_COARSE -> c.realtimeNs();
            case CLOCK_TAI -> c.realtimeNs() + 37_000_000_000L;
            case CLOCK_MONOTONIC, CLOCK_MONOTONIC_RAW, CLOCK_MONOTONIC_COARSE, CLOCK_BOOTTIME -> c.monotonicNs();
            case CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID -> c.cpuTimeNs();
            default -> throw new ErrnoException(Errno.EINVAL);
        };
    }

    /**
     * A CPU-time clock id of another (or the same) process or thread (kernel/time/posix-cpu-timers.c,
     * what clock_getcpuclockid and pthread_getcpuclockid return): ~pid << 3 | thread bit (4) | which
     * (0 PROF, 1 VIRT, 2 SCHED). pid 0 is the caller; a thread clock must name a thread of the
     * caller's process, a process clock a live process; anything else is EINVAL. Flatland counts
     * one CPU time for the whole run, so every CPU clock reads it.
     */
    private static void checkCpuClock(Task t, int clk) throws ErrnoException {
        int which = clk & 3;
        boolean thread = (clk & 4) != 0;
        int pid = ~(clk >> 3);
        if (which == 3) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (pid == 0 || !thread && pid == dev.flatland.kernel.ProcessTree.INIT_PID) {
            return;   // pid 1 is the host-side init, a live process to its guests
        }
        Task p = t.kernel().processes().task(pid);
        boolean ok = thread ? p != null && p.group() == t.group() && !p.exited()
                : p != null && p.group().tgid() == pid && !p.group().exited();
        if (!ok) {
            throw new ErrnoException(Errno.EINVAL);
        }
    }

    static long clockGettime(Task t, SyscallArgs a) throws ErrnoException {
        long ns = clockNs(t, a.int32(0));
        writeTimespec(t, a.ptr(1), ns);
        return 0;
    }

    static long clockGetres(Task t, SyscallArgs a) throws ErrnoException {
        int clk = a.int32(0);
        clockNs(t, clk);   // EINVAL for unknown clocks
        if (a.ptr(1) != 0) {
            // posix_cpu_clock_getres: 1 ns for SCHED, a tick for PROF and VIRT
            boolean coarse = clk == CLOCK_REALTIME_COARSE || clk == CLOCK_MONOTONIC_COARSE || clk < 0 && (clk & 3) != 2;
            writeTimespec(t, a.ptr(1), coarse ? COARSE_RES_NS : 1);
        }
        return 0;
    }

    static long gettimeofday(Task t, SyscallArgs a) throws ErrnoException {
        long ns = t.kernel().clock().realtimeNs();
        if (a.ptr(0) != 0) {
            t.userMemory().write64(a.ptr(0), Math.floorDiv(ns, 1_000_000_000L));
            t.userMemory().write64(a.ptr(0) + 8, Math.floorMod(ns, 1_000_000_000L) / 1000);
        }
        if (a.ptr(1) != 0) {
            t.userMemory().write64(a.ptr(1), 0);   // struct timezone: minuteswest 0, dsttime 0
        }
        return 0;
    }

    static long time(Task t, SyscallArgs a) throws ErrnoException {
        long s = Math.floorDiv(t.kernel().clock().realtimeNs(), 1_000_000_000L);
        if (a.ptr(0) != 0) {
            t.userMemory().write64(a.ptr(0), s);
        }
        return s;
    }

    static long nanosleep(Task t, SyscallArgs a) throws ErrnoException {
        long[] ts = readTimespec(t, a.ptr(0));
        long end = t.kernel().clock().monotonicNs() + ts[0] * 1_000_000_000L + ts[1];
        // A signal writes the time left to rem; EINTR once a handler runs, else restart_syscall.
        return dev.flatland.kernel.SignalWait.sleepUntil(t, end, a.ptr(1), Errno.ERESTART_RESTARTBLOCK);
    }

    static long clockNanosleep(Task t, SyscallArgs a) throws ErrnoException {
        int clk = a.int32(0);
        if (clk == CLOCK_THREAD_CPUTIME_ID || clk == CLOCK_MONOTONIC_RAW || clk == CLOCK_REALTIME_COARSE
                || clk == CLOCK_MONOTONIC_COARSE) {
            throw new ErrnoException(Errno.EINVAL);
        }
        long now = clockNs(t, clk);
        long[] ts = readTimespec(t, a.ptr(2));
        long ns = ts[0] * 1_000_000_000L + ts[1];
        boolean abs = (a.int32(1) & TIMER_ABSTIME) != 0;
        if (abs) {
            ns -= now;
        }
        // hrtimer_nanosleep: relative sleeps report the rest in rem and restart through restart_syscall;
        // absolute ones are simply issued again (-ERESTARTNOHAND).
        long end = t.kernel().clock().monotonicNs() + Math.max(ns, 0);
        return dev.flatland.kernel.SignalWait.sleepUntil(t, end, abs ? 0 : a.ptr(3),
                abs ? Errno.ERESTARTNOHAND : Errno.ERESTART_RESTARTBLOCK);
    }

    /** Reads a struct timespec; EINVAL unless 0 <= tv_nsec < 1e9 and tv_sec >= 0. */
    static long[] readTimespec(Task t, long addr) throws ErrnoException {
        long sec = t.userMemory().read64(addr);
        long nsec = t.userMemory().read64(addr + 8);
        if (sec < 0 || nsec < 0 || nsec >= 1_000_000_000L) {
            throw new ErrnoException(Errno.EINVAL);
        }
        return new long[] {Math.min(sec, Long.MAX_VALUE / 1_000_000_000L - 1), nsec};
    }

    static void writeTimespec(Task t, long addr, long ns) throws ErrnoException {
        t.userMemory().write64(addr, Math.floorDiv(ns, 1_000_000_000L));
        t.userMemory().write64(addr + 8, Math.floorMod(ns, 1_000_000_000L));
    }

    static void sleep(Task t, long ns) throws ErrnoException {
        try {
            t.kernel().clock().sleep(ns);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ErrnoException(Errno.EINTR);
        }
    }
}
