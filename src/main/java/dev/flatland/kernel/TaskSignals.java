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

    TaskSignals() {
    }

    /** The mask to put back once the syscall returns (set_restore_sigmask); sigsuspend uses it. */
    public void setRestoreMask(long mask) {
        savedMask = mask;
        restoreMask = true;
    }
}
