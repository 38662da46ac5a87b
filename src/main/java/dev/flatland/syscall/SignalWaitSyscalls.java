package dev.flatland.syscall;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.SigInfo;
import dev.flatland.abi.Signal;
import dev.flatland.kernel.ITimers;
import dev.flatland.kernel.SignalDelivery;
import dev.flatland.kernel.Task;
import dev.flatland.memory.UserMemory;

/**
 * Waiting for signals and the timers that send them: pause, rt_sigsuspend, rt_sigtimedwait,
 * rt_sigpending (kernel/signal.c), alarm, setitimer, getitimer (kernel/time/itimer.c). The waits
 * end with -ERESTARTNOHAND, which the return-to-user path turns into EINTR once a handler runs.
 */
final class SignalWaitSyscalls {
    static final long UNBLOCKABLE = Signal.bit(Signal.SIGKILL) | Signal.bit(Signal.SIGSTOP);
    static final long NS_PER_US = 1000L;
    static final long NS_PER_S = 1_000_000_000L;

    private SignalWaitSyscalls() {
    }

    static long pause(Task t, SyscallArgs a) throws ErrnoException {
        if (SignalDelivery.othersAlive(t)) {
            SignalDelivery.parkForSignal(t, "a signal (pause)");
            return 0; // parked: the scheduler writes RAX (EINTR) when a signal arrives
        }
        SignalDelivery.waitForSignal(t, ~t.blocked(), -1);
        throw new ErrnoException(Errno.ERESTARTNOHAND);
    }

    /** rt_sigsuspend(mask, sigsetsize): waits with {@code mask}; the old mask returns after the handler. */
    static long rtSigsuspend(Task t, SyscallArgs a) throws ErrnoException {
        if (a.sizeT(1) != Signal.SIGSET_SIZE) {
            throw new ErrnoException(Errno.EINVAL);
        }
        long mask = t.userMemory().read64(a.ptr(0));
        long old = t.blocked();
        t.setBlocked(mask);
        t.signals().setRestoreMask(old);
        if (SignalDelivery.othersAlive(t)) {
            SignalDelivery.parkForSignal(t, "a signal (sigsuspend)");
            return 0; // parked: the scheduler writes RAX (EINTR) when a signal arrives
        }
        SignalDelivery.waitForSignal(t, ~t.blocked(), -1);
        throw new ErrnoException(Errno.ERESTARTNOHAND);
    }

    /** rt_sigpending(set, sigsetsize): pending and blocked; sigsetsize may be smaller than 8. */
    static long rtSigpending(Task t, SyscallArgs a) throws ErrnoException {
        if (Long.compareUnsigned(a.sizeT(1), Signal.SIGSET_SIZE) > 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        long set = SignalDelivery.pending(t) & t.blocked();
        byte[] b = new byte[(int) a.sizeT(1)];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (set >>> (8 * i));
        }
        t.userMemory().copyOut(a.ptr(0), b);
        return 0;
    }

    /**
     * rt_sigtimedwait(set, info, timeout, sigsetsize): takes a pending signal from {@code set},
     * waiting with those signals unblocked; EAGAIN on timeout, EINTR when another signal arrives.
     */
    static long rtSigtimedwait(Task t, SyscallArgs a) throws ErrnoException {
        if (a.sizeT(3) != Signal.SIGSET_SIZE) {
            throw new ErrnoException(Errno.EINVAL);
        }
        UserMemory um = t.userMemory();
        long set = um.read64(a.ptr(0)) & ~UNBLOCKABLE;   // sigdelsetmask(SIGKILL, SIGSTOP)
        long timeout = -1;
        if (a.ptr(2) != 0) {
            long sec = um.read64(a.ptr(2));
            long nsec = um.read64(a.ptr(2) + 8);
            if (sec < 0 || nsec < 0 || nsec >= NS_PER_S) {
                throw new ErrnoException(Errno.EINVAL);
            }
            timeout = sec > Long.MAX_VALUE / NS_PER_S - 1 ? Long.MAX_VALUE / 2 : sec * NS_PER_S + nsec;
        }
        return dev.flatland.kernel.SignalWait.sigtimedwait(t, set, timeout, a.ptr(1));
    }

    /** alarm(seconds): returns the seconds left, rounded to nearest (at least 1 while armed). */
    static long alarm(Task t, SyscallArgs a) {
        long[] old = t.group().timers().set(t.kernel().clock(), ITimers.ITIMER_REAL, a.uint32(0) * NS_PER_S, 0);
        long left = old[0];
        if (left == 0) {
            return 0;
        }
        long sec = left / NS_PER_S;
        long rem = left % NS_PER_S;
        // alarm_setitimer: whole seconds, rounding up from 0.5 s, and never 0 for a live timer.
        if (rem >= NS_PER_S / 2 || sec == 0) {
            sec++;
        }
        return sec;
    }

    static long setitimer(Task t, SyscallArgs a) throws ErrnoException {
        int which = which(a.int32(0));
        UserMemory um = t.userMemory();
        long valueNs = 0;
        long intervalNs = 0;
        if (a.ptr(1) != 0) {
            intervalNs = timeval(um, a.ptr(1));
            valueNs = timeval(um, a.ptr(1) + 16);
        }
        long[] old = t.group().timers().set(t.kernel().clock(), which, valueNs, intervalNs);
        if (a.ptr(2) != 0) {
            putItimerval(um, a.ptr(2), old);
        }
        return 0;
    }

    static long getitimer(Task t, SyscallArgs a) throws ErrnoException {
        int which = which(a.int32(0));
        putItimerval(t.userMemory(), a.ptr(1), t.group().timers().get(t.kernel().clock(), which));
        return 0;
    }

    private static int which(int w) throws ErrnoException {
        if (w < ITimers.ITIMER_REAL || w > ITimers.ITIMER_PROF) {
            throw new ErrnoException(Errno.EINVAL);
        }
        return w;
    }

    /** A struct timeval in nanoseconds; a bad tv_usec is EINVAL (get_itimerval / timeval_valid). */
    private static long timeval(UserMemory um, long p) throws ErrnoException {
        long sec = um.read64(p);
        long usec = um.read64(p + 8);
        if (sec < 0 || usec < 0 || usec >= 1_000_000) {
            throw new ErrnoException(Errno.EINVAL);
        }
        return sec > Long.MAX_VALUE / NS_PER_S - 1 ? Long.MAX_VALUE / 2 : sec * NS_PER_S + usec * NS_PER_US;
    }

    /** struct itimerval {it_interval, it_value}; values round up to whole microseconds. */
    private static void putItimerval(UserMemory um, long p, long[] v) throws ErrnoException {
        long interval = (v[1] + NS_PER_US - 1) / NS_PER_US;
        long value = (v[0] + NS_PER_US - 1) / NS_PER_US;
        um.write64(p, interval / 1_000_000);
        um.write64(p + 8, interval % 1_000_000);
        um.write64(p + 16, value / 1_000_000);
        um.write64(p + 24, value % 1_000_000);
    }
}
