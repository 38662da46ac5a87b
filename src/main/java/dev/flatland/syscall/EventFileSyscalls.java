package dev.flatland.syscall;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Fcntl;
import dev.flatland.kernel.Blocker;
import dev.flatland.kernel.Epoll;
import dev.flatland.kernel.EventFd;
import dev.flatland.kernel.PollWait;
import dev.flatland.kernel.Task;
import dev.flatland.kernel.TimerFd;
import dev.flatland.vfs.OpenFile;
import dev.flatland.vfs.Poll;
import java.util.List;

/** epoll_create1/ctl/wait/pwait (fs/eventpoll.c), eventfd2 (fs/eventfd.c), timerfd_* (fs/timerfd.c). */
final class EventFileSyscalls {
    /** sizeof(struct epoll_event) on x86-64: packed, u32 events then u64 data. */
    static final int EPOLL_EVENT_SIZE = 12;
    static final int CLOCK_REALTIME_ALARM = 8;
    static final int CLOCK_BOOTTIME_ALARM = 9;
    static final int TFD_TIMER_CANCEL_ON_SET = 2;

    private EventFileSyscalls() {
    }

    private static long install(Task t, OpenFile f, boolean cloexec) throws ErrnoException {
        try {
            return t.fds().install(f, cloexec, 0);
        } catch (ErrnoException e) {
            f.put();
            throw e;
        }
    }

    static long epollCreate(Task t, SyscallArgs a) throws ErrnoException {
        if (a.int32(0) <= 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        return install(t, new Epoll(0), false);
    }

    static long epollCreate1(Task t, SyscallArgs a) throws ErrnoException {
        int flags = a.int32(0);
        if ((flags & ~Fcntl.O_CLOEXEC) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        return install(t, new Epoll(flags), (flags & Fcntl.O_CLOEXEC) != 0);
    }

    /** epoll_ctl(epfd, op, fd, event): the checks in do_epoll_ctl's order. */
    static long epollCtl(Task t, SyscallArgs a) throws ErrnoException {
        int op = a.int32(1);
        int events = 0;
        long data = 0;
        if (op != Epoll.EPOLL_CTL_DEL) {
            events = t.userMemory().read32(a.ptr(3));
            data = t.userMemory().read64(a.ptr(3) + 4);
        }
        OpenFile ep = t.fds().get(a.fd(0));
        OpenFile target = t.fds().get(a.fd(2));
        if (!target.canPoll()) {
            throw new ErrnoException(Errno.EPERM);
        }
        if (ep == target || !(ep instanceof Epoll e)) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if ((events & Poll.EPOLLEXCLUSIVE) != 0 && (op == Epoll.EPOLL_CTL_MOD
                || (events & ~(Poll.EPOLLEXCLUSIVE | Poll.POLLIN | Poll.POLLOUT | Poll.POLLERR | Poll.POLLHUP
                        | Poll.EPOLLWAKEUP | Poll.EPOLLET)) != 0 || target instanceof Epoll)) {
            throw new ErrnoException(Errno.EINVAL);
        }
        e.ctl(op, a.fd(2), target, events, data);
        return 0;
    }

    static long epollWait(Task t, SyscallArgs a) throws ErrnoException {
        int ms = a.int32(3);
        return doWait(t, a, ms < 0 ? Blocker.NO_DEADLINE : PollSyscalls.now(t) + ms * 1_000_000L);
    }

    static long epollPwait(Task t, SyscallArgs a) throws ErrnoException {
        int ms = a.int32(3);
        long deadline = ms < 0 ? Blocker.NO_DEADLINE : PollSyscalls.now(t) + ms * 1_000_000L;
        return withMask(t, a, deadline);
    }

    /** epoll_pwait2: the timeout is a struct timespec (NULL: forever). */
    static long epollPwait2(Task t, SyscallArgs a) throws ErrnoException {
        return withMask(t, a, PollSyscalls.timespecDeadline(t, a.ptr(3)));
    }

    private static long withMask(Task t, SyscallArgs a, long deadline) throws ErrnoException {
        checkWaitArgs(t, a);
        if (a.ptr(4) != 0) {
            PollSyscalls.swapMask(t, a.ptr(4), a.sizeT(5));
        }
        return doWait(t, a, deadline);
    }

    private static void checkWaitArgs(Task t, SyscallArgs a) throws ErrnoException {
        int max = a.int32(2);
        if (max <= 0 || max > Integer.MAX_VALUE / EPOLL_EVENT_SIZE) {
            throw new ErrnoException(Errno.EINVAL);
        }
        t.userMemory().checkRange(a.ptr(1), (long) max * EPOLL_EVENT_SIZE);
        if (!(t.fds().get(a.fd(0)) instanceof Epoll)) {
            throw new ErrnoException(Errno.EINVAL);
        }
    }

    private static long doWait(Task t, SyscallArgs a, long deadline) throws ErrnoException {
        checkWaitArgs(t, a);
        Epoll ep = (Epoll) t.fds().get(a.fd(0));
        int max = a.int32(2);
        long buf = a.ptr(1);
        PollWait.Attempt attempt = timedOut -> {
            List<Epoll.Event> ev = ep.collect(t.fds(), max);
            if (ev.isEmpty() && !timedOut) {
                return -1;
            }
            for (int i = 0; i < ev.size(); i++) {
                t.userMemory().write32(buf + (long) EPOLL_EVENT_SIZE * i, ev.get(i).events());
                t.userMemory().write64(buf + (long) EPOLL_EVENT_SIZE * i + 4, ev.get(i).data());
            }
            return ev.size();
        };
        PollSyscalls.Wake w = new PollSyscalls.Wake(ep::wakeAt, ep.pollsHost());
        long r = PollSyscalls.waitFor(t, deadline, attempt, w, () -> { }, "epoll_wait");
        Blocker parked = t.kernel().scheduler().blocker(t);
        if (parked != null) {
            // ep_poll returns -EINTR itself: never restarted, even when no handler runs (stop/continue)
            t.kernel().scheduler().park(t, Blocker.interruptedBy(parked, Errno.EINTR));
        }
        return r;
    }

    static long eventfd(Task t, SyscallArgs a) throws ErrnoException {
        return install(t, new EventFd(t.kernel(), a.uint32(0), 0), false);
    }

    static long eventfd2(Task t, SyscallArgs a) throws ErrnoException {
        int flags = a.int32(1);
        if ((flags & ~(EventFd.EFD_SEMAPHORE | Fcntl.O_CLOEXEC | Fcntl.O_NONBLOCK)) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        return install(t, new EventFd(t.kernel(), a.uint32(0), flags), (flags & Fcntl.O_CLOEXEC) != 0);
    }

    static long timerfdCreate(Task t, SyscallArgs a) throws ErrnoException {
        int clock = a.int32(0);
        int flags = a.int32(1);
        if ((flags & ~(Fcntl.O_CLOEXEC | Fcntl.O_NONBLOCK)) != 0 || clock != TimerFd.CLOCK_REALTIME
                && clock != TimerFd.CLOCK_MONOTONIC && clock != TimerFd.CLOCK_BOOTTIME && clock != CLOCK_REALTIME_ALARM
                && clock != CLOCK_BOOTTIME_ALARM) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (clock == CLOCK_REALTIME_ALARM || clock == CLOCK_BOOTTIME_ALARM) {
            throw new ErrnoException(Errno.EPERM);   // needs CAP_WAKE_ALARM; the guest is no privileged user
        }
        return install(t, new TimerFd(t.kernel(), clock, flags), (flags & Fcntl.O_CLOEXEC) != 0);
    }

    /** timerfd_settime(fd, flags, new, old): EFAULT, then EINVAL for flags or times, then EBADF, EINVAL. */
    static long timerfdSettime(Task t, SyscallArgs a) throws ErrnoException {
        long p = a.ptr(2);
        long[] v = new long[4];
        for (int i = 0; i < 4; i++) {
            v[i] = t.userMemory().read64(p + 8L * i);
        }
        int flags = a.int32(1);
        if ((flags & ~(TimerFd.TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET)) != 0 || !valid(v[0], v[1])
                || !valid(v[2], v[3])) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (!(t.fds().get(a.fd(0)) instanceof TimerFd tf)) {
            throw new ErrnoException(Errno.EINVAL);
        }
        long interval = ns(v[0], v[1]);
        long value = ns(v[2], v[3]);
        long[] old = tf.set(flags, value, interval);
        if (a.ptr(3) != 0) {
            writeItimerspec(t, a.ptr(3), old);
        }
        return 0;
    }

    static long timerfdGettime(Task t, SyscallArgs a) throws ErrnoException {
        if (!(t.fds().get(a.fd(0)) instanceof TimerFd tf)) {
            throw new ErrnoException(Errno.EINVAL);
        }
        writeItimerspec(t, a.ptr(1), tf.getTime());
        return 0;
    }

    private static boolean valid(long sec, long nsec) {
        return sec >= 0 && nsec >= 0 && nsec < 1_000_000_000L;
    }

    private static long ns(long sec, long nsec) {
        return sec >= Long.MAX_VALUE / 2_000_000_000L ? Long.MAX_VALUE / 4 : sec * 1_000_000_000L + nsec;
    }

    /** struct itimerspec {it_interval, it_value}. */
    private static void writeItimerspec(Task t, long p, long[] valueInterval) throws ErrnoException {
        long value = valueInterval[0];
        long interval = valueInterval[1];
        t.userMemory().write64(p, interval / 1_000_000_000L);
        t.userMemory().write64(p + 8, interval % 1_000_000_000L);
        t.userMemory().write64(p + 16, value / 1_000_000_000L);
        t.userMemory().write64(p + 24, value % 1_000_000_000L);
    }

    static long signalfd(Task t, SyscallArgs a) throws ErrnoException {
        return doSignalfd(t, a.fd(0), a.ptr(1), a.sizeT(2), 0);
    }

    static long signalfd4(Task t, SyscallArgs a) throws ErrnoException {
        return doSignalfd(t, a.fd(0), a.ptr(1), a.sizeT(2), a.int32(3));
    }

    /** signalfd4(fd, mask, sizemask, flags): fd -1 makes a new one, else updates an existing signalfd's mask. */
    private static long doSignalfd(Task t, int fd, long maskPtr, long size, int flags) throws ErrnoException {
        if ((flags & ~(Fcntl.O_CLOEXEC | Fcntl.O_NONBLOCK)) != 0 || size != dev.flatland.abi.Signal.SIGSET_SIZE) {
            throw new ErrnoException(Errno.EINVAL);
        }
        long mask = t.userMemory().read64(maskPtr);
        if (fd == -1) {
            return install(t, new dev.flatland.kernel.SignalFd(t.kernel(), mask, flags), (flags & Fcntl.O_CLOEXEC) != 0);
        }
        if (!(t.fds().get(fd) instanceof dev.flatland.kernel.SignalFd sf)) {
            throw new ErrnoException(Errno.EINVAL);
        }
        sf.setMask(mask);
        return fd;
    }
}
