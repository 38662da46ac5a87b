package dev.flatland.kernel;

import dev.flatland.abi.Signal;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The process hierarchy and the shared-resource counts (kernel/exit.c, kernel/fork.c): live and
 * zombie thread groups by tgid, each group's children, how many groups use each {@link Mm}
 * (CLONE_VM / vfork) and each {@link FdTable} (CLONE_FILES), and which vfork parents are still
 * waiting. The first process has parent pid 1, which is not a guest process; orphans are
 * re-parented to it and, as init would, reaped at once.
 */
public final class ProcessTree {
    /** The pid of the (host-side) init that adopts orphans. */
    public static final int INIT_PID = 1;

    private final Kernel kernel;
    private final Map<Integer, ThreadGroup> groups = new LinkedHashMap<>();
    private final Map<ThreadGroup, List<ThreadGroup>> children = new IdentityHashMap<>();
    private final Map<Mm, Integer> mmUsers = new IdentityHashMap<>();
    private final Map<FdTable, Integer> fdUsers = new IdentityHashMap<>();
    /** vfork children whose parent still sleeps (cleared at exec or exit: vfork_done). */
    private final Map<ThreadGroup, Boolean> vforkPending = new IdentityHashMap<>();
    /** exit_signal of each non-thread child (SIGCHLD for fork/vfork, 0 or other for clone). */
    private final Map<ThreadGroup, Integer> exitSignal = new IdentityHashMap<>();
    private final Map<Task, Boolean> exitDone = new IdentityHashMap<>();
    private final Map<ThreadGroup, Boolean> groupDone = new IdentityHashMap<>();

    /** The terminals of this kernel (sessions' controlling terminals), in creation order. */
    private final List<Tty> terminals = new ArrayList<>();

    ProcessTree(Kernel kernel) {
        this.kernel = kernel;
    }

    void addTerminal(Tty t) {
        terminals.add(t);
    }

    /** Every terminal (for pumping typed input). */
    List<Tty> terminals() {
        return terminals;
    }

    /** Registers a new group (first process or a clone child) and takes its mm and fd references. */
    void addGroup(ThreadGroup g, ThreadGroup parent, int exitSig) {
        groups.put(g.tgid(), g);
        children.put(g, new ArrayList<>());
        if (parent != null) {
            children.get(parent).add(g);
            g.setPgid(parent.pgid());   // copy_process: process group, session and tty are inherited
            g.setSid(parent.sid());
            g.setCtty(parent.ctty());
        } else {
            g.setPgid(g.tgid());        // the first process leads its own session and process group
            g.setSid(g.tgid());
        }
        exitSignal.put(g, exitSig);
        mmUsers.merge(g.mm(), 1, Integer::sum);
        fdUsers.merge(g.fds(), 1, Integer::sum);
    }

    /** The live or zombie group with {@code tgid}, or null. */
    public ThreadGroup group(int tgid) {
        return groups.get(tgid);
    }

    /** Every live or zombie group's tgid in creation order (/proc). */
    public List<Integer> tgids() {
        return new ArrayList<>(groups.keySet());
    }

    /**
     * True for an exited group whose parent is init: init has reaped it, and it stays listed only
     * for the run's exit status (no pid, process group or session includes it any more).
     */
    public boolean releasedToInit(ThreadGroup g) {
        return g.exited() && g.ppid() == INIT_PID;
    }

    /** The task with thread id {@code tid}, or null. */
    public Task task(int tid) {
        for (ThreadGroup g : groups.values()) {
            for (Task t : g.tasks()) {
                if (t.tid() == tid && !t.exited()) {
                    return t;
                }
            }
        }
        return null;
    }

    /** {@code g}'s children, live and zombie, in creation order. */
    public List<ThreadGroup> children(ThreadGroup g) {
        List<ThreadGroup> c = children.get(g);
        return c == null ? List.of() : c;
    }

    /** The signal {@code child} sends its parent at exit (SIGCHLD, or a clone's exit_signal, 0 for none). */
    public int exitSignal(ThreadGroup child) {
        return exitSignal.getOrDefault(child, Signal.SIGCHLD);
    }

    /** Removes a zombie child after wait: its pid becomes free. */
    public void reap(ThreadGroup parent, ThreadGroup child) {
        List<ThreadGroup> c = children.get(parent);
        if (c != null) {
            c.remove(child);
        }
        groups.remove(child.tgid());
        children.remove(child);
        exitSignal.remove(child);
    }

    void markVfork(ThreadGroup child) {
        vforkPending.put(child, Boolean.TRUE);
    }

    /** True while a vfork child has neither exec'd nor exited (the parent sleeps meanwhile). */
    public boolean vforkPending(ThreadGroup child) {
        return vforkPending.containsKey(child);
    }

    /** complete_vfork_done: the child exec'd or exited; the parent may run again. */
    void vforkDone(ThreadGroup child) {
        vforkPending.remove(child);
    }

    /** Replaces {@code g}'s mm at exec: the old one is released when no other group uses it. */
    void switchMm(ThreadGroup g, Mm fresh) {
        Mm old = g.mm();
        g.markExec();
        g.timers().posix().clear();   // begin_new_exec: exit_itimers
        g.setMm(fresh);
        mmUsers.merge(fresh, 1, Integer::sum);
        dropMm(old);
    }

    private void dropMm(Mm mm) {
        Integer n = mmUsers.get(mm);
        if (n == null) {
            return;
        }
        if (n <= 1) {
            mmUsers.remove(mm);
            mm.release();
        } else {
            mmUsers.put(mm, n - 1);
        }
    }

    private void dropFds(FdTable fds) {
        Integer n = fdUsers.get(fds);
        if (n == null) {
            return;
        }
        if (n <= 1) {
            fdUsers.remove(fds);
            fds.closeAll();
        } else {
            fdUsers.put(fds, n - 1);
        }
    }

    /**
     * A thread ended (exit_mm's mm_release): CLONE_CHILD_CLEARTID writes 0 to the registered
     * address and wakes one futex waiter there (that is how pthread_join learns of the exit).
     */
    void taskExited(Task t) {
        if (exitDone.put(t, Boolean.TRUE) != null) {
            return;
        }
        long ctid = t.clearChildTid();
        if (ctid != 0) {
            try {
                t.userMemory().write32(ctid, 0);
                kernel.futex().wake(ctid, 1, Futex.BITSET_MATCH_ANY);
            } catch (dev.flatland.abi.ErrnoException | RuntimeException e) {
                // The address is not writable any more: Linux ignores the fault too.
            }
        }
        t.setClearChildTid(0);
        kernel.scheduler().remove(t);
        forgetParentThread(t);
    }

    /**
     * forget_original_parent for a thread that exits while its process lives on: the children it
     * created pass to another live thread of the process and get their PR_SET_PDEATHSIG signals.
     * (When the last thread goes, {@link #groupExited} hands them to init instead.)
     */
    private void forgetParentThread(Task t) {
        ThreadGroup g = t.group();
        Task heir = null;
        for (Task x : g.tasks()) {
            if (!x.exited()) {
                heir = x;
                break;
            }
        }
        if (heir == null) {
            return;
        }
        for (ThreadGroup c : children(g)) {
            if (c.parentThread() == t) {
                c.setParentThread(heir);
                sendPdeathSignals(c, g);
            }
        }
    }

    /**
     * Each live thread of {@code child} with a parent-death signal sends it to its whole process, as
     * from the exiting parent (group_send_sig_info with SEND_SIG_NOINFO: SI_USER, the parent's pid).
     */
    private static void sendPdeathSignals(ThreadGroup child, ThreadGroup father) {
        for (Task x : List.copyOf(child.tasks())) {
            int sig = x.signals().pdeathSignal();
            if (sig != 0 && !x.exited()) {
                JobControl.signalProcess(child, dev.flatland.abi.SigInfo.fromSender(sig, dev.flatland.abi.SigInfo.SI_USER,
                        father.tgid(), father.credentials().ruid()));
            }
        }
    }

    /**
     * The whole group ended (do_exit of the last thread): resources dropped, a vfork parent
     * released, children re-parented to init, and the parent told with its exit signal; the group
     * stays a zombie for wait unless the parent is init.
     */
    void groupExited(ThreadGroup g) {
        if (groupDone.put(g, Boolean.TRUE) != null) {
            return;
        }
        for (Task t : g.tasks()) {
            taskExited(t);
        }
        vforkDone(g);
        dropFds(g.fds());
        dropMm(g.mm());
        for (ThreadGroup c : List.copyOf(children(g))) {
            sendPdeathSignals(c, g);
            c.setParentThread(null);
            c.setPpid(INIT_PID);
            children.get(g).remove(c);
            if (c.exited()) {
                groups.remove(c.tgid());
                children.remove(c);
            }
        }
        ThreadGroup parent = groups.get(g.ppid());
        if (parent == null || g.ppid() == INIT_PID) {
            return;   // init reaps at once (the group stays listed by tgid for the run's exit status)
        }
        int sig = exitSignal.getOrDefault(g, Signal.SIGCHLD);
        if (sig > 0 && !parent.exited()) {
            notifyParent(parent, g, sig);
        }
    }

    /**
     * do_notify_parent: sends the exit signal (normally SIGCHLD) to the parent with si_code
     * CLD_EXITED or CLD_KILLED, si_pid the child and si_status its exit code or signal.
     */
    private void notifyParent(ThreadGroup parent, ThreadGroup child, int sig) {
        ExitStatus s = child.exitStatus();
        int code = s != null && s.signal() != 0 ? 2 : 1;   // CLD_KILLED : CLD_EXITED
        for (Task p : parent.tasks()) {
            if (!p.exited()) {
                dev.flatland.abi.SigInfo info = dev.flatland.abi.SigInfo.fromSender(sig, code, child.tgid(), child.credentials().ruid());
                if (s != null) {
                    info.put32(JobControl.SI_STATUS, s.signal() != 0 ? s.signal() : s.code());
                }
                p.sendSignal(info);
                return;
            }
        }
    }

    /** Ends the run: every group still alive is killed and every resource released. */
    void shutdown() {
        for (ThreadGroup g : List.copyOf(groups.values())) {
            if (!g.exited()) {
                kernel.exitGroup(g, ExitStatus.killed(Signal.SIGKILL));
            }
        }
        for (Mm mm : List.copyOf(mmUsers.keySet())) {
            mm.release();
        }
        mmUsers.clear();
        for (FdTable f : List.copyOf(fdUsers.keySet())) {
            f.closeAll();
        }
        fdUsers.clear();
    }
}
