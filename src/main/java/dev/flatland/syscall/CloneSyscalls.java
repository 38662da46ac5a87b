package dev.flatland.syscall;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Fcntl;
import dev.flatland.abi.Signal;
import dev.flatland.kernel.Blocker;
import dev.flatland.kernel.ExitStatus;
import dev.flatland.kernel.Futex;
import dev.flatland.kernel.ProcessTree;
import dev.flatland.kernel.Task;
import dev.flatland.kernel.TaskClone;
import dev.flatland.kernel.TaskExec;
import dev.flatland.kernel.ThreadGroup;
import java.util.ArrayList;
import java.util.List;

/** The process model's syscalls: clone, clone3, vfork, execve(at), wait4, waitid, futex and membarrier. */
final class CloneSyscalls {
    /** MAX_ARG_STRLEN and the whole argument area: 32 pages (MAX_ARG_PAGES) on nommu. */
    static final int MAX_ARG = 32 * 4096;

    private CloneSyscalls() {
    }

    /** clone(flags, stack, parent_tid, child_tid, tls): the x86-64 argument order. */
    static long clone(Task t, SyscallArgs a) throws ErrnoException {
        long flags = a.raw(0);
        if ((flags & TaskClone.CLONE_PIDFD) != 0 && (flags & TaskClone.CLONE_PARENT_SETTID) != 0) {
            throw new ErrnoException(Errno.EINVAL);   // both would be stored at parent_tid
        }
        return start(t, new TaskClone.Args(flags & ~TaskClone.CSIGNAL, a.ptr(1), a.ptr(2), a.ptr(3), a.ptr(4),
                (int) (flags & TaskClone.CSIGNAL), a.ptr(2)));
    }

    /** clone3(struct clone_args *, size): the same rules; sizes below CLONE_ARGS_SIZE_VER0 (64) are EINVAL. */
    static long clone3(Task t, SyscallArgs a) throws ErrnoException {
        long p = a.ptr(0);
        long size = a.sizeT(1);
        if (size < 64 || size > 4096) {
            throw new ErrnoException(size > 4096 ? Errno.E2BIG : Errno.EINVAL);
        }
        var u = t.userMemory();
        for (long off = 88; off + 8 <= size; off += 8) {   // fields this kernel does not know must be zero
            if (u.read64(p + off) != 0) {
                throw new ErrnoException(Errno.E2BIG);
            }
        }
        long flags = u.read64(p);
        long exitSignal = u.read64(p + 32);
        long stack = u.read64(p + 40);
        long stackSize = u.read64(p + 48);
        if ((exitSignal & ~TaskClone.CSIGNAL) != 0 || (flags & TaskClone.CSIGNAL) != 0
                || (flags & (TaskClone.CLONE_DETACHED)) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if ((stack == 0) != (stackSize == 0)) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (size >= 72 && u.read64(p + 64) != 0 || size >= 88 && u.read64(p + 80) != 0) {
            throw new ErrnoException(Errno.EINVAL);   // set_tid and cgroup are not supported
        }
        if ((flags & TaskClone.CLONE_THREAD) != 0 && exitSignal != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        long sp = stack == 0 ? 0 : stack + stackSize;   // clone3 gives the lowest address; x86 stacks grow down
        return start(t, new TaskClone.Args(flags, sp, u.read64(p + 24), u.read64(p + 16), u.read64(p + 56),
                (int) exitSignal, u.read64(p + 8)));
    }

    /** vfork = clone(CLONE_VM | CLONE_VFORK, SIGCHLD). */
    static long vfork(Task t, SyscallArgs a) throws ErrnoException {
        return start(t, new TaskClone.Args(TaskClone.CLONE_VM | TaskClone.CLONE_VFORK, 0, 0, 0, 0, Signal.SIGCHLD, 0));
    }

    private static long start(Task t, TaskClone.Args args) throws ErrnoException {
        Task child = TaskClone.clone(t, args);
        if ((args.flags() & TaskClone.CLONE_VFORK) != 0) {
            TaskClone.waitForVfork(t, child);
        }
        return child.tid();
    }

    static long execve(Task t, SyscallArgs a) throws ErrnoException {
        return exec(t, Fcntl.AT_FDCWD, a.ptr(0), a.ptr(1), a.ptr(2), 0);
    }

    static long execveat(Task t, SyscallArgs a) throws ErrnoException {
        if ((a.int32(4) & ~(0x100 | 0x1000)) != 0) {   // AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH
            throw new ErrnoException(Errno.EINVAL);
        }
        return exec(t, a.fd(0), a.ptr(1), a.ptr(2), a.ptr(3), a.int32(4));
    }

    private static long exec(Task t, int dirfd, long pathp, long argvp, long envp, int flags) throws ErrnoException {
        String path = Paths.read(t, pathp);
        String abs;
        if (path.isEmpty() && (flags & 0x1000) != 0) {
            abs = t.fds().get(dirfd).path();
            if (abs == null) {
                throw new ErrnoException(Errno.ENOEXEC);
            }
        } else {
            abs = Paths.resolveAt(t, dirfd, path);
        }
        List<byte[]> argv = readStrings(t, argvp);
        List<byte[]> env = readStrings(t, envp);
        TaskExec.execve(t, abs, path.isEmpty() ? abs : path, argv, env);
        return 0;
    }

    /** A NULL-terminated char *[] (NULL itself is an empty list, as Linux allows). E2BIG past 128 KiB. */
    static List<byte[]> readStrings(Task t, long arr) throws ErrnoException {
        List<byte[]> out = new ArrayList<>();
        if (arr == 0) {
            return out;
        }
        long total = 0;
        for (int i = 0;; i++) {
            long p = t.userMemory().read64(arr + 8L * i);
            if (p == 0) {
                return out;
            }
            byte[] s;
            try {
                s = t.userMemory().readCStringBytes(p, MAX_ARG);
            } catch (ErrnoException e) {
                throw new ErrnoException(e.errno() == Errno.ENAMETOOLONG ? Errno.E2BIG : e.errno());
            }
            total += s.length + 1 + 8;
            if (total > MAX_ARG) {
                throw new ErrnoException(Errno.E2BIG);
            }
            out.add(s);
        }
    }

    static final int FUTEX_WAIT = 0;
    static final int FUTEX_WAKE = 1;
    static final int FUTEX_FD = 2;
    static final int FUTEX_REQUEUE = 3;
    static final int FUTEX_CMP_REQUEUE = 4;
    static final int FUTEX_WAKE_OP = 5;
    static final int FUTEX_WAIT_BITSET = 9;
    static final int FUTEX_WAKE_BITSET = 10;
    static final int FUTEX_PRIVATE_FLAG = 128;
    static final int FUTEX_CLOCK_REALTIME = 256;

    /** futex(uaddr, op, val, timeout|val2, uaddr2, val3) (kernel/futex/syscalls.c do_futex). */
    static long futex(Task t, SyscallArgs a) throws ErrnoException {
        long uaddr = a.ptr(0);
        int cmd = a.int32(1) & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
        boolean realtime = (a.int32(1) & FUTEX_CLOCK_REALTIME) != 0;
        if (realtime && cmd != FUTEX_WAIT && cmd != FUTEX_WAIT_BITSET) {
            throw new ErrnoException(Errno.ENOSYS);
        }
        if ((uaddr & 3) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        Futex fx = t.kernel().futex();
        int val = a.int32(2);
        long val2 = a.uint32(3);   // for the requeue ops the 4th argument is a count
        int val3 = a.int32(5);
        switch (cmd) {
            case FUTEX_WAIT, FUTEX_WAIT_BITSET -> {
                long deadline = Blocker.NO_DEADLINE;
                if (a.ptr(3) != 0) {
                    long[] ts = TimeSyscalls.readTimespec(t, a.ptr(3));
                    long ns = ts[0] * 1_000_000_000L + ts[1];
                    var clock = t.kernel().clock();
                    if (cmd == FUTEX_WAIT) {
                        deadline = saturatingAdd(clock.monotonicNs(), ns);
                    } else if (realtime) {
                        deadline = saturatingAdd(clock.monotonicNs(), ns - clock.realtimeNs());
                    } else {
                        deadline = ns;
                    }
                }
                fx.wait(t, uaddr, val, cmd == FUTEX_WAIT ? Futex.BITSET_MATCH_ANY : val3, deadline);
                return 0;
            }
            case FUTEX_WAKE, FUTEX_WAKE_BITSET -> {
                int bits = cmd == FUTEX_WAKE ? Futex.BITSET_MATCH_ANY : val3;
                if (bits == 0) {
                    throw new ErrnoException(Errno.EINVAL);
                }
                return fx.wake(uaddr, Math.max(val, 1), bits);   // futex_wake breaks after ++ret >= nr: at least one
            }
            case FUTEX_REQUEUE, FUTEX_CMP_REQUEUE -> {
                long uaddr2 = a.ptr(4);
                if ((uaddr2 & 3) != 0 || val < 0 || (int) val2 < 0) {
                    throw new ErrnoException(Errno.EINVAL);
                }
                if (cmd == FUTEX_CMP_REQUEUE && t.userMemory().read32(uaddr) != val3) {
                    throw new ErrnoException(Errno.EAGAIN);
                }
                return fx.requeue(uaddr, val, uaddr2, (int) val2);
            }
            case FUTEX_WAKE_OP -> {
                long uaddr2 = a.ptr(4);
                if ((uaddr2 & 3) != 0) {
                    throw new ErrnoException(Errno.EINVAL);
                }
                int old = t.userMemory().read32(uaddr2);
                int op = (val3 >>> 28) & 7;
                boolean shift = (val3 >>> 31) != 0;
                int cmp = (val3 >>> 24) & 15;
                int oparg = val3 << 8 >> 20;
                int cmparg = val3 << 20 >> 20;
                if (shift) {
                    oparg = 1 << (oparg & 31);
                }
                int nv = switch (op) {
                    case 0 -> oparg;          // FUTEX_OP_SET
                    case 1 -> old + oparg;    // FUTEX_OP_ADD
                    case 2 -> old | oparg;    // FUTEX_OP_OR
                    case 3 -> old & ~oparg;   // FUTEX_OP_ANDN
                    case 4 -> old ^ oparg;    // FUTEX_OP_XOR
                    default -> throw new ErrnoException(Errno.ENOSYS);
                };
                boolean hit = switch (cmp) {
                    case 0 -> old == cmparg;
                    case 1 -> old != cmparg;
                    case 2 -> old < cmparg;
                    case 3 -> old <= cmparg;
                    case 4 -> old > cmparg;
                    case 5 -> old >= cmparg;
                    default -> throw new ErrnoException(Errno.ENOSYS);
                };
                t.userMemory().write32(uaddr2, nv);
                int n = fx.wake(uaddr, Math.max(val, 1), Futex.BITSET_MATCH_ANY);
                if (hit) {
                    n += fx.wake(uaddr2, Math.max((int) val2, 1), Futex.BITSET_MATCH_ANY);
                }
                return n;
            }
            default -> throw new ErrnoException(Errno.ENOSYS);
        }
    }

    /** tkill(tid, sig). */
    static long tkill(Task t, SyscallArgs a) throws ErrnoException {
        int tid = a.int32(0);
        if (tid <= 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        int sig = checkSignal(a.int32(1));
        Task x = t.kernel().processes().task(tid);
        if (x == null) {
            throw new ErrnoException(Errno.ESRCH);
        }
        if (sig != 0) {
            x.sendSignal(dev.flatland.abi.SigInfo.fromSender(sig, dev.flatland.abi.SigInfo.SI_TKILL, t.group().tgid(),
                    t.group().credentials().ruid()));
        }
        return 0;
    }

    /** tgkill(tgid, tid, sig): the thread must belong to that thread group. */
    static long tgkill(Task t, SyscallArgs a) throws ErrnoException {
        int tgid = a.int32(0);
        int tid = a.int32(1);
        if (tgid <= 0 || tid <= 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        int sig = checkSignal(a.int32(2));
        Task x = t.kernel().processes().task(tid);
        if (x == null || x.group().tgid() != tgid) {
            throw new ErrnoException(Errno.ESRCH);
        }
        if (sig != 0) {
            x.sendSignal(dev.flatland.abi.SigInfo.fromSender(sig, dev.flatland.abi.SigInfo.SI_TKILL, t.group().tgid(),
                    t.group().credentials().ruid()));
        }
        return 0;
    }

    private static int checkSignal(int sig) throws ErrnoException {
        if (sig < 0 || sig > Signal.NSIG) {
            throw new ErrnoException(Errno.EINVAL);
        }
        return sig;
    }

    private static long saturatingAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Blocker.NO_DEADLINE : r;
    }

    // include/uapi/linux/membarrier.h
    static final int MEMBARRIER_CMD_QUERY = 0;
    static final int MEMBARRIER_CMD_GLOBAL = 1;
    static final int MEMBARRIER_CMD_GLOBAL_EXPEDITED = 2;
    static final int MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED = 4;
    static final int MEMBARRIER_CMD_PRIVATE_EXPEDITED = 8;
    static final int MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED = 16;
    /** The commands provided (QUERY's answer): the global and private ones, no SYNC_CORE or RSEQ. */
    static final int MEMBARRIER_SUPPORTED = MEMBARRIER_CMD_GLOBAL | MEMBARRIER_CMD_GLOBAL_EXPEDITED
            | MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED | MEMBARRIER_CMD_PRIVATE_EXPEDITED
            | MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED;

    /**
     * membarrier(cmd, flags, cpu_id) as kernel/sched/membarrier.c checks it: flags must be 0, QUERY
     * returns the supported mask, an unknown command is EINVAL, PRIVATE_EXPEDITED before the process
     * registered is EPERM. The barrier itself is trivially complete: every guest thread runs on the
     * one host thread, so no other thread is running while this one is in the kernel.
     */
    static long membarrier(Task t, SyscallArgs a) throws ErrnoException {
        int cmd = a.int32(0);
        if (a.int32(1) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        return switch (cmd) {
            case MEMBARRIER_CMD_QUERY -> MEMBARRIER_SUPPORTED;
            case MEMBARRIER_CMD_GLOBAL, MEMBARRIER_CMD_GLOBAL_EXPEDITED,
                    MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED -> 0;
            case MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED -> {
                t.group().setMembarrierRegistered();
                yield 0;
            }
            case MEMBARRIER_CMD_PRIVATE_EXPEDITED -> {
                if (!t.group().membarrierRegistered()) {
                    throw new ErrnoException(Errno.EPERM);
                }
                yield 0;
            }
            default -> throw new ErrnoException(Errno.EINVAL);
        };
    }
}
