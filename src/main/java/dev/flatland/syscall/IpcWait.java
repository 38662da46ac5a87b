package dev.flatland.syscall;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.kernel.Blocker;
import dev.flatland.kernel.PollWait;
import dev.flatland.kernel.Task;

/**
 * The sleep of msgsnd, msgrcv and semop (ipc/msg.c, ipc/sem.c): Flatland has no wait queues, so
 * the scheduler re-tries the operation before each pick (PollWait's re-check); IPC_RMID makes the
 * retry fail with EIDRM. A signal ends the sleep with {@code intr}; the timeout of semtimedop ends
 * it with EAGAIN; PollWait wakes the task at a due ITIMER_REAL so SIGALRM can interrupt.
 */
final class IpcWait {
    private IpcWait() {
    }

    /**
     * Parks {@code t} until {@code attempt} returns something other than -1. {@code onEnd} runs once
     * when the sleep ends by any path (waiter bookkeeping for GETNCNT/GETZCNT).
     */
    static void sleep(Task t, long deadlineNs, PollWait.Attempt attempt, Errno intr, Runnable onEnd, String what) {
        PollWait.Attempt wrapped = timedOut -> {
            long r;
            try {
                r = attempt.tryComplete(timedOut);
            } catch (ErrnoException e) {
                onEnd.run();
                throw e;
            }
            if (r == -1 && timedOut) {
                r = -Errno.EAGAIN.number();
            }
            if (r != -1) {
                onEnd.run();
            }
            return r;
        };
        PollWait.park(t, deadlineNs, () -> 0, false, wrapped, onEnd, what);
        Blocker parked = t.kernel().scheduler().blocker(t);
        if (parked != null) {
            t.kernel().scheduler().park(t, Blocker.interruptedBy(parked, intr));
        }
    }
}
