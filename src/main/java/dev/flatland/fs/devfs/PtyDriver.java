package dev.flatland.fs.devfs;

import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Stat;
import dev.flatland.vfs.OpenFile;
import java.util.List;

/** The kernel's pseudo-terminals as /dev/ptmx and devpts see them (plugged in by boot). */
public interface PtyDriver {
    /** Opens /dev/ptmx: a new pty's master end. */
    OpenFile openMaster(int flags) throws ErrnoException;

    /** Opens /dev/pts/N: ENOENT for no such pty, EIO while it is locked. */
    OpenFile openSlave(int index, int flags) throws ErrnoException;

    /** The attributes of /dev/pts/N (ENOENT for no such pty). */
    Stat slaveStat(int index) throws ErrnoException;

    /** The live pty numbers, ascending. */
    List<Integer> indices();
}
