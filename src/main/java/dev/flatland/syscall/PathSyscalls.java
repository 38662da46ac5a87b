package dev.flatland.syscall;

import dev.flatland.vfs.OpenFile;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Fcntl;
import dev.flatland.kernel.Task;

/** Directory-entry and inode changes: unlink, mkdir, rmdir, rename, truncate, chmod, fsync (fs/namei.c, fs/open.c). */
final class PathSyscalls {
    /** renameat2 flags (include/uapi/linux/fs.h). */
    static final int RENAME_NOREPLACE = 1;

    private PathSyscalls() {
    }

    private static String at(Task t, int dirfd, long ptr) throws ErrnoException {
        return Paths.resolveAt(t, dirfd, Paths.read(t, ptr));
    }

    static long symlink(Task t, SyscallArgs a) throws ErrnoException {
        String target = Paths.read(t, a.ptr(0));
        if (target.isEmpty()) {
            throw new ErrnoException(Errno.ENOENT);
        }
        t.kernel().vfs().symlink(target, at(t, Fcntl.AT_FDCWD, a.ptr(1)));
        return 0;
    }

    static long symlinkat(Task t, SyscallArgs a) throws ErrnoException {
        String target = Paths.read(t, a.ptr(0));
        if (target.isEmpty()) {
            throw new ErrnoException(Errno.ENOENT);
        }
        t.kernel().vfs().symlink(target, at(t, a.fd(1), a.ptr(2)));
        return 0;
    }

    static long link(Task t, SyscallArgs a) throws ErrnoException {
        t.kernel().vfs().link(at(t, Fcntl.AT_FDCWD, a.ptr(0)), at(t, Fcntl.AT_FDCWD, a.ptr(1)), false);
        return 0;
    }

    /**
     * linkat: AT_SYMLINK_FOLLOW links the link's target (and through /proc/PID/fd/N the open file
     * itself, so an O_TMPFILE file gets a name); AT_EMPTY_PATH with "" links the file {@code olddirfd}
     * (root holds CAP_DAC_READ_SEARCH). A directory is EPERM; an unlinked file that is not a
     * linkable O_TMPFILE is ENOENT.
     */
    static long linkat(Task t, SyscallArgs a) throws ErrnoException {
        int flags = a.int32(4);
        if ((flags & ~(Fcntl.AT_SYMLINK_FOLLOW | Fcntl.AT_EMPTY_PATH)) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        String name = Paths.read(t, a.ptr(1));
        var vfs = t.kernel().vfs();
        if (name.isEmpty() && (flags & Fcntl.AT_EMPTY_PATH) != 0) {
            OpenFile f = a.fd(0) == Fcntl.AT_FDCWD ? null : t.fds().get(a.fd(0));
            if (f == null || f.stat().isDirectory()) {
                throw new ErrnoException(Errno.EPERM);
            }
            vfs.linkFile(f, at(t, a.fd(2), a.ptr(3)));
            return 0;
        }
        String from = Paths.resolveAt(t, a.fd(0), name);
        String to = at(t, a.fd(2), a.ptr(3));
        if ((flags & Fcntl.AT_SYMLINK_FOLLOW) != 0 && vfs.mountOf(vfs.canonical(from, true)).fs().type().equals("proc")) {
            OpenFile f = vfs.open(from, Fcntl.O_PATH, 0);
            try {
                if (f.path() == null) {
                    if (f.stat().isDirectory()) {
                        throw new ErrnoException(Errno.EPERM);
                    }
                    vfs.linkFile(f, to);   // a magic link to a pathless file (an O_TMPFILE)
                    return 0;
                }
            } finally {
                f.put();
            }
        }
        vfs.link(from, to, (flags & Fcntl.AT_SYMLINK_FOLLOW) != 0);
        return 0;
    }

    /** fchdir: the directory the descriptor was opened by becomes the cwd (its canonical path). */
    static long fchdir(Task t, SyscallArgs a) throws ErrnoException {
        dev.flatland.vfs.OpenFile f = t.fds().get(a.fd(0));
        if (f.path() == null || !f.stat().isDirectory()) {
            throw new ErrnoException(Errno.ENOTDIR);
        }
        t.group().setCwd(t.kernel().vfs().canonical(f.path(), true));
        return 0;
    }

    static long unlink(Task t, SyscallArgs a) throws ErrnoException {
        t.kernel().vfs().unlink(at(t, Fcntl.AT_FDCWD, a.ptr(0)));
        return 0;
    }

    static long unlinkat(Task t, SyscallArgs a) throws ErrnoException {
        int flags = a.int32(2);
        if ((flags & ~Fcntl.AT_REMOVEDIR) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        String p = at(t, a.fd(0), a.ptr(1));
        if ((flags & Fcntl.AT_REMOVEDIR) != 0) {
            t.kernel().vfs().rmdir(p);
        } else {
            t.kernel().vfs().unlink(p);
        }
        return 0;
    }

    static long mkdir(Task t, SyscallArgs a) throws ErrnoException {
        t.kernel().vfs().mkdir(at(t, Fcntl.AT_FDCWD, a.ptr(0)), a.modeT(1) & 07777 & ~t.group().umask());
        return 0;
    }

    static long mkdirat(Task t, SyscallArgs a) throws ErrnoException {
        t.kernel().vfs().mkdir(at(t, a.fd(0), a.ptr(1)), a.modeT(2) & 07777 & ~t.group().umask());
        return 0;
    }

    static long rmdir(Task t, SyscallArgs a) throws ErrnoException {
        t.kernel().vfs().rmdir(at(t, Fcntl.AT_FDCWD, a.ptr(0)));
        return 0;
    }

    static long rename(Task t, SyscallArgs a) throws ErrnoException {
        t.kernel().vfs().rename(at(t, Fcntl.AT_FDCWD, a.ptr(0)), at(t, Fcntl.AT_FDCWD, a.ptr(1)));
        return 0;
    }

    static long renameat(Task t, SyscallArgs a) throws ErrnoException {
        t.kernel().vfs().rename(at(t, a.fd(0), a.ptr(1)), at(t, a.fd(2), a.ptr(3)));
        return 0;
    }

    static final int RENAME_EXCHANGE = 2;
    static final int RENAME_WHITEOUT = 4;

    /**
     * renameat2 (do_renameat2): unknown flags, and EXCHANGE with NOREPLACE or WHITEOUT, are
     * EINVAL; NOREPLACE fails EEXIST on an existing target; EXCHANGE swaps two existing names
     * where the file system can (tmpfs), else EINVAL. WHITEOUT (overlayfs's) is refused with EINVAL.
     */
    static long renameat2(Task t, SyscallArgs a) throws ErrnoException {
        int flags = a.int32(4);
        if ((flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT)) != 0
                || (flags & RENAME_EXCHANGE) != 0 && (flags & (RENAME_NOREPLACE | RENAME_WHITEOUT)) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        String from = at(t, a.fd(0), a.ptr(1));
        String to = at(t, a.fd(2), a.ptr(3));
        t.kernel().vfs().rename(from, to, flags);
        return 0;
    }

    /** fallocate mode bits (include/uapi/linux/falloc.h). */
    static final int FALLOC_FL_KEEP_SIZE = 0x01;
    static final int FALLOC_FL_PUNCH_HOLE = 0x02;
    static final int FALLOC_FL_COLLAPSE_RANGE = 0x08;
    static final int FALLOC_FL_ZERO_RANGE = 0x10;
    static final int FALLOC_FL_INSERT_RANGE = 0x20;
    static final int FALLOC_FL_UNSHARE_RANGE = 0x40;
    static final int FALLOC_FL_WRITE_ZEROES = 0x80;
    static final int FALLOC_FL_MODE_MASK = FALLOC_FL_PUNCH_HOLE | FALLOC_FL_COLLAPSE_RANGE | FALLOC_FL_ZERO_RANGE
            | FALLOC_FL_INSERT_RANGE | FALLOC_FL_UNSHARE_RANGE | FALLOC_FL_WRITE_ZEROES;

    /**
     * fallocate(fd, mode, offset, len) with vfs_fallocate's checks in its order: EINVAL for a
     * negative offset or non-positive length, EOPNOTSUPP for unknown or invalid mode combinations,
     * EBADF without write access, ESPIPE for a pipe, EISDIR, ENODEV for other non-regular files,
     * EFBIG past the largest file; then the file's own operation.
     */
    static long fallocate(Task t, SyscallArgs a) throws ErrnoException {
        OpenFile f = t.fds().get(a.fd(0));
        int mode = a.int32(1);
        long offset = a.offT(2);
        long len = a.offT(3);
        if (offset < 0 || len <= 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if ((mode & ~(FALLOC_FL_MODE_MASK | FALLOC_FL_KEEP_SIZE)) != 0) {
            throw new ErrnoException(Errno.EOPNOTSUPP);
        }
        switch (mode & FALLOC_FL_MODE_MASK) {
            case 0, FALLOC_FL_UNSHARE_RANGE, FALLOC_FL_ZERO_RANGE -> {
            }
            case FALLOC_FL_PUNCH_HOLE -> {
                if ((mode & FALLOC_FL_KEEP_SIZE) == 0) {
                    throw new ErrnoException(Errno.EOPNOTSUPP);
                }
            }
            case FALLOC_FL_COLLAPSE_RANGE, FALLOC_FL_INSERT_RANGE, FALLOC_FL_WRITE_ZEROES -> {
                if ((mode & FALLOC_FL_KEEP_SIZE) != 0) {
                    throw new ErrnoException(Errno.EOPNOTSUPP);
                }
            }
            default -> throw new ErrnoException(Errno.EOPNOTSUPP);
        }
        if (!f.writable()) {
            throw new ErrnoException(Errno.EBADF);
        }
        dev.flatland.abi.Stat st = f.stat();
        if (st.type() == dev.flatland.abi.Stat.S_IFIFO) {
            throw new ErrnoException(Errno.ESPIPE);
        }
        if (st.isDirectory()) {
            throw new ErrnoException(Errno.EISDIR);
        }
        if (st.type() != dev.flatland.abi.Stat.S_IFREG) {
            throw new ErrnoException(Errno.ENODEV);
        }
        if (offset + len < 0) {
            throw new ErrnoException(Errno.EFBIG);
        }
        f.fallocate(mode, offset, len);
        return 0;
    }

    /** truncate(2): vfs_truncate's get_write_access makes a running program's file ETXTBSY. */
    static long truncate(Task t, SyscallArgs a) throws ErrnoException {
        String path = at(t, Fcntl.AT_FDCWD, a.ptr(0));
        long length = a.offT(1);
        if (length >= 0) {
            dev.flatland.abi.Stat st;
            try {
                st = t.kernel().vfs().stat(path, true);
            } catch (ErrnoException e) {
                st = null;   // the truncate below reports it
            }
            if (st != null) {
                t.kernel().writeAccess().checkWritable(st);
            }
        }
        t.kernel().vfs().truncate(path, length);
        return 0;
    }

    static long ftruncate(Task t, SyscallArgs a) throws ErrnoException {
        FileSyscalls.fdget(t, a.fd(0)).truncate(a.offT(1));
        return 0;
    }

    static long fsync(Task t, SyscallArgs a) throws ErrnoException {
        FileSyscalls.fdget(t, a.fd(0)).sync();
        return 0;
    }

    static long chmod(Task t, SyscallArgs a) throws ErrnoException {
        t.kernel().vfs().chmod(at(t, Fcntl.AT_FDCWD, a.ptr(0)), a.modeT(1));
        return 0;
    }

    static long fchmodat(Task t, SyscallArgs a) throws ErrnoException {
        t.kernel().vfs().chmod(at(t, a.fd(0), a.ptr(1)), a.modeT(2));
        return 0;
    }

    /**
     * fchmodat2(dirfd, path, mode, flags) (Linux 6.6, what glibc 2.39's fchmodat calls): flags other
     * than AT_SYMLINK_NOFOLLOW and AT_EMPTY_PATH are EINVAL; with AT_SYMLINK_NOFOLLOW a symbolic
     * link (dangling or not) is EOPNOTSUPP, links have no mode of their own; AT_EMPTY_PATH with ""
     * changes dirfd's file (checked natively on Linux 6.18).
     */
    static long fchmodat2(Task t, SyscallArgs a) throws ErrnoException {
        int flags = a.int32(3);
        if ((flags & ~(Fcntl.AT_SYMLINK_NOFOLLOW | Fcntl.AT_EMPTY_PATH)) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        int dirfd = a.fd(0);
        if ((flags & Fcntl.AT_EMPTY_PATH) != 0 && Paths.read(t, a.ptr(1)).isEmpty()) {
            if (dirfd == Fcntl.AT_FDCWD) {
                t.kernel().vfs().chmod(t.group().cwd(), a.modeT(2));
            } else {
                t.fds().get(dirfd).chmod(a.modeT(2));
            }
            return 0;
        }
        String path = at(t, dirfd, a.ptr(1));
        if ((flags & Fcntl.AT_SYMLINK_NOFOLLOW) != 0
                && t.kernel().vfs().stat(path, false).type() == dev.flatland.abi.Stat.S_IFLNK) {
            throw new ErrnoException(Errno.EOPNOTSUPP);
        }
        t.kernel().vfs().chmod(path, a.modeT(2));
        return 0;
    }

    static long fchmod(Task t, SyscallArgs a) throws ErrnoException {
        FileSyscalls.fdget(t, a.fd(0)).chmod(a.modeT(1));
        return 0;
    }

    /** utimensat's special tv_nsec values. */
    static final long UTIME_NOW = (1L << 30) - 1;
    static final long UTIME_OMIT = (1L << 30) - 2;

    /** One time from a timespec (sec, nsec) per utimensat's rules: NOW, OMIT, else nsec in [0, 1e9). */
    private static long timespec(Task t, long sec, long nsec) throws ErrnoException {
        if (nsec == UTIME_NOW) {
            return t.kernel().clock().realtimeNs();
        }
        if (nsec == UTIME_OMIT) {
            return dev.flatland.vfs.FileSystem.TIME_OMIT;
        }
        if (nsec < 0 || nsec >= 1_000_000_000L) {
            throw new ErrnoException(Errno.EINVAL);
        }
        return sec * 1_000_000_000L + nsec;
    }

    /**
     * Applies times (a pair of ns values) to {@code path} relative to {@code dirfd}, or to the open
     * file {@code dirfd} itself when there is no path (do_utimes: a NULL name means the fd).
     */
    private static long applyTimes(Task t, int dirfd, long pathPtr, boolean follow, long[] times) throws ErrnoException {
        return applyTimes(t, dirfd, pathPtr, follow, times, false);
    }

    /** As above; {@code emptyPath}: the NULL path stands for "" with AT_EMPTY_PATH, which an O_PATH fd may use. */
    private static long applyTimes(Task t, int dirfd, long pathPtr, boolean follow, long[] times, boolean emptyPath)
            throws ErrnoException {
        if (pathPtr == 0) {
            if (dirfd == Fcntl.AT_FDCWD) {
                throw new ErrnoException(Errno.EFAULT);
            }
            (emptyPath ? t.fds().get(dirfd) : FileSyscalls.fdget(t, dirfd)).setTimes(times[0], times[1]);
            return 0;
        }
        t.kernel().vfs().setTimes(at(t, dirfd, pathPtr), follow, times[0], times[1]);
        return 0;
    }

    private static long[] now(Task t) {
        long n = t.kernel().clock().realtimeNs();
        return new long[] {n, n};
    }

    /** utimensat(dirfd, path, times[2] | NULL, flags). */
    static long utimensat(Task t, SyscallArgs a) throws ErrnoException {
        int flags = a.int32(3);
        if ((flags & ~(Fcntl.AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        long[] times = now(t);
        long tp = a.ptr(2);
        if (tp != 0) {
            times[0] = timespec(t, t.userMemory().read64(tp), t.userMemory().read64(tp + 8));
            times[1] = timespec(t, t.userMemory().read64(tp + 16), t.userMemory().read64(tp + 24));
        }
        long path = a.ptr(1);
        boolean empty = false;
        if (path != 0 && (flags & AT_EMPTY_PATH) != 0 && Paths.read(t, path).isEmpty()) {
            path = 0;
            empty = true;
        }
        return applyTimes(t, a.fd(0), path, (flags & Fcntl.AT_SYMLINK_NOFOLLOW) == 0, times, empty);
    }

    /** utimes/futimesat: timeval pairs (microseconds in [0, 1e6)), NULL for now. */
    private static long[] timevals(Task t, long tp) throws ErrnoException {
        if (tp == 0) {
            return now(t);
        }
        long[] times = new long[2];
        for (int i = 0; i < 2; i++) {
            long sec = t.userMemory().read64(tp + 16L * i);
            long usec = t.userMemory().read64(tp + 16L * i + 8);
            if (usec < 0 || usec >= 1_000_000L) {
                throw new ErrnoException(Errno.EINVAL);
            }
            times[i] = sec * 1_000_000_000L + usec * 1000L;
        }
        return times;
    }

    static long utimes(Task t, SyscallArgs a) throws ErrnoException {
        return applyTimes(t, Fcntl.AT_FDCWD, a.ptr(0), true, timevals(t, a.ptr(1)));
    }

    static long futimesat(Task t, SyscallArgs a) throws ErrnoException {
        return applyTimes(t, a.fd(0), a.ptr(1), true, timevals(t, a.ptr(2)));
    }

    /** utime(path, struct utimbuf {actime, modtime} | NULL): whole seconds. */
    static long utime(Task t, SyscallArgs a) throws ErrnoException {
        long[] times = now(t);
        long tp = a.ptr(1);
        if (tp != 0) {
            times[0] = t.userMemory().read64(tp) * 1_000_000_000L;
            times[1] = t.userMemory().read64(tp + 8) * 1_000_000_000L;
        }
        return applyTimes(t, Fcntl.AT_FDCWD, a.ptr(0), true, times);
    }

    static final int AT_EMPTY_PATH = 0x1000;

    /** chown needs CAP_CHOWN (euid 0) unless nothing changes (both ids -1). */
    private static void checkChown(Task t, int uid, int gid) throws ErrnoException {
        if ((uid != -1 || gid != -1) && !t.group().credentials().privileged()) {
            throw new ErrnoException(Errno.EPERM);
        }
    }

    static long chown(Task t, SyscallArgs a) throws ErrnoException {
        checkChown(t, a.int32(1), a.int32(2));
        t.kernel().vfs().chown(at(t, Fcntl.AT_FDCWD, a.ptr(0)), true, a.int32(1), a.int32(2));
        return 0;
    }

    static long lchown(Task t, SyscallArgs a) throws ErrnoException {
        checkChown(t, a.int32(1), a.int32(2));
        t.kernel().vfs().chown(at(t, Fcntl.AT_FDCWD, a.ptr(0)), false, a.int32(1), a.int32(2));
        return 0;
    }

    static long fchown(Task t, SyscallArgs a) throws ErrnoException {
        OpenFile f = FileSyscalls.fdget(t, a.fd(0));
        checkChown(t, a.int32(1), a.int32(2));
        f.chown(a.int32(1), a.int32(2));
        return 0;
    }

    /** fchownat(dirfd, path, uid, gid, flags): AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH (the fd itself). */
    static long fchownat(Task t, SyscallArgs a) throws ErrnoException {
        int flags = a.int32(4);
        if ((flags & ~(Fcntl.AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        int uid = a.int32(2), gid = a.int32(3);
        String name = Paths.read(t, a.ptr(1));
        if (name.isEmpty() && (flags & AT_EMPTY_PATH) != 0) {
            OpenFile f = t.fds().get(a.fd(0));
            checkChown(t, uid, gid);
            f.chown(uid, gid);
            return 0;
        }
        String path = Paths.resolveAt(t, a.fd(0), name);
        checkChown(t, uid, gid);
        t.kernel().vfs().chown(path, (flags & Fcntl.AT_SYMLINK_NOFOLLOW) == 0, uid, gid);
        return 0;
    }

    /** sync(2): nothing is cached between Flatland and its backing stores. */
    static long sync(Task t, SyscallArgs a) {
        return 0;
    }

    /** syncfs(fd): EBADF for a bad or O_PATH descriptor, else nothing to write back. */
    static long syncfs(Task t, SyscallArgs a) throws ErrnoException {
        FileSyscalls.fdget(t, a.fd(0));
        return 0;
    }
}
