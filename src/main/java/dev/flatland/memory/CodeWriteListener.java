package dev.flatland.memory;

/** Told when the guest writes to a page that holds decoded code, so that cached blocks can be dropped. */
@FunctionalInterface
public interface CodeWriteListener {
    /** The page with index {@code page} (guest address {@code >>> 12}) was written. */
    void codePageWritten(long page);
}
