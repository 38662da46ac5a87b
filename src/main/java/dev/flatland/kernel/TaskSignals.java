package dev.flatland.kernel;

/**
 * A task's signal state beyond the masks in {@link Task}: the pending queue, the mask to restore
 * after sigsuspend (Linux saved_sigmask + TIF_RESTORE_SIGMASK), and the last CPU exception's
 * trap number, error code and CR2, which Linux keeps in thread_struct and writes into every
 * signal frame's sigcontext.
 */
public final class TaskSignals {
    final SigPending pending = new SigPending();
    long savedMask;
    boolean restoreMask;
    /** Set by rt_sigreturn: the return is not a syscall return (Linux sets orig_ax = -1). */
    boolean noRestart;
    long trapNo;
    long errorCode;
    long cr2;
    /** A group stop interrupted the return to user mode; resume it with this syscall number. */
    boolean resumePending;
    long resumeNr = -1;

    /** What restart_syscall(2) runs (Linux current->restart_block.fn); null is do_no_restart_syscall. */
    RestartBlock restartBlock;
    /** The mask before rt_sigtimedwait unblocked the awaited set (Linux real_blocked), else 0. */
    long realBlocked;
    /** prctl(PR_SET_PDEATHSIG): the signal this task gets when its parent thread exits (0: none). */
    int pdeathSignal;

    /**
     * The rest of a syscall that returned -ERESTART_RESTARTBLOCK (Linux struct restart_block): run by
     * restart_syscall(2) when the interrupted call is restarted because no handler ran.
     */
    @FunctionalInterface
    public interface RestartBlock {
        long restart(Task t) throws dev.flatland.abi.ErrnoException;
    }

    TaskSignals() {
    }

    /** set_restart_fn: what restart_syscall runs if the current -ERESTART_RESTARTBLOCK is restarted. */
    public void setRestartBlock(RestartBlock fn) {
        restartBlock = fn;
    }

    public int pdeathSignal() {
        return pdeathSignal;
    }

    public void setPdeathSignal(int sig) {
        pdeathSignal = sig;
    }

    /** The mask to put back once the syscall returns (set_restore_sigmask); sigsuspend uses it. */
    public void setRestoreMask(long mask) {
        savedMask = mask;
        restoreMask = true;
    }
}
