package dev.flatland.syscall;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.SigInfo;
import dev.flatland.abi.Signal;
import dev.flatland.kernel.JobControl;
import dev.flatland.kernel.PidFd;
import dev.flatland.kernel.ProcessTree;
import dev.flatland.kernel.SignalDelivery;
import dev.flatland.kernel.Task;
import dev.flatland.kernel.ThreadGroup;
import dev.flatland.vfs.OpenFile;
import java.util.List;

/**
 * pidfd_open (kernel/pid.c), pidfd_send_signal (kernel/signal.c) and pidfd_getfd (kernel/pid.c),
 * with each check in Linux 6.18's order. waitid(P_PIDFD) is in {@link WaitSyscalls}; poll and epoll
 * ask {@link PidFd#poll()}. Not supported: PIDFD_THREAD pidfds (EINVAL), the PIDFD_SELF_* special
 * descriptors of pidfd_send_signal, CLONE_PIDFD and the fdinfo "Pid:" line.
 */
final class PidfdSyscalls {
    /** pidfd_send_signal flags (include/uapi/linux/pidfd.h, Linux 6.9). */
    static final int PIDFD_SIGNAL_THREAD = 1;
    static final int PIDFD_SIGNAL_THREAD_GROUP = 2;
    static final int PIDFD_SIGNAL_PROCESS_GROUP = 4;

    private PidfdSyscalls() {
    }

    /**
     * pidfd_open(pid, flags): flags other than PIDFD_NONBLOCK EINVAL (PIDFD_THREAD too: not
     * supported), pid <= 0 EINVAL, no such pid ESRCH; a thread id that is not a thread-group leader
     * is ENOENT (pidfd_prepare's !pid_has_task(PIDTYPE_TGID); measured on 6.18). A zombie still has
     * its pid; a reaped process has none (ESRCH). The descriptor is always close-on-exec.
     */
    static long pidfdOpen(Task t, SyscallArgs a) throws ErrnoException {
        int pid = a.int32(0);
        int flags = a.int32(1);
        if ((flags & ~PidFd.PIDFD_NONBLOCK) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (pid <= 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        ProcessTree procs = t.kernel().processes();
        ThreadGroup g = procs.group(pid);
        if (g == null || procs.releasedToInit(g)) {
            if (procs.task(pid) != null) {
                throw new ErrnoException(Errno.ENOENT);   // a live thread that is not a leader
            }
            throw new ErrnoException(Errno.ESRCH);
        }
        PidFd f = new PidFd(t.kernel(), g, flags);
        try {
            return t.fds().install(f, true, 0);
        } catch (ErrnoException e) {
            f.put();
            throw e;
        }
    }

    /** The pidfd at {@code fd} (pidfd_pid / pidfd_get_pid): EBADF for a closed fd or another kind of file. */
    static PidFd pidfd(Task t, int fd) throws ErrnoException {
        OpenFile f = t.fds().get(fd);
        if (!(f instanceof PidFd p)) {
            throw new ErrnoException(Errno.EBADF);
        }
        return p;
    }

    /**
     * pidfd_send_signal(pidfd, sig, info, flags): unknown flags or more than one scope flag EINVAL;
     * a bad or non-pid fd EBADF; with info: EFAULT, si_signo != sig EINVAL, and a kernel-style
     * (si_code >= 0) or SI_TKILL siginfo EPERM unless the caller's own thread id is the pid (and the
     * scope is not a process group); without info: SI_USER (SI_TKILL for the thread scope) from the
     * caller. Then a reaped process is ESRCH, a bad signal EINVAL; a zombie accepts and drops it.
     */
    static long pidfdSendSignal(Task t, SyscallArgs a) throws ErrnoException {
        int sig = a.int32(1);
        long uinfo = a.ptr(2);
        int flags = a.int32(3);
        int scopes = PIDFD_SIGNAL_THREAD | PIDFD_SIGNAL_THREAD_GROUP | PIDFD_SIGNAL_PROCESS_GROUP;
        if ((flags & ~scopes) != 0 || Integer.bitCount(flags) > 1) {
            throw new ErrnoException(Errno.EINVAL);
        }
        PidFd p = pidfd(t, a.int32(0));
        ThreadGroup g = p.group();
        SigInfo info;
        if (uinfo != 0) {
            info = SigInfo.decode(t.userMemory().copyIn(uinfo, SigInfo.SIZE));
            if (info.signo() != sig) {
                throw new ErrnoException(Errno.EINVAL);
            }
            boolean self = t.tid() == g.tgid() && flags != PIDFD_SIGNAL_PROCESS_GROUP;
            if (!self && (info.code() >= 0 || info.code() == SigInfo.SI_TKILL)) {
                throw new ErrnoException(Errno.EPERM);
            }
        } else {
            info = SigInfo.fromSender(sig, flags == PIDFD_SIGNAL_THREAD ? SigInfo.SI_TKILL : SigInfo.SI_USER,
                    t.group().tgid(), t.group().credentials().ruid());
        }
        if (flags == PIDFD_SIGNAL_PROCESS_GROUP) {
            // kill_pgrp_info: the process group whose id is this pid.
            List<ThreadGroup> members = JobControl.members(t.kernel().processes(), g.tgid());
            if (members.isEmpty()) {
                throw new ErrnoException(Errno.ESRCH);
            }
            checkSig(sig);
            for (ThreadGroup m : members) {
                JobControl.signalProcess(m, info);
            }
            return 0;
        }
        PidFd.State state = p.state();
        if (state == PidFd.State.REAPED) {
            throw new ErrnoException(Errno.ESRCH);
        }
        checkSig(sig);
        if (sig == 0 || state == PidFd.State.ZOMBIE) {
            return 0;
        }
        Task leader = g.tasks().isEmpty() ? null : g.tasks().get(0);
        if (flags == PIDFD_SIGNAL_THREAD) {
            // PIDTYPE_PID: the leader thread itself; a leader that exited before its threads drops it.
            if (leader != null && !leader.exited()) {
                checkQueue(leader, sig);
                leader.sendSignal(info);
            }
            return 0;
        }
        if (leader != null) {
            checkQueue(leader, sig);
        }
        JobControl.signalProcess(g, info);
        return 0;
    }

    private static void checkSig(int sig) throws ErrnoException {
        if (sig < 0 || sig > Signal.NSIG) {
            throw new ErrnoException(Errno.EINVAL);
        }
    }

    /** __send_signal: a real-time signal beyond the queue limit is EAGAIN. */
    private static void checkQueue(Task target, int sig) throws ErrnoException {
        if (sig >= Signal.SIGRTMIN && !SignalDelivery.canQueue(target)) {
            throw new ErrnoException(Errno.EAGAIN);
        }
    }

    /**
     * pidfd_getfd(pidfd, targetfd, flags): flags != 0 EINVAL; a bad or non-pid fd EBADF; a reaped or
     * exited process ESRCH (its files are gone: __pidfd_fget turns EBADF into ESRCH for an exiting
     * task); ptrace_may_access(PTRACE_MODE_ATTACH_REALCREDS) refused EPERM; no such target fd
     * EBADF. The duplicate is close-on-exec (receive_fd with O_CLOEXEC).
     */
    static long pidfdGetfd(Task t, SyscallArgs a) throws ErrnoException {
        int targetFd = a.int32(1);
        if (a.int32(2) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        PidFd p = pidfd(t, a.int32(0));
        ThreadGroup g = p.group();
        if (p.state() != PidFd.State.LIVE) {
            throw new ErrnoException(Errno.ESRCH);
        }
        if (g != t.group() && !ProcessSyscalls.ptraceMayRead(t.group(), g)) {
            throw new ErrnoException(Errno.EPERM);
        }
        OpenFile ref = g.fds().get(targetFd).get();
        try {
            return t.fds().install(ref, true, 0);
        } catch (ErrnoException e) {
            ref.put();
            throw e;
        }
    }
}
