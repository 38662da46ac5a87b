package dev.flatland.syscall;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Signal;
import dev.flatland.kernel.SignalActions;
import dev.flatland.kernel.SignalDelivery;
import dev.flatland.kernel.Task;
import dev.flatland.memory.UserMemory;

/** rt_sigaction, rt_sigprocmask, sigaltstack (kernel/signal.c); delivery is kernel.SignalDelivery. */
final class SignalSyscalls {
    /** struct sigaction as the x86-64 kernel sees it: handler, flags, restorer, mask. */
    static final int SIGACTION_SIZE = 32;

    private SignalSyscalls() {
    }

    static long rtSigaction(Task t, SyscallArgs a) throws ErrnoException {
        if (a.sizeT(3) != Signal.SIGSET_SIZE) {
            throw new ErrnoException(Errno.EINVAL);
        }
        int sig = a.int32(0);
        UserMemory um = t.userMemory();
        SignalActions.Action next = null;
        if (a.ptr(1) != 0) {
            long p = a.ptr(1);
            next = new SignalActions.Action(um.read64(p), um.read64(p + 8), um.read64(p + 16), um.read64(p + 24));
        }
        SignalActions.Action old = t.group().signals().get(sig);
        if (next != null) {
            t.group().signals().set(sig, next);
            SignalDelivery.actionChanged(t, sig);
        }
        if (a.ptr(2) != 0) {
            long p = a.ptr(2);
            um.write64(p, old.handler());
            um.write64(p + 8, old.flags());
            um.write64(p + 16, old.restorer());
            um.write64(p + 24, old.mask());
        }
        return 0;
    }

    static long rtSigprocmask(Task t, SyscallArgs a) throws ErrnoException {
        if (a.sizeT(3) != Signal.SIGSET_SIZE) {
            throw new ErrnoException(Errno.EINVAL);
        }
        long old = t.blocked();
        if (a.ptr(1) != 0) {
            long set = t.userMemory().read64(a.ptr(1));
            switch (a.int32(0)) {
                case Signal.SIG_BLOCK -> t.setBlocked(old | set);
                case Signal.SIG_UNBLOCK -> t.setBlocked(old & ~set);
                case Signal.SIG_SETMASK -> t.setBlocked(set);
                default -> throw new ErrnoException(Errno.EINVAL);
            }
        }
        if (a.ptr(2) != 0) {
            t.userMemory().write64(a.ptr(2), old);
        }
        return 0;
    }

    /** stack_t: ss_sp @0, ss_flags @8, ss_size @16 (do_sigaltstack; the old stack is read first). */
    /** restart_syscall(): continues the call a signal interrupted (the task's restart_block). */
    static long restartSyscall(Task t, SyscallArgs a) throws ErrnoException {
        return SignalDelivery.restartSyscall(t);
    }

    static long sigaltstack(Task t, SyscallArgs a) throws ErrnoException {
        UserMemory um = t.userMemory();
        long sp = t.cpu().r[dev.flatland.cpu.CpuState.RSP];
        long oldSp = t.altStackSp();
        long oldSize = t.altStackSize();
        int oldFlags = SignalDelivery.altStackFlags(t, sp);
        if (a.ptr(0) != 0) {
            long p = a.ptr(0);
            SignalDelivery.doSigaltstack(t, um.read64(p), um.read32(p + 8), um.read64(p + 16), sp);
        }
        if (a.ptr(1) != 0) {
            long p = a.ptr(1);
            um.write64(p, oldSp);
            um.write32(p + 8, oldFlags);
            um.write32(p + 12, 0);
            um.write64(p + 16, oldSize);
        }
        return 0;
    }
}
