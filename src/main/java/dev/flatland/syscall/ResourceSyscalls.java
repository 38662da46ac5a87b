package dev.flatland.syscall;

import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Errno;
import dev.flatland.kernel.Task;

/** Resource usage and system information: getrusage, times, sysinfo, process-group ids. */
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

    /** No supplementary groups. */}
