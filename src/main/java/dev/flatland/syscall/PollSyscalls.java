package dev.flatland.syscall;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Signal;
import dev.flatland.kernel.Blocker;
import dev.flatland.kernel.Epoll;
import dev.flatland.kernel.FdTable;
import dev.flatland.kernel.PollWait;
import dev.flatland.kernel.Task;
import dev.flatland.kernel.TimerFd;
import dev.flatland.memory.UserMemory;
import dev.flatland.vfs.OpenFile;
import dev.flatland.vfs.Poll;

/**
 * poll, ppoll, select, pselect6 (fs/select.c). The user's arrays are read once; each attempt
 * polls every file ({@link OpenFile#poll()}); when something is ready, or the timeout passed, the
 * results are written back. Otherwise the task parks in the scheduler ({@link PollWait}) until a
 * file becomes ready, the timeout (virtual under --deterministic) or a signal (EINTR). select and
 * the p-variants write the time left back into the caller's timeout, as Linux does.
 */
final class PollSyscalls {
    private static final long NS_PER_MS = 1_000_000L;

    private PollSyscalls() {
    }

    /** poll(fds, nfds, timeout_ms): a negative timeout waits forever. */
    static long poll(Task t, SyscallArgs a) throws ErrnoException {
        int ms = a.int32(2);
        long deadline = ms < 0 ? Blocker.NO_DEADLINE : now(t) + ms * NS_PER_MS;
        return doPoll(t, a.ptr(0), a.uint32(1), deadline, 0, false);
    }

    /** ppoll(fds, nfds, tsp, sigmask, sigsetsize): the mask holds during the wait; *tsp gets the time left. */
    static long ppoll(Task t, SyscallArgs a) throws ErrnoException {
        long deadline = timespecDeadline(t, a.ptr(2));
        if (a.ptr(3) != 0) {
            swapMask(t, a.ptr(3), a.sizeT(4));
        }
        return doPoll(t, a.ptr(0), a.uint32(1), deadline, a.ptr(2), true);
    }

    private static long doPoll(Task t, long ufds, long nfds, long deadline, long timeoutPtr, boolean timespec)
            throws ErrnoException {
        if (nfds > FdTable.NOFILE) {
            throw new ErrnoException(Errno.EINVAL);   // over RLIMIT_NOFILE
        }
        UserMemory um = t.userMemory();
        int n = (int) nfds;
        if (n > 0) {
            um.checkRange(ufds, 8L * n);   // nfds 0 reads nothing: poll(NULL, 0, ms) is a sleep
        }
        int[] fd = new int[n];
        int[] events = new int[n];
        for (int i = 0; i < n; i++) {
            fd[i] = um.read32(ufds + 8L * i);
            events[i] = um.read32(ufds + 8L * i + 4) & 0xffff;
        }
        PollWait.Attempt attempt = timedOut -> {
            int ready = 0;
            int[] rev = new int[n];
            for (int i = 0; i < n; i++) {
                if (fd[i] < 0) {
                    continue;
                }
                OpenFile f = file(t, fd[i]);
                rev[i] = f == null ? Poll.POLLNVAL : f.poll() & (events[i] | Poll.POLLERR | Poll.POLLHUP);
                if (rev[i] != 0) {
                    ready++;
                }
            }
            if (ready == 0 && !timedOut) {
                return -1;
            }
            for (int i = 0; i < n; i++) {
                um.memory().write16(ufds + 8L * i + 6, rev[i]);
            }
            writeTimeLeft(t, timeoutPtr, deadline, timespec);
            return ready;
        };
        return waitFor(t, deadline, attempt, hostOrTimer(t, fd), () -> writeLeftQuietly(t, timeoutPtr, deadline,
                timespec), "poll on " + n + " fds");
    }

    /** select(nfds, readfds, writefds, exceptfds, timeval): *timeout gets the time left. */
    static long select(Task t, SyscallArgs a) throws ErrnoException {
        long deadline = Blocker.NO_DEADLINE;
        long tv = a.ptr(4);
        if (tv != 0) {
            long sec = t.userMemory().read64(tv);
            long usec = t.userMemory().read64(tv + 8);
            if (sec < 0 || usec < 0) {
                throw new ErrnoException(Errno.EINVAL);
            }
            deadline = now(t) + clampNs(sec + usec / 1_000_000L, (usec % 1_000_000L) * 1000);
        }
        return doSelect(t, a.int32(0), a.ptr(1), a.ptr(2), a.ptr(3), deadline, tv, false);
    }

    /** pselect6(nfds, r, w, e, timespec, {sigset *, size}): the mask holds during the wait. */
    static long pselect6(Task t, SyscallArgs a) throws ErrnoException {
        long deadline = timespecDeadline(t, a.ptr(4));
        long sig = a.ptr(5);
        if (sig != 0) {
            long set = t.userMemory().read64(sig);
            long size = t.userMemory().read64(sig + 8);
            if (set != 0) {
                swapMask(t, set, size);
            }
        }
        return doSelect(t, a.int32(0), a.ptr(1), a.ptr(2), a.ptr(3), deadline, a.ptr(4), true);
    }

    private static long doSelect(Task t, int nfds, long rp, long wp, long ep, long deadline, long timeoutPtr,
            boolean timespec) throws ErrnoException {
        if (nfds < 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        int n = Math.min(nfds, FdTable.NOFILE);
        long[] in = readSet(t, rp, n);
        long[] out = readSet(t, wp, n);
        long[] ex = readSet(t, ep, n);
        int[] fds = new int[n];
        int used = 0;
        for (int fd = 0; fd < n; fd++) {
            if (bit(in, fd) || bit(out, fd) || bit(ex, fd)) {
                if (file(t, fd) == null) {
                    throw new ErrnoException(Errno.EBADF);
                }
                fds[used++] = fd;
            }
        }
        int[] watched = java.util.Arrays.copyOf(fds, used);
        PollWait.Attempt attempt = timedOut -> {
            int words = (n + 63) / 64;
            long[] rin = new long[words];
            long[] rout = new long[words];
            long[] rex = new long[words];
            int ready = 0;
            for (int fd : watched) {
                OpenFile f = file(t, fd);
                if (f == null) {
                    throw new ErrnoException(Errno.EBADF);   // closed by another thread meanwhile
                }
                int m = f.poll();
                ready += mark(in, rin, fd, m & Poll.POLLIN_SET);
                ready += mark(out, rout, fd, m & Poll.POLLOUT_SET);
                ready += mark(ex, rex, fd, m & Poll.POLLEX_SET);
            }
            if (ready == 0 && !timedOut) {
                return -1;
            }
            writeSet(t, rp, rin, n);
            writeSet(t, wp, rout, n);
            writeSet(t, ep, rex, n);
            writeTimeLeft(t, timeoutPtr, deadline, timespec);
            return ready;
        };
        return waitFor(t, deadline, attempt, hostOrTimer(t, watched),
                () -> writeLeftQuietly(t, timeoutPtr, deadline, timespec), "select on " + used + " fds");
    }

    /**
     * Tries once; with time left, parks. Returns the result, or 0 when parked (the scheduler writes
     * RAX at wake-up).
     */
    static long waitFor(Task t, long deadline, PollWait.Attempt attempt, Wake wake, Runnable onSignal, String what)
            throws ErrnoException {
        boolean expired = deadline != Blocker.NO_DEADLINE && now(t) - deadline >= 0;
        long r = attempt.tryComplete(expired);
        if (r != -1) {
            return r;
        }
        PollWait.park(t, deadline, wake.timers, wake.host, attempt, onSignal, what);
        return 0;
    }

    /** What besides the files can end a wait: timerfd expiries, and whether the host is involved. */
    record Wake(java.util.function.LongSupplier timers, boolean host) {
    }

    static Wake hostOrTimer(Task t, int[] fds) {
        boolean host = false;
        java.util.List<OpenFile> timers = new java.util.ArrayList<>();
        for (int fd : fds) {
            OpenFile f = file(t, fd);
            if (f != null) {
                host |= f.pollsHost() || f instanceof Epoll e && e.pollsHost();
                if (f instanceof TimerFd || f instanceof Epoll) {
                    timers.add(f);
                }
            }
        }
        return new Wake(() -> {
            long w = 0;
            for (OpenFile f : timers) {
                long x = f instanceof TimerFd tf ? tf.wakeAt() : ((Epoll) f).wakeAt();
                if (x != 0 && (w == 0 || x < w)) {
                    w = x;
                }
            }
            return w;
        }, host);
    }

    private static int mark(long[] want, long[] got, int fd, int ready) {
        if (want == null || !bit(want, fd) || ready == 0) {
            return 0;
        }
        got[fd >>> 6] |= 1L << (fd & 63);
        return 1;
    }

    private static boolean bit(long[] set, int fd) {
        return set != null && (set[fd >>> 6] >>> (fd & 63) & 1) != 0;
    }

    /** An fd_set of {@code n} bits (whole longs, as get_fd_set copies), or null for a NULL pointer. */
    private static long[] readSet(Task t, long p, int n) throws ErrnoException {
        if (p == 0) {
            return null;
        }
        long[] s = new long[(n + 63) / 64];
        for (int i = 0; i < s.length; i++) {
            s[i] = t.userMemory().read64(p + 8L * i);
        }
        if (n % 64 != 0 && s.length > 0) {
            s[s.length - 1] &= (1L << (n % 64)) - 1;   // bits at or above nfds are not looked at
        }
        return s;
    }

    private static void writeSet(Task t, long p, long[] s, int n) throws ErrnoException {
        if (p == 0) {
            return;
        }
        for (int i = 0; i < s.length; i++) {
            t.userMemory().write64(p + 8L * i, s[i]);
        }
    }

    /** sigprocmask for the wait; the old mask comes back after the syscall (set_restore_sigmask). */
    static void swapMask(Task t, long setPtr, long size) throws ErrnoException {
        if (size != Signal.SIGSET_SIZE) {
            throw new ErrnoException(Errno.EINVAL);
        }
        long mask = t.userMemory().read64(setPtr);
        long old = t.blocked();
        t.setBlocked(mask);
        t.signals().setRestoreMask(old);
    }

    /** The absolute deadline of a struct timespec timeout (NULL: none); EINVAL when invalid. */
    static long timespecDeadline(Task t, long p) throws ErrnoException {
        if (p == 0) {
            return Blocker.NO_DEADLINE;
        }
        long sec = t.userMemory().read64(p);
        long nsec = t.userMemory().read64(p + 8);
        if (sec < 0 || nsec < 0 || nsec >= 1_000_000_000L) {
            throw new ErrnoException(Errno.EINVAL);
        }
        return now(t) + clampNs(sec, nsec);
    }

    private static long clampNs(long sec, long nsec) {
        if (sec >= Long.MAX_VALUE / 2_000_000_000L) {
            return Long.MAX_VALUE / 4;   // far enough to be forever, without overflowing the deadline
        }
        return sec * 1_000_000_000L + nsec;
    }

    /** poll_select_finish: the time left goes back into the caller's timeval or timespec. */
    private static void writeTimeLeft(Task t, long p, long deadline, boolean timespec) throws ErrnoException {
        if (p == 0 || deadline == Blocker.NO_DEADLINE) {
            return;
        }
        long left = Math.max(deadline - now(t), 0);
        t.userMemory().write64(p, left / 1_000_000_000L);
        t.userMemory().write64(p + 8, timespec ? left % 1_000_000_000L : left % 1_000_000_000L / 1000);
    }

    private static void writeLeftQuietly(Task t, long p, long deadline, boolean timespec) {
        try {
            writeTimeLeft(t, p, deadline, timespec);
        } catch (ErrnoException e) {
            // Linux ignores a fault here too (poll_select_finish: "not much we can do")
        }
    }

    static OpenFile file(Task t, int fd) {
        try {
            return t.fds().get(fd);
        } catch (ErrnoException e) {
            return null;
        }
    }

    static long now(Task t) {
        return t.kernel().clock().monotonicNs();
    }
}
