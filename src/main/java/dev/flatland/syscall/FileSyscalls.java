package dev.flatland.syscall;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Fcntl;
import dev.flatland.abi.Stat;
import dev.flatland.kernel.Task;
import dev.flatland.vfs.DirEntry;
import dev.flatland.vfs.OpenFile;
import dev.flatland.vfs.Vfs;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** open/close, the stat family, access, readlink, cwd, dup, fcntl, ioctl, getdents64 (fs/*.c). */
final class FileSyscalls {
    private FileSyscalls() {
    }

    static long open(Task t, SyscallArgs a) throws ErrnoException {
        return doOpen(t, Fcntl.AT_FDCWD, a.ptr(0), a.int32(1), a.modeT(2));
    }

    /** creat(path, mode): open(path, O_CREAT|O_WRONLY|O_TRUNC, mode). */
    static long creat(Task t, SyscallArgs a) throws ErrnoException {
        return doOpen(t, Fcntl.AT_FDCWD, a.ptr(0), Fcntl.O_CREAT | Fcntl.O_WRONLY | Fcntl.O_TRUNC, a.modeT(1));
    }

    /** flock(fd, operation): whole-file locks of the open file description (FileLocks.flock). */
    /**
     * flock(2) as Linux 6.18 orders it (checked natively): LOCK_MAND (32), long unsupported, is
     * ignored and returns 0 before anything else; a bad operation is EINVAL before a bad fd.
     */
    static long flock(Task t, SyscallArgs a) throws ErrnoException {
        int op = a.int32(1);
        if ((op & LOCK_MAND) != 0) {
            return 0;
        }
        int cmd = op & ~dev.flatland.kernel.FileLocks.LOCK_NB;
        if (cmd != dev.flatland.kernel.FileLocks.LOCK_SH && cmd != dev.flatland.kernel.FileLocks.LOCK_EX
                && cmd != dev.flatland.kernel.FileLocks.LOCK_UN) {
            throw new ErrnoException(Errno.EINVAL);
        }
        return dev.flatland.kernel.FileLocks.flock(t, fdget(t, a.fd(0)), op);
    }

    private static final int LOCK_MAND = 32;

    static long openat(Task t, SyscallArgs a) throws ErrnoException {
        return doOpen(t, a.fd(0), a.ptr(1), a.int32(2), a.modeT(3));
    }

    /** The tag of a writer's last-close action (put_write_access). */
    private static final Object WRITER = new Object();

    /**
     * get_write_access before the open: opening a running program's file for writing, or with
     * O_TRUNC (handle_truncate), fails with ETXTBSY and leaves the file as it was. A path that does
     * not resolve to an existing regular file is left to the open itself.
     */
    private static void checkNotRunning(Task t, String path, int flags) throws ErrnoException {
        if ((flags & Fcntl.O_PATH) != 0
                || ((flags & Fcntl.O_ACCMODE) == Fcntl.O_RDONLY && (flags & Fcntl.O_TRUNC) == 0)) {
            return;
        }
        dev.flatland.abi.Stat st;
        try {
            st = t.kernel().vfs().stat(path, (flags & Fcntl.O_NOFOLLOW) == 0);
        } catch (ErrnoException e) {
            return;
        }
        t.kernel().writeAccess().checkWritable(st);
    }

    /** A regular file opened for writing counts as a writer until its last close (execve: ETXTBSY). */
    private static void countWriter(Task t, OpenFile f) throws ErrnoException {
        if (!f.writable()) {
            return;
        }
        dev.flatland.abi.Stat st = f.stat();
        if (st.type() != dev.flatland.abi.Stat.S_IFREG) {
            return;
        }
        dev.flatland.kernel.WriteAccess access = t.kernel().writeAccess();
        dev.flatland.kernel.WriteAccess.Key key = dev.flatland.kernel.WriteAccess.Key.of(st);
        access.get(key);
        f.onLastClose(WRITER, () -> access.put(key));
    }

    /** O_PATH_FLAGS: what open(2) keeps of the flags with O_PATH (build_open_how). */
    static final int O_PATH_FLAGS = Fcntl.O_DIRECTORY | Fcntl.O_NOFOLLOW | Fcntl.O_PATH | Fcntl.O_CLOEXEC;
    /** __O_TMPFILE alone, and O_TMPFILE_MASK. */
    static final int O_TMPFILE_BIT = 0x400000;
    static final int O_TMPFILE_MASK = O_TMPFILE_BIT | Fcntl.O_DIRECTORY | Fcntl.O_CREAT;

    /**
     * do_sys_open: O_PATH keeps only O_PATH_FLAGS; O_TMPFILE needs O_DIRECTORY, no O_CREAT and
     * write access (EINVAL); a free descriptor is reserved before the file is opened (EMFILE
     * creates nothing); O_LARGEFILE is forced on 64-bit; the mode is masked by the umask. A FIFO
     * open may park the task: it returns later with the descriptor.
     */
    private static long doOpen(Task t, int dirfd, long pathPtr, int flags, int mode) throws ErrnoException {
        if ((flags & Fcntl.O_PATH) != 0) {
            flags &= O_PATH_FLAGS;
        }
        if ((flags & O_TMPFILE_BIT) != 0) {
            if ((flags & O_TMPFILE_MASK) != Fcntl.O_TMPFILE || (flags & Fcntl.O_ACCMODE) == Fcntl.O_RDONLY) {
                throw new ErrnoException(Errno.EINVAL);
            }
        }
        return openResolved(t, Paths.resolveAt(t, dirfd, Paths.read(t, pathPtr)), flags, mode);
    }

    /**
     * The open itself, on {@code path} as Paths.resolveAt returns it (absolute, its directory part
     * walked); openat2 comes here with the path its scoped walk resolved.
     */
    static long openResolved(Task t, String path, int flags, int mode) throws ErrnoException {
        if ((flags & Fcntl.O_PATH) != 0) {
            flags &= O_PATH_FLAGS;
        }
        int createMode = mode & 07777 & ~t.group().umask();
        t.fds().checkFree();
        boolean creates = Permission.mayOpen(t, path, flags);
        checkNotRunning(t, path, flags);
        // force_o_largefile, before build_open_how masks an O_PATH open down to O_PATH_FLAGS
        int largefile = (flags & Fcntl.O_PATH) != 0 ? 0 : Fcntl.O_LARGEFILE;
        OpenFile f = t.kernel().vfs().open(path, flags | largefile, createMode,
                dev.flatland.kernel.Pipe.fifoOpener(t.kernel()));
        if (f == null) {
            return 0;   // parked in a FIFO open: the wake-up installs the descriptor and returns it
        }
        if (creates) {
            Permission.ownNew(t, path);
        }
        try {
            countWriter(t, f);
            return t.fds().install(f, (flags & Fcntl.O_CLOEXEC) != 0, 0);
        } catch (ErrnoException e) {
            f.put();
            throw e;
        }
    }

    /**
     * The open file at {@code fd} for an operation that needs a real open (fdget): an O_PATH
     * descriptor is EBADF here (read, write, lseek, ioctl, fchmod, fchown, fsync, ftruncate, getdents).
     */
    static OpenFile fdget(Task t, int fd) throws ErrnoException {
        OpenFile f = t.fds().get(fd);
        if ((f.flags() & Fcntl.O_PATH) != 0) {
            throw new ErrnoException(Errno.EBADF);
        }
        return f;
    }

    static long close(Task t, SyscallArgs a) throws ErrnoException {
        t.fds().close(a.fd(0));
        return 0;
    }

    static long stat(Task t, SyscallArgs a) throws ErrnoException {
        String p = Paths.resolveAt(t, Fcntl.AT_FDCWD, Paths.read(t, a.ptr(0)));
        t.userMemory().copyOut(a.ptr(1), t.kernel().vfs().stat(p, true).encode());
        return 0;
    }

    static long lstat(Task t, SyscallArgs a) throws ErrnoException {
        String p = Paths.resolveAt(t, Fcntl.AT_FDCWD, Paths.read(t, a.ptr(0)));
        t.userMemory().copyOut(a.ptr(1), t.kernel().vfs().stat(p, false).encode());
        return 0;
    }

    static long fstat(Task t, SyscallArgs a) throws ErrnoException {
        Stat st = t.fds().get(a.fd(0)).stat();
        t.userMemory().copyOut(a.ptr(1), st.encode());
        return 0;
    }

    static long newfstatat(Task t, SyscallArgs a) throws ErrnoException {
        int flags = a.int32(3);
        if ((flags & ~(Fcntl.AT_SYMLINK_NOFOLLOW | Fcntl.AT_NO_AUTOMOUNT | Fcntl.AT_EMPTY_PATH)) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        Stat st = statAt(t, a.fd(0), a.ptr(1), flags);
        t.userMemory().copyOut(a.ptr(2), st.encode());
        return 0;
    }

    static long statx(Task t, SyscallArgs a) throws ErrnoException {
        int flags = a.int32(2);
        if ((flags & ~(Fcntl.AT_SYMLINK_NOFOLLOW | Fcntl.AT_NO_AUTOMOUNT | Fcntl.AT_EMPTY_PATH | 0x6000)) != 0
                || (flags & 0x6000) == 0x6000 || (a.uint32(3) & 0x80000000L) != 0) {
            throw new ErrnoException(Errno.EINVAL);   // AT_STATX_SYNC_TYPE both bits; STATX__RESERVED
        }
        Stat st = statAt(t, a.fd(0), a.ptr(1), flags);
        t.userMemory().copyOut(a.ptr(4), st.encodeStatx());
        return 0;
    }

    private static Stat statAt(Task t, int dirfd, long pathPtr, int flags) throws ErrnoException {
        String path = Paths.read(t, pathPtr);
        if (path.isEmpty() && (flags & Fcntl.AT_EMPTY_PATH) != 0) {
            if (dirfd == Fcntl.AT_FDCWD) {
                return t.kernel().vfs().stat(t.group().cwd(), true);
            }
            return t.fds().get(dirfd).stat();
        }
        String p = Paths.resolveAt(t, dirfd, path);
        return t.kernel().vfs().stat(p, (flags & Fcntl.AT_SYMLINK_NOFOLLOW) == 0);
    }

    static long access(Task t, SyscallArgs a) throws ErrnoException {
        return doAccess(t, Fcntl.AT_FDCWD, a.ptr(0), a.int32(1), 0);
    }

    static long faccessat(Task t, SyscallArgs a) throws ErrnoException {
        return doAccess(t, a.fd(0), a.ptr(1), a.int32(2), 0);
    }

    static long faccessat2(Task t, SyscallArgs a) throws ErrnoException {
        return doAccess(t, a.fd(0), a.ptr(1), a.int32(2), a.int32(3));
    }

    /**
     * do_faccessat: AT_EACCESS checks with the effective ids (the same for Flatland's root),
     * AT_SYMLINK_NOFOLLOW checks a last link itself, AT_EMPTY_PATH with "" checks the file {@code dirfd}.
     */
    private static long doAccess(Task t, int dirfd, long pathPtr, int mode, int flags) throws ErrnoException {
        if ((mode & ~(Fcntl.R_OK | Fcntl.W_OK | Fcntl.X_OK)) != 0
                || (flags & ~(Fcntl.AT_EACCESS | Fcntl.AT_SYMLINK_NOFOLLOW | Fcntl.AT_EMPTY_PATH)) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        String name = Paths.read(t, pathPtr);
        if (name.isEmpty() && (flags & Fcntl.AT_EMPTY_PATH) != 0) {
            if (dirfd == Fcntl.AT_FDCWD) {
                t.kernel().vfs().access(t.group().cwd(), mode);
                return 0;
            }
            OpenFile f = t.fds().get(dirfd);
            Stat st = f.stat();
            if ((mode & Fcntl.X_OK) != 0 && !st.isDirectory() && (st.mode() & 0111) == 0) {
                throw new ErrnoException(Errno.EACCES);
            }
            if ((mode & Fcntl.W_OK) != 0 && f.path() != null) {
                t.kernel().vfs().access(f.path(), Fcntl.W_OK);   // EROFS on a read-only mount
            }
            return 0;
        }
        t.kernel().vfs().access(Paths.resolveAt(t, dirfd, name), mode, (flags & Fcntl.AT_SYMLINK_NOFOLLOW) == 0);
        return 0;
    }

    /** statfs(path, buf). */
    static long statfs(Task t, SyscallArgs a) throws ErrnoException {
        String p = Paths.resolveAt(t, Fcntl.AT_FDCWD, Paths.read(t, a.ptr(0)));
        t.userMemory().copyOut(a.ptr(1), t.kernel().vfs().statfs(p).encode());
        return 0;
    }

    /** fstatfs(fd, buf): O_PATH descriptors work too (fdget_raw). */
    static long fstatfs(Task t, SyscallArgs a) throws ErrnoException {
        OpenFile f = t.fds().get(a.fd(0));
        t.userMemory().copyOut(a.ptr(1), t.kernel().vfs().statfs(f).encode());
        return 0;
    }

    static long mknod(Task t, SyscallArgs a) throws ErrnoException {
        return doMknod(t, Fcntl.AT_FDCWD, a.ptr(0), a.int32(1));
    }

    static long mknodat(Task t, SyscallArgs a) throws ErrnoException {
        return doMknod(t, a.fd(0), a.ptr(1), a.int32(2));
    }

    /**
     * do_mknodat: may_mknod first (a directory type is EPERM, an unknown type EINVAL); then a
     * regular file (type 0 or S_IFREG) is created as by open(O_CREAT|O_EXCL), a FIFO or socket node
     * by the file system; character and block devices are refused with EPERM (Flatland grants no
     * CAP_MKNOD: it creates no device nodes). The permission bits are masked by the umask.
     */
    private static long doMknod(Task t, int dirfd, long pathPtr, int mode) throws ErrnoException {
        int type = mode & Stat.S_IFMT;
        switch (type) {
            case 0, Stat.S_IFREG, Stat.S_IFCHR, Stat.S_IFBLK, Stat.S_IFIFO, Stat.S_IFSOCK -> {
            }
            case Stat.S_IFDIR -> throw new ErrnoException(Errno.EPERM);
            default -> throw new ErrnoException(Errno.EINVAL);
        }
        String path = Paths.resolveAt(t, dirfd, Paths.read(t, pathPtr));
        int perm = mode & 07777 & ~t.group().umask();
        var vfs = t.kernel().vfs();
        if (type == Stat.S_IFCHR || type == Stat.S_IFBLK) {
            String parent = vfs.walkParent(path);   // ENOENT/ENOTDIR of the directory part first
            try {
                vfs.stat(parent, false);
                throw new ErrnoException(Errno.EEXIST);
            } catch (ErrnoException e) {
                if (e.errno() != Errno.ENOENT) {
                    throw e;
                }
            }
            throw new ErrnoException(Errno.EPERM);
        }
        if (type == 0 || type == Stat.S_IFREG) {
            vfs.open(path, Fcntl.O_CREAT | Fcntl.O_EXCL | Fcntl.O_WRONLY | Fcntl.O_NOFOLLOW, perm).put();
            return 0;
        }
        vfs.mknod(path, type | perm, 0);
        return 0;
    }

    /** close_range flags (include/uapi/linux/close_range.h). */
    static final int CLOSE_RANGE_UNSHARE = 2;
    static final int CLOSE_RANGE_CLOEXEC = 4;

    /**
     * close_range(first, last, flags): EINVAL for unknown flags or first > last; closes (or with
     * CLOSE_RANGE_CLOEXEC marks close-on-exec) the open descriptors in the range. UNSHARE is
     * accepted; a table shared with another process (CLONE_FILES) stays shared.
     */
    static long closeRange(Task t, SyscallArgs a) throws ErrnoException {
        long first = a.uint32(0);
        long last = a.uint32(1);
        int flags = a.int32(2);
        if ((flags & ~(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC)) != 0 || first > last) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (first <= Integer.MAX_VALUE) {
            t.fds().closeRange((int) first, last, (flags & CLOSE_RANGE_CLOEXEC) != 0);
        }
        return 0;
    }

    static long readlink(Task t, SyscallArgs a) throws ErrnoException {
        return doReadlink(t, Fcntl.AT_FDCWD, a.ptr(0), a.ptr(1), a.int32(2));
    }

    static long readlinkat(Task t, SyscallArgs a) throws ErrnoException {
        return doReadlink(t, a.fd(0), a.ptr(1), a.ptr(2), a.int32(3));
    }

    private static long doReadlink(Task t, int dirfd, long pathPtr, long buf, int size) throws ErrnoException {
        if (size <= 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        String path = Paths.read(t, pathPtr);
        if (path.isEmpty()) {
            // "" reads the link an O_PATH|O_NOFOLLOW descriptor refers to (LOOKUP_EMPTY); other files are EINVAL
            if (dirfd == Fcntl.AT_FDCWD) {
                throw new ErrnoException(Errno.ENOENT);
            }
            OpenFile f = t.fds().get(dirfd);
            if (f.stat().type() != Stat.S_IFLNK || f.path() == null) {
                throw new ErrnoException(f.path() == null ? Errno.ENOENT : Errno.EINVAL);
            }
            byte[] target = t.kernel().vfs().readlink(f.path());
            int n = Math.min(target.length, size);
            t.userMemory().copyOut(buf, target, 0, n);
            return n;
        }
        String base = path.startsWith("/") || dirfd == Fcntl.AT_FDCWD ? t.group().cwd() : t.fds().get(dirfd).path();
        if (base == null) {
            throw new ErrnoException(Errno.ENOTDIR);
        }
        String abs = Vfs.resolve(base, path);
        byte[] target = Paths.isSelfExe(t, abs) && t.group().exePath() != null
                ? dev.flatland.vfs.FileNames.encode(t.group().exePath()) : t.kernel().vfs().readlink(abs);
        int n = Math.min(target.length, size);
        t.userMemory().copyOut(buf, target, 0, n);
        return n;
    }

    static long getcwd(Task t, SyscallArgs a) throws ErrnoException {
        byte[] cwd = dev.flatland.vfs.FileNames.encode(t.group().cwd());
        if (Long.compareUnsigned(a.sizeT(1), cwd.length + 1L) < 0) {
            throw new ErrnoException(Errno.ERANGE);
        }
        t.userMemory().copyOut(a.ptr(0), java.util.Arrays.copyOf(cwd, cwd.length + 1));
        return cwd.length + 1L;
    }

    static long chdir(Task t, SyscallArgs a) throws ErrnoException {
        String p = Paths.resolveAt(t, Fcntl.AT_FDCWD, Paths.read(t, a.ptr(0)));
        if (!t.kernel().vfs().stat(p, true).isDirectory()) {
            throw new ErrnoException(Errno.ENOTDIR);
        }
        t.group().setCwd(t.kernel().vfs().canonical(p, true));   // links and ".." resolved: getcwd's answer
        return 0;
    }

    static long umask(Task t, SyscallArgs a) throws ErrnoException {
        int old = t.group().umask();
        t.group().setUmask(a.int32(0));
        return old;
    }

    static long dup(Task t, SyscallArgs a) throws ErrnoException {
        OpenFile f = t.fds().get(a.fd(0));
        return installDup(t, f, false, 0);
    }

    /**
     * Installs one more reference to {@code f} at the lowest free fd >= {@code min}; at the
     * RLIMIT_NOFILE limit (EMFILE) the reference is dropped again, so the file is not kept open.
     */
    private static int installDup(Task t, OpenFile f, boolean cloexec, int min) throws ErrnoException {
        OpenFile ref = f.get();
        try {
            return t.fds().install(ref, cloexec, min);
        } catch (ErrnoException e) {
            ref.put();
            throw e;
        }
    }

    /** dup2/dup3's target: an fd at or above RLIMIT_NOFILE is EBADF before any reference is taken. */
    private static void checkDupTarget(Task t, int newfd) throws ErrnoException {
        if (newfd < 0 || newfd >= t.fds().nofile()) {
            throw new ErrnoException(Errno.EBADF);
        }
    }

    static long dup2(Task t, SyscallArgs a) throws ErrnoException {
        OpenFile f = t.fds().get(a.fd(0));
        if (a.fd(0) == a.fd(1)) {
            return a.fd(1);
        }
        checkDupTarget(t, a.fd(1));
        t.fds().installAt(a.fd(1), f.get(), false);
        return a.fd(1);
    }

    static long dup3(Task t, SyscallArgs a) throws ErrnoException {
        int flags = a.int32(2);
        if ((flags & ~Fcntl.O_CLOEXEC) != 0 || a.fd(0) == a.fd(1)) {
            throw new ErrnoException(Errno.EINVAL);
        }
        OpenFile f = t.fds().get(a.fd(0));
        checkDupTarget(t, a.fd(1));
        t.fds().installAt(a.fd(1), f.get(), (flags & Fcntl.O_CLOEXEC) != 0);
        return a.fd(1);
    }

    /** F_SETPIPE_SZ and F_GETPIPE_SZ (F_LINUX_SPECIFIC_BASE + 7, + 8). */
    static final int F_SETPIPE_SZ = 1031;
    static final int F_GETPIPE_SZ = 1032;

    static long fcntl(Task t, SyscallArgs a) throws ErrnoException {
        int fd = a.fd(0);
        OpenFile f = t.fds().get(fd);
        int cmd = a.int32(1);
        if ((f.flags() & Fcntl.O_PATH) != 0 && cmd != Fcntl.F_DUPFD && cmd != Fcntl.F_DUPFD_CLOEXEC
                && cmd != Fcntl.F_GETFD && cmd != Fcntl.F_SETFD && cmd != Fcntl.F_GETFL) {
            throw new ErrnoException(Errno.EBADF);   // check_fcntl_cmd
        }
        return switch (cmd) {
            case dev.flatland.kernel.FileLocks.F_GETLK, dev.flatland.kernel.FileLocks.F_SETLK,
                    dev.flatland.kernel.FileLocks.F_SETLKW, dev.flatland.kernel.FileLocks.F_OFD_GETLK,
                    dev.flatland.kernel.FileLocks.F_OFD_SETLK, dev.flatland.kernel.FileLocks.F_OFD_SETLKW ->
                dev.flatland.kernel.FileLocks.fcntl(t, f, cmd, a.ptr(2));
            case F_GETPIPE_SZ -> dev.flatland.kernel.Pipe.size(f);
            case F_SETPIPE_SZ -> dev.flatland.kernel.Pipe.setSize(f, a.uint32(2), t.group().credentials().privileged());
            case Fcntl.F_DUPFD, Fcntl.F_DUPFD_CLOEXEC -> {
                int min = a.int32(2);
                if (min < 0 || min >= t.fds().nofile()) {   // f_dupfd: from >= RLIMIT_NOFILE is EINVAL
                    throw new ErrnoException(Errno.EINVAL);
                }
                yield installDup(t, f, a.int32(1) == Fcntl.F_DUPFD_CLOEXEC, min);
            }
            case Fcntl.F_GETFD -> t.fds().closeOnExec(fd) ? Fcntl.FD_CLOEXEC : 0;
            case Fcntl.F_SETFD -> {
                t.fds().setCloseOnExec(fd, (a.int32(2) & Fcntl.FD_CLOEXEC) != 0);
                yield 0;
            }
            case Fcntl.F_GETFL -> f.flags() & ~Fcntl.O_CLOEXEC;
            case Fcntl.F_SETFL -> {
                f.setStatusFlags(a.int32(2));
                yield 0;
            }
            case F_NOTIFY -> {
                // fcntl_dirnotify: ENOTDIR for anything but a directory; dnotify itself is not
                // implemented, so a directory gets EINVAL as an unknown command would
                if (!f.stat().isDirectory()) {
                    throw new ErrnoException(Errno.ENOTDIR);
                }
                throw new ErrnoException(Errno.EINVAL);
            }
            default -> throw new ErrnoException(Errno.EINVAL);
        };
    }

    /** F_NOTIFY (F_LINUX_SPECIFIC_BASE + 2). */
    private static final int F_NOTIFY = 1026;

    /** FIGETBSZ, _IO(0x00, 2) (include/uapi/linux/fs.h). */
    private static final int FIGETBSZ = 2;

    static long ioctl(Task t, SyscallArgs a) throws ErrnoException {
        int fd = a.fd(0);
        OpenFile f = fdget(t, fd);
        int req = a.int32(1);
        switch (req) {
            case Fcntl.FIOCLEX -> {
                t.fds().setCloseOnExec(fd, true);
                return 0;
            }
            case Fcntl.FIONCLEX -> {
                t.fds().setCloseOnExec(fd, false);
                return 0;
            }
            case FIGETBSZ -> {   // do_vfs_ioctl: the file system's block size, for every file
                t.userMemory().write32(a.ptr(2), (int) f.stat().blksize());
                return 0;
            }
            case Fcntl.FIONBIO -> {   // do_vfs_ioctl's ioctl_fionbio: every file, before the driver
                int on = t.userMemory().read32(a.ptr(2));
                f.setStatusFlags(on != 0 ? f.flags() | Fcntl.O_NONBLOCK : f.flags() & ~Fcntl.O_NONBLOCK);
                return 0;
            }
            default -> {
                return f.ioctl(req, a.ptr(2), t.userMemory());
            }
        }
    }

    /** struct linux_dirent64 records; d_off is the index of the next entry. */
    static long getdents64(Task t, SyscallArgs a) throws ErrnoException {
        return dirents(t, a, false);
    }

    /**
     * getdents (the old call, fs/readdir.c filldir): struct linux_dirent {unsigned long d_ino,
     * d_off; unsigned short d_reclen; char d_name[]} with a NUL after the name and d_type in the
     * record's last byte; reclen = ALIGN(18 + namelen + 2, 8). Errors as getdents64.
     */
    static long getdents(Task t, SyscallArgs a) throws ErrnoException {
        return dirents(t, a, true);
    }

    private static long dirents(Task t, SyscallArgs a, boolean old) throws ErrnoException {
        OpenFile f = fdget(t, a.fd(0));
        List<DirEntry> entries = f.readdir();
        long count = Math.min(a.uint32(2), 1 << 20);
        if (a.uint32(2) > Integer.MAX_VALUE && f.dirPosition() < entries.size()) {
            // getdents_callback{,64}.count is an int: a count of 2^31 or more is negative, and
            // filldir{,64} refuses the first record with EINVAL (checked natively)
            throw new ErrnoException(Errno.EINVAL);
        }
        ByteBuffer out = ByteBuffer.allocate((int) count).order(ByteOrder.LITTLE_ENDIAN);
        long pos = f.dirPosition();
        while (pos < entries.size()) {
            DirEntry e = entries.get((int) pos);
            int reclen = old ? (18 + e.name().length + 2 + 7) & ~7 : (19 + e.name().length + 1 + 7) & ~7;
            if (out.position() + reclen > count) {
                if (out.position() == 0) {
                    throw new ErrnoException(Errno.EINVAL);
                }
                break;
            }
            int at = out.position();
            out.putLong(e.ino()).putLong(pos + 1).putShort((short) reclen);
            if (old) {
                out.put(e.name());
                out.put(at + reclen - 1, (byte) e.type());
            } else {
                out.put((byte) e.type()).put(e.name());
            }
            out.position(at + reclen);
            pos++;
        }
        t.userMemory().copyOut(a.ptr(1), out.array(), 0, out.position());
        f.setDirPosition(pos);
        return out.position();
    }
}
