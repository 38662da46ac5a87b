package dev.flatland.loader;

import dev.flatland.abi.Errno;

/**
 * An image that cannot be executed: the errno execve would return and a one-line explanation
 * naming the problem and, where there is one, the fix. Stackless: it is a report, not a bug.
 */
public final class LoadException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Errno errno;

    public LoadException(Errno errno, String message) {
        super(message, null, false, false);
        this.errno = errno;
    }

    /** The errno execve returns for this failure (ENOEXEC, E2BIG, ENOMEM, ...). */
    public Errno errno() {
        return errno;
    }
}
