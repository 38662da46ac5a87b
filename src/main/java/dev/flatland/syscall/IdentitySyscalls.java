package dev.flatland.syscall;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.kernel.Credentials;
import dev.flatland.kernel.Task;
import dev.flatland.kernel.ThreadGroup;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The uid/gid family and prctl: thin handlers over {@link Credentials}, whose rules are
 * kernel/sys.c's. Ids are per process (threads share them), which is what programs observe after
 * musl's and glibc's set*id broadcast to every thread.
 */
final class IdentitySyscalls {
    // prctl options (include/uapi/linux/prctl.h)
    static final int PR_SET_PDEATHSIG = 1;
    static final int PR_GET_PDEATHSIG = 2;
    static final int PR_GET_DUMPABLE = 3;
    static final int PR_SET_DUMPABLE = 4;
    static final int PR_GET_KEEPCAPS = 7;
    static final int PR_SET_KEEPCAPS = 8;
    static final int PR_SET_NAME = 15;
    static final int PR_GET_NAME = 16;
    static final int PR_CAPBSET_READ = 23;
    static final int PR_GET_NO_NEW_PRIVS = 39;
    static final int PR_SET_NO_NEW_PRIVS = 38;
    /** The highest capability number of Linux 6.x (CAP_CHECKPOINT_RESTORE). */
    static final int CAP_LAST_CAP = 40;
    /** TASK_COMM_LEN: the name buffer of PR_SET_NAME/PR_GET_NAME, NUL included. */
    static final int TASK_COMM_LEN = 16;

    private IdentitySyscalls() {
    }

    /** A change of identity, applied by {@link #commit}. */
    private interface Change {
        void apply(Credentials c) throws ErrnoException;
    }

    /**
     * Applies {@code change} as commit_creds does: when the effective or filesystem uid or gid
     * changed, the process stops being dumpable (suid_dumpable's default, 0).
     */
    private static long commit(Task t, Change change) throws ErrnoException {
        Credentials c = creds(t);
        int euid = c.euid(), egid = c.egid(), fsuid = c.fsuid(), fsgid = c.fsgid();
        change.apply(c);
        if (euid != c.euid() || egid != c.egid() || fsuid != c.fsuid() || fsgid != c.fsgid()) {
            t.group().setDumpable(false);
            for (Task each : t.group().tasks()) {
                each.signals().setPdeathSignal(0);   // commit_creds: task->pdeath_signal = 0
            }
        }
        return 0;
    }

    private static Credentials creds(Task t) {
        return t.group().credentials();
    }

    static long getuid(Task t, SyscallArgs a) {
        return creds(t).ruid() & 0xffffffffL;
    }

    static long geteuid(Task t, SyscallArgs a) {
        return creds(t).euid() & 0xffffffffL;
    }

    static long getgid(Task t, SyscallArgs a) {
        return creds(t).rgid() & 0xffffffffL;
    }

    static long getegid(Task t, SyscallArgs a) {
        return creds(t).egid() & 0xffffffffL;
    }

    static long setuid(Task t, SyscallArgs a) throws ErrnoException {
        return commit(t, c -> c.setuid(a.int32(0)));
    }

    static long setgid(Task t, SyscallArgs a) throws ErrnoException {
        return commit(t, c -> c.setgid(a.int32(0)));
    }

    static long setreuid(Task t, SyscallArgs a) throws ErrnoException {
        return commit(t, c -> c.setreuid(a.int32(0), a.int32(1)));
    }

    static long setregid(Task t, SyscallArgs a) throws ErrnoException {
        return commit(t, c -> c.setregid(a.int32(0), a.int32(1)));
    }

    static long setresuid(Task t, SyscallArgs a) throws ErrnoException {
        return commit(t, c -> c.setresuid(a.int32(0), a.int32(1), a.int32(2)));
    }

    static long setresgid(Task t, SyscallArgs a) throws ErrnoException {
        return commit(t, c -> c.setresgid(a.int32(0), a.int32(1), a.int32(2)));
    }

    /** getresuid(ruid*, euid*, suid*): each pointer is written in turn; a bad one is EFAULT. */
    static long getresuid(Task t, SyscallArgs a) throws ErrnoException {
        Credentials c = creds(t);
        t.userMemory().write32(a.ptr(0), c.ruid());
        t.userMemory().write32(a.ptr(1), c.euid());
        t.userMemory().write32(a.ptr(2), c.suid());
        return 0;
    }

    static long getresgid(Task t, SyscallArgs a) throws ErrnoException {
        Credentials c = creds(t);
        t.userMemory().write32(a.ptr(0), c.rgid());
        t.userMemory().write32(a.ptr(1), c.egid());
        t.userMemory().write32(a.ptr(2), c.sgid());
        return 0;
    }

    static long setfsuid(Task t, SyscallArgs a) throws ErrnoException {
        int[] old = new int[1];
        commit(t, c -> old[0] = c.setfsuid(a.int32(0)));
        return old[0] & 0xffffffffL;
    }

    static long setfsgid(Task t, SyscallArgs a) throws ErrnoException {
        int[] old = new int[1];
        commit(t, c -> old[0] = c.setfsgid(a.int32(0)));
        return old[0] & 0xffffffffL;
    }

    /** getgroups(size, list): size 0 asks for the count; a smaller nonzero size is EINVAL. */
    static long getgroups(Task t, SyscallArgs a) throws ErrnoException {
        int size = a.int32(0);
        if (size < 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        int[] g = creds(t).groups();
        if (size == 0) {
            return g.length;
        }
        if (size < g.length) {
            throw new ErrnoException(Errno.EINVAL);
        }
        for (int i = 0; i < g.length; i++) {
            t.userMemory().write32(a.ptr(1) + 4L * i, g[i]);
        }
        return g.length;
    }

    /** setgroups(size, list): EPERM without CAP_SETGID, then EINVAL above NGROUPS_MAX, then EFAULT. */
    static long setgroups(Task t, SyscallArgs a) throws ErrnoException {
        Credentials c = creds(t);
        if (!c.privileged()) {
            throw new ErrnoException(Errno.EPERM);
        }
        long size = a.uint32(0);
        if (size > Credentials.NGROUPS_MAX) {
            throw new ErrnoException(Errno.EINVAL);
        }
        int[] list = new int[(int) size];
        for (int i = 0; i < list.length; i++) {
            list[i] = t.userMemory().read32(a.ptr(1) + 4L * i);
        }
        Arrays.sort(list); // groups_sort(): the kernel keeps them sorted, and getgroups returns them so
        c.setgroups(list);
        return 0;
    }

    /**
     * prctl: the process-attribute options programs commonly use. PR_SET_PDEATHSIG is per thread and
     * sent when the parent thread exits (kernel/ProcessTree). Other options give EINVAL, as Linux
     * does for an unknown option.
     */
    static long prctl(Task t, SyscallArgs a) throws ErrnoException {
        ThreadGroup g = t.group();
        int option = a.int32(0);
        long arg2 = a.ptr(1);
        switch (option) {
            case PR_SET_PDEATHSIG -> {
                if (arg2 < 0 || arg2 > 64) {
                    throw new ErrnoException(Errno.EINVAL); // valid_signal()
                }
                t.signals().setPdeathSignal((int) arg2);
                return 0;
            }
            case PR_GET_PDEATHSIG -> {
                t.userMemory().write32(arg2, t.signals().pdeathSignal());
                return 0;
            }
            case PR_GET_DUMPABLE -> {
                return g.dumpable() ? 1 : 0;
            }
            case PR_SET_DUMPABLE -> {
                if (arg2 != 0 && arg2 != 1) {
                    throw new ErrnoException(Errno.EINVAL); // SUID_DUMP_ROOT (2) is refused too
                }
                g.setDumpable(arg2 == 1);
                return 0;
            }
            case PR_GET_KEEPCAPS -> {
                return 0;
            }
            case PR_SET_KEEPCAPS -> {
                if (arg2 != 0 && arg2 != 1) {
                    throw new ErrnoException(Errno.EINVAL);
                }
                return 0;
            }
            case PR_SET_NAME -> {
                // strncpy_from_user(comm, arg2, 15): a longer name is cut, not refused
                int n = 0;
                byte[] name = new byte[TASK_COMM_LEN - 1];
                while (n < name.length) {
                    byte b = t.userMemory().copyIn(arg2 + n, 1)[0];
                    if (b == 0) {
                        break;
                    }
                    name[n++] = b;
                }
                g.setComm(new String(name, 0, n, StandardCharsets.UTF_8));
                return 0;
            }
            case PR_GET_NAME -> {
                byte[] comm = g.comm() == null ? new byte[0] : g.comm().getBytes(StandardCharsets.UTF_8);
                byte[] buf = new byte[TASK_COMM_LEN];
                System.arraycopy(comm, 0, buf, 0, Math.min(comm.length, TASK_COMM_LEN - 1));
                t.userMemory().copyOut(arg2, buf);
                return 0;
            }
            case PR_CAPBSET_READ -> {
                if (arg2 < 0 || arg2 > CAP_LAST_CAP) {
                    throw new ErrnoException(Errno.EINVAL);
                }
                return 1;
            }
            case PR_SET_NO_NEW_PRIVS -> {
                if (arg2 != 1 || a.ptr(2) != 0 || a.ptr(3) != 0 || a.ptr(4) != 0) {
                    throw new ErrnoException(Errno.EINVAL);
                }
                g.setNoNewPrivs();
                return 0;
            }
            case PR_GET_NO_NEW_PRIVS -> {
                if (arg2 != 0 || a.ptr(2) != 0 || a.ptr(3) != 0 || a.ptr(4) != 0) {
                    throw new ErrnoException(Errno.EINVAL);
                }
                return g.noNewPrivs() ? 1 : 0;
            }
            default -> throw new ErrnoException(Errno.EINVAL);
        }
    }
}
