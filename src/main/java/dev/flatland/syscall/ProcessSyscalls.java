package dev.flatland.syscall;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Mman;
import dev.flatland.kernel.Kernel;
import dev.flatland.kernel.Mapping;
import dev.flatland.kernel.Task;

/** Process identity and life cycle: exit, ids, arch_prctl, fork (EINVAL on nommu). */
final class ProcessSyscalls {
    static final int ARCH_SET_GS = 0x1001;
    static final int ARCH_SET_FS = 0x1002;
    static final int ARCH_GET_FS = 0x1003;
    static final int ARCH_GET_GS = 0x1004;

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

    /**
     * get_robust_list(pid, head_ptr, len_ptr) (kernel/futex/syscalls.c): pid 0 is the caller, else
     * any task by its id (ESRCH); another process needs ptrace_may_access(PTRACE_MODE_READ_REALCREDS)
     * (EPERM); then *len_ptr = sizeof(struct robust_list_head) and *head_ptr = the head, each EFAULT.
     * Flatland keeps one head per process (set_robust_list's note), so every thread reports it.
     */
    static long getRobustList(Task t, SyscallArgs a) throws ErrnoException {
        int pid = a.int32(0);
        dev.flatland.kernel.ThreadGroup g;
        if (pid == 0) {
            g = t.group();
        } else {
            Task p = pid < 0 ? null : t.kernel().processes().task(pid);
            if (p == null) {
                throw new ErrnoException(Errno.ESRCH);
            }
            g = p.group();
        }
        if (g != t.group() && !ptraceMayRead(t.group(), g)) {
            throw new ErrnoException(Errno.EPERM);
        }
        t.userMemory().write64(a.ptr(2), 24);
        t.userMemory().write64(a.ptr(1), g.robustList());
        return 0;
    }

    /**
     * __ptrace_may_access with PTRACE_MODE_READ_REALCREDS (kernel/ptrace.c) for another process:
     * the caller's real uid must equal the target's real, effective and saved uids and its real gid
     * the target's three gids, or the caller needs CAP_SYS_PTRACE; a target that is not dumpable
     * needs CAP_SYS_PTRACE too; commoncap then refuses a target holding capabilities the caller
     * lacks. Flatland's capabilities are all-or-nothing ({@code privileged()}).
     */
    static boolean ptraceMayRead(dev.flatland.kernel.ThreadGroup caller, dev.flatland.kernel.ThreadGroup target) {
        var c = caller.credentials();
        var tc = target.credentials();
        boolean cap = c.privileged();
        boolean sameIds = c.ruid() == tc.euid() && c.ruid() == tc.suid() && c.ruid() == tc.ruid()
                && c.rgid() == tc.egid() && c.rgid() == tc.sgid() && c.rgid() == tc.rgid();
        if (!sameIds && !cap) {
            return false;
        }
        if (!target.dumpable() && !cap) {
            return false;
        }
        return cap || !tc.privileged();
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
