package dev.flatland.kernel;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Stat;
import dev.flatland.vfs.OpenFile;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The kernel's devpts instance: the live pseudo-terminals by number. A new pty takes the lowest
 * free number (devpts_new_index, an IDA); the number is free again once the master is closed.
 */
public final class Ptys {
    /** The devpts super block's device number (an anonymous block device, as on Linux). */
    public static final long DEVPTS_DEV = Stat.encodeDev(0, 25);
    /** The default pty limit, /proc/sys/kernel/pty/max. */
    static final int MAX = 4096;

    private final Kernel kernel;
    private final TreeMap<Integer, Pty> live = new TreeMap<>();
    private boolean used;

    public Ptys(Kernel kernel) {
        this.kernel = kernel;
    }

    /** Opens /dev/ptmx: a new pty, locked, and its master end (ptmx_open). ENOSPC past the limit. */
    public OpenFile openMaster(int flags) throws ErrnoException {
        int n = 0;
        while (live.containsKey(n)) {
            n++;
        }
        if (n >= MAX) {
            throw new ErrnoException(Errno.ENOSPC);
        }
        Pty p = new Pty(kernel, this, n);
        live.put(n, p);
        used = true;
        OpenFile f = p.openMaster(flags);
        f.setPath("/dev/ptmx");
        return f;
    }

    /** Opens /dev/pts/N: ENOENT when there is no such pty, EIO while it is locked. */
    public OpenFile openSlave(int index, int flags) throws ErrnoException {
        Pty p = live.get(index);
        if (p == null) {
            throw new ErrnoException(Errno.ENOENT);
        }
        return p.openSlave(flags);
    }

    /** The /dev/pts/N inode, ENOENT when there is no such pty. */
    public Stat slaveStat(int index) throws ErrnoException {
        Pty p = live.get(index);
        if (p == null) {
            throw new ErrnoException(Errno.ENOENT);
        }
        return p.slaveStat();
    }

    /** The numbers of the live ptys, ascending (readdir of /dev/pts). */
    public List<Integer> indices() {
        return new ArrayList<>(live.keySet());
    }

    /** True once the guest opened a pty: /dev/tty then follows the controlling terminal only. */
    public boolean used() {
        return used;
    }

    void remove(Pty p) {
        live.remove(p.index(), p);
    }
}
