package dev.flatland.syscall;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Signal;
import dev.flatland.kernel.Clock;
import dev.flatland.kernel.PosixTimers;
import dev.flatland.kernel.Task;
import dev.flatland.memory.UserMemory;

/**
 * POSIX per-process timers: timer_create, timer_settime, timer_gettime, timer_getoverrun and
 * timer_delete (kernel/time/posix-timers.c). Thin handlers over {@link PosixTimers}.
 */
final class SignalTimerSyscalls {
    static final int CLOCK_REALTIME = 0;
    static final int CLOCK_MONOTONIC = 1;
    static final int CLOCK_PROCESS_CPUTIME_ID = 2;
    static final int CLOCK_THREAD_CPUTIME_ID = 3;
    static final int CLOCK_BOOTTIME = 7;
    static final int CLOCK_TAI = 11;
    static final int TIMER_ABSTIME = 1;
    static final long NS_PER_S = 1_000_000_000L;

    private SignalTimerSyscalls() {
    }

    /**
     * timer_create(clockid, sevp, timerid): clocks without timers (MONOTONIC_RAW, the coarse ones)
     * are EOPNOTSUPP, unknown ones EINVAL; good_sigevent's rules for the struct sigevent
     * {sigev_value, sigev_signo, sigev_notify, sigev_notify_thread_id}; NULL means SIGALRM with the
     * timer id as value.
     */
    static long timerCreate(Task t, SyscallArgs a) throws ErrnoException {
        int clk = a.int32(0);
        boolean cpu = switch (clk) {
            case CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_BOOTTIME, CLOCK_TAI -> false;
            case CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID -> true;
            case 4, 5, 6 -> throw new ErrnoException(Errno.EOPNOTSUPP);   // no timer_create in their k_clock
            default -> throw new ErrnoException(Errno.EINVAL);
        };
        UserMemory um = t.userMemory();
        long sevp = a.ptr(1);
        int notify = PosixTimers.SIGEV_SIGNAL;
        int signo = Signal.SIGALRM;
        long value = 0;
        boolean defaultValue = sevp == 0;
        Task target = null;
        if (sevp != 0) {
            value = um.read64(sevp);
            signo = um.read32(sevp + 8);
            notify = um.read32(sevp + 12);
            switch (notify) {
                case PosixTimers.SIGEV_THREAD_ID -> {
                    target = t.kernel().processes().task(um.read32(sevp + 16));
                    if (target == null || target.group() != t.group()) {
                        throw new ErrnoException(Errno.EINVAL);
                    }
                    checkSignal(signo);
                }
                case PosixTimers.SIGEV_SIGNAL, PosixTimers.SIGEV_THREAD -> checkSignal(signo);
                case PosixTimers.SIGEV_NONE -> { }
                default -> throw new ErrnoException(Errno.EINVAL);
            }
        }
        PosixTimers timers = t.group().timers().posix();
        int id = timers.create(clk, cpu, notify, signo, value, defaultValue, target);
        try {
            um.write32(a.ptr(2), id);
        } catch (ErrnoException e) {
            timers.delete(id);
            throw e;
        }
        return 0;
    }

    private static void checkSignal(int signo) throws ErrnoException {
        if (!PosixTimers.validSignal(signo)) {
            throw new ErrnoException(Errno.EINVAL);
        }
    }

    /** timer_settime(id, flags, new, old): TIMER_ABSTIME takes the value as a time on the timer's clock. */
    static long timerSettime(Task t, SyscallArgs a) throws ErrnoException {
        int id = a.int32(0);
        boolean abs = (a.int32(1) & TIMER_ABSTIME) != 0;
        if (a.ptr(2) == 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        UserMemory um = t.userMemory();
        long interval = timespec(um, a.ptr(2));
        long value = timespec(um, a.ptr(2) + 16);
        PosixTimers timers = t.group().timers().posix();
        Clock c = t.kernel().clock();
        if (abs && value != 0) {
            value = kernelTime(t, id, value);
        }
        long[] old = timers.set(c, id, value, interval, abs);
        if (a.ptr(3) != 0) {
            putItimerspec(um, a.ptr(3), old);
        }
        return 0;
    }

    /**
     * An absolute time on the timer's clock as a time on the kernel clock the timer runs on: CLOCK_REALTIME
     * and CLOCK_TAI differ from the monotonic clock by a fixed offset here (no clock_settime).
     */
    private static long kernelTime(Task t, int id, long abs) throws ErrnoException {
        Clock c = t.kernel().clock();
        int clk = t.group().timers().posix().clockOf(id);
        return switch (clk) {
            case CLOCK_REALTIME -> c.monotonicNs() + (abs - c.realtimeNs());
            case CLOCK_TAI -> c.monotonicNs() + (abs - c.realtimeNs() - 37 * NS_PER_S);
            default -> abs;
        };
    }

    static long timerGettime(Task t, SyscallArgs a) throws ErrnoException {
        long[] cur = t.group().timers().posix().get(t.kernel().clock(), a.int32(0));
        putItimerspec(t.userMemory(), a.ptr(1), cur);
        return 0;
    }

    static long timerGetoverrun(Task t, SyscallArgs a) throws ErrnoException {
        return t.group().timers().posix().overrun(a.int32(0));
    }

    static long timerDelete(Task t, SyscallArgs a) throws ErrnoException {
        t.group().timers().posix().delete(a.int32(0));
        return 0;
    }

    /** A struct timespec in nanoseconds; EINVAL unless timespec64_valid (sec >= 0, 0 <= nsec < 1e9). */
    private static long timespec(UserMemory um, long p) throws ErrnoException {
        long sec = um.read64(p);
        long nsec = um.read64(p + 8);
        if (sec < 0 || nsec < 0 || nsec >= NS_PER_S) {
            throw new ErrnoException(Errno.EINVAL);
        }
        return sec > Long.MAX_VALUE / NS_PER_S - 1 ? Long.MAX_VALUE / 4 : sec * NS_PER_S + nsec;
    }

    /** struct itimerspec {it_interval, it_value} from {value, interval}. */
    private static void putItimerspec(UserMemory um, long p, long[] v) throws ErrnoException {
        um.write64(p, v[1] / NS_PER_S);
        um.write64(p + 8, v[1] % NS_PER_S);
        um.write64(p + 16, v[0] / NS_PER_S);
        um.write64(p + 24, v[0] % NS_PER_S);
    }
}
