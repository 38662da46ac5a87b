package dev.flatland.loader;

import dev.flatland.abi.ErrnoException;

/** Provides the loader with zeroed anonymous memory recorded in the new process's mm. */
public interface ImageMapper {
    /** Maps {@code len} bytes of zeroed anonymous memory; returns its page-aligned address. */
    long mapAnonymous(long len, String what) throws ErrnoException;
}
