package dev.flatland.syscall;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Fcntl;
import dev.flatland.abi.Stat;
import dev.flatland.kernel.Credentials;
import dev.flatland.kernel.Task;
import dev.flatland.vfs.Vfs;

/**
 * Discretionary access checks at open(2): fs/namei.c may_open and generic_permission, applied in the
 * syscall layer, above every file system (hostfs answers with the host's owners and modes).
 *
 * <p>The caller's filesystem uid decides: fsuid 0 holds CAP_DAC_OVERRIDE (read and write anything;
 * execute only what has an x bit, or a directory), any other uid gets the owner bits when it owns the
 * file, else the group bits when the file's group is its fsgid or a supplementary group, else the
 * other bits. Not checked (yet): search permission on each directory of the path (path walk), and
 * the other syscalls that need permission (unlink, rename, mkdir, exec, chdir, readdir).
 */
final class Permission {
    static final int MAY_EXEC = 1;
    static final int MAY_WRITE = 2;
    static final int MAY_READ = 4;

    private Permission() {
    }

    /** generic_permission: whether {@code c} may access a file with {@code st} for {@code mask}. */
    static boolean allowed(Credentials c, Stat st, int mask) {
        int mode = st.mode();
        if (c.fsuid() == 0) {
            return (mask & MAY_EXEC) == 0 || st.isDirectory() || (mode & 0111) != 0;
        }
        int bits;
        if (st.uid() == c.fsuid()) {
            bits = mode >> 6;
        } else if (inGroup(c, st.gid())) {
            bits = mode >> 3;
        } else {
            bits = mode;
        }
        return (mask & ~bits & 7) == 0;
    }

    private static boolean inGroup(Credentials c, int gid) {
        if (c.fsgid() == gid) {
            return true;
        }
        for (int g : c.groups()) {
            if (g == gid) {
                return true;
            }
        }
        return false;
    }

    /**
     * may_open for {@code path} (already resolved against the cwd or dirfd) with open's {@code flags}:
     * EACCES when the caller lacks the read/write permission the access mode (and O_TRUNC) asks for,
     * or, for a file O_CREAT would make, write and search permission on its directory. An existing
     * file with O_CREAT|O_EXCL, a missing one without O_CREAT and O_PATH are left to the open itself
     * (EEXIST, ENOENT and no check, as Linux orders them). Root (fsuid 0) is never refused here.
     * Returns true when an unprivileged caller's open is about to create the file (see {@link #ownNew}).
     */
    static boolean mayOpen(Task t, String path, int flags) throws ErrnoException {
        Credentials c = t.group().credentials();
        if (c.fsuid() == 0 || (flags & Fcntl.O_PATH) != 0) {
            return false;
        }
        Vfs vfs = t.kernel().vfs();
        Stat st;
        try {
            st = vfs.stat(path, (flags & Fcntl.O_NOFOLLOW) == 0);
        } catch (ErrnoException e) {
            if (e.errno() != Errno.ENOENT || (flags & Fcntl.O_CREAT) == 0) {
                return false;   // the open reports it
            }
            int slash = path.lastIndexOf('/');
            String dir = slash <= 0 ? "/" : path.substring(0, slash);
            Stat d;
            try {
                d = vfs.stat(dir, true);
            } catch (ErrnoException e2) {
                return false;
            }
            if (!allowed(c, d, MAY_WRITE | MAY_EXEC)) {
                throw new ErrnoException(Errno.EACCES);
            }
            return true;
        }
        if ((flags & (Fcntl.O_CREAT | Fcntl.O_EXCL)) == (Fcntl.O_CREAT | Fcntl.O_EXCL)) {
            return false;   // EEXIST
        }
        int mask = switch (flags & Fcntl.O_ACCMODE) {
            case 0 -> MAY_READ;
            case 1 -> MAY_WRITE;
            default -> MAY_READ | MAY_WRITE;
        };
        if ((flags & Fcntl.O_TRUNC) != 0) {
            mask |= MAY_WRITE;
        }
        if (!allowed(c, st, mask)) {
            throw new ErrnoException(Errno.EACCES);
        }
        return false;
    }

    /**
     * A file an unprivileged caller's open just created belongs to its fsuid and fsgid (inode_init_owner);
     * the file systems create with their mount's owner, so the new file is given to the caller here.
     * A file system that cannot (hostfs run by an unprivileged host user) keeps its owner.
     */
    static void ownNew(Task t, String path) {
        Credentials c = t.group().credentials();
        try {
            t.kernel().vfs().chown(path, false, c.fsuid(), c.fsgid());
        } catch (ErrnoException e) {
            // the owner stays the file system's
        }
    }
}
