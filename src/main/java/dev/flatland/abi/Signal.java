package dev.flatland.abi;

/** Signal numbers and sigaction constants (arch/x86/include/uapi/asm/signal.h). */
public final class Signal {
    private Signal() {
    }

    public static final int SIGHUP = 1;
    public static final int SIGINT = 2;
    public static final int SIGQUIT = 3;
    public static final int SIGILL = 4;
    public static final int SIGTRAP = 5;
    public static final int SIGABRT = 6;
    public static final int SIGBUS = 7;
    public static final int SIGFPE = 8;
    public static final int SIGKILL = 9;
    public static final int SIGUSR1 = 10;
    public static final int SIGSEGV = 11;
    public static final int SIGUSR2 = 12;
    public static final int SIGPIPE = 13;
    public static final int SIGALRM = 14;
    public static final int SIGTERM = 15;
    public static final int SIGSTKFLT = 16;
    public static final int SIGCHLD = 17;
    public static final int SIGCONT = 18;
    public static final int SIGSTOP = 19;
    public static final int SIGTSTP = 20;
    public static final int SIGTTIN = 21;
    public static final int SIGTTOU = 22;
    public static final int SIGURG = 23;
    public static final int SIGXCPU = 24;
    public static final int SIGXFSZ = 25;
    public static final int SIGVTALRM = 26;
    public static final int SIGPROF = 27;
    public static final int SIGWINCH = 28;
    public static final int SIGIO = 29;
    public static final int SIGPWR = 30;
    public static final int SIGSYS = 31;
    public static final int SIGRTMIN = 32;
    /** _NSIG: signals are numbered 1..64. */
    public static final int NSIG = 64;

    public static final long SIG_DFL = 0;
    public static final long SIG_IGN = 1;

    public static final int SIG_BLOCK = 0;
    public static final int SIG_UNBLOCK = 1;
    public static final int SIG_SETMASK = 2;

    public static final long SA_NOCLDSTOP = 0x00000001L;
    public static final long SA_NOCLDWAIT = 0x00000002L;
    public static final long SA_SIGINFO = 0x00000004L;
    public static final long SA_RESTORER = 0x04000000L;
    public static final long SA_ONSTACK = 0x08000000L;
    public static final long SA_RESTART = 0x10000000L;
    public static final long SA_NODEFER = 0x40000000L;
    public static final long SA_RESETHAND = 0x80000000L;

    public static final int SS_ONSTACK = 1;
    public static final int SS_DISABLE = 2;
    public static final int SS_AUTODISARM = 1 << 31;
    /** MINSIGSTKSZ on x86 (arch/x86/include/uapi/asm/signal.h). */
    public static final int MINSIGSTKSZ = 2048;

    /** Size of the kernel sigset_t in bytes (rt_sigprocmask's sigsetsize must equal it). */
    public static final int SIGSET_SIZE = 8;

    private static final String[] NAMES = {null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT",
        "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM",
        "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU",
        "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS"};

    /** The signal's name as strace prints it ("SIGSEGV", "SIGRT_3"). */
    public static String name(int sig) {
        if (sig > 0 && sig < NAMES.length) {
            return NAMES[sig];
        }
        if (sig >= SIGRTMIN && sig <= NSIG) {
            return "SIGRT_" + (sig - SIGRTMIN);
        }
        return Integer.toString(sig);
    }

    /** The bit of {@code sig} in a sigset_t. */
    public static long bit(int sig) {
        return 1L << (sig - 1);
    }
}
