package dev.flatland.kernel;

import dev.flatland.abi.Stat;
import dev.flatland.vfs.OpenFile;

/**
 * A file with no name in any file system (Linux anon_inode_getfile): eventfd, timerfd, signalfd
 * and epoll. They share the anon-inode stat (mode 0600, the anon_inodefs device), are pollable,
 * and /proc/PID/fd shows them as "anon_inode:[KIND]".
 */
abstract class AnonInodeFile extends OpenFile {
    /** The anon_inodefs device number. */
    private static final long DEV = 0xd;
    private static long nextIno = 1;

    private final long ino = nextIno++;
    private final String kind;

    AnonInodeFile(int flags, String kind) {
        super(flags);
        this.kind = kind;
    }

    @Override
    public boolean canPoll() {
        return true;
    }

    @Override
    public Stat stat() {
        return new Stat(DEV, ino, 0600, 1, Kernel.UID, Kernel.GID, 0, 0, 4096, 0, 0, 0, 0, 0, 0, 0);
    }

    @Override
    public String linkText() {
        return "anon_inode:[" + kind + "]";
    }
}
