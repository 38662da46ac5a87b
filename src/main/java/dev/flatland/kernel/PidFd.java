package dev.flatland.kernel;

import dev.flatland.abi.Fcntl;
import dev.flatland.vfs.Poll;

/**
 * A pidfd (kernel/pid.c pidfd_open, kernel/fork.c pidfd_prepare and pidfd_poll): a file that refers
 * to one process (a thread group; PIDFD_THREAD is not supported) for its whole life, through exit
 * and reaping. It is always O_RDWR; PIDFD_NONBLOCK is its O_NONBLOCK. Readiness needs no wake-up
 * of its own: a waiting poll or epoll re-checks {@link #poll()} before each scheduling pick
 * ({@link PollWait}), so the group's exit (which changes {@link #state()}) ends the wait.
 */
public final class PidFd extends AnonInodeFile {
    /** PIDFD_NONBLOCK (include/uapi/linux/pidfd.h): O_NONBLOCK. */
    public static final int PIDFD_NONBLOCK = Fcntl.O_NONBLOCK;
    /** PIDFD_THREAD (Linux 6.9): O_EXCL; not supported here. */
    public static final int PIDFD_THREAD = 0x80;

    /** What has become of the process. */
    public enum State { LIVE, ZOMBIE, REAPED }

    private final Kernel kernel;
    private final ThreadGroup group;

    public PidFd(Kernel kernel, ThreadGroup group, int flags) {
        super(Fcntl.O_RDWR | (flags & PIDFD_NONBLOCK), "pidfd");
        this.kernel = kernel;
        this.group = group;
    }

    /** The process this pidfd refers to (it may have exited, or been reaped). */
    public ThreadGroup group() {
        return group;
    }

    /**
     * LIVE while a thread runs; ZOMBIE once the whole group exited (its pid still names it);
     * REAPED once its parent waited for it, or init took it (the pid no longer names it).
     */
    public State state() {
        if (!group.exited()) {
            return State.LIVE;
        }
        ProcessTree procs = kernel.processes();
        if (procs.group(group.tgid()) != group || procs.releasedToInit(group)) {
            return State.REAPED;
        }
        return State.ZOMBIE;
    }

    /**
     * pidfd_poll: EPOLLIN|EPOLLRDNORM once the thread group has exited (task->exit_state and not a
     * leader waiting for its threads), and EPOLLHUP as well once the task is gone (reaped: no
     * pid_task). Measured on Linux 6.18: a zombie child polls 0x1, a reaped one 0x11 for POLLIN.
     */
    @Override
    public int poll() {
        return switch (state()) {
            case LIVE -> 0;
            case ZOMBIE -> Poll.POLLIN | Poll.POLLRDNORM;
            case REAPED -> Poll.POLLIN | Poll.POLLRDNORM | Poll.POLLHUP;
        };
    }

    /** Changes at exit and at reaping (the two wake-ups of pid->wait_pidfd). */
    @Override
    public long pollSeq() {
        return state().ordinal();
    }
}
