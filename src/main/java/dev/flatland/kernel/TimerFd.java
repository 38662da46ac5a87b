package dev.flatland.kernel;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Fcntl;
import dev.flatland.vfs.Poll;

/**
 * timerfd_create(2) (fs/timerfd.c): a timer on CLOCK_REALTIME, CLOCK_MONOTONIC or CLOCK_BOOTTIME
 * (the monotonic clock here: nothing is suspended) whose expirations are counted; read returns the
 * count (8 bytes) and resets it, waiting while it is 0. Expirations are computed from the clock
 * when looked at, so no host timer is needed and --deterministic runs stay repeatable.
 */
public final class TimerFd extends AnonInodeFile {
    public static final int CLOCK_REALTIME = 0;
    public static final int CLOCK_MONOTONIC = 1;
    public static final int CLOCK_BOOTTIME = 7;
    public static final int TFD_TIMER_ABSTIME = 1;

    private final Kernel kernel;
    private final int clockId;
    /** The next expiry on the timer's clock, 0 when disarmed. */
    private long next;
    private long interval;
    private long ticks;
    private long seq;

    public TimerFd(Kernel kernel, int clockId, int flags) {
        super(Fcntl.O_RDWR | (flags & Fcntl.O_NONBLOCK), "timerfd");
        this.kernel = kernel;
        this.clockId = clockId;
    }

    /** The timer's clock now. */
    public long now() {
        return clockId == CLOCK_REALTIME ? kernel.clock().realtimeNs() : kernel.clock().monotonicNs();
    }

    /** Counts the expirations up to now (timerfd_tmrproc, hrtimer_forward_now). */
    private void update() {
        long now = now();
        if (next == 0 || now - next < 0) {
            return;
        }
        if (interval > 0) {
            long n = (now - next) / interval + 1;
            ticks += n;
            next += n * interval;
        } else {
            ticks++;
            next = 0;
        }
        seq++;
    }

    /** timerfd_settime: arms ({@code valueNs} relative, or absolute with TFD_TIMER_ABSTIME) or disarms (0); returns the old {value, interval}. */
    public long[] set(int flags, long valueNs, long intervalNs) {
        long[] old = getTime();
        ticks = 0;
        interval = intervalNs;
        if (valueNs == 0) {
            next = 0;
            interval = 0;
        } else {
            next = (flags & TFD_TIMER_ABSTIME) != 0 ? valueNs : now() + valueNs;
            if (next == 0) {
                next = 1;
            }
        }
        seq++;
        return old;
    }

    /** timerfd_gettime: {time to the next expiry (0 when disarmed), interval}. */
    public long[] getTime() {
        update();
        if (next == 0) {
            return new long[] {0, interval};
        }
        return new long[] {Math.max(next - now(), 1), interval};
    }

    /** The next expiry as a CLOCK_MONOTONIC time (for the scheduler's wake-up), or 0. */
    public long wakeAt() {
        if (next == 0) {
            return 0;
        }
        return kernel.clock().monotonicNs() + Math.max(next - now(), 0);
    }

    @Override
    public int read(byte[] b, int off, int len) throws ErrnoException {
        if (len < 8) {
            throw new ErrnoException(Errno.EINVAL);
        }
        update();
        if (ticks == 0) {
            if ((flags() & Fcntl.O_NONBLOCK) != 0) {
                throw new ErrnoException(Errno.EAGAIN);
            }
            Task t = PollWait.current(kernel);
            long nr = t.cpu().r[dev.flatland.cpu.CpuState.RAX];
            PollWait.park(t, Blocker.NO_DEADLINE, this::wakeAt, false, timedOut -> {
                update();
                if (ticks == 0) {
                    return -1;
                }
                t.cpu().rip -= 2;   // restart the read, which now finds the count
                return nr;
            }, () -> { }, "timerfd expiry (read)");
            Blocker parked = kernel.scheduler().blocker(t);
            if (parked != null) {
                kernel.scheduler().park(t, Blocker.interruptedBy(parked, Errno.ERESTARTSYS));   // timerfd_read
            }
            return 0;
        }
        long v = ticks;
        ticks = 0;
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
        return 8;
    }

    @Override
    public int poll() {
        update();
        return ticks != 0 ? Poll.POLLIN | Poll.POLLRDNORM : 0;
    }


    @Override
    public long pollSeq() {
        update();
        return seq;
    }


}
