package dev.flatland.kernel;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.SigInfo;
import dev.flatland.abi.Signal;
import java.util.ArrayList;
import java.util.List;

/**
 * Process groups, sessions and job-control stops (kernel/sys.c setpgid/setsid/getpgid/getsid,
 * kernel/signal.c kill_pgrp, do_signal_stop, prepare_signal's SIGCONT handling,
 * do_notify_parent_cldstop, kernel/exit.c will_become_orphaned_pgrp).
 *
 * <p>A group stop marks the whole {@link ThreadGroup} stopped: the scheduler skips all of its
 * tasks until SIGCONT (or SIGKILL) arrives, the parent gets SIGCHLD with CLD_STOPPED and wait
 * reports it once with WUNTRACED; the continue is reported once with WCONTINUED, at once, while
 * the parent's SIGCHLD with CLD_CONTINUED is sent by the continued group itself once one of its
 * tasks runs again, as in Linux.
 */
public final class JobControl {
    /** si_code values for SIGCHLD (include/uapi/asm-generic/siginfo.h). */
    public static final int CLD_EXITED = 1;
    public static final int CLD_KILLED = 2;
    public static final int CLD_STOPPED = 5;
    public static final int CLD_CONTINUED = 6;
    /** siginfo offset of si_status for SIGCHLD. */
    static final int SI_STATUS = 24;

    private JobControl() {
    }

    /** Live (not reaped) groups whose process group is {@code pgid}, in creation order. */
    public static List<ThreadGroup> members(ProcessTree procs, int pgid) {
        List<ThreadGroup> out = new ArrayList<>();
        for (int tgid : procs.tgids()) {
            ThreadGroup g = procs.group(tgid);
            if (g != null && g.pgid() == pgid && !procs.releasedToInit(g)) {
                out.add(g);
            }
        }
        return out;
    }

    /** setpgid(pid, pgid) as kernel/sys.c: EINVAL, ESRCH, EPERM and EACCES in Linux's order. */
    public static void setpgid(Task caller, int pid, int pgid) throws ErrnoException {
        ThreadGroup me = caller.group();
        ProcessTree procs = caller.kernel().processes();
        if (pid == 0) {
            pid = me.tgid();
        }
        if (pgid == 0) {
            pgid = pid;
        }
        if (pgid < 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        ThreadGroup p = procs.group(pid);
        if (p == null || procs.releasedToInit(p)) {
            Task thread = procs.task(pid);
            if (thread == null) {
                throw new ErrnoException(Errno.ESRCH);
            }
            throw new ErrnoException(Errno.EINVAL);   // a thread that is not a group leader
        }
        if (p.ppid() == me.tgid() && p != me) {
            if (p.sid() != me.sid()) {
                throw new ErrnoException(Errno.EPERM);
            }
            if (p.didExec()) {
                throw new ErrnoException(Errno.EACCES);
            }
        } else if (p != me) {
            throw new ErrnoException(Errno.ESRCH);
        }
        if (p.sessionLeader()) {
            throw new ErrnoException(Errno.EPERM);
        }
        if (pgid != pid) {
            boolean found = false;
            for (ThreadGroup g : members(procs, pgid)) {
                if (g.sid() == me.sid()) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                throw new ErrnoException(Errno.EPERM);
            }
        }
        p.setPgid(pgid);
    }

    /** setsid(): EPERM for a group leader or when a process group with the caller's pid exists. */
    public static int setsid(Task caller) throws ErrnoException {
        ThreadGroup me = caller.group();
        int sid = me.tgid();
        if (me.sessionLeader() || !members(caller.kernel().processes(), sid).isEmpty()) {
            throw new ErrnoException(Errno.EPERM);
        }
        me.setSid(sid);
        me.setPgid(sid);
        me.setCtty(null);   // proc_clear_tty
        return sid;
    }

    /** The group with {@code pid} (0: the caller) for getpgid/getsid; ESRCH when there is none. */
    public static ThreadGroup lookup(Task caller, int pid) throws ErrnoException {
        if (pid == 0) {
            return caller.group();
        }
        ProcessTree procs = caller.kernel().processes();
        ThreadGroup g = procs.group(pid);
        if (g == null || procs.releasedToInit(g)) {
            Task t = procs.task(pid);
            if (t == null) {
                throw new ErrnoException(Errno.ESRCH);
            }
            g = t.group();
        }
        return g;
    }

    /**
     * kill(2)'s targets (kill_something_info): pid > 0 one process, 0 the caller's process group,
     * -1 every process but init and the caller, < -1 the process group -pid. ESRCH when nothing
     * matched. The caller checked the signal number.
     */
    public static void kill(Task caller, int pid, int sig) throws ErrnoException {
        ProcessTree procs = caller.kernel().processes();
        List<ThreadGroup> targets;
        if (pid > 0) {
            ThreadGroup g = procs.group(pid);
            if (g == null || procs.releasedToInit(g)) {
                Task t = procs.task(pid);   // a thread id also names its process (find_vpid)
                if (t == null) {
                    throw new ErrnoException(Errno.ESRCH);
                }
                g = t.group();
            }
            targets = List.of(g);
        } else if (pid == -1) {
            targets = new ArrayList<>();
            for (int tgid : procs.tgids()) {
                ThreadGroup g = procs.group(tgid);
                if (g != null && g != caller.group() && tgid > ProcessTree.INIT_PID && !procs.releasedToInit(g)) {
                    targets.add(g);
                }
            }
        } else {
            targets = members(procs, pid == 0 ? caller.group().pgid() : -pid);
        }
        if (targets.isEmpty()) {
            throw new ErrnoException(Errno.ESRCH);
        }
        for (ThreadGroup g : targets) {
            signalProcess(g, SigInfo.fromSender(sig, SigInfo.SI_USER, caller.group().tgid(),
                    caller.group().credentials().ruid()));   // si_uid: the sender's real uid
        }
    }

    /** Sends {@code sig} from the kernel (SI_KERNEL) to every process of group {@code pgid} (tty ISIG). */
    public static void signalProcessGroup(Kernel k, int pgid, int sig) {
        for (ThreadGroup g : members(k.processes(), pgid)) {
            signalProcess(g, SigInfo.of(sig, SigInfo.SI_KERNEL));
        }
    }

    /**
     * A process-directed signal (group_send_sig_info): goes to the first live thread that does not
     * block it, else the first live thread. Signal 0 only checks existence. SIGCONT continues a
     * stopped group at generation, even when blocked or ignored; SIGKILL wakes it to die.
     */
    public static void signalProcess(ThreadGroup g, SigInfo info) {
        int sig = info.signo();
        if (sig == 0 || g.exited()) {
            return;
        }
        prepare(g, sig);
        Task target = null;
        for (Task x : g.tasks()) {
            if (x.exited()) {
                continue;
            }
            if (target == null || (target.blocked() & Signal.bit(sig)) != 0 && (x.blocked() & Signal.bit(sig)) == 0) {
                target = x;
            }
        }
        if (target != null) {
            SignalDelivery.send(target, info);
        }
    }

    /**
     * prepare_signal's group-wide part: a stop signal flushes SIGCONT from every thread, SIGCONT
     * flushes the stop signals and continues a stopped group (reporting CLD_CONTINUED), SIGKILL
     * ends the stop.
     */
    static void prepare(ThreadGroup g, int sig) {
        if ((Signal.bit(sig) & SignalDelivery.STOP_MASK) != 0) {
            for (Task t : g.tasks()) {
                t.signals().pending.flush(Signal.bit(Signal.SIGCONT));
            }
        } else if (sig == Signal.SIGCONT) {
            for (Task t : g.tasks()) {
                t.signals().pending.flush(SignalDelivery.STOP_MASK);
            }
            if (g.jobStopped()) {
                g.setJobStopped(false);
                g.setStopReport(0);
                g.setContinueReport(true);   // wait(WCONTINUED) sees it at once (SIGNAL_STOP_CONTINUED)
                g.cldContinued = true;       // SIGCHLD waits until the group runs again (SIGNAL_CLD_CONTINUED)
            }
        } else if (sig == Signal.SIGKILL) {
            // complete_signal's signal->flags = SIGNAL_GROUP_EXIT drops the unsent and unreported continue
            g.setJobStopped(false);
            g.cldContinued = false;
            g.setContinueReport(false);
        }
    }

    /**
     * get_signal's SIGNAL_CLD_MASK step: a task of a continued group tells the parent CLD_CONTINUED
     * (si_status SIGCONT) the first time it goes through signal delivery after the continue.
     */
    static void notifyContinued(ThreadGroup g) {
        if (g.cldContinued) {
            g.cldContinued = false;
            notifyParent(g, CLD_CONTINUED, Signal.SIGCONT);
        }
    }

    /**
     * do_signal_stop: the group stops, the stop waits to be reported to wait(WUNTRACED) and the
     * parent gets SIGCHLD/CLD_STOPPED unless its SIGCHLD action has SA_NOCLDSTOP.
     */
    static void stop(ThreadGroup g, int sig) {
        if (g.jobStopped() || g.exited()) {
            return;
        }
        g.setJobStopped(true);
        g.setStopReport(sig);
        g.setContinueReport(false);
        notifyParent(g, CLD_STOPPED, sig);
    }

    /** do_notify_parent_cldstop. */
    private static void notifyParent(ThreadGroup child, int why, int status) {
        Kernel k = child.tasks().isEmpty() ? null : child.tasks().get(0).kernel();
        if (k == null) {
            return;
        }
        ThreadGroup parent = k.processes().group(child.ppid());
        if (parent == null || child.ppid() == ProcessTree.INIT_PID || parent.exited()) {
            return;
        }
        SignalActions.Action a;
        try {
            a = parent.signals().get(Signal.SIGCHLD);
        } catch (ErrnoException e) {
            return;
        }
        if ((a.flags() & Signal.SA_NOCLDSTOP) != 0) {
            return;
        }
        SigInfo info = SigInfo.fromSender(Signal.SIGCHLD, why, child.tgid(), child.credentials().ruid());
        info.put32(SI_STATUS, status);
        signalProcess(parent, info);
    }

    /**
     * will_become_orphaned_pgrp(pgrp, NULL): no member has a parent in a different process group
     * of the same session. A stop by SIGTSTP/SIGTTIN/SIGTTOU is discarded in such a group, since no
     * job-control shell could ever continue it. The first process's parent (init) is outside
     * every guest session, so the initial process group is orphaned, as a login shell's is.
     */
    public static boolean orphanedPgrp(ProcessTree procs, int pgid) {
        for (ThreadGroup g : members(procs, pgid)) {
            if (g.exited()) {
                continue;
            }
            ThreadGroup parent = procs.group(g.ppid());
            if (parent != null && g.ppid() != ProcessTree.INIT_PID && !parent.exited() && parent.pgid() != pgid
                    && parent.sid() == g.sid()) {
                return false;
            }
        }
        return true;
    }

    /** The wait status word for a stop (W_STOPCODE) and for a continue (__W_CONTINUED). */
    public static int stopStatus(int sig) {
        return (sig << 8) | 0x7f;
    }

    public static final int CONTINUED_STATUS = 0xffff;

    /** Takes the pending stop report of {@code g} (0 when none); {@code consume} clears it. */
    public static int takeStopReport(ThreadGroup g, boolean consume) {
        int sig = g.jobStopped() ? g.stopReport() : 0;
        if (consume && sig != 0) {
            g.setStopReport(0);
        }
        return sig;
    }

    /** Takes the pending continue report of {@code g}; {@code consume} clears it. */
    public static boolean takeContinueReport(ThreadGroup g, boolean consume) {
        boolean c = g.continueReport();
        if (consume) {
            g.setContinueReport(false);
        }
        return c;
    }
}
