package dev.flatland.syscall;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.kernel.Task;
import dev.flatland.memory.UserMemory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * sched_setattr(2) and sched_getattr(2) (kernel/sched/syscalls.c) with struct sched_attr:
 * {u32 size, u32 sched_policy, u64 sched_flags, s32 sched_nice, u32 sched_priority, u64
 * sched_runtime, u64 sched_deadline, u64 sched_period, u32 sched_util_min, u32 sched_util_max}, 56
 * bytes (SCHED_ATTR_SIZE_VER1). The kernel modelled has no CONFIG_UCLAMP_TASK (UTIL_CLAMP requests
 * answer EOPNOTSUPP, util_min/max read 0) and one CPU; its SCHED_DEADLINE admission control rejects
 * every valid request with EBUSY (sched_dl_overflow), since Flatland has no deadline scheduler, so no
 * task is ever SCHED_DEADLINE. A fair policy's sched_runtime is its custom slice (Linux 6.12+): 0
 * restores the base slice, 0.75 ms on one CPU (sysctl_sched_base_slice, SCHED_TUNABLESCALING_LOG).
 */
final class SchedAttr {
    private SchedAttr() {
    }

    static final int SCHED_ATTR_SIZE_VER0 = 48;
    /** sizeof(struct sched_attr) in this kernel. */
    static final int SCHED_ATTR_SIZE = 56;
    private static final int PAGE_SIZE = 4096;

    static final long SCHED_FLAG_RESET_ON_FORK = 0x01;
    static final long SCHED_FLAG_KEEP_POLICY = 0x08;
    static final long SCHED_FLAG_KEEP_PARAMS = 0x10;
    static final long SCHED_FLAG_UTIL_CLAMP = 0x20 | 0x40;
    /** RESET_ON_FORK, RECLAIM, DL_OVERRUN, KEEP_ALL, UTIL_CLAMP. */
    static final long SCHED_FLAG_ALL = 0x7f;
    /** Kernel-internal (schedutil's worker threads); user space gets EINVAL. */
    static final long SCHED_FLAG_SUGOV = 0x10000000;

    /** sysctl_sched_base_slice on one CPU: 0.75 ms * (1 + ilog2(1)). */
    static final long BASE_SLICE_NS = 750_000;
    private static final long SLICE_MIN_NS = 100_000;
    private static final long SLICE_MAX_NS = 100_000_000;
    /** DL_SCALE: a deadline runtime must be at least 1 << DL_SCALE ns. */
    private static final int DL_SCALE = 10;
    /** sysctl_sched_dl_period_min / max (100 us, 2^22 us), in ns. */
    private static final long DL_PERIOD_MIN_NS = 100L * 1000;
    private static final long DL_PERIOD_MAX_NS = (1L << 22) * 1000;

    /** The kernel's struct sched_attr. */
    private static final class Attr {
        int policy;
        long flags;
        int nice;
        int priority;
        long runtime;
        long deadline;
        long period;
        int utilMin;
        int utilMax;

        byte[] encode(int size) {
            ByteBuffer b = ByteBuffer.allocate(SCHED_ATTR_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(size).putInt(policy).putLong(flags).putInt(nice).putInt(priority).putLong(runtime)
                    .putLong(deadline).putLong(period).putInt(utilMin).putInt(utilMax);
            return b.array();
        }

        static Attr decode(byte[] raw) {
            ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
            Attr a = new Attr();
            b.getInt();
            a.policy = b.getInt();
            a.flags = b.getLong();
            a.nice = b.getInt();
            a.priority = b.getInt();
            a.runtime = b.getLong();
            a.deadline = b.getLong();
            a.period = b.getLong();
            a.utilMin = b.getInt();
            a.utilMax = b.getInt();
            return a;
        }
    }

    /**
     * sched_copy_attr: size 0 means VER0; a size below VER0 or above a page, or a longer struct with
     * non-zero bytes past the kernel's, writes the kernel's size back and fails with E2BIG.
     */
    private static Attr copyAttr(UserMemory um, long uattr) throws ErrnoException {
        int size = um.read32(uattr);
        if (size == 0) {
            size = SCHED_ATTR_SIZE_VER0;
        }
        if (Integer.compareUnsigned(size, SCHED_ATTR_SIZE_VER0) < 0 || Integer.compareUnsigned(size, PAGE_SIZE) > 0) {
            throw sizeError(um, uattr);
        }
        // copy_struct_from_user: the tail beyond the kernel's struct must read as zeros.
        if (size > SCHED_ATTR_SIZE) {
            for (byte x : um.copyIn(uattr + SCHED_ATTR_SIZE, size - SCHED_ATTR_SIZE)) {
                if (x != 0) {
                    throw sizeError(um, uattr);
                }
            }
        }
        byte[] raw = new byte[SCHED_ATTR_SIZE];
        um.copyIn(uattr, raw, 0, Math.min(size, SCHED_ATTR_SIZE));
        Attr a = Attr.decode(raw);
        if ((a.flags & SCHED_FLAG_UTIL_CLAMP) != 0 && size < SCHED_ATTR_SIZE) {
            throw new ErrnoException(Errno.EINVAL);
        }
        a.nice = Math.max(-20, Math.min(19, a.nice));
        return a;
    }

    /** err_size: put_user(sizeof(*attr), &uattr->size), its fault ignored; E2BIG. */
    private static ErrnoException sizeError(UserMemory um, long uattr) {
        try {
            um.write32(uattr, SCHED_ATTR_SIZE);
        } catch (ErrnoException ignored) {
            // put_user's result is not checked.
        }
        return new ErrnoException(Errno.E2BIG);
    }

    private static boolean fair(int policy) {
        return policy == SchedSyscalls.SCHED_NORMAL || policy == SchedSyscalls.SCHED_BATCH;
    }

    /** get_params: an RT task's priority, another's nice and slice (no task is ever SCHED_DEADLINE). */
    private static void getParams(Task p, Attr a) {
        int policy = p == null ? SchedSyscalls.SCHED_NORMAL : p.schedPolicy();
        if (SchedSyscalls.rtPolicy(policy)) {
            a.priority = p.schedPriority();
        } else {
            a.nice = p == null ? 0 : p.nice();
            long slice = p == null ? 0 : p.schedSlice();
            a.runtime = slice != 0 ? slice : BASE_SLICE_NS;
        }
    }

    /** __checkparam_dl: deadline != 0, runtime >= 2^DL_SCALE, runtime <= deadline <= period, period in range. */
    private static boolean checkparamDl(Attr a) {
        if (a.deadline == 0 || Long.compareUnsigned(a.runtime, 1L << DL_SCALE) < 0) {
            return false;
        }
        if (a.deadline < 0 || a.period < 0) {    // bit 63 set
            return false;
        }
        long period = a.period != 0 ? a.period : a.deadline;
        if (period < a.deadline || Long.compareUnsigned(a.deadline, a.runtime) < 0) {
            return false;
        }
        return period >= DL_PERIOD_MIN_NS && period <= DL_PERIOD_MAX_NS;
    }

    /** sched_setattr(pid, uattr, flags). */
    static long schedSetattr(Task t, SyscallArgs a) throws ErrnoException {
        int pid = a.int32(0);
        long uattr = a.ptr(1);
        if (uattr == 0 || pid < 0 || a.int32(2) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        Attr attr = copyAttr(t.userMemory(), uattr);
        if (attr.policy < 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        int policy = (attr.flags & SCHED_FLAG_KEEP_POLICY) != 0 ? -1 : attr.policy;   // SETPARAM_POLICY
        Task p = SchedSyscalls.find(t, pid);
        if ((attr.flags & SCHED_FLAG_KEEP_PARAMS) != 0) {
            getParams(p, attr);
        }
        setscheduler(t, p, policy, attr);
        return 0;
    }

    /** __sched_setscheduler(p, attr, user = true): its checks in Linux's order, then the change. */
    private static void setscheduler(Task t, Task p, int policy, Attr attr) throws ErrnoException {
        int oldPolicy = p == null ? SchedSyscalls.SCHED_NORMAL : p.schedPolicy();
        int oldPrio = p == null ? 0 : p.schedPriority();
        boolean oldReset = p != null && p.schedResetOnFork();
        boolean reset;
        if (policy < 0) {
            reset = oldReset;
            policy = oldPolicy;
        } else {
            reset = (attr.flags & SCHED_FLAG_RESET_ON_FORK) != 0;
            if (!SchedSyscalls.validPolicy(policy)) {
                throw new ErrnoException(Errno.EINVAL);
            }
        }
        if ((attr.flags & ~(SCHED_FLAG_ALL | SCHED_FLAG_SUGOV)) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        int prio = attr.priority;
        boolean deadline = policy == SchedSyscalls.SCHED_DEADLINE;
        if (Integer.compareUnsigned(prio, SchedSyscalls.MAX_RT_PRIO - 1) > 0
                || (deadline && !checkparamDl(attr)) || SchedSyscalls.rtPolicy(policy) != (prio != 0)) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (!SchedSyscalls.privileged(t)) {
            SchedSyscalls.userCheck(t, p, policy, prio, attr.nice, oldPolicy, oldPrio, oldReset, reset);
        }
        if ((attr.flags & SCHED_FLAG_SUGOV) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if ((attr.flags & SCHED_FLAG_UTIL_CLAMP) != 0) {
            throw new ErrnoException(Errno.EOPNOTSUPP);     // uclamp_validate without CONFIG_UCLAMP_TASK
        }
        if (p == null) {
            throw new ErrnoException(Errno.EPERM);          // pid 1, the host-side init
        }
        if (deadline) {
            throw new ErrnoException(Errno.EBUSY);          // sched_dl_overflow: no bandwidth admitted
        }
        p.setSched((attr.flags & SCHED_FLAG_KEEP_PARAMS) != 0 ? oldPolicy : policy,
                (attr.flags & SCHED_FLAG_KEEP_PARAMS) != 0 ? oldPrio : prio, reset);
        if ((attr.flags & SCHED_FLAG_KEEP_PARAMS) == 0 && fair(policy)) {
            // __setscheduler_params: a fair policy takes the nice and the custom slice.
            p.setNice(attr.nice);
            p.setSchedSlice(attr.runtime == 0 ? 0 : Math.max(SLICE_MIN_NS, Math.min(SLICE_MAX_NS, attr.runtime)));
        }
    }

    /**
     * sched_getattr(pid, uattr, usize, flags): fills min(usize, 56) bytes, size = that length, and
     * zeroes the rest of a longer buffer (Linux 6.13+ copies with copy_struct_to_user).
     */
    static long schedGetattr(Task t, SyscallArgs a) throws ErrnoException {
        int pid = a.int32(0);
        long uattr = a.ptr(1);
        long usize = a.uint32(2);
        if (uattr == 0 || pid < 0 || usize > PAGE_SIZE || usize < SCHED_ATTR_SIZE_VER0 || a.int32(3) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        Task p = SchedSyscalls.find(t, pid);
        Attr k = new Attr();
        k.policy = p == null ? SchedSyscalls.SCHED_NORMAL : p.schedPolicy();
        k.flags = p != null && p.schedResetOnFork() ? SCHED_FLAG_RESET_ON_FORK : 0;
        getParams(p, k);
        // copy_struct_to_user: a longer user struct has its tail cleared first.
        int size = (int) Math.min(usize, SCHED_ATTR_SIZE);
        if (usize > SCHED_ATTR_SIZE) {
            t.userMemory().zeroOut(uattr + SCHED_ATTR_SIZE, usize - SCHED_ATTR_SIZE);
        }
        t.userMemory().copyOut(uattr, k.encode(size), 0, size);
        return 0;
    }
}
