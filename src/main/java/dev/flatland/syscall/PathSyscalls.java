package dev.flatland.syscall;

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

    /** linkat: AT_SYMLINK_FOLLOW links the link's target; AT_EMPTY_PATH is refused (needs CAP_DAC_READ_SEARCH). */
    static long linkat(Task t, SyscallArgs a) throws ErrnoException {
        int flags = a.int32(4);
        if ((flags & ~(Fcntl.AT_SYMLINK_FOLLOW | Fcntl.AT_EMPTY_PATH)) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        String from = at(t, a.fd(0), a.ptr(1));
        t.kernel().vfs().link(from, at(t, a.fd(2), a.ptr(3)), (flags & Fcntl.AT_SYMLINK_FOLLOW) != 0);
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

    /** renameat2 with flags 0 or RENAME_NOREPLACE (EEXIST when the target exists). */
    static long renameat2(Task t, SyscallArgs a) throws ErrnoException {
        int flags = a.int32(4);
        if ((flags & ~RENAME_NOREPLACE) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        String to = at(t, a.fd(2), a.ptr(3));
        String from = at(t, a.fd(0), a.ptr(1));
        if ((flags & RENAME_NOREPLACE) != 0) {
            try {
                t.kernel().vfs().stat(to, false);
                throw new ErrnoException(Errno.EEXIST);
            } catch (ErrnoException e) {
                if (e.errno() != Errno.ENOENT) {
                    throw e;
                }
            }
        }
        t.kernel().vfs().rename(from, to);
        return 0;
    }

    static long truncate(Task t, SyscallArgs a) throws ErrnoException {
        t.kernel().vfs().truncate(at(t, Fcntl.AT_FDCWD, a.ptr(0)), a.offT(1));
        return 0;
    }

    static long ftruncate(Task t, SyscallArgs a) throws ErrnoException {
        t.fds().get(a.fd(0)).truncate(a.offT(1));
        return 0;
    }

    static long fsync(Task t, SyscallArgs a) throws ErrnoException {
        t.fds().get(a.fd(0)).sync();
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

    static long fchmod(Task t, SyscallArgs a) throws ErrnoException {
        t.fds().get(a.fd(0)).chmod(a.modeT(1));
        return 0;
    }
}
