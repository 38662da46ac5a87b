package dev.flatland.syscall;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.SigInfo;
import dev.flatland.abi.Signal;
import dev.flatland.kernel.SignalDelivery;
import dev.flatland.kernel.Task;

/**
 * Queued signals and returning from handlers (kernel/signal.c rt_sigqueueinfo, rt_tgsigqueueinfo;
 * arch/x86/kernel/signal_64.c rt_sigreturn). The target is the caller's own process or thread;
 * anything else is ESRCH for now. kill, tkill and tgkill are in CloneSyscalls (the process model).
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
    /** kill(pid, sig): a process, the caller's group (0), every process (-1) or group -pid. */
    static long kill(Task t, SyscallArgs a) throws ErrnoException {
        int pid = a.int32(0);
        int sig = checkSig(a.int32(1));
        if (pid == Integer.MIN_VALUE) {
            throw new ErrnoException(Errno.ESRCH);   // -INT_MIN overflows (kill_something_info)
        }
        dev.flatland.kernel.JobControl.kill(t, pid, sig);
        return 0;
    }
}
