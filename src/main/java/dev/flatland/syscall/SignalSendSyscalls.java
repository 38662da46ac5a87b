package dev.flatland.syscall;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.SigInfo;
import dev.flatland.abi.Signal;
import dev.flatland.kernel.Kernel;
import dev.flatland.kernel.SignalDelivery;
import dev.flatland.kernel.Task;

/**
 * Sending signals and returning from handlers (kernel/signal.c kill, tkill, tgkill, rt_sigqueueinfo,
 * rt_tgsigqueueinfo; arch/x86/kernel/signal_64.c rt_sigreturn). One process exists, so every
 * target is the caller's own process or thread; anything else is ESRCH.
 */
final class SignalSendSyscalls {
    private SignalSendSyscalls() {
    }

    private static int checkSig(int sig) throws ErrnoException {
        if (sig < 0 || sig > Signal.NSIG) {
            throw new ErrnoException(Errno.EINVAL);
        }
        return sig;
    }

    /** kill(pid, sig): pid 0 and the own pid reach this process; -1 means every other process (none). */
    static long kill(Task t, SyscallArgs a) throws ErrnoException {
        int pid = a.int32(0);
        int sig = checkSig(a.int32(1));
        if (pid != 0 && pid != t.group().tgid()) {
            throw new ErrnoException(Errno.ESRCH);
        }
        if (sig != 0) {
            t.sendSignal(SigInfo.fromSender(sig, SigInfo.SI_USER, t.group().tgid(), Kernel.UID));
        }
        return 0;
    }

    static long tkill(Task t, SyscallArgs a) throws ErrnoException {
        if (a.int32(0) <= 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        return toThread(t, t.group().tgid(), a.int32(0), a.int32(1));
    }

    static long tgkill(Task t, SyscallArgs a) throws ErrnoException {
        if (a.int32(0) <= 0 || a.int32(1) <= 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        return toThread(t, a.int32(0), a.int32(1), a.int32(2));
    }

    private static long toThread(Task t, int tgid, int tid, int sig) throws ErrnoException {
        checkSig(sig);
        Task target = thread(t, tgid, tid);
        if (sig != 0) {
            target.sendSignal(SigInfo.fromSender(sig, SigInfo.SI_TKILL, t.group().tgid(), Kernel.UID));
        }
        return 0;
    }

    private static Task thread(Task t, int tgid, int tid) throws ErrnoException {
        if (tgid == t.group().tgid()) {
            for (Task each : t.group().tasks()) {
                if (each.tid() == tid && !each.exited()) {
                    return each;
                }
            }
        }
        throw new ErrnoException(Errno.ESRCH);
    }

    /** rt_sigqueueinfo(tgid, sig, uinfo). */
    static long rtSigqueueinfo(Task t, SyscallArgs a) throws ErrnoException {
        return queue(t, a.int32(0), t.tid(), a.int32(1), a.ptr(2), false);
    }

    /** rt_tgsigqueueinfo(tgid, tid, sig, uinfo). */
    static long rtTgsigqueueinfo(Task t, SyscallArgs a) throws ErrnoException {
        if (a.int32(0) <= 0 || a.int32(1) <= 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        return queue(t, a.int32(0), a.int32(1), a.int32(2), a.ptr(3), true);
    }

    /**
     * do_rt_sigqueueinfo: the caller's siginfo travels as given, with si_signo set to {@code sig}.
     * Another process may not forge kernel codes or SI_TKILL (EPERM); here the target is always the
     * caller's own process, where any code is allowed.
     */
    private static long queue(Task t, int tgid, int tid, int sig, long uinfo, boolean thread) throws ErrnoException {
        checkSig(sig);
        SigInfo info = SigInfo.decode(t.userMemory().copyIn(uinfo, SigInfo.SIZE));
        if (tgid != t.group().tgid()) {
            throw new ErrnoException(Errno.ESRCH);
        }
        Task target = thread ? thread(t, tgid, tid) : t;
        if (sig != 0) {
            if (!SignalDelivery.canQueue(target)) {
                throw new ErrnoException(Errno.EAGAIN);
            }
            info.setSigno(sig);
            target.sendSignal(info);
        }
        return 0;
    }

    /** rt_sigreturn: the registers come back from the frame; RAX gets its saved value. */
    static long rtSigreturn(Task t, SyscallArgs a) {
        return SignalDelivery.sigreturn(t);
    }
}
