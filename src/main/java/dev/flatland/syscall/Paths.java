package dev.flatland.syscall;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Fcntl;
import dev.flatland.kernel.Task;
import dev.flatland.vfs.OpenFile;
import dev.flatland.vfs.Vfs;

/** Reads user path arguments and resolves them against the cwd or a directory fd (*at syscalls). */
final class Paths {
    private Paths() {
    }

    /** The path string at {@code ptr}: EFAULT, ENAMETOOLONG (over PATH_MAX). May be empty. */
    static String read(Task t, long ptr) throws ErrnoException {
        return dev.flatland.vfs.FileNames.decode(t.userMemory().readCStringBytes(ptr, Fcntl.PATH_MAX));   // bytes kept (FileNames)
    }

    /**
     * Resolves {@code path} relative to {@code dirfd} (AT_FDCWD: the cwd); empty is ENOENT. The
     * directory part is walked now (path_parentat: "a/missing/.." fails ENOENT here) and comes back
     * canonical; the last component is left for the operation, which walks it with its own
     * follow rule.
     */
    static String resolveAt(Task t, int dirfd, String path) throws ErrnoException {
        if (path.isEmpty()) {
            throw new ErrnoException(Errno.ENOENT);
        }
        String base;
        if (path.startsWith("/") || dirfd == Fcntl.AT_FDCWD) {
            base = t.group().cwd();
        } else {
            OpenFile dir = t.fds().get(dirfd);
            base = dir.path();
            if (base == null || !dir.stat().isDirectory()) {
                throw new ErrnoException(Errno.ENOTDIR);
            }
        }
        return t.kernel().vfs().walkParent(Vfs.resolve(base, path));
    }

    /** True when {@code abs} names the caller's /proc/self/exe link (for readlink). */
    static boolean isSelfExe(Task t, String abs) {
        return abs.equals("/proc/self/exe") || abs.equals("/proc/" + t.group().tgid() + "/exe");
    }
}
