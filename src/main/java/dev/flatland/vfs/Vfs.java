package dev.flatland.vfs;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Fcntl;
import dev.flatland.abi.Stat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The VFS: a mount table and path resolution against a working directory (fs/namei.c, minimal).
 * Paths are normalised lexically ("." and ".." and repeated slashes); each operation goes to the
 * mount whose point is the longest prefix of the path, with the mount point stripped. Symbolic
 * links inside a file system are resolved by the file system; links it reports through
 * {@link FileSystem#redirect} are followed here, at most {@link #MAXSYMLINKS} of them (ELOOP).
 */
public final class Vfs {
    /** include/linux/namei.h MAXSYMLINKS. */
    public static final int MAXSYMLINKS = 40;

    /** Mounts, longest point first, so the first covering mount is the longest prefix. */
    private final List<Mount> mounts = new ArrayList<>();

    public Vfs(FileSystem root) {
        mount("/", root, "/", false);
    }

    /** Mounts {@code fs} at the absolute {@code point}, hiding what was there (a later mount wins). */
    public void mount(String point, FileSystem fs, String source, boolean readOnly) {
        String p = point.equals("/") ? "/" : point.replaceAll("/+$", "");
        mounts.removeIf(m -> m.point().equals(p));
        mounts.add(new Mount(p, fs, source, readOnly));
        mounts.sort(Comparator.comparingInt((Mount m) -> m.point().length()).reversed());
    }

    /** The mount table in mount-point order (for /proc/mounts). */
    public List<Mount> mounts() {
        List<Mount> l = new ArrayList<>(mounts);
        l.sort(Comparator.comparing(Mount::point));
        return l;
    }

    /** The mount covering {@code abs}. */
    public Mount mountOf(String abs) {
        for (Mount m : mounts) {
            if (m.covers(abs)) {
                return m;
            }
        }
        throw new IllegalStateException("no root mount");
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

    /** A path located in one mount: the mount and the path inside its file system. */
    private record Located(Mount mount, String inner) {
        FileSystem fs() {
            return mount.fs();
        }

        void checkWritable() throws ErrnoException {
            if (mount.readOnly()) {
                throw new ErrnoException(Errno.EROFS);
            }
        }
    }

    /** Finds the mount and inner path of {@code abs}, following links the file systems report. */
    private Located locate(String abs, boolean followLast) throws ErrnoException {
        String p = abs;
        for (int hops = 0; ; hops++) {
            Mount m = mountOf(p);
            String inner = m.inner(p);
            Redirect r = m.fs().redirect(inner, followLast);
            if (r == null) {
                return new Located(m, inner);
            }
            if (hops == MAXSYMLINKS) {
                throw new ErrnoException(Errno.ELOOP);
            }
            String link = (m.point().equals("/") ? "" : m.point()) + inner.substring(0, r.consumed());
            String rest = inner.substring(r.consumed());
            String dir = link.substring(0, Math.max(link.lastIndexOf('/'), 0));
            p = resolve(dir.isEmpty() ? "/" : dir, r.target() + rest);
        }
    }

    public OpenFile open(String path, int flags, int mode) throws ErrnoException {
        Located l = locate(path, (flags & Fcntl.O_NOFOLLOW) == 0);
        boolean writes = (flags & Fcntl.O_ACCMODE) != Fcntl.O_RDONLY || (flags & (Fcntl.O_CREAT | Fcntl.O_TRUNC)) != 0;
        if (writes && l.mount().readOnly()) {
            // O_CREAT of an existing file on a read-only mount is still EROFS only when it would create
            if ((flags & Fcntl.O_ACCMODE) != Fcntl.O_RDONLY || (flags & Fcntl.O_TRUNC) != 0 || !exists(l)) {
                throw new ErrnoException(Errno.EROFS);
            }
        }
        OpenFile f = l.fs().open(l.inner(), flags, mode);
        if (f.shared()) {
            return f;   // an existing description (a /proc/PID/fd magic link): it keeps its own path
        }
        String mp = l.mount().point();
        String inner = l.inner().endsWith("/") && l.inner().length() > 1
                ? l.inner().substring(0, l.inner().length() - 1) : l.inner();
        f.setPath(mp.equals("/") ? inner : inner.equals("/") ? mp : mp + inner);
        return f;
    }

    private static boolean exists(Located l) {
        try {
            l.fs().stat(l.inner(), true);
            return true;
        } catch (ErrnoException e) {
            return false;
        }
    }

    public Stat stat(String path, boolean follow) throws ErrnoException {
        Located l = locate(path, follow);
        return l.fs().stat(l.inner(), follow);
    }

    public void access(String path, int mode) throws ErrnoException {
        Located l = locate(path, true);
        if ((mode & 2) != 0) {   // W_OK
            l.checkWritable();
        }
        l.fs().access(l.inner(), mode);
    }

    public byte[] readlink(String path) throws ErrnoException {
        Located l = locate(path, false);
        return l.fs().readlink(l.inner());
    }

    public void unlink(String path) throws ErrnoException {
        Located l = locate(path, false);
        l.checkWritable();
        l.fs().unlink(l.inner());
    }

    public void mkdir(String path, int mode) throws ErrnoException {
        Located l = locate(path, false);
        l.checkWritable();
        l.fs().mkdir(l.inner(), mode);
    }

    public void rmdir(String path) throws ErrnoException {
        Located l = locate(path, false);
        if (l.inner().equals("/") || l.inner().equals("//")) {
            throw new ErrnoException(Errno.EBUSY);   // a mount point
        }
        l.checkWritable();
        l.fs().rmdir(l.inner());
    }

    /** rename(2): EXDEV when the two paths are in different mounts. */
    public void rename(String from, String to) throws ErrnoException {
        Located a = locate(from, false);
        Located b = locate(to, false);
        if (a.mount() != b.mount()) {
            throw new ErrnoException(Errno.EXDEV);
        }
        a.checkWritable();
        a.fs().rename(a.inner(), b.inner());
    }

    public void truncate(String path, long length) throws ErrnoException {
        Located l = locate(path, true);
        l.checkWritable();
        l.fs().truncate(l.inner(), length);
    }

    public void chmod(String path, int mode) throws ErrnoException {
        Located l = locate(path, true);
        l.checkWritable();
        l.fs().chmod(l.inner(), mode);
    }

    /** symlink(2): creates {@code path} containing {@code target}. */
    public void symlink(String target, String path) throws ErrnoException {
        Located l = locate(path, false);
        l.checkWritable();
        l.fs().symlink(target, l.inner());
    }
}
