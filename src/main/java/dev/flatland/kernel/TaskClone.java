package dev.flatland.kernel;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Signal;
import dev.flatland.cpu.CpuState;

/**
 * clone/clone3/vfork on nommu (kernel/fork.c copy_process): a thread (CLONE_THREAD) joins the
 * caller's group; otherwise a new process is made which, with CLONE_VM, uses the caller's mm and,
 * without it, gets an empty mm (nommu dup_mmap copies no VMAs) while still running in the same
 * physical memory. The child starts as a copy of the caller's registers with RAX = 0 and, when
 * given, its own stack pointer and TLS. CLONE_VFORK parks the caller until the child execs or exits.
 * CLONE_SIGHAND (only with CLONE_VM) makes the new process share the caller's signal dispositions.
 */
public final class TaskClone {
    public static final long CSIGNAL = 0xff;
    public static final long CLONE_VM = 0x100;
    public static final long CLONE_FS = 0x200;
    public static final long CLONE_FILES = 0x400;
    public static final long CLONE_SIGHAND = 0x800;
    public static final long CLONE_PIDFD = 0x1000;
    public static final long CLONE_PTRACE = 0x2000;
    public static final long CLONE_VFORK = 0x4000;
    public static final long CLONE_PARENT = 0x8000;
    public static final long CLONE_THREAD = 0x10000;
    public static final long CLONE_NEWNS = 0x20000;
    public static final long CLONE_SYSVSEM = 0x40000;
    public static final long CLONE_SETTLS = 0x80000;
    public static final long CLONE_PARENT_SETTID = 0x100000;
    public static final long CLONE_CHILD_CLEARTID = 0x200000;
    public static final long CLONE_DETACHED = 0x400000;
    public static final long CLONE_UNTRACED = 0x800000;
    public static final long CLONE_CHILD_SETTID = 0x1000000;
    public static final long CLONE_NEWCGROUP = 0x2000000;
    public static final long CLONE_NEWUTS = 0x4000000;
    public static final long CLONE_NEWIPC = 0x8000000;
    public static final long CLONE_NEWUSER = 0x10000000;
    public static final long CLONE_NEWPID = 0x20000000;
    public static final long CLONE_NEWNET = 0x40000000;
    public static final long CLONE_IO = 0x80000000L;
    /** Namespace flags: an unprivileged caller gets EPERM (except CLONE_NEWUSER, not offered here). */
    static final long NAMESPACES = CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER
            | CLONE_NEWPID | CLONE_NEWNET;

    private TaskClone() {
    }

    /**
     * The clone arguments after decoding (struct kernel_clone_args); {@code pidfd} is where
     * CLONE_PIDFD stores the new pidfd (clone: the parent_tid pointer; clone3: args->pidfd).
     */
    public record Args(long flags, long stack, long parentTid, long childTid, long tls, int exitSignal, long pidfd) {
    }

    /**
     * Creates the child and returns it (not yet run). Flag rules as copy_process checks them:
     * CLONE_THREAD without CLONE_SIGHAND and CLONE_SIGHAND without CLONE_VM are EINVAL, as are
     * CLONE_FS with CLONE_NEWNS/NEWUSER.
     */
    public static Task clone(Task parent, Args a) throws ErrnoException {
        long f = a.flags();
        if ((f & (CLONE_NEWNS | CLONE_FS)) == (CLONE_NEWNS | CLONE_FS)
                || (f & (CLONE_NEWUSER | CLONE_FS)) == (CLONE_NEWUSER | CLONE_FS)) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if ((f & CLONE_THREAD) != 0 && (f & CLONE_SIGHAND) == 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if ((f & CLONE_SIGHAND) != 0 && (f & CLONE_VM) == 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if ((f & NAMESPACES) != 0) {
            throw new ErrnoException(Errno.EPERM);
        }
        if ((f & CLONE_PIDFD) != 0 && (f & (CLONE_DETACHED | CLONE_THREAD)) != 0) {
            // CLONE_DETACHED is reserved with CLONE_PIDFD; a thread pidfd (PIDFD_THREAD, Linux 6.9)
            // is not provided here
            throw new ErrnoException(Errno.EINVAL);
        }
        if (a.exitSignal() < 0 || a.exitSignal() > Signal.NSIG) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if ((f & CLONE_SETTLS) != 0 && Long.compareUnsigned(a.tls(), dev.flatland.abi.Mman.TASK_SIZE) >= 0) {
            throw new ErrnoException(Errno.EPERM);
        }
        Kernel k = parent.kernel();
        ThreadGroup pg = parent.group();
        checkNproc(k, pg);
        if ((f & CLONE_PIDFD) != 0) {
            checkPidfd(parent, a.pidfd());
        }
        int tid = k.allocPid();
        Task child;
        if ((f & CLONE_THREAD) != 0) {
            child = new Task(k, pg, tid, parent.engine());
            pg.tasks().add(child);
        } else {
            Mm mm = (f & CLONE_VM) != 0 ? pg.mm() : new Mm(k.memory(), k.pages(), k.config().maxMapCount());
            if (mm != pg.mm()) {
                mm.inheritExeFile(pg.mm());
            }
            FdTable fds = (f & CLONE_FILES) != 0 ? pg.fds() : pg.fds().copy();
            int ppid = (f & CLONE_PARENT) != 0 ? pg.ppid() : pg.tgid();
            ThreadGroup g = new ThreadGroup(tid, ppid, mm, fds, pg.cwd());
            g.setProgram(pg.comm(), pg.exePath(), pg.symbols());
            g.setUmask(pg.umask());
            g.setCredentials(pg.credentials().copy());
            if (pg.noNewPrivs()) {
                g.setNoNewPrivs();
            }
            g.setRlimits(pg.rlimits().copy());
            if ((f & CLONE_SIGHAND) != 0) {
                g.setSignals(pg.signals());   // one sighand_struct: a sigaction in either is seen by both
            } else {
                copySignalActions(pg.signals(), g.signals());
            }
            child = new Task(k, g, tid, parent.engine());
            g.tasks().add(child);
            ThreadGroup realParent = (f & CLONE_PARENT) != 0 ? k.processes().group(pg.ppid()) : pg;
            k.processes().addGroup(g, realParent, a.exitSignal());
            g.setParentThread((f & CLONE_PARENT) != 0 ? pg.parentThread() : parent);
            if ((f & CLONE_VFORK) != 0) {
                k.processes().markVfork(g);
            }
        }
        if ((f & CLONE_PIDFD) != 0) {
            installPidfd(parent, child, a.pidfd());
        }
        CpuState c = child.cpu();
        c.copyFrom(parent.cpu());
        c.r[CpuState.RAX] = 0;
        if (a.stack() != 0) {
            c.r[CpuState.RSP] = a.stack();
        }
        if ((f & CLONE_SETTLS) != 0) {
            c.fsBase = a.tls();
        }
        child.setBlocked(parent.blocked());
        child.setNice(parent.nice());
        inheritSched(parent, child);
        copyIo(parent, child, f);
        if ((f & CLONE_CHILD_CLEARTID) != 0) {
            child.setClearChildTid(a.childTid());
        }
        try {
            if ((f & CLONE_PARENT_SETTID) != 0) {
                parent.userMemory().write32(a.parentTid(), tid);
            }
            if ((f & CLONE_CHILD_SETTID) != 0) {
                parent.userMemory().write32(a.childTid(), tid);
            }
        } catch (ErrnoException e) {
            // Linux writes these with put_user and ignores a fault.
        }
        k.scheduler().add(child);
        return child;
    }

    /**
     * CLONE_PIDFD (copy_process, pidfd_prepare): the checks that can fail, made before the child
     * exists so that a failed clone leaves nothing behind: a free descriptor in the parent's table
     * (EMFILE) and a writable int at {@code where} (EFAULT; probed by writing back what is there).
     */
    private static void checkPidfd(Task parent, long where) throws ErrnoException {
        parent.fds().checkFree();
        var u = parent.userMemory();
        u.write32(where, u.read32(where));
    }

    /**
     * The pidfd itself: close-on-exec, in the parent's table after the child's copy of that table
     * was made (the child sees it only with CLONE_FILES), its number stored at {@code where}.
     */
    private static void installPidfd(Task parent, Task child, long where) throws ErrnoException {
        int fd = parent.fds().install(new PidFd(parent.kernel(), child.group(), 0), true, 0);
        parent.userMemory().write32(where, fd);
    }

    /**
     * RLIMIT_NPROC (copy_process): when the user already has at least the soft limit of tasks
     * (threads count, zombies count until reaped), a new one is EAGAIN unless the caller is
     * privileged (root: INIT_USER, CAP_SYS_RESOURCE or CAP_SYS_ADMIN). The tasks counted are those
     * of the caller's real uid (the user's ucounts).
     */
    static void checkNproc(Kernel k, ThreadGroup pg) throws ErrnoException {
        long limit = pg.rlimits().cur(RLimits.RLIMIT_NPROC);
        int user = pg.credentials().ruid();
        if (pg.privileged() || user == 0 || limit == RLimits.RLIM_INFINITY) {
            return;
        }
        long tasks = 0;
        for (int tgid : k.processes().tgids()) {
            ThreadGroup g = k.processes().group(tgid);
            if (g == null || g.credentials().ruid() != user) {
                continue;
            }
            if (g.exited()) {
                tasks++;
            } else {
                tasks += g.tasks().stream().filter(x -> !x.exited()).count();
            }
        }
        if (Long.compareUnsigned(tasks, limit) >= 0) {
            throw new ErrnoException(Errno.EAGAIN);
        }
    }

    /** Parks {@code parent} until the vfork child {@code child} execs or exits; the result is its pid. */
    public static void waitForVfork(Task parent, Task child) {
        ProcessTree procs = parent.kernel().processes();
        ThreadGroup cg = child.group();
        parent.kernel().scheduler().park(parent, new Blocker() {
            @Override
            public boolean ready() {
                return !procs.vforkPending(cg);
            }

            @Override
            public long result() {
                return cg.tgid();
            }

            @Override
            public boolean killable() {
                return true; // wait_for_vfork_done: killable, so SIGCHLD from an earlier child waits
            }

            @Override
            public String describe() {
                return "its vfork child " + cg.comm() + "[" + cg.tgid() + "] to exec or exit";
            }
        });
    }

    /** Copies every settable disposition; entries already equal are left alone (no allocation, no exception). */
    static void copySignalActions(SignalActions from, SignalActions to) {
        for (int sig = 1; sig <= Signal.NSIG; sig++) {
            if (sig == Signal.SIGKILL || sig == Signal.SIGSTOP) {
                continue;   // cannot be set: they keep the default
            }
            try {
                SignalActions.Action a = from.get(sig);
                if (!a.equals(to.get(sig))) {
                    to.set(sig, a);
                }
            } catch (ErrnoException e) {
                throw new AssertionError(e);   // 1..NSIG, not SIGKILL/SIGSTOP: always valid
            }
        }
    }

    /**
     * Scheduling attributes and personality pass to the child (sched_fork, dup_task_struct); with
     * sched_reset_on_fork an RT or deadline policy becomes SCHED_NORMAL at nice 0, another policy
     * keeps its nice unless negative (then 0), and the child's reset flag is cleared.
     */
    private static void inheritSched(Task parent, Task child) {
        child.setPersonality(parent.personality());
        int policy = parent.schedPolicy();
        int prio = parent.schedPriority();
        if (parent.schedResetOnFork()) {
            if (policy == 1 || policy == 2 || policy == 6) {  // SCHED_FIFO, SCHED_RR, SCHED_DEADLINE
                policy = 0;
                prio = 0;
                child.setNice(0);
            } else if (child.nice() < 0) {
                child.setNice(0);
            }
        }
        child.setSched(policy, prio, false);
        child.setSchedSlice(parent.schedResetOnFork() ? 0 : parent.schedSlice());
    }

    /**
     * copy_io (block/blk-ioc.c): a CLONE_IO child shares the parent's io_context; another child gets
     * a copy of it only when its priority class is valid (RT, BE or IDLE: ioprio_valid), else none.
     */
    private static void copyIo(Task parent, Task child, long f) {
        IoContext ioc = parent.ioContext();
        if (ioc == null) {
            return;
        }
        if ((f & CLONE_IO) != 0) {
            child.setIoContext(ioc);
        } else {
            int cls = (ioc.ioprio() >> 13) & 7;
            if (cls >= 1 && cls <= 3) {
                child.setIoContext(new IoContext(ioc.ioprio()));
            }
        }
    }
}
