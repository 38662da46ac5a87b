package dev.flatland.kernel;

/** How a process ended: an exit code (0..255) or a terminating signal. */
public record ExitStatus(int code, int signal) {
    public static ExitStatus exited(int code) {
        return new ExitStatus(code & 0xff, 0);
    }

    public static ExitStatus killed(int signal) {
        return new ExitStatus(0, signal);
    }

    /** The status a shell reports: the exit code, or 128 + the signal number. */
    public int shellStatus() {
        return signal != 0 ? 128 + signal : code;
    }
}
