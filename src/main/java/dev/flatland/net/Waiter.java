package dev.flatland.net;

import dev.flatland.abi.ErrnoException;
import java.util.function.BooleanSupplier;

/**
 * How a socket puts the calling task to sleep (the kernel's scheduler, which this package may not
 * see). After either call the socket operation returns at once with a dummy value: the task is
 * parked and the syscall's result is written when it wakes. A signal ends either wait with EINTR
 * (or a restart, as Linux's -ERESTARTSYS).
 */
public interface Waiter {
    /** Parks until {@code ready} holds, then runs the same syscall again. EAGAIN outside a task. */
    void parkRestart(BooleanSupplier ready, String what) throws ErrnoException;

    /**
     * Parks until {@code attempt} returns a result other than -1 (the syscall's value, or -errno);
     * {@code sigpipe} raises SIGPIPE when that result is -EPIPE. For operations that make progress
     * while they wait (a stream write larger than the buffer). A signal that interrupts the wait after
     * some progress still ends it with EINTR (Linux returns the partial count).
     */
    void park(Attempt attempt, boolean sigpipe, String what) throws ErrnoException;

    /** Raises SIGPIPE on the calling task (a stream write to a broken connection without MSG_NOSIGNAL). */
    void raiseSigpipe();

    /** One attempt at completing a parked operation. */
    @FunctionalInterface
    interface Attempt {
        long tryComplete() throws ErrnoException;
    }
}
