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
     * What the syscall returns when a signal ends the wait, as the Linux wait loop does on
     * signal_pending(): -ERESTARTSYS (restarted when the handler has SA_RESTART or no handler runs:
     * pipe and tty reads, wait4, futex without a timeout), -ERESTARTNOHAND (restarted only when no
     * handler runs: pause, sigsuspend, poll, select), -ERESTART_RESTARTBLOCK (restarted through
     * restart_syscall with the state {@link #cancel()} saved: nanosleep, a futex wait with a timeout)
     * or EINTR (never restarted: epoll_wait, rt_sigtimedwait). The return-to-user path acts on it.
     */
    default dev.flatland.abi.Errno interruptedBy() {
        return dev.flatland.abi.Errno.ERESTARTNOHAND;
    }

    /**
     * True for a TASK_KILLABLE wait (the vfork parent's wait_for_vfork_done): only a fatal signal
     * ends it early. Other signals stay pending and are handled when the wait completes.
     */
    default boolean killable() {
        return false;
    }

    /** What the task waits for, for the deadlock report ("futex 0x7f00 (FUTEX_WAIT)"). */
    String describe();

    /** {@code b} with another {@link #interruptedBy()} (epoll_wait: EINTR where poll says -ERESTARTNOHAND). */
    static Blocker interruptedBy(Blocker b, dev.flatland.abi.Errno code) {
        return new Blocker() {
            @Override
            public boolean ready() {
                return b.ready();
            }

            @Override
            public long result() {
                return b.result();
            }

            @Override
            public long deadline() {
                return b.deadline();
            }

            @Override
            public void cancel() {
                b.cancel();
            }

            @Override
            public boolean killable() {
                return b.killable();
            }

            @Override
            public dev.flatland.abi.Errno interruptedBy() {
                return code;
            }

            @Override
            public String describe() {
                return b.describe();
            }
        };
    }
}
