package dev.flatland.memory;

/**
 * A guest access outside RAM. Stackless and unchecked so that the hot path stays free of
 * try blocks: the CPU turns it into a SIGSEGV fault trap, {@code UserMemory} into EFAULT.
 */
public final class MemoryFault extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long address;
    private final boolean write;

    /** Creates a fault for an access at {@code address}. */
    public MemoryFault(long address, boolean write) {
        super(null, null, false, false);
        this.address = address;
        this.write = write;
    }

    /** The first guest address of the failed access. */
    public long address() {
        return address;
    }

    /** True when the failed access was a write. */
    public boolean isWrite() {
        return write;
    }

    @Override
    public String getMessage() {
        return (write ? "write" : "read") + " at 0x" + Long.toHexString(address);
    }
}
