package dev.flatland.vfs;

import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Stat;

/**
 * Opens a FIFO inode (fifo_open): the pipe behind a named FIFO belongs to the kernel, not to the
 * file system that holds the name, so the VFS hands every open of an S_IFIFO inode to this.
 */
@FunctionalInterface
public interface FifoOpener {
    /** The inode's current attributes (fstat of an open FIFO). */
    @FunctionalInterface
    interface Node {
        Stat get() throws ErrnoException;
    }

    /**
     * Opens the FIFO {@code st} with the open(2) {@code flags}; may return null when the opening
     * task was parked to wait for the other side (the descriptor is installed when it wakes).
     */
    OpenFile open(Stat st, Node node, int flags) throws ErrnoException;
}
