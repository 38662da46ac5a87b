package dev.flatland.syscall;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.kernel.Credentials;
import dev.flatland.kernel.IoContext;
import dev.flatland.kernel.ProcessTree;
import dev.flatland.kernel.Task;
import dev.flatland.kernel.ThreadGroup;
import java.util.ArrayList;
import java.util.List;

/**
 * ioprio_set(2) and ioprio_get(2) (block/ioprio.c, Linux 6.x). The value lives in the task's
 * io_context (kernel/IoContext, inherited by copy_io in TaskClone); Flatland's I/O does not weigh it.
 * An ioprio is class << 13 | hints << 3 | level, stored as an unsigned short. ioprio_get of one
 * task returns the raw value (IOPRIO_DEFAULT, 0 = class NONE, when it has no io_context); of a
 * process group or user, the best (numerically lowest) of each task's effective value, where class
 * NONE means the nice-derived one (__get_task_ioprio: BE, RT or IDLE by policy, level (nice+20)/5).
 * Pid 1, the host-side init, has no Task: it reads as IOPRIO_DEFAULT and cannot be changed (EPERM).
 */
final class IoprioSyscalls {
    private IoprioSyscalls() {
    }

    static final int IOPRIO_WHO_PROCESS = 1;
    static final int IOPRIO_WHO_PGRP = 2;
    static final int IOPRIO_WHO_USER = 3;
    static final int IOPRIO_CLASS_NONE = 0;
    static final int IOPRIO_CLASS_RT = 1;
    static final int IOPRIO_CLASS_BE = 2;
    static final int IOPRIO_CLASS_IDLE = 3;
    private static final int IOPRIO_CLASS_SHIFT = 13;

    private static int ioClass(int ioprio) {
        return (ioprio >> IOPRIO_CLASS_SHIFT) & 7;
    }

    /**
     * ioprio_check_cap: RT needs CAP_SYS_ADMIN or CAP_SYS_NICE (root's privilege here); NONE must have
     * level 0; classes 4..7 are invalid. The level field is 3 bits, so no level is too big for RT/BE.
     */
    private static void checkCap(Task t, int ioprio) throws ErrnoException {
        switch (ioClass(ioprio)) {
            case IOPRIO_CLASS_RT -> {
                if (!t.group().credentials().privileged()) {
                    throw new ErrnoException(Errno.EPERM);
                }
            }
            case IOPRIO_CLASS_BE, IOPRIO_CLASS_IDLE -> {
            }
            case IOPRIO_CLASS_NONE -> {
                if ((ioprio & 7) != 0) {
                    throw new ErrnoException(Errno.EINVAL);
                }
            }
            default -> throw new ErrnoException(Errno.EINVAL);
        }
    }

    /** set_task_ioprio: the target's real uid must be the caller's euid or uid, else CAP_SYS_NICE. */
    private static void setTask(Task t, Task p, int ioprio) throws ErrnoException {
        Credentials me = t.group().credentials();
        int uid = p == null ? 0 : p.group().credentials().ruid();
        if (uid != me.euid() && uid != me.ruid() && !me.privileged()) {
            throw new ErrnoException(Errno.EPERM);
        }
        if (p == null) {
            throw new ErrnoException(Errno.EPERM);
        }
        if (p.exited()) {
            return;                       // PF_EXITING: nothing is stored, and no error
        }
        if (p.ioContext() == null) {
            p.setIoContext(new IoContext(ioprio));
        } else {
            p.ioContext().setIoprio(ioprio);
        }
    }

    /** find_task_by_vpid for IOPRIO_WHO_PROCESS; null (host-side init) for pid 1; ESRCH if none. */
    private static Task findTask(Task t, int who) throws ErrnoException {
        if (who == 0) {
            return t;
        }
        if (who == ProcessTree.INIT_PID) {
            return null;
        }
        Task p = who < 0 ? null : t.kernel().processes().task(who);
        if (p == null) {
            throw new ErrnoException(Errno.ESRCH);
        }
        return p;
    }

    /** The live threads of the process group {@code pgrp}, or of the processes whose real uid is {@code uid}. */
    private static List<Task> threads(Task t, boolean byPgrp, int id) {
        List<Task> out = new ArrayList<>();
        for (int tgid : t.kernel().processes().tgids()) {
            ThreadGroup g = t.kernel().processes().group(tgid);
            if (g == null || g.exited()) {
                continue;
            }
            if (byPgrp ? g.pgid() == id : g.credentials().ruid() == id) {
                for (Task p : g.tasks()) {
                    if (!p.exited()) {
                        out.add(p);
                    }
                }
            }
        }
        return out;
    }

    /** find_user: a user_struct exists while some process has that real uid. */
    private static boolean userExists(Task t, int uid) {
        return !threads(t, false, uid).isEmpty();
    }

    /** ioprio_set(which, who, ioprio). */
    static long ioprioSet(Task t, SyscallArgs a) throws ErrnoException {
        int which = a.int32(0);
        int who = a.int32(1);
        int ioprio = a.int32(2);
        checkCap(t, ioprio);
        switch (which) {
            case IOPRIO_WHO_PROCESS -> {
                setTask(t, findTask(t, who), ioprio);
                return 0;
            }
            case IOPRIO_WHO_PGRP -> {
                List<Task> ts = threads(t, true, who == 0 ? t.group().pgid() : who);
                if (ts.isEmpty()) {
                    throw new ErrnoException(Errno.ESRCH);
                }
                for (Task p : ts) {
                    setTask(t, p, ioprio);
                }
                return 0;
            }
            case IOPRIO_WHO_USER -> {
                // make_kuid(who) is invalid for (uid_t) -1; who == 0 selects the current user's
                // user_struct but compares tasks with uid 0 (the set path uses 'uid', not user->uid).
                if (who == -1 || (who != 0 && !userExists(t, who))) {
                    throw new ErrnoException(Errno.ESRCH);
                }
                List<Task> ts = threads(t, false, who);
                if (ts.isEmpty()) {
                    throw new ErrnoException(Errno.ESRCH);
                }
                for (Task p : ts) {
                    setTask(t, p, ioprio);
                }
                return 0;
            }
            default -> throw new ErrnoException(Errno.EINVAL);
        }
    }

    /** get_task_raw_ioprio: the io_context's value, or IOPRIO_DEFAULT (0). */
    private static int raw(Task p) {
        return p == null || p.exited() || p.ioContext() == null ? 0 : p.ioContext().ioprio();
    }

    /** __get_task_ioprio: class NONE becomes task_nice_ioclass / task_nice_ioprio. */
    private static int effective(Task p) {
        int prio = raw(p);
        if (ioClass(prio) == IOPRIO_CLASS_NONE) {
            int policy = p.schedPolicy();
            int cls = policy == SchedSyscalls.SCHED_IDLE ? IOPRIO_CLASS_IDLE
                    : SchedSyscalls.rtPolicy(policy) || policy == SchedSyscalls.SCHED_DEADLINE ? IOPRIO_CLASS_RT
                    : IOPRIO_CLASS_BE;
            prio = cls << IOPRIO_CLASS_SHIFT | (p.nice() + 20) / 5;
        }
        return prio;
    }

    /** ioprio_best over several tasks: the minimum; ESRCH when there is none. */
    private static long best(List<Task> ts) throws ErrnoException {
        if (ts.isEmpty()) {
            throw new ErrnoException(Errno.ESRCH);
        }
        int best = Integer.MAX_VALUE;
        for (Task p : ts) {
            best = Math.min(best, effective(p));
        }
        return best;
    }

    /** ioprio_get(which, who). */
    static long ioprioGet(Task t, SyscallArgs a) throws ErrnoException {
        int which = a.int32(0);
        int who = a.int32(1);
        return switch (which) {
            case IOPRIO_WHO_PROCESS -> raw(findTask(t, who));
            case IOPRIO_WHO_PGRP -> best(threads(t, true, who == 0 ? t.group().pgid() : who));
            case IOPRIO_WHO_USER -> {
                int uid = who == 0 ? t.group().credentials().ruid() : who;
                if (who != 0 && !userExists(t, uid)) {
                    throw new ErrnoException(Errno.ESRCH);
                }
                yield best(threads(t, false, uid));
            }
            default -> throw new ErrnoException(Errno.EINVAL);
        };
    }
}
