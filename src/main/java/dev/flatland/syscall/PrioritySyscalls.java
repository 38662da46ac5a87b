package dev.flatland.syscall;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.kernel.Credentials;
import dev.flatland.kernel.RLimits;
import dev.flatland.kernel.Task;
import dev.flatland.kernel.ThreadGroup;
import java.util.ArrayList;
import java.util.List;

/**
 * getpriority(2) and setpriority(2) (kernel/sys.c): the nice value of a thread, of every thread
 * in a process group, or of every thread of a user. The raw getpriority returns 20 - nice (1..40;
 * libc turns it back into a nice value) and the highest of them when several threads match. The
 * value is remembered, inherited and reported; Flatland's scheduler gives every task the same
 * turn whatever its nice (a deterministic run has no use for weights).
 */
final class PrioritySyscalls {
    static final int PRIO_PROCESS = 0;
    static final int PRIO_PGRP = 1;
    static final int PRIO_USER = 2;

    private PrioritySyscalls() {
    }

    static long getpriority(Task t, SyscallArgs a) throws ErrnoException {
        List<Task> tasks = matching(t, a.int32(0), a.int32(1));
        if (tasks.isEmpty()) {
            throw new ErrnoException(Errno.ESRCH);
        }
        long best = 0;
        for (Task p : tasks) {
            best = Math.max(best, 20 - p.nice());
        }
        return best;
    }

    static long setpriority(Task t, SyscallArgs a) throws ErrnoException {
        List<Task> tasks = matching(t, a.int32(0), a.int32(1));
        int nice = Math.max(-20, Math.min(19, a.int32(2)));
        Errno error = Errno.ESRCH;
        Credentials me = t.group().credentials();
        for (Task p : tasks) {
            Credentials pc = p.group().credentials();
            // set_one_prio_perm, then can_nice (RLIMIT_NICE, or CAP_SYS_NICE: root here)
            if (pc.ruid() != me.euid() && pc.euid() != me.euid() && !me.privileged()) {
                error = Errno.EPERM;
                continue;
            }
            if (nice < p.nice() && 20 - nice > p.group().rlimits().cur(RLimits.RLIMIT_NICE) && !me.privileged()) {
                error = Errno.EACCES;
                continue;
            }
            if (error == Errno.ESRCH) {
                error = null;
            }
            p.setNice(nice);
        }
        if (error != null) {
            throw new ErrnoException(error);
        }
        return 0;
    }

    /** The live threads {@code which} and {@code who} select; EINVAL for a bad which. */
    private static List<Task> matching(Task t, int which, int who) throws ErrnoException {
        List<Task> out = new ArrayList<>();
        switch (which) {
            case PRIO_PROCESS -> {
                Task p = who == 0 ? t : t.kernel().processes().task(who);
                if (p != null && !p.exited()) {
                    out.add(p);
                }
            }
            case PRIO_PGRP, PRIO_USER -> {
                int pgrp = who != 0 ? who : t.group().pgid();
                int uid = who != 0 ? who : t.group().credentials().ruid();
                for (int tgid : t.kernel().processes().tgids()) {
                    ThreadGroup g = t.kernel().processes().group(tgid);
                    if (g == null || g.exited()) {
                        continue;
                    }
                    boolean match = which == PRIO_PGRP ? g.pgid() == pgrp : g.credentials().ruid() == uid;
                    if (match) {
                        for (Task p : g.tasks()) {
                            if (!p.exited()) {
                                out.add(p);
                            }
                        }
                    }
                }
            }
            default -> throw new ErrnoException(Errno.EINVAL);
        }
        return out;
    }
}
