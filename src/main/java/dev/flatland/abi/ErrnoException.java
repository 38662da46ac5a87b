package dev.flatland.abi;

/**
 * A failed kernel operation, carrying the Linux errno. Stackless and checked, so that every
 * signature shows what can fail; only the syscall dispatcher turns it into -errno in RAX.
 */
public final class ErrnoException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Errno errno;

    /** Creates the exception for one errno. */
    public ErrnoException(Errno errno) {
        super(errno.name(), null, false, false);
        this.errno = errno;
    }

    /** Creates the exception with a detail message for logs (never shown to the guest). */
    public ErrnoException(Errno errno, String detail) {
        super(errno.name() + ": " + detail, null, false, false);
        this.errno = errno;
    }

    /** The errno this failure maps to. */
    public Errno errno() {
        return errno;
    }
}
