package dev.flatland.syscall;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.SigInfo;
import dev.flatland.abi.Signal;
import dev.flatland.kernel.JobControl;
import dev.flatland.kernel.ProcessTree;
import dev.flatland.kernel.SignalDelivery;
import dev.flatland.kernel.Task;

/**
 * Queued signals and returning from handlers (kernel/signal.c rt_sigqueueinfo, rt_tgsigqueueinfo;
 * arch/x86/kernel/signal_64.c rt_sigreturn). kill is here too; tkill and tgkill are in CloneSyscalls
 * (the process model). Every guest process has the same owner, so no permission check applies.
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

    /** rt_sigqueueinfo(pid, sig, uinfo): a process-directed signal with the caller's siginfo. */
    static long rtSigqueueinfo(Task t, SyscallArgs a) throws ErrnoException {
        int pid = a.int32(0);
        int sig = a.int32(1);
        SigInfo info = userInfo(t, pid, sig, a.ptr(2));
        ProcessTree procs = t.kernel().processes();
        Task any = pid > 0 ? procs.task(pid) : null;   // find_vpid: a thread id names its process too
        if (any == null || any.group().exited()) {
            throw new ErrnoException(Errno.ESRCH);
        }
        checkSig(sig);
        if (sig != 0) {
            checkQueue(any, sig);
            JobControl.signalProcess(any.group(), info);
        }
        return 0;
    }

    /** rt_tgsigqueueinfo(tgid, tid, sig, uinfo): a thread-directed signal (do_send_specific). */
    static long rtTgsigqueueinfo(Task t, SyscallArgs a) throws ErrnoException {
        int tgid = a.int32(0);
        int tid = a.int32(1);
        int sig = a.int32(2);
        if (tgid <= 0 || tid <= 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        SigInfo info = userInfo(t, tid, sig, a.ptr(3));
        Task target = t.kernel().processes().task(tid);
        if (target == null || target.group().tgid() != tgid) {
            throw new ErrnoException(Errno.ESRCH);
        }
        checkSig(sig);
        if (sig != 0) {
            checkQueue(target, sig);
            target.sendSignal(info);
        }
        return 0;
    }

    /**
     * The caller's siginfo with si_signo = {@code sig} (__copy_siginfo_from_user). Not even root may
     * forge a kernel-made (si_code >= 0) or tkill siginfo for anyone but itself, and "itself" is the
     * calling thread's id (task_pid_vnr(current)): EPERM otherwise.
     */
    private static SigInfo userInfo(Task t, int pid, int sig, long uinfo) throws ErrnoException {
        SigInfo info = SigInfo.decode(t.userMemory().copyIn(uinfo, SigInfo.SIZE));
        info.setSigno(sig);
        if ((info.code() >= 0 || info.code() == SigInfo.SI_TKILL) && pid != t.tid()) {
            throw new ErrnoException(Errno.EPERM);
        }
        return info;
    }

    /** __send_signal: a real-time signal beyond the queue limit is EAGAIN. */
    private static void checkQueue(Task target, int sig) throws ErrnoException {
        if (sig >= Signal.SIGRTMIN && !SignalDelivery.canQueue(target)) {
            throw new ErrnoException(Errno.EAGAIN);
        }
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
