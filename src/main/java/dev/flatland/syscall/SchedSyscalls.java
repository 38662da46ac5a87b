package dev.flatland.syscall;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.kernel.Credentials;
import dev.flatland.kernel.ProcessTree;
import dev.flatland.kernel.RLimits;
import dev.flatland.kernel.Task;

/**
 * The scheduler syscalls for a machine with ONE CPU (kernel/sched/syscalls.c, core.c), plus
 * getcpu and personality. Policy and static priority are remembered per thread and reported back
 * (and inherited by clone, see TaskClone); they do not change how Flatland schedules its tasks.
 * Pid 1, the host-side init, has no Task: it reads as SCHED_OTHER/0 and cannot be changed (EPERM).
 */
final class SchedSyscalls {
    private SchedSyscalls() {
    }

    static final int SCHED_NORMAL = 0;
    static final int SCHED_FIFO = 1;
    static final int SCHED_RR = 2;
    static final int SCHED_BATCH = 3;
    static final int SCHED_IDLE = 5;
    static final int SCHED_DEADLINE = 6;
    static final int SCHED_RESET_ON_FORK = 0x40000000;
    /** sched_setparam's "keep the policy" (SETPARAM_POLICY). */
    private static final int SETPARAM_POLICY = -1;
    static final int MAX_RT_PRIO = 100;
    /** sched_rr_timeslice: RR_TIMESLICE = 100 ms. */
    private static final long RR_TIMESLICE_NS = 100_000_000L;
    /** cpumask_size() with nr_cpu_ids = 1: one unsigned long. */
    private static final int CPUMASK_SIZE = 8;

    /** find_process_by_pid: 0 is the caller; null for pid 1 (host-side init). */
    static Task find(Task t, int pid) throws ErrnoException {
        if (pid == 0) {
            return t;
        }
        if (pid == ProcessTree.INIT_PID) {
            return null;
        }
        Task p = t.kernel().processes().task(pid);
        if (p == null) {
            throw new ErrnoException(Errno.ESRCH);
        }
        return p;
    }

    /** CAP_SYS_NICE: the credentials' privilege (it follows the effective uid). */
    static boolean privileged(Task t) {
        return t.group().credentials().privileged();
    }

    /** check_same_owner: the caller's euid is the target's euid or real uid. */
    private static boolean sameOwner(Task t, Task p) {
        Credentials c = t.group().credentials();
        Credentials pc = p == null ? Credentials.root() : p.group().credentials();
        return c.euid() == pc.euid() || c.euid() == pc.ruid();
    }

    static long schedYield(Task t, SyscallArgs a) {
        return 0;
    }

    /**
     * sched_getaffinity(pid, len, mask): the one CPU, for the caller or any existing process: Linux
     * checks no permission here (only that find_process_by_pid finds it), so another guest process
     * and pid 1, the host-side init, are answered too (busybox "taskset -p 1"); ESRCH otherwise.
     * len must hold nr_cpu_ids bits and be a multiple of sizeof(long).
     */
    static long schedGetaffinity(Task t, SyscallArgs a) throws ErrnoException {
        find(t, a.int32(0));
        long len = a.uint32(1);
        if (len < 8 || (len & 7) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        t.userMemory().write64(a.ptr(2), 1);
        return 8;
    }

    /**
     * sched_setaffinity(pid, len, mask): get_user_cpu_mask zero-extends a len shorter than
     * cpumask_size() and truncates a longer one (EFAULT on a bad pointer), then ESRCH, EPERM for
     * another owner's task without CAP_SYS_NICE, and EINVAL when the mask misses CPU 0.
     */
    static long schedSetaffinity(Task t, SyscallArgs a) throws ErrnoException {
        int pid = a.int32(0);
        int len = (int) Math.min(a.uint32(1), CPUMASK_SIZE);
        byte[] mask = len == 0 ? new byte[0] : t.userMemory().copyIn(a.ptr(2), len);
        Task p = find(t, pid);
        if (!sameOwner(t, p) && !privileged(t)) {
            throw new ErrnoException(Errno.EPERM);
        }
        if (len == 0 || (mask[0] & 1) == 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        return 0;
    }

    static boolean validPolicy(int policy) {
        return policy == SCHED_NORMAL || policy == SCHED_FIFO || policy == SCHED_RR || policy == SCHED_BATCH
                || policy == SCHED_IDLE || policy == SCHED_DEADLINE;
    }

    static boolean rtPolicy(int policy) {
        return policy == SCHED_FIFO || policy == SCHED_RR;
    }

    static long schedSetscheduler(Task t, SyscallArgs a) throws ErrnoException {
        int policy = a.int32(1);
        if (policy < 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        return setscheduler(t, a.int32(0), policy, a.ptr(2));
    }

    static long schedSetparam(Task t, SyscallArgs a) throws ErrnoException {
        return setscheduler(t, a.int32(0), SETPARAM_POLICY, a.ptr(1));
    }

    /** do_sched_setscheduler and __sched_setscheduler's checks, in Linux's order. */
    private static long setscheduler(Task t, int pid, int policy, long param) throws ErrnoException {
        if (param == 0 || pid < 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        int prio = t.userMemory().read32(param);   // struct sched_param { int sched_priority; }
        Task p = find(t, pid);
        int oldPolicy = p == null ? SCHED_NORMAL : p.schedPolicy();
        int oldPrio = p == null ? 0 : p.schedPriority();
        boolean oldReset = p != null && p.schedResetOnFork();
        boolean reset;
        if (policy == SETPARAM_POLICY) {
            reset = oldReset;
            policy = oldPolicy;
        } else {
            reset = (policy & SCHED_RESET_ON_FORK) != 0;
            policy &= ~SCHED_RESET_ON_FORK;
            if (!validPolicy(policy)) {
                throw new ErrnoException(Errno.EINVAL);
            }
        }
        // Valid priorities: 1..MAX_RT_PRIO-1 for FIFO and RR, 0 for the others (sched_attr's
        // sched_priority is a __u32, so a negative one is too large); a sched_setscheduler
        // SCHED_DEADLINE has no runtime/deadline/period (__checkparam_dl fails).
        if (Integer.compareUnsigned(prio, MAX_RT_PRIO - 1) > 0 || policy == SCHED_DEADLINE || rtPolicy(policy) != (prio != 0)) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (!privileged(t)) {
            userCheck(t, p, policy, prio, p == null ? 0 : p.nice(), oldPolicy, oldPrio, oldReset, reset);
        }
        if (p == null) {
            throw new ErrnoException(Errno.EPERM);
        }
        p.setSched(policy, rtPolicy(policy) ? prio : 0, reset);
        return 0;
    }

    /**
     * user_check_sched_setscheduler for a caller without CAP_SYS_NICE; {@code newNice} is the
     * requested nice of a fair policy (sched_setscheduler passes the task's own).
     */
    static void userCheck(Task t, Task p, int policy, int prio, int newNice, int oldPolicy, int oldPrio,
            boolean oldReset, boolean reset) throws ErrnoException {
        RLimits rl = (p == null ? t : p).group().rlimits();
        int curNice = p == null ? 0 : p.nice();
        // A fair policy may lower its nice only as far as RLIMIT_NICE allows (is_nice_reduction).
        if ((policy == SCHED_NORMAL || policy == SCHED_BATCH) && newNice < curNice
                && Long.compareUnsigned(20 - newNice, rl.cur(RLimits.RLIMIT_NICE)) > 0) {
            throw new ErrnoException(Errno.EPERM);
        }
        if (rtPolicy(policy)) {
            long rtprio = rl.cur(RLimits.RLIMIT_RTPRIO);
            if (policy != oldPolicy && rtprio == 0) {
                throw new ErrnoException(Errno.EPERM);
            }
            if (prio > oldPrio && Long.compareUnsigned(prio, rtprio) > 0) {
                throw new ErrnoException(Errno.EPERM);
            }
        }
        if (policy == SCHED_DEADLINE) {
            throw new ErrnoException(Errno.EPERM);
        }
        // Leaving SCHED_IDLE (treated as nice 20) needs RLIMIT_NICE to allow the task's nice:
        // is_nice_reduction, 20 - nice <= rlim.
        int nice = p == null ? 0 : p.nice();
        if (oldPolicy == SCHED_IDLE && policy != SCHED_IDLE
                && Long.compareUnsigned(20 - nice, rl.cur(RLimits.RLIMIT_NICE)) > 0) {
            throw new ErrnoException(Errno.EPERM);
        }
        if (!sameOwner(t, p)) {
            throw new ErrnoException(Errno.EPERM);
        }
        if (oldReset && !reset) {
            throw new ErrnoException(Errno.EPERM);
        }
    }

    static long schedGetscheduler(Task t, SyscallArgs a) throws ErrnoException {
        int pid = a.int32(0);
        if (pid < 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        Task p = find(t, pid);
        if (p == null) {
            return SCHED_NORMAL;
        }
        return p.schedPolicy() | (p.schedResetOnFork() ? SCHED_RESET_ON_FORK : 0);
    }

    static long schedGetparam(Task t, SyscallArgs a) throws ErrnoException {
        int pid = a.int32(0);
        long param = a.ptr(1);
        if (param == 0 || pid < 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        Task p = find(t, pid);
        int prio = p != null && rtPolicy(p.schedPolicy()) ? p.schedPriority() : 0;
        t.userMemory().write32(param, prio);
        return 0;
    }

    static long schedGetPriorityMax(Task t, SyscallArgs a) throws ErrnoException {
        return realTime(a.int32(0)) ? MAX_RT_PRIO - 1 : 0;
    }

    static long schedGetPriorityMin(Task t, SyscallArgs a) throws ErrnoException {
        return realTime(a.int32(0)) ? 1 : 0;
    }

    /** True for SCHED_FIFO and SCHED_RR, false for the other policies; EINVAL for an unknown one. */
    private static boolean realTime(int policy) throws ErrnoException {
        return switch (policy) {
            case SCHED_FIFO, SCHED_RR -> true;
            case SCHED_DEADLINE, SCHED_NORMAL, SCHED_BATCH, SCHED_IDLE -> false;
            default -> throw new ErrnoException(Errno.EINVAL);
        };
    }

    /**
     * sched_rr_get_interval(pid, ts): SCHED_RR's time slice is RR_TIMESLICE (100 ms); FIFO has none;
     * a fair task alone on the one CPU gets NS_TO_JIFFIES(base slice 0.75 ms) = 0 jiffies (EEVDF).
     */
    static long schedRrGetInterval(Task t, SyscallArgs a) throws ErrnoException {
        int pid = a.int32(0);
        if (pid < 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        Task p = find(t, pid);
        long ns = p != null && p.schedPolicy() == SCHED_RR ? RR_TIMESLICE_NS : 0;
        TimeSyscalls.writeTimespec(t, a.ptr(1), ns);
        return 0;
    }

    /** getcpu(cpu, node, tcache): CPU 0 on node 0; either pointer may be NULL. */
    static long getcpu(Task t, SyscallArgs a) throws ErrnoException {
        if (a.ptr(0) != 0) {
            t.userMemory().write32(a.ptr(0), 0);
        }
        if (a.ptr(1) != 0) {
            t.userMemory().write32(a.ptr(1), 0);
        }
        return 0;
    }

    /** personality(persona): 0xffffffff only queries; returns the previous persona. */
    static long personality(Task t, SyscallArgs a) {
        int old = t.personality();
        int persona = a.int32(0);
        if (persona != 0xffffffff) {
            t.setPersonality(persona);
        }
        return old & 0xffffffffL;
    }
}
