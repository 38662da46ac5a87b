package dev.flatland.syscall;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.cpu.CpuState;
import dev.flatland.kernel.SyscallHandler;
import dev.flatland.kernel.Task;
import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs the syscall a task trapped with: looks the number up in {@link SyscallTable}, calls the
 * handler with typed {@link SyscallArgs}, and is the only place that writes {@code -errno} to RAX.
 * Kernel-internal restart codes are left in RAX for kernel.SignalDelivery to restart or turn into EINTR. Unimplemented syscalls
 * return ENOSYS, are named once in Flatland's log, counted, and summarised at exit. With --strace
 * every syscall is printed as strace prints it.
 */
public final class SyscallDispatcher implements SyscallHandler {
    private final PrintStream log;
    private final boolean strace;
    private final Map<Integer, Integer> unknown = new TreeMap<>();
    /**
     * The argument view, reused from one syscall to the next so the common path allocates nothing
     * (the kernel runs syscalls one at a time on one thread). Handlers use it synchronously; after a
     * syscall that parks (or ends) the task, a fresh instance is made in case the wait kept it.
     */
    private SyscallArgs args = new SyscallArgs(new CpuState());

    private SyscallDispatcher(PrintStream log, boolean strace) {
        this.log = log;
        this.strace = strace;
    }

    /** A dispatcher logging to {@code log} ("flatland: ..." lines and strace output). */
    public static SyscallDispatcher create(PrintStream log, boolean strace) {
        return new SyscallDispatcher(log, strace);
    }

    @Override
    public void syscall(Task t) {
        CpuState cpu = t.cpu();
        long nr = cpu.r[CpuState.RAX];
        SyscallArgs a = args.load(cpu);
        SyscallTable.Entry e = SyscallTable.get(nr);
        long ret = invoke(t, nr, e, a);
        boolean returned = !t.exited() && !t.kernel().scheduler().isParked(t);   // parked: RAX written at wake-up
        if (returned) {
            cpu.r[CpuState.RAX] = ret;
        } else {
            args = new SyscallArgs(cpu);   // a parked handler's wake-up code may still read its arguments
        }
        if (strace) {
            log.println(Strace.format(e, nr, a, ret, returned, t.userMemory()));
            if (!returned && t.group().exitStatus() != null && t.group().exitStatus().signal() == 0) {
                log.println("+++ exited with " + t.group().exitStatus().code() + " +++");
            }
        }
    }

    private long invoke(Task t, long nr, SyscallTable.Entry e, SyscallArgs a) {
        try {
            if (e == null || e.handler() == null) {
                if (e == null || e.support() == Support.UNIMPLEMENTED || e.support() == Support.UNASSIGNED) {
                    noteUnknown(nr, e);
                }
                throw new ErrnoException(Errno.ENOSYS);
            }
            return e.handler().call(t, a);
        } catch (ErrnoException x) {
            return -x.errno().number(); // -ERESTART*: the kernel's return-to-user path restarts or makes EINTR
        } catch (dev.flatland.memory.MemoryFault x) {
            return -Errno.EFAULT.number();   // a handler touched memory outside UserMemory's checks
        } catch (RuntimeException x) {
            // A Flatland bug must not become a Java exception in the guest's face: report it, fail the call.
            String name = e == null || e.name() == null ? "#" + nr : e.name();
            log.println("flatland: internal error in " + name + ": " + x + "; the syscall returns EIO"
                    + " (rerun with -Dflatland.debug=true for the Java stack trace)");
            if (Boolean.getBoolean("flatland.debug")) {
                x.printStackTrace(log);
            }
            return -Errno.EIO.number();
        }
    }

    private void noteUnknown(long nr, SyscallTable.Entry e) {
        int key = (int) Math.max(Math.min(nr, Integer.MAX_VALUE), Integer.MIN_VALUE);
        Integer n = unknown.merge(key, 1, Integer::sum);
        if (n == 1) {
            String name = e == null || e.name() == null ? "number " + nr : e.name() + " (" + nr + ")";
            log.println("flatland: unimplemented syscall " + name + " returns ENOSYS"
                    + (e != null && e.name() != null ? "; " + e.note() : ""));
        }
    }

    /** How many times each unimplemented syscall number was called. */
    public Map<Integer, Integer> unknownCounts() {
        return unknown;
    }

    @Override
    public void shutdown() {
        if (unknown.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder("flatland: unimplemented syscalls were called:");
        for (Map.Entry<Integer, Integer> u : unknown.entrySet()) {
            SyscallTable.Entry e = SyscallTable.get(u.getKey());
            String name = e == null || e.name() == null ? "#" + u.getKey() : e.name();
            sb.append(' ').append(name).append(" x").append(u.getValue());
        }
        log.println(sb);
    }
}
