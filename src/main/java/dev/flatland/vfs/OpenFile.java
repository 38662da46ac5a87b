package dev.flatland.vfs;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Fcntl;
import dev.flatland.abi.Stat;
import dev.flatland.memory.UserMemory;
import java.util.List;

/**
 * A POSIX open file description (Linux struct file): status flags, the file position for
 * directories, and the operations a file system implements. Defaults give the Linux answer for
 * a file that lacks the operation (ESPIPE for seek on a stream, ENOTTY for ioctl, ENOTDIR for
 * readdir). Shared between descriptors by reference counting ({@link #get}, {@link #put}).
 */
public abstract class OpenFile {
    private int flags;
    private int refs = 1;
    /** getdents position: index into {@link #readdir()}. */
    private long dirPos;
    /** The absolute guest path the VFS opened this file by. */
    private String openedPath;
    /** The mount the VFS opened this file through (f_path.mnt), or null for files made otherwise. */
    private Mount mount;

    protected OpenFile(int flags) {
        this.flags = flags;
    }

    /** Reads at the current position; returns the count, 0 at end of file. */
    public int read(byte[] b, int off, int len) throws ErrnoException {
        throw new ErrnoException(Errno.EINVAL);
    }

    /** Writes at the current position (or the end with O_APPEND); returns the count. */
    public int write(byte[] b, int off, int len) throws ErrnoException {
        throw new ErrnoException(Errno.EINVAL);
    }

    /** Reads at {@code pos} without moving the position. */
    public int pread(byte[] b, int off, int len, long pos) throws ErrnoException {
        throw new ErrnoException(Errno.ESPIPE);
    }

    /** Writes at {@code pos} without moving the position. */
    public int pwrite(byte[] b, int off, int len, long pos) throws ErrnoException {
        throw new ErrnoException(Errno.ESPIPE);
    }

    /** lseek; returns the new position. */
    public long seek(long offset, int whence) throws ErrnoException {
        throw new ErrnoException(Errno.ESPIPE);
    }

    /**
     * SEEK_DATA and SEEK_HOLE for a file without holes (fs/read_write.c generic_file_llseek_size):
     * an offset at or past EOF (unsigned, so a negative one too) is ENXIO; otherwise SEEK_DATA
     * stays where it is and SEEK_HOLE goes to EOF.
     */
    public static long seekDataHole(long offset, int whence, long eof) throws ErrnoException {
        if (Long.compareUnsigned(offset, eof) >= 0) {
            throw new ErrnoException(Errno.ENXIO);
        }
        return whence == Fcntl.SEEK_DATA ? offset : eof;
    }

    /** ftruncate: sets the size, zero-filling growth; EINVAL for files that cannot be truncated. */
    public void truncate(long length) throws ErrnoException {
        throw new ErrnoException(Errno.EINVAL);
    }

    /** fsync/fdatasync: EINVAL for files that cannot be synced (pipes, terminals). */
    public void sync() throws ErrnoException {
        throw new ErrnoException(Errno.EINVAL);
    }

    /**
     * fallocate(2) after the VFS checks (vfs_fallocate): mode 0 allocates (and grows the size),
     * FALLOC_FL_KEEP_SIZE keeps it, FALLOC_FL_PUNCH_HOLE (with KEEP_SIZE) zeroes the range; a file
     * without the operation answers EOPNOTSUPP.
     */
    public void fallocate(int mode, long offset, long len) throws ErrnoException {
        throw new ErrnoException(Errno.EOPNOTSUPP);
    }

    /** fstatfs(2): the file system's answer; null when the VFS should ask by {@link #path()}. */
    public StatFs statfs() throws ErrnoException {
        return null;
    }

    /** fchmod. */
    public void chmod(int mode) throws ErrnoException {
        throw new ErrnoException(Errno.EPERM);
    }

    /** futimens: see {@link FileSystem#setTimes}. */
    public void setTimes(long atimeNs, long mtimeNs) throws ErrnoException {
        throw new ErrnoException(Errno.EPERM);
    }

    /** fchown: see {@link FileSystem#chown}. */
    public void chown(int uid, int gid) throws ErrnoException {
        throw new ErrnoException(Errno.EPERM);
    }

    /** The inode's attributes (fstat). */
    public abstract Stat stat() throws ErrnoException;

    /** A device or terminal ioctl; the file copies its result out through {@code um}. */
    public long ioctl(int request, long arg, UserMemory um) throws ErrnoException {
        throw new ErrnoException(Errno.ENOTTY);
    }

    /** True when the file is a terminal (what isatty() would say on the host). */
    public boolean isTerminal() {
        return false;
    }

    /**
     * The events ready now ({@link Poll}; f_op->poll without the wait-queue part). The default is
     * Linux's DEFAULT_POLLMASK for a file without a poll operation: regular files, directories and
     * simple devices are always readable and writable.
     */
    public int poll() {
        return Poll.DEFAULT_POLLMASK;
    }

    /** file_can_poll: true when the file has a poll operation (epoll_ctl refuses others with EPERM). */
    public boolean canPoll() {
        return false;
    }

    /**
     * A counter that changes whenever the file's readiness may have changed (a wake-up on its wait
     * queue): edge-triggered epoll reports an item again only after it moved.
     */
    public long pollSeq() {
        return 0;
    }

    /** True when readiness depends on the host (the host's stdin): a wait re-checks it periodically. */
    public boolean pollsHost() {
        return false;
    }

    /** The directory's entries including "." and "..", in a stable order. */
    public List<DirEntry> readdir() throws ErrnoException {
        throw new ErrnoException(Errno.ENOTDIR);
    }

    /** The absolute path this file was opened by, for *at() lookups relative to it, or null. */
    public String path() {
        return openedPath;
    }

    /**
     * What readlink of /proc/PID/fd/N shows for a file without a path ("pipe:[N]", "/dev/pts/0"),
     * or null for the generic "anon_inode:[...]" text.
     */
    public String linkText() {
        return null;
    }

    /** Records the absolute guest path (set by the VFS after a file system's open). */
    public final void setPath(String abs) {
        openedPath = abs;
    }

    /** The mount this file was opened through (for noexec, fdinfo's mnt_id and umount's EBUSY), or null. */
    public final Mount mount() {
        return mount;
    }

    final void setMount(Mount m) {
        mount = m;
    }

    /** Releases host resources; called when the last reference goes. */
    protected void release() {
    }

    public final int flags() {
        return flags;
    }

    /** F_SETFL: only O_APPEND, O_NONBLOCK, O_DIRECT, O_NOATIME are changeable (fs/fcntl.c SETFL_MASK). */
    public final void setStatusFlags(int f) {
        int mask = Fcntl.O_APPEND | Fcntl.O_NONBLOCK | Fcntl.O_DIRECT | Fcntl.O_NOATIME;
        flags = (flags & ~mask) | (f & mask);
    }

    public final boolean readable() {
        int acc = flags & Fcntl.O_ACCMODE;
        return (flags & Fcntl.O_PATH) == 0 && (acc == Fcntl.O_RDONLY || acc == Fcntl.O_RDWR);
    }

    public final boolean writable() {
        int acc = flags & Fcntl.O_ACCMODE;
        return (flags & Fcntl.O_PATH) == 0 && (acc == Fcntl.O_WRONLY || acc == Fcntl.O_RDWR);
    }

    public final long dirPosition() {
        return dirPos;
    }

    public final void setDirPosition(long pos) {
        dirPos = pos;
    }

    /** Takes another reference (dup, fork of an fd table). */
    public final OpenFile get() {
        refs++;
        return this;
    }

    /** True when more than one descriptor or mapping refers to this description. */
    public final boolean shared() {
        return refs > 1;
    }

    /** Drops a reference; releases the file when it was the last (after the last-close actions). */
    public final void put() {
        if (--refs == 0) {
            if (lastClose != null) {
                java.util.Collection<Runnable> actions = lastClose.values();
                lastClose = null;
                actions.forEach(Runnable::run);
            }
            release();
        }
    }

    /** Actions run once when the last reference goes (OFD record locks), one per tag. */
    private java.util.Map<Object, Runnable> lastClose;

    /** Registers {@code action} for the last close, unless an action with this {@code tag} is registered already. */
    public final void onLastClose(Object tag, Runnable action) {
        if (lastClose == null) {
            lastClose = new java.util.LinkedHashMap<>();
        }
        lastClose.putIfAbsent(tag, action);
    }
}
