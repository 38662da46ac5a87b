package dev.flatland.syscall;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Mman;
import dev.flatland.kernel.Kernel;
import dev.flatland.kernel.Mapping;
import dev.flatland.kernel.Task;

/** Process identity and life cycle: exit, ids, arch_prctl, fork (EINVAL on nommu), limits, kill, futex. */
final class ProcessSyscalls {
    static final int ARCH_SET_GS = 0x1001;
    static final int ARCH_SET_FS = 0x1002;
    static final int ARCH_GET_FS = 0x1003;
    static final int ARCH_GET_GS = 0x1004;
    static final long RLIM_INFINITY = -1L;
    /** Resource numbers (include/uapi/asm-generic/resource.h). */
    static final int RLIMIT_STACK = 3;
    static final int RLIMIT_CORE = 4;
    static final int RLIMIT_NOFILE = 7;
    static final int RLIMIT_MEMLOCK = 8;
    static final int RLIMIT_NICE = 13;
    static final int RLIMIT_RTPRIO = 14;
    static final int RLIMIT_NLIMITS = 16;

    private ProcessSyscalls() {
    }

    static long exit(Task t, SyscallArgs a) {
        t.exitThread(a.int32(0));
        return 0;
    }

    static long exitGroup(Task t, SyscallArgs a) {
        t.exitGroup(a.int32(0));
        return 0;
    }

    static long getpid(Task t, SyscallArgs a) {
        return t.group().tgid();
    }

    static long gettid(Task t, SyscallArgs a) {
        return t.tid();
    }

    static long getppid(Task t, SyscallArgs a) {
        return t.group().ppid();
    }

    static long setTidAddress(Task t, SyscallArgs a) {
        t.setClearChildTid(a.ptr(0));
        return t.tid();
    }

    static long setRobustList(Task t, SyscallArgs a) throws ErrnoException {
        if (a.sizeT(1) != 24) {   // sizeof(struct robust_list_head)
            throw new ErrnoException(Errno.EINVAL);
        }
        t.group().setRobustList(a.ptr(0));
        return 0;
    }

    /** arch_prctl (arch/x86/kernel/process_64.c do_arch_prctl_64). */
    static long archPrctl(Task t, SyscallArgs a) throws ErrnoException {
        long addr = a.ptr(1);
        switch (a.int32(0)) {
            case ARCH_SET_FS -> {
                if (Long.compareUnsigned(addr, Mman.TASK_SIZE) >= 0) {
                    throw new ErrnoException(Errno.EPERM);
                }
                t.cpu().fsBase = addr;
            }
            case ARCH_SET_GS -> {
                if (Long.compareUnsigned(addr, Mman.TASK_SIZE) >= 0) {
                    throw new ErrnoException(Errno.EPERM);
                }
                t.cpu().gsBase = addr;
            }
            case ARCH_GET_FS -> t.userMemory().write64(addr, t.cpu().fsBase);
            case ARCH_GET_GS -> t.userMemory().write64(addr, t.cpu().gsBase);
            default -> throw new ErrnoException(Errno.EINVAL);
        }
        return 0;
    }

    /** fork exists on x86 but fails EINVAL without an MMU (kernel/fork.c copy_mm path). */
    static long fork(Task t, SyscallArgs a) throws ErrnoException {
        t.kernel().logOnce("fork", "flatland: fork() is not available on nommu Linux (EINVAL); use vfork() or "
                + "posix_spawn()");
        throw new ErrnoException(Errno.EINVAL);
    }

    static long schedYield(Task t, SyscallArgs a) {
        return 0;
    }

    /** One CPU: mask bit 0; len must hold nr_cpu_ids bits and be a multiple of sizeof(long). */
    static long schedGetaffinity(Task t, SyscallArgs a) throws ErrnoException {
        checkSelf(t, a.int32(0));
        long len = a.uint32(1);
        if (len < 8 || (len & 7) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        t.userMemory().write64(a.ptr(2), 1);
        return 8;
    }

    static long getrlimit(Task t, SyscallArgs a) throws ErrnoException {
        long[] r = limit(t, a.int32(0));
        t.userMemory().write64(a.ptr(1), r[0]);
        t.userMemory().write64(a.ptr(1) + 8, r[1]);
        return 0;
    }

    /** prlimit64 on the caller: new limits are validated and accepted but not enforced. */
    static long prlimit64(Task t, SyscallArgs a) throws ErrnoException {
        checkSelf(t, a.int32(0));
        long[] r = limit(t, a.int32(1));
        if (a.ptr(2) != 0) {
            long cur = t.userMemory().read64(a.ptr(2));
            long max = t.userMemory().read64(a.ptr(2) + 8);
            if (Long.compareUnsigned(cur, max) > 0) {
                throw new ErrnoException(Errno.EINVAL);
            }
        }
        if (a.ptr(3) != 0) {
            t.userMemory().write64(a.ptr(3), r[0]);
            t.userMemory().write64(a.ptr(3) + 8, r[1]);
        }
        return 0;
    }

    /** {cur, max} per resource (include/uapi/asm-generic/resource.h numbering). */
    private static long[] limit(Task t, int resource) throws ErrnoException {
        if (resource < 0 || resource >= RLIMIT_NLIMITS) {
            throw new ErrnoException(Errno.EINVAL);
        }
        return switch (resource) {
            case RLIMIT_STACK -> {                        // the fixed stack block
                long size = stackSize(t);
                yield new long[] {size, size};
            }
            case RLIMIT_CORE -> new long[] {0, RLIM_INFINITY};
            case RLIMIT_NOFILE -> new long[] {dev.flatland.kernel.FdTable.NOFILE, dev.flatland.kernel.FdTable.NOFILE};
            case RLIMIT_MEMLOCK -> new long[] {8L << 20, 8L << 20};
            case RLIMIT_NICE, RLIMIT_RTPRIO -> new long[] {0, 0};
            default -> new long[] {RLIM_INFINITY, RLIM_INFINITY};
        };
    }

    private static long stackSize(Task t) {
        Mapping m = t.mm().find(t.mm().startStack() - 1);
        return m == null ? 0 : m.end() - m.start();
    }

    private static void checkSelf(Task t, int pid) throws ErrnoException {
        if (pid != 0 && pid != t.group().tgid() && pid != t.tid()) {
            throw new ErrnoException(Errno.ESRCH);
        }
    }
    /** setpgid(pid, pgid) (kernel/sys.c). */
    static long setpgid(Task t, SyscallArgs a) throws ErrnoException {
        dev.flatland.kernel.JobControl.setpgid(t, a.int32(0), a.int32(1));
        return 0;
    }

    /** getpgid(pid): 0 is the caller. */
    static long getpgid(Task t, SyscallArgs a) throws ErrnoException {
        return dev.flatland.kernel.JobControl.lookup(t, a.int32(0)).pgid();
    }

    static long getpgrp(Task t, SyscallArgs a) {
        return t.group().pgid();
    }

    /** getsid(pid): 0 is the caller. */
    static long getsid(Task t, SyscallArgs a) throws ErrnoException {
        return dev.flatland.kernel.JobControl.lookup(t, a.int32(0)).sid();
    }

    /** setsid(): the new session id. */
    static long setsid(Task t, SyscallArgs a) throws ErrnoException {
        return dev.flatland.kernel.JobControl.setsid(t);
    }
}
