package dev.flatland.kernel;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.SigInfo;

/**
 * Interruptible sleeps that other tasks can end: nanosleep and clock_nanosleep
 * (kernel/time/hrtimer.c do_nanosleep, hrtimer_nanosleep_restart) and rt_sigtimedwait
 * (kernel/signal.c do_sigtimedwait). With other tasks alive the caller parks in the scheduler, so
 * the rest of the run goes on and a signal from another task ends the sleep; a lone task sleeps in
 * {@link SignalDelivery#waitForSignal}, where only its timers and the terminal can wake it.
 */
public final class SignalWait {
    private SignalWait() {
    }

    /**
     * Sleeps until CLOCK_MONOTONIC {@code end}. Returns 0 when the time is up. A signal ends the
     * sleep with {@code code}: -ERESTART_RESTARTBLOCK for a relative sleep, which first writes the
     * time left to {@code remAddr} (unless 0) and saves a restart_block that sleeps on to the same
     * end (so a stop and continue does not lengthen the sleep), or -ERESTARTNOHAND for an absolute
     * one, which is simply issued again.
     */
    public static long sleepUntil(Task t, long end, long remAddr, Errno code) throws ErrnoException {
        Kernel k = t.kernel();
        long now = k.clock().monotonicNs();
        if (now - end >= 0) {
            return 0;
        }
        if (!SignalDelivery.othersAlive(t)) {
            long left = SignalDelivery.sleepInterruptible(t, end - now);
            if (left > 0) {
                saveRestart(t, end, remAddr, code);
                throw new ErrnoException(code);
            }
            return 0;
        }
        k.scheduler().park(t, new Blocker() {
            @Override
            public boolean ready() {
                return k.clock().monotonicNs() - end >= 0;
            }

            @Override
            public long result() {
                return 0;
            }

            @Override
            public long deadline() {
                return end;
            }

            @Override
            public Errno interruptedBy() {
                return code;
            }

            @Override
            public void cancel() {
                if (!t.exited()) {
                    saveRestart(t, end, remAddr, code);
                }
            }

            @Override
            public String describe() {
                return "the end of a sleep (nanosleep)";
            }
        });
        return 0;
    }

    /** do_nanosleep's exit on a signal: the time left to rem, and hrtimer_nanosleep_restart armed. */
    private static void saveRestart(Task t, long end, long remAddr, Errno code) {
        if (code != Errno.ERESTART_RESTARTBLOCK) {
            return;
        }
        long left = Math.max(end - t.kernel().clock().monotonicNs(), 0);
        if (remAddr != 0) {
            try {
                t.userMemory().write64(remAddr, left / 1_000_000_000L);
                t.userMemory().write64(remAddr + 8, left % 1_000_000_000L);
            } catch (ErrnoException e) {
                // nanosleep_copyout's EFAULT is lost here; the sleep still ends
            }
        }
        t.signals().setRestartBlock(task -> sleepUntil(task, end, remAddr, code));
    }

    /**
     * rt_sigtimedwait: takes a pending signal of {@code set} (already without SIGKILL/SIGSTOP),
     * waiting up to {@code timeoutNs} (-1: forever) with those signals unblocked. Returns the signal
     * number and copies its siginfo to {@code infoAddr} (unless 0); EAGAIN on timeout; EINTR when
     * another signal ends the wait (never restarted, whatever SA_RESTART says).
     */
    public static long sigtimedwait(Task t, long set, long timeoutNs, long infoAddr) throws ErrnoException {
        SigInfo info = SignalDelivery.dequeue(t, set);
        if (info != null) {
            return take(t, info, infoAddr);
        }
        if (timeoutNs == 0) {
            throw new ErrnoException(Errno.EAGAIN);
        }
        long saved = t.blocked();
        TaskSignals s = t.signals();
        if (!SignalDelivery.othersAlive(t)) {
            s.realBlocked = saved;
            t.setBlocked(saved & ~set);
            SignalDelivery.waitForSignal(t, ~t.blocked(), timeoutNs);
            t.setBlocked(saved);
            s.realBlocked = 0;
            info = SignalDelivery.dequeue(t, set);
            if (info != null) {
                return take(t, info, infoAddr);
            }
            throw new ErrnoException((SignalDelivery.pending(t) & ~saved) != 0 ? Errno.EINTR : Errno.EAGAIN);
        }
        Kernel k = t.kernel();
        long end = timeoutNs < 0 ? Blocker.NO_DEADLINE : k.clock().monotonicNs() + timeoutNs;
        s.realBlocked = saved;   // the signals stay "blocked" for the ignored-at-generation test (sig_ignored)
        t.setBlocked(saved & ~set);
        k.scheduler().park(t, new Blocker() {
            @Override
            public boolean ready() {
                return (SignalDelivery.pending(t) & set) != 0 || k.clock().monotonicNs() - end >= 0;
            }

            @Override
            public long result() {
                cancel();
                SigInfo got = SignalDelivery.dequeue(t, set);
                if (got == null) {
                    return -Errno.EAGAIN.number();
                }
                try {
                    return take(t, got, infoAddr);
                } catch (ErrnoException e) {
                    return -e.errno().number();
                }
            }

            @Override
            public long deadline() {
                return end;
            }

            @Override
            public void cancel() {
                t.setBlocked(saved);
                s.realBlocked = 0;
            }

            @Override
            public Errno interruptedBy() {
                return Errno.EINTR;
            }

            @Override
            public String describe() {
                return "a signal (rt_sigtimedwait" + (end == NO_DEADLINE ? ")" : ", with a timeout)");
            }
        });
        return 0;
    }

    private static long take(Task t, SigInfo info, long infoAddr) throws ErrnoException {
        if (infoAddr != 0) {
            t.userMemory().copyOut(infoAddr, info.encode());
        }
        return info.signo();
    }
}
