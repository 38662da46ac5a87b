package dev.flatland.kernel;

/**
 * Why a parked task is not runnable (Linux: a task sleeping in TASK_INTERRUPTIBLE on a wait
 * queue). The scheduler polls {@link #ready()} before each pick; once it is true the syscall
 * completes with {@link #result()} (the value for RAX, {@code -errno} on failure).
 */
public interface Blocker {
    /** No deadline: the wait ends only when {@link #ready()} turns true. */
    long NO_DEADLINE = Long.MAX_VALUE;

    /** True when the task may resume (the event happened or the deadline passed). */
    boolean ready();

    /** The syscall's return value; called once, after {@link #ready()} returned true. */
    long result();

    /** The CLOCK_MONOTONIC time at which the wait times out, or {@link #NO_DEADLINE}. */
    default long deadline() {
        return NO_DEADLINE;
    }

    /** Called instead of {@link #result()} when a signal interrupts the wait (dequeue). */
    default void cancel() {
    }

    /**
     * True for a TASK_KILLABLE wait (the vfork parent's wait_for_vfork_done): only a fatal signal
     * ends it early. Other signals stay pending and are handled when the wait completes.
     */
    default boolean killable() {
        return false;
    }

    /**
     * What an interrupting signal makes of the syscall: ERESTARTNOHAND (EINTR when a handler runs,
     * the default) or ERESTARTSYS for the waits Linux restarts under SA_RESTART (n_tty_read).
     */
    default dev.flatland.abi.Errno interruptedErrno() {
        return dev.flatland.abi.Errno.ERESTARTNOHAND;
    }

    /** What the task waits for, for the deadlock report ("futex 0x7f00 (FUTEX_WAIT)"). */
    String describe();
}
