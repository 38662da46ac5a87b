package dev.flatland.kernel;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Signal;

/**
 * A thread group's signal dispositions (struct sighand_struct): handler, flags, restorer and mask
 * per signal, as rt_sigaction stores them. {@link SignalDelivery} acts on them.
 */
public final class SignalActions {
    /** One struct k_sigaction. */
    public record Action(long handler, long flags, long restorer, long mask) {
        static final Action DEFAULT = new Action(Signal.SIG_DFL, 0, 0, 0);
    }

    private final Action[] actions = new Action[Signal.NSIG + 1];

    public SignalActions() {
        java.util.Arrays.fill(actions, Action.DEFAULT);
    }

    public Action get(int sig) throws ErrnoException {
        check(sig);
        return actions[sig];
    }

    /** Sets the action; SIGKILL and SIGSTOP cannot be changed (EINVAL), as in do_sigaction. */
    public void set(int sig, Action a) throws ErrnoException {
        check(sig);
        if (sig == Signal.SIGKILL || sig == Signal.SIGSTOP) {
            throw new ErrnoException(Errno.EINVAL);
        }
        long mask = a.mask() & ~(Signal.bit(Signal.SIGKILL) | Signal.bit(Signal.SIGSTOP));
        actions[sig] = new Action(a.handler(), a.flags(), a.restorer(), mask);
    }

    private static void check(int sig) throws ErrnoException {
        if (sig < 1 || sig > Signal.NSIG) {
            throw new ErrnoException(Errno.EINVAL);
        }
    }

    /** True when the default action of {@code sig} is to ignore it (kernel/signal.c SIG_KERNEL_IGNORE_MASK). */
    public static boolean defaultIgnores(int sig) {
        return sig == Signal.SIGCHLD || sig == Signal.SIGURG || sig == Signal.SIGWINCH || sig == Signal.SIGCONT;
    }

    /** True when the default action dumps core (SIG_KERNEL_COREDUMP_MASK). */
    public static boolean defaultDumpsCore(int sig) {
        return switch (sig) {
            case Signal.SIGQUIT, Signal.SIGILL, Signal.SIGTRAP, Signal.SIGABRT, Signal.SIGBUS, Signal.SIGFPE,
                 Signal.SIGSEGV, Signal.SIGXCPU, Signal.SIGXFSZ, Signal.SIGSYS -> true;
            default -> false;
        };
    }
}
