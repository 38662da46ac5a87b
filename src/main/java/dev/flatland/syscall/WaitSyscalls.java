package dev.flatland.syscall;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Signal;
import dev.flatland.kernel.Blocker;
import dev.flatland.kernel.ExitStatus;
import dev.flatland.kernel.JobControl;
import dev.flatland.kernel.ProcessTree;
import dev.flatland.kernel.Task;
import dev.flatland.kernel.ThreadGroup;
import java.util.ArrayList;
import java.util.List;

/**
 * wait4 and waitid (kernel/exit.c do_wait): exits, job-control stops (WUNTRACED/WSTOPPED) and
 * continues (WCONTINUED) of children selected by pid, process group or "any".
 */
final class WaitSyscalls {
    static final int WNOHANG = 1;
    static final int WSTOPPED = 2;
    static final int WEXITED = 4;
    static final int WCONTINUED = 8;
    static final int WNOWAIT = 0x0100_0000;
    static final int WNOTHREAD = 0x2000_0000;
    static final int WALL = 0x4000_0000;
    static final int WCLONE = 0x8000_0000;
    static final int P_ALL = 0;
    static final int P_PID = 1;
    static final int P_PGID = 2;
    static final int P_PIDFD = 3;
    /** sizeof(struct rusage). */
    static final int RUSAGE_SIZE = 144;

    private WaitSyscalls() {
    }

    /** What wait found: a child and the kind of event (CLD_EXITED/KILLED/STOPPED/CONTINUED) with its status. */
    record Event(ThreadGroup child, int code, int status) {
    }

    /** Who to wait for: P_ALL, P_PID pid, P_PGID pgid, or P_PIDFD the process {@code target}. */
    record Selector(int type, int id, ThreadGroup target) {
        Selector(int type, int id) {
            this(type, id, null);
        }

        boolean matches(ThreadGroup c) {
            return switch (type) {
                case P_PID -> c.tgid() == id;
                case P_PGID -> c.pgid() == id;
                case P_PIDFD -> c == target;
                default -> true;
            };
        }
    }

    /** wait4(pid, *wstatus, options, *rusage). */
    static long wait4(Task t, SyscallArgs a) throws ErrnoException {
        int opts = a.int32(2);
        if ((opts & ~(WNOHANG | WSTOPPED | WCONTINUED | WNOTHREAD | WALL | WCLONE)) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        int pid = a.int32(0);
        if (pid == Integer.MIN_VALUE) {
            throw new ErrnoException(Errno.ESRCH);
        }
        Selector sel = pid > 0 ? new Selector(P_PID, pid) : pid == -1 ? new Selector(P_ALL, 0)
                : new Selector(P_PGID, pid == 0 ? t.group().pgid() : -pid);
        long statusp = a.ptr(1);
        long rusage = a.ptr(3);
        return waitCommon(t, sel, opts | WEXITED, ev -> {
            if (statusp != 0) {
                t.userMemory().write32(statusp, statusWord(ev));
            }
            if (rusage != 0) {
                t.userMemory().zeroOut(rusage, RUSAGE_SIZE);
            }
            return ev.child().tgid();
        }, () -> 0);
    }

    /** The wait(2) status word: exit code << 8, the signal, W_STOPCODE(sig) or 0xffff (continued). */
    static int statusWord(Event ev) {
        return switch (ev.code()) {
            case JobControl.CLD_EXITED -> (ev.status() & 0xff) << 8;
            case JobControl.CLD_STOPPED -> JobControl.stopStatus(ev.status());
            case JobControl.CLD_CONTINUED -> JobControl.CONTINUED_STATUS;
            default -> ev.status();
        };
    }

    /** waitid(idtype, id, *infop, options, *rusage): fills a siginfo with si_code CLD_*. */
    static long waitid(Task t, SyscallArgs a) throws ErrnoException {
        int type = a.int32(0);
        int id = a.int32(1);
        long info = a.ptr(2);
        int opts = a.int32(3);
        long rusage = a.ptr(4);
        if ((opts & ~(WNOHANG | WNOWAIT | WEXITED | WSTOPPED | WCONTINUED | WNOTHREAD | WALL | WCLONE)) != 0
                || (opts & (WEXITED | WSTOPPED | WCONTINUED)) == 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        Selector sel = switch (type) {
            case P_ALL -> new Selector(P_ALL, 0);
            case P_PID -> {
                if (id <= 0) {
                    throw new ErrnoException(Errno.EINVAL);
                }
                yield new Selector(P_PID, id);
            }
            case P_PGID -> {
                if (id < 0) {
                    throw new ErrnoException(Errno.EINVAL);
                }
                yield new Selector(P_PGID, id == 0 ? t.group().pgid() : id);
            }
            case P_PIDFD -> {
                // pidfd_get_pid: a negative fd is EINVAL, a closed fd or another kind of file EBADF.
                if (id < 0) {
                    throw new ErrnoException(Errno.EINVAL);
                }
                yield new Selector(P_PIDFD, id, PidfdSyscalls.pidfd(t, id).group());
            }
            default -> throw new ErrnoException(Errno.EINVAL);
        };
        // kernel_waitid: a PIDFD_NONBLOCK pidfd makes the wait WNOHANG, and finding nothing without
        // the caller's own WNOHANG is EAGAIN (Linux 5.10); infop is not written then.
        boolean nonblockPidfd = type == P_PIDFD
                && (t.fds().get(id).flags() & dev.flatland.abi.Fcntl.O_NONBLOCK) != 0;
        boolean callerNohang = (opts & WNOHANG) != 0;
        if (nonblockPidfd) {
            opts |= WNOHANG;
        }
        return waitCommon(t, sel, opts, ev -> {
            writeSiginfo(t, info, Signal.SIGCHLD, ev.code(), ev.child().tgid(), ev.status());
            if (rusage != 0) {
                t.userMemory().zeroOut(rusage, RUSAGE_SIZE);
            }
            return 0;
        }, () -> {
            if (!callerNohang) {
                throw new ErrnoException(Errno.EAGAIN);
            }
            writeSiginfo(t, info, 0, 0, 0, 0);
            return 0;
        });
    }

    private static void writeSiginfo(Task t, long info, int signo, int code, int pid, int status)
            throws ErrnoException {
        if (info == 0) {
            return;
        }
        var u = t.userMemory();
        u.write32(info, signo);
        u.write32(info + 4, 0);
        u.write32(info + 8, code);
        u.write32(info + 16, pid);
        u.write32(info + 20, signo == 0 ? 0 : dev.flatland.kernel.Kernel.UID);
        u.write32(info + 24, status);
    }

    interface Collect {
        long collect(Event ev) throws ErrnoException;
    }

    interface NoChild {
        long none() throws ErrnoException;
    }

    /**
     * do_wait: ECHILD when no child matches; the first child (in creation order) with an event the
     * options ask for is reported (an exit reaps unless WNOWAIT; a stop or continue is reported
     * once unless WNOWAIT); otherwise WNOHANG returns at once and without it the task parks.
     */
    private static long waitCommon(Task t, Selector sel, int opts, Collect collect, NoChild none)
            throws ErrnoException {
        ThreadGroup me = t.group();
        ProcessTree procs = t.kernel().processes();
        if (matching(procs, me, sel, opts).isEmpty()) {
            throw new ErrnoException(Errno.ECHILD);
        }
        Event ev = event(procs, me, sel, opts);
        if (ev != null) {
            return finish(procs, me, ev, opts, collect);
        }
        if ((opts & WNOHANG) != 0) {
            return none.none();
        }
        t.kernel().scheduler().park(t, new Blocker() {
            @Override
            public boolean ready() {
                return event(procs, me, sel, opts) != null || matching(procs, me, sel, opts).isEmpty();
            }

            @Override
            public long result() {
                Event e = event(procs, me, sel, opts);
                if (e == null) {
                    return -Errno.ECHILD.number();
                }
                try {
                    return finish(procs, me, e, opts, collect);
                } catch (ErrnoException x) {
                    return -x.errno().number();
                }
            }

            @Override
            public Errno interruptedBy() {
                return Errno.ERESTARTSYS;   // do_wait: restarted under SA_RESTART
            }

            @Override
            public String describe() {
                String who = switch (sel.type()) {
                    case P_PID -> "pid " + sel.id();
                    case P_PGID -> "process group " + sel.id();
                    case P_PIDFD -> "pidfd of pid " + sel.target().tgid();
                    default -> "any child";
                };
                return "a child to change state (wait " + who + ")";
            }
        });
        return 0;
    }

    private static long finish(ProcessTree procs, ThreadGroup me, Event ev, int opts, Collect collect)
            throws ErrnoException {
        long r = collect.collect(ev);
        boolean consume = (opts & WNOWAIT) == 0;
        switch (ev.code()) {
            case JobControl.CLD_STOPPED -> JobControl.takeStopReport(ev.child(), consume);
            case JobControl.CLD_CONTINUED -> JobControl.takeContinueReport(ev.child(), consume);
            default -> {
                if (consume) {
                    procs.reap(me, ev.child());
                }
            }
        }
        return r;
    }

    /**
     * The children wait may consider (eligible_child): selected by {@code sel}, and of the right kind:
     * a "clone child" (exit signal other than SIGCHLD) only with __WCLONE, any other only without it,
     * both with __WALL. None at all makes the wait ECHILD.
     */
    private static List<ThreadGroup> matching(ProcessTree procs, ThreadGroup me, Selector sel, int opts) {
        List<ThreadGroup> out = new ArrayList<>();
        boolean wantClone = (opts & WCLONE) != 0;
        for (ThreadGroup c : procs.children(me)) {
            boolean cloneChild = procs.exitSignal(c) != Signal.SIGCHLD;
            if (sel.matches(c) && ((opts & WALL) != 0 || cloneChild == wantClone)) {
                out.add(c);
            }
        }
        return out;
    }

    /** wait_consider_task over the matching children: exit, then stop, then continue. */
    private static Event event(ProcessTree procs, ThreadGroup me, Selector sel, int opts) {
        for (ThreadGroup c : matching(procs, me, sel, opts)) {
            if (c.exited()) {
                if ((opts & WEXITED) != 0) {
                    ExitStatus s = c.exitStatus();
                    return s.signal() != 0 ? new Event(c, JobControl.CLD_KILLED, s.signal())
                            : new Event(c, JobControl.CLD_EXITED, s.code());
                }
                continue;
            }
            if ((opts & WSTOPPED) != 0) {
                int sig = JobControl.takeStopReport(c, false);
                if (sig != 0) {
                    return new Event(c, JobControl.CLD_STOPPED, sig);
                }
            }
            if ((opts & WCONTINUED) != 0 && JobControl.takeContinueReport(c, false)) {
                return new Event(c, JobControl.CLD_CONTINUED, Signal.SIGCONT);
            }
        }
        return null;
    }
}
