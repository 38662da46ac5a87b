package dev.flatland.vfs;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Stat;

/**
 * The VFS: one root file system for now, and path resolution against a working directory
 * (fs/namei.c, minimal). Paths are normalised lexically ("." and ".." and repeated slashes);
 * symlinks are resolved by the file system itself.
 */
public final class Vfs {
    private final FileSystem root;

    public Vfs(FileSystem root) {
        this.root = root;
    }

    /** Resolves {@code path} against {@code cwd} (absolute) into an absolute normalised path. */
    public static String resolve(String cwd, String path) throws ErrnoException {
        if (path.isEmpty()) {
            throw new ErrnoException(Errno.ENOENT);
        }
        String full = path.startsWith("/") ? path : cwd + "/" + path;
        StringBuilder out = new StringBuilder();
        for (String part : full.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                int slash = out.lastIndexOf("/");
                out.setLength(Math.max(slash, 0));
                continue;
            }
            out.append('/').append(part);
        }
        String r = out.isEmpty() ? "/" : out.toString();
        if (path.endsWith("/") && !r.equals("/")) {
            r += "/";   // a trailing slash demands a directory; the file system checks it
        }
        return r;
    }

    public OpenFile open(String path, int flags, int mode) throws ErrnoException {
        return root.open(path, flags, mode);
    }

    public Stat stat(String path, boolean follow) throws ErrnoException {
        return root.stat(path, follow);
    }

    public void access(String path, int mode) throws ErrnoException {
        root.access(path, mode);
    }

    public byte[] readlink(String path) throws ErrnoException {
        return root.readlink(path);
    }

    public void unlink(String path) throws ErrnoException {
        root.unlink(path);
    }

    public void mkdir(String path, int mode) throws ErrnoException {
        root.mkdir(path, mode);
    }

    public void rmdir(String path) throws ErrnoException {
        root.rmdir(path);
    }

    public void rename(String from, String to) throws ErrnoException {
        root.rename(from, to);
    }

    public void truncate(String path, long length) throws ErrnoException {
        root.truncate(path, length);
    }

    public void chmod(String path, int mode) throws ErrnoException {
        root.chmod(path, mode);
    }
}
