package dev.flatland.syscall;

import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Errno;
import dev.flatland.kernel.Mapping;
import dev.flatland.kernel.RLimits;
import dev.flatland.kernel.Task;

/**
 * Resource limits and usage, system information: getrlimit, setrlimit, prlimit64, getrusage, times,
 * sysinfo, process-group ids.
 */
final class ResourceSyscalls {
    static final int RUSAGE_SELF = 0;
    static final int RUSAGE_CHILDREN = -1;
    static final int RUSAGE_THREAD = 1;
    /** USER_HZ for times(2) clock ticks. */
    static final long USER_HZ = 100;
    /** struct rusage: two timevals then 14 longs. */
    static final int RUSAGE_SIZE = 144;
    /** struct sysinfo on x86-64. */
    static final int SYSINFO_SIZE = 112;

    private ResourceSyscalls() {
    }

    /** CPU time is the instruction count (1 ns each), all of it user time. */
    static long getrusage(Task t, SyscallArgs a) throws ErrnoException {
        int who = a.int32(0);
        if (who != RUSAGE_SELF && who != RUSAGE_CHILDREN && who != RUSAGE_THREAD) {
            throw new ErrnoException(Errno.EINVAL);
        }
        byte[] buf = new byte[RUSAGE_SIZE];
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(buf).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        if (who != RUSAGE_CHILDREN) {
            long ns = t.kernel().clock().cpuTimeNs();
            b.putLong(0, ns / 1_000_000_000L).putLong(8, ns % 1_000_000_000L / 1000);
        }
        t.userMemory().copyOut(a.ptr(1), buf);
        return 0;
    }

    /** times: struct tms in clock ticks; returns ticks since boot. */
    static long times(Task t, SyscallArgs a) throws ErrnoException {
        long ticksPerNs = 1_000_000_000L / USER_HZ;
        if (a.ptr(0) != 0) {
            t.userMemory().write64(a.ptr(0), t.kernel().clock().cpuTimeNs() / ticksPerNs);
            t.userMemory().zeroOut(a.ptr(0) + 8, 24);
        }
        return t.kernel().clock().monotonicNs() / ticksPerNs;
    }

    /** sysinfo: uptime, RAM and free RAM from the page allocator, one process, mem_unit 1. */
    static long sysinfo(Task t, SyscallArgs a) throws ErrnoException {
        byte[] buf = new byte[SYSINFO_SIZE];
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(buf).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, t.kernel().clock().monotonicNs() / 1_000_000_000L);            // uptime
        b.putLong(32, t.kernel().pages().totalPages() * 4096);                        // totalram
        b.putLong(40, t.kernel().pages().freePages() * 4096);                         // freeram
        b.putShort(80, (short) 1);                                                    // procs
        b.putInt(104, 1);                                                             // mem_unit
        t.userMemory().copyOut(a.ptr(0), buf);
        return 0;
    }

    /** One session and process group, led by the process itself. */
    static long getpgrp(Task t, SyscallArgs a) {
        return t.group().tgid();
    }

    static long getpgid(Task t, SyscallArgs a) throws ErrnoException {
        int pid = a.int32(0);
        if (pid != 0 && pid != t.group().tgid()) {
            throw new ErrnoException(Errno.ESRCH);
        }
        return t.group().tgid();
    }

    static long getsid(Task t, SyscallArgs a) throws ErrnoException {
        return getpgid(t, a);
    }

    /** getrlimit(resource, struct rlimit *): two 64-bit values, soft then hard. */
    static long getrlimit(Task t, SyscallArgs a) throws ErrnoException {
        long[] r = limits(t, a.int32(0));
        t.userMemory().write64(a.ptr(1), r[0]);
        t.userMemory().write64(a.ptr(1) + 8, r[1]);
        return 0;
    }

    /** setrlimit(resource, const struct rlimit *): do_prlimit's rules ({@link RLimits#setLimit}). */
    static long setrlimit(Task t, SyscallArgs a) throws ErrnoException {
        int resource = a.int32(0);
        long cur = t.userMemory().read64(a.ptr(1));
        long max = t.userMemory().read64(a.ptr(1) + 8);
        set(t, resource, cur, max);
        return 0;
    }

    /**
     * prlimit64(pid, resource, new, old) on the caller or another process (pid 0 is the caller). Every
     * guest process has the caller's uid, so check_prlimit_permission allows it; pid 1, the host-side
     * init, stands for root's init and is EPERM; an unknown pid is ESRCH. The old values are read
     * before the new ones are applied, as do_prlimit does.
     */
    static long prlimit64(Task t, SyscallArgs a) throws ErrnoException {
        int pid = a.int32(0);
        Task target = t;
        if (pid != 0 && pid != t.group().tgid() && pid != t.tid()) {
            if (pid == dev.flatland.kernel.ProcessTree.INIT_PID) {
                throw new ErrnoException(Errno.EPERM);
            }
            target = t.kernel().processes().task(pid);
            if (target == null) {
                throw new ErrnoException(Errno.ESRCH);
            }
        }
        int resource = a.int32(1);
        long[] old = limits(target, resource);
        if (a.ptr(2) != 0) {
            long cur = t.userMemory().read64(a.ptr(2));
            long max = t.userMemory().read64(a.ptr(2) + 8);
            set(target, resource, cur, max);
        }
        if (a.ptr(3) != 0) {
            t.userMemory().write64(a.ptr(3), old[0]);
            t.userMemory().write64(a.ptr(3) + 8, old[1]);
        }
        return 0;
    }

    private static void set(Task t, int resource, long cur, long max) throws ErrnoException {
        RLimits r = t.group().rlimits();
        r.setLimit(resource, cur, max, t.group().privileged());
        if (resource == RLimits.RLIMIT_NOFILE) {
            t.fds().setNofile(cur);
        }
    }

    /**
     * {soft, hard} of {@code resource}. RLIMIT_STACK's soft value is the size of the stack block
     * the program got (nommu never grows a stack and binfmt_elf_fdpic ignores the limit), unless
     * that is more than the hard limit.
     */
    private static long[] limits(Task t, int resource) throws ErrnoException {
        RLimits r = t.group().rlimits();
        long cur = r.cur(resource);
        long max = r.max(resource);
        if (resource == RLimits.RLIMIT_STACK) {
            Mapping m = t.mm().find(t.mm().startStack() - 1);
            long size = m == null ? 0 : m.end() - m.start();
            if (size != 0 && Long.compareUnsigned(size, max) <= 0) {
                cur = size;
            }
        }
        return new long[] {cur, max};
    }
}
