package dev.flatland.kernel;

import dev.flatland.abi.SigInfo;
import dev.flatland.abi.Signal;
import java.util.ArrayList;
import java.util.List;

/**
 * A set of pending signals with their siginfo (Linux struct sigpending: a sigset plus a queue).
 * Standard signals (below SIGRTMIN) are not queued twice (legacy_queue); real-time signals queue
 * every instance in order. Dequeue order follows next_signal(): synchronous fault signals first,
 * then the lowest number.
 */
final class SigPending {
    /** SYNCHRONOUS_MASK in kernel/signal.c. */
    static final long SYNCHRONOUS_MASK = Signal.bit(Signal.SIGSEGV) | Signal.bit(Signal.SIGBUS)
            | Signal.bit(Signal.SIGILL) | Signal.bit(Signal.SIGTRAP) | Signal.bit(Signal.SIGFPE)
            | Signal.bit(Signal.SIGSYS);
    /** Bound on queued real-time signals (RLIMIT_SIGPENDING stand-in); beyond it sends fail with EAGAIN. */
    static final int MAX_QUEUED = 4096;

    private final List<SigInfo> queue = new ArrayList<>();
    private long mask;

    long mask() {
        return mask;
    }

    boolean has(int sig) {
        return (mask & Signal.bit(sig)) != 0;
    }

    /** Queues {@code info}; returns false when a standard signal is already pending (dropped). */
    boolean enqueue(SigInfo info) {
        int sig = info.signo();
        if (sig < Signal.SIGRTMIN && has(sig)) {
            return false;
        }
        queue.add(info);
        mask |= Signal.bit(sig);
        return true;
    }

    /** True while this very siginfo (by identity) is queued. */
    boolean contains(SigInfo info) {
        for (SigInfo q : queue) {
            if (q == info) {
                return true;
            }
        }
        return false;
    }

    int queuedCount() {
        return queue.size();
    }

    /** The signal next_signal() would pick from {@code allowed}, or 0. */
    static int next(long allowed) {
        if (allowed == 0) {
            return 0;
        }
        long sync = allowed & SYNCHRONOUS_MASK;
        long pick = sync != 0 ? sync : allowed;
        return Long.numberOfTrailingZeros(pick) + 1;
    }

    /** Removes and returns the first instance of the next signal in {@code allowed}, or null. */
    SigInfo dequeue(long allowed) {
        int sig = next(mask & allowed);
        return sig == 0 ? null : dequeueSig(sig);
    }

    SigInfo dequeueSig(int sig) {
        SigInfo found = null;
        int left = 0;
        for (int i = 0; i < queue.size(); i++) {
            if (queue.get(i).signo() == sig) {
                if (found == null) {
                    found = queue.remove(i--);
                } else {
                    left++;
                }
            }
        }
        if (left == 0) {
            mask &= ~Signal.bit(sig);
        }
        return found;
    }

    /** Discards every pending instance of the signals in {@code set}. */
    void flush(long set) {
        queue.removeIf(s -> (set & Signal.bit(s.signo())) != 0);
        mask &= ~set;
    }
}
