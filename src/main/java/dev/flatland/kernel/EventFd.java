package dev.flatland.kernel;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Fcntl;
import dev.flatland.vfs.Poll;

/**
 * eventfd(2) (fs/eventfd.c): a 64-bit unsigned counter. read takes the whole count (or 1 in
 * EFD_SEMAPHORE mode) and waits while it is 0; write adds and waits while the sum would exceed
 * 0xfffffffffffffffe. Buffers shorter than 8 bytes are EINVAL; writing 0xffffffffffffffff is EINVAL.
 */
public final class EventFd extends AnonInodeFile {
    public static final int EFD_SEMAPHORE = 1;
    /** ULLONG_MAX - 1: the largest count. */
    static final long MAX = 0xfffffffffffffffeL;

    private final Kernel kernel;
    private final boolean semaphore;
    private long count;
    private long seq;

    public EventFd(Kernel kernel, long initval, int flags) {
        super(Fcntl.O_RDWR | (flags & Fcntl.O_NONBLOCK), "eventfd");
        this.kernel = kernel;
        this.count = initval;
        this.semaphore = (flags & EFD_SEMAPHORE) != 0;
    }

    @Override
    public int read(byte[] b, int off, int len) throws ErrnoException {
        if (len < 8) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (count == 0) {
            if ((flags() & Fcntl.O_NONBLOCK) != 0) {
                throw new ErrnoException(Errno.EAGAIN);
            }
            kernel.scheduler().parkRestart(PollWait.current(kernel), () -> count != 0, "eventfd-count (read)");
            return 0;
        }
        long v = semaphore ? 1 : count;
        count -= v;
        seq++;
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
        return 8;
    }

    @Override
    public int write(byte[] b, int off, int len) throws ErrnoException {
        if (len != 8) {
            // Linux 6.18 (measured: a 9- or 16-byte write is EINVAL; a read takes any count >= 8)
            throw new ErrnoException(Errno.EINVAL);
        }
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v |= (b[off + i] & 0xffL) << (8 * i);
        }
        if (v == -1L) {
            throw new ErrnoException(Errno.EINVAL);
        }
        final long add = v;
        if (Long.compareUnsigned(MAX - count, add) < 0) {
            if ((flags() & Fcntl.O_NONBLOCK) != 0) {
                throw new ErrnoException(Errno.EAGAIN);
            }
            kernel.scheduler().parkRestart(PollWait.current(kernel),
                    () -> Long.compareUnsigned(MAX - count, add) >= 0, "eventfd-count (write)");
            return 0;
        }
        count += add;
        seq++;
        return 8;
    }

    /** eventfd_poll: readable with a count, writable while one more can be added, an error at the maximum. */
    @Override
    public int poll() {
        int m = 0;
        if (count != 0) {
            m |= Poll.POLLIN | Poll.POLLRDNORM;
        }
        if (count == -1L) {
            m |= Poll.POLLERR;
        }
        if (Long.compareUnsigned(count, MAX) < 0) {
            m |= Poll.POLLOUT | Poll.POLLWRNORM;
        }
        return m;
    }


    @Override
    public long pollSeq() {
        return seq;
    }


}
