package dev.flatland.vfs;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Stat;

/**
 * The file-system SPI: operations on absolute, canonical paths inside the file system (the VFS
 * strips the mount point). The VFS walks every path itself ({@code Vfs.locate}): the paths a file
 * system receives contain no "." or ".." and no symbolic link but possibly the last component, and
 * a trailing slash means the result must be a directory. Symbolic links are reported by
 * {@link #redirect} so that the VFS follows them through the mount table; a file system must never
 * let its backing store follow a link itself (that would escape a confined root).
 */
public interface FileSystem {
    /** {@link #lookupGeneration()} of a file system whose lookups the VFS must not cache. */
    long NO_LOOKUP_CACHE = -1;

    /**
     * A number the VFS's lookup cache ({@code Vfs.locate}) keys "this path is a directory, not a
     * link" by: it must change whenever a directory of this file system may have been removed,
     * renamed or replaced (by Flatland or from outside). {@link #NO_LOOKUP_CACHE} (the default)
     * keeps every component of every walk a fresh lookup.
     */
    default long lookupGeneration() {
        return NO_LOOKUP_CACHE;
    }

    /** The type name /proc/mounts and /proc/filesystems show ("tmpfs", "proc", ...). */
    default String type() {
        return "hostfs";
    }

    /**
     * The first symbolic link on {@code path} that the VFS must follow (every component but the
     * last, and the last too when {@code followLast}), or null when the file system resolves the
     * path by itself.
     */
    default Redirect redirect(String path, boolean followLast) throws ErrnoException {
        return null;
    }

    /** symlink(2): creates {@code path} as a link to {@code target}. */
    default void symlink(String target, String path) throws ErrnoException {
        throw new ErrnoException(dev.flatland.abi.Errno.EPERM);
    }

    /** link(2): a new name {@code to} for the inode at {@code from}; EPERM where unsupported. */
    default void hardLink(String from, String to) throws ErrnoException {
        throw new ErrnoException(dev.flatland.abi.Errno.EPERM);
    }

    /**
     * mknod(2): creates a special node ({@code mode} holds the S_IF* type and the permission bits,
     * {@code rdev} the device number); EEXIST when the name exists, EPERM where unsupported. bind(2)
     * of an AF_UNIX socket makes its S_IFSOCK node through this.
     */
    default void mknod(String path, int mode, long rdev) throws ErrnoException {
        throw new ErrnoException(Errno.EPERM);
    }

    /** open(2) with O_* flags and a creation mode. */
    OpenFile open(String path, int flags, int mode) throws ErrnoException;

    /** stat(2), or lstat(2) when {@code follow} is false. */
    Stat stat(String path, boolean follow) throws ErrnoException;

    /** access(2) with R_OK|W_OK|X_OK or F_OK. */
    void access(String path, int mode) throws ErrnoException;

    /** readlink(2): the link target's bytes. */
    byte[] readlink(String path) throws ErrnoException;

    /** unlink(2): removes a non-directory. */
    void unlink(String path) throws ErrnoException;

    /** mkdir(2) with the (umask-applied) mode. */
    void mkdir(String path, int mode) throws ErrnoException;

    /** rmdir(2): removes an empty directory. */
    void rmdir(String path) throws ErrnoException;

    /** rename(2), replacing the target atomically. */
    void rename(String from, String to) throws ErrnoException;

    /** truncate(2). */
    void truncate(String path, long length) throws ErrnoException;

    /** chmod(2): the permission bits. */
    void chmod(String path, int mode) throws ErrnoException;

    /** A time argument of {@link #setTimes} that leaves that time alone (UTIME_OMIT). */
    long TIME_OMIT = Long.MIN_VALUE;

    /** utimensat: sets the access and modification times (ns since the epoch, or {@link #TIME_OMIT}). */
    default void setTimes(String path, long atimeNs, long mtimeNs) throws ErrnoException {
        throw new ErrnoException(Errno.EPERM);
    }

    /** lchown/chown after link resolution: sets owner and group; -1 leaves one alone. */
    default void chown(String path, int uid, int gid) throws ErrnoException {
        throw new ErrnoException(Errno.EPERM);
    }

    /** renameat2 flags (include/uapi/linux/fs.h). */
    int RENAME_NOREPLACE = 1;
    int RENAME_EXCHANGE = 2;
    int RENAME_WHITEOUT = 4;

    /**
     * renameat2(2) with RENAME_NOREPLACE (EEXIST when {@code to} exists) or RENAME_EXCHANGE (both
     * must exist; they swap). The default does NOREPLACE by a check before the rename (not atomic)
     * and refuses EXCHANGE with EINVAL, as a file system without the operation does.
     */
    default void rename(String from, String to, int flags) throws ErrnoException {
        if ((flags & (RENAME_EXCHANGE | RENAME_WHITEOUT)) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if ((flags & RENAME_NOREPLACE) != 0) {
            stat(from, false);   // ENOENT for a missing source comes first
            boolean exists;
            try {
                stat(to, false);
                exists = true;
            } catch (ErrnoException e) {
                exists = false;
            }
            if (exists) {
                throw new ErrnoException(Errno.EEXIST);
            }
        }
        rename(from, to);
    }

    /**
     * open(O_TMPFILE) in the directory {@code dir}: an unnamed regular file (nlink 0), linkable
     * later by linkat unless {@code flags} has O_EXCL; EOPNOTSUPP where the file system has no
     * i_op->tmpfile.
     */
    default OpenFile openTmpFile(String dir, int flags, int mode) throws ErrnoException {
        throw new ErrnoException(Errno.EOPNOTSUPP);
    }

    /**
     * linkat(fd, "", dir, name, AT_EMPTY_PATH): a new name {@code to} for the inode of the open file
     * {@code f}; EXDEV when {@code f} is not a file of this file system.
     */
    default void linkOpenFile(OpenFile f, String to) throws ErrnoException {
        throw new ErrnoException(Errno.EXDEV);
    }

    /** statfs(2) for a path inside this file system; the VFS adds the mount flags. */
    default StatFs statfs(String path) throws ErrnoException {
        return StatFs.simple(switch (type()) {
            case "proc" -> StatFs.PROC_SUPER_MAGIC;
            case "tmpfs", "devtmpfs" -> StatFs.TMPFS_MAGIC;
            default -> StatFs.EXT4_SUPER_MAGIC;
        });
    }
}
