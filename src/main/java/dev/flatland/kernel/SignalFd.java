package dev.flatland.kernel;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Fcntl;
import dev.flatland.abi.SigInfo;
import dev.flatland.abi.Signal;
import dev.flatland.vfs.Poll;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * signalfd(2) (fs/signalfd.c): reading dequeues the reader's pending signals in the mask (they are
 * normally blocked, so they stay pending) as struct signalfd_siginfo records of 128 bytes, and waits
 * while none is pending; poll is readable while one is.
 */
public final class SignalFd extends AnonInodeFile {
    /** sizeof(struct signalfd_siginfo). */
    public static final int SIGINFO_SIZE = 128;

    private final Kernel kernel;
    private long mask;

    public SignalFd(Kernel kernel, long mask, int flags) {
        super(Fcntl.O_RDWR | (flags & Fcntl.O_NONBLOCK), "signalfd");
        this.kernel = kernel;
        setMask(mask);
    }

    /** SIGKILL and SIGSTOP cannot be taken through a signalfd (signalfd4 drops them). */
    public void setMask(long m) {
        mask = m & ~(Signal.bit(Signal.SIGKILL) | Signal.bit(Signal.SIGSTOP));
    }

    @Override
    public int read(byte[] b, int off, int len) throws ErrnoException {
        if (len < SIGINFO_SIZE) {
            throw new ErrnoException(Errno.EINVAL);
        }
        Task t = PollWait.current(kernel);
        int done = 0;
        while (len - done >= SIGINFO_SIZE) {
            SigInfo info = SignalDelivery.dequeue(t, mask);
            if (info == null) {
                break;
            }
            System.arraycopy(record(info), 0, b, off + done, SIGINFO_SIZE);
            done += SIGINFO_SIZE;
        }
        if (done > 0) {
            return done;
        }
        if ((flags() & Fcntl.O_NONBLOCK) != 0) {
            throw new ErrnoException(Errno.EAGAIN);
        }
        kernel.scheduler().parkRestart(t, () -> (SignalDelivery.pending(t) & mask) != 0, "a signal (signalfd read)");
        return 0;
    }

    /** signalfd_copyinfo: the siginfo fields at their signalfd_siginfo offsets. */
    private static byte[] record(SigInfo info) {
        ByteBuffer si = ByteBuffer.wrap(info.encode()).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer r = ByteBuffer.allocate(SIGINFO_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        int sig = info.signo();
        int code = si.getInt(SigInfo.SI_CODE);
        r.putInt(0, sig);
        r.putInt(4, si.getInt(SigInfo.SI_ERRNO));
        r.putInt(8, code);
        boolean fault = sig == Signal.SIGSEGV || sig == Signal.SIGBUS || sig == Signal.SIGILL || sig == Signal.SIGFPE
                || sig == Signal.SIGTRAP;
        if (fault && code > 0) {
            r.putLong(72, si.getLong(SigInfo.SI_ADDR));
        } else {
            r.putInt(12, si.getInt(SigInfo.SI_PID));
            r.putInt(16, si.getInt(SigInfo.SI_UID));
            if (sig == Signal.SIGCHLD) {
                r.putInt(40, si.getInt(SigInfo.SI_VALUE));   // si_status
            } else {
                r.putInt(44, si.getInt(SigInfo.SI_VALUE));   // ssi_int
                r.putLong(48, si.getLong(SigInfo.SI_VALUE)); // ssi_ptr
            }
        }
        return r.array();
    }

    @Override
    public int poll() {
        Task t = kernel.current();
        return t != null && (SignalDelivery.pending(t) & mask) != 0 ? Poll.POLLIN | Poll.POLLRDNORM : 0;
    }


    @Override
    public long pollSeq() {
        Task t = kernel.current();
        return t == null ? 0 : SignalDelivery.pending(t) & mask;
    }


}
