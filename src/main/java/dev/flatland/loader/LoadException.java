package dev.flatland.loader;

import dev.flatland.abi.Errno;

/**
 * An image that cannot be executed: the errno execve would return and a one-line explanation
 * naming the problem and, where there is one, the fix. Stackless: it is a report, not a bug.
 */
public final class LoadException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Errno errno;
    private final boolean sameOnMmu;

    public LoadException(Errno errno, String message) {
        this(errno, message, false);
    }

    /** {@code sameOnMmu}: MMU Linux fails this execve with the same errno, so it needs no log line. */
    public LoadException(Errno errno, String message, boolean sameOnMmu) {
        super(message, null, false, false);
        this.errno = errno;
        this.sameOnMmu = sameOnMmu;
    }

    /**
     * Whether MMU Linux fails the same way (a missing or malformed interpreter): execve then need
     * not explain itself in the log, only failures particular to nommu or to Flatland do.
     */
    public boolean sameOnMmu() {
        return sameOnMmu;
    }

    /** The errno execve returns for this failure (ENOEXEC, E2BIG, ENOMEM, ...). */
    public Errno errno() {
        return errno;
    }
}
