package dev.flatland.kernel;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;

/**
 * A process's resource limits (signal_struct.rlim): soft and hard value per resource, numbered as
 * include/uapi/asm-generic/resource.h. Threads share them; clone copies them into a new process
 * (copy_signal) and execve keeps them. Changes follow do_prlimit in kernel/sys.c.
 *
 * <p>Enforced: RLIMIT_NOFILE (through {@link FdTable#setNofile}), RLIMIT_NPROC (clone/vfork, for a
 * caller other than root). RLIMIT_STACK is not used to size stacks on nommu (binfmt_elf_fdpic);
 * its soft value reads as the size of the current stack block (reference/nommu.md §3.3).
 */
public final class RLimits {
    public static final int RLIMIT_CPU = 0;
    public static final int RLIMIT_FSIZE = 1;
    public static final int RLIMIT_DATA = 2;
    public static final int RLIMIT_STACK = 3;
    public static final int RLIMIT_CORE = 4;
    public static final int RLIMIT_RSS = 5;
    public static final int RLIMIT_NPROC = 6;
    public static final int RLIMIT_NOFILE = 7;
    public static final int RLIMIT_MEMLOCK = 8;
    public static final int RLIMIT_AS = 9;
    public static final int RLIMIT_LOCKS = 10;
    public static final int RLIMIT_SIGPENDING = 11;
    public static final int RLIMIT_MSGQUEUE = 12;
    public static final int RLIMIT_NICE = 13;
    public static final int RLIMIT_RTPRIO = 14;
    public static final int RLIMIT_RTTIME = 15;
    public static final int RLIM_NLIMITS = 16;
    public static final long RLIM_INFINITY = -1L;
    /** fs/file.c sysctl_nr_open default (1024 * 1024): RLIMIT_NOFILE's hard ceiling. */
    public static final long NR_OPEN = 1024 * 1024;
    /** INR_OPEN_CUR / INR_OPEN_MAX (include/uapi/linux/fs.h): the boot defaults for RLIMIT_NOFILE. */
    public static final long INR_OPEN_CUR = 1024;
    public static final long INR_OPEN_MAX = 4096;
    /** The RLIMIT_NPROC and RLIMIT_SIGPENDING default; Linux derives it from RAM (max_threads / 2). */
    public static final long DEFAULT_NPROC = 4096;

    private final long[] cur = new long[RLIM_NLIMITS];
    private final long[] max = new long[RLIM_NLIMITS];

    /** The boot defaults (include/asm-generic/resource.h INIT_RLIMITS). */
    public RLimits() {
        java.util.Arrays.fill(cur, RLIM_INFINITY);
        java.util.Arrays.fill(max, RLIM_INFINITY);
        set(RLIMIT_STACK, 8L << 20, RLIM_INFINITY);   // _STK_LIM; read back as the stack block's size
        set(RLIMIT_CORE, 0, RLIM_INFINITY);
        set(RLIMIT_NPROC, DEFAULT_NPROC, DEFAULT_NPROC);
        set(RLIMIT_NOFILE, INR_OPEN_CUR, INR_OPEN_MAX);
        set(RLIMIT_MEMLOCK, 8L << 20, 8L << 20);       // MLOCK_LIMIT
        set(RLIMIT_SIGPENDING, DEFAULT_NPROC, DEFAULT_NPROC);
        set(RLIMIT_MSGQUEUE, 819200, 819200);          // MQ_BYTES_MAX
        set(RLIMIT_NICE, 0, 0);
        set(RLIMIT_RTPRIO, 0, 0);
    }

    private void set(int r, long c, long m) {
        cur[r] = c;
        max[r] = m;
    }

    /** A copy for a new process (copy_signal). */
    public RLimits copy() {
        RLimits c = new RLimits();
        System.arraycopy(cur, 0, c.cur, 0, RLIM_NLIMITS);
        System.arraycopy(max, 0, c.max, 0, RLIM_NLIMITS);
        return c;
    }

    /** The soft limit; EINVAL for an unknown resource. */
    public long cur(int resource) throws ErrnoException {
        check(resource);
        return cur[resource];
    }

    /** The hard limit; EINVAL for an unknown resource. */
    public long max(int resource) throws ErrnoException {
        check(resource);
        return max[resource];
    }

    /**
     * do_prlimit: soft above hard is EINVAL, RLIMIT_NOFILE above nr_open EPERM, raising the hard
     * limit without CAP_SYS_RESOURCE ({@code privileged}) EPERM. Limits compare as unsigned, so
     * RLIM_INFINITY is the largest.
     */
    public void setLimit(int resource, long newCur, long newMax, boolean privileged) throws ErrnoException {
        check(resource);
        if (Long.compareUnsigned(newCur, newMax) > 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (resource == RLIMIT_NOFILE && Long.compareUnsigned(newMax, NR_OPEN) > 0) {
            throw new ErrnoException(Errno.EPERM);
        }
        if (Long.compareUnsigned(newMax, max[resource]) > 0 && !privileged) {
            throw new ErrnoException(Errno.EPERM);
        }
        cur[resource] = newCur;
        max[resource] = newMax;
    }

    private static void check(int resource) throws ErrnoException {
        if (resource < 0 || resource >= RLIM_NLIMITS) {
            throw new ErrnoException(Errno.EINVAL);
        }
    }
}
