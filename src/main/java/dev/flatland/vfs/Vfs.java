package dev.flatland.vfs;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Fcntl;
import dev.flatland.abi.Stat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
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
    /** include/uapi/linux/limits.h NAME_MAX: the longest component. */
    public static final int NAME_MAX = 255;

    /** The first mount id (the root's); ids only grow, as the mnt_id IDA hands them out. */
    private static final int FIRST_MOUNT_ID = 21;

    /** Mounts in the order they were made (the namespace's list, as /proc/mounts shows it). */
    private final List<Mount> mounts = new ArrayList<>();
    private int nextMountId = FIRST_MOUNT_ID;

    /**
     * The lookup cache (a dcache of positive directory entries only): canonical global path -> the
     * mount it was found in and that file system's {@link FileSystem#lookupGeneration} then. An
     * entry says the path is a directory and no link, so the walk passes it without asking the
     * file system. It is used only while the same mount covers the path and the generation is
     * unchanged; the walk's last component is always looked up, so results (ENOENT, ENOTDIR, the
     * file's stat) come from the file system itself.
     */
    private final java.util.HashMap<String, CachedDir> dirCache = new java.util.HashMap<>();
    /** Bound on {@link #dirCache}: past it the cache starts over. */
    private static final int DIR_CACHE_MAX = 4096;

    private record CachedDir(Mount mount, long generation) {
    }

    /** True when {@code global} (in mount {@code m}) is a cached directory that is still valid. */
    private boolean cachedDir(String global, Mount m) {
        long gen = m.fs().lookupGeneration();
        if (gen == FileSystem.NO_LOOKUP_CACHE) {
            return false;
        }
        CachedDir d = dirCache.get(global);
        return d != null && d.mount() == m && d.generation() == gen;
    }

    /** Remembers that {@code global} in {@code m} is a directory, when that file system allows it. */
    private void cacheDir(String global, Mount m, long generation) {
        if (generation == FileSystem.NO_LOOKUP_CACHE) {
            return;
        }
        if (dirCache.size() >= DIR_CACHE_MAX) {
            dirCache.clear();
        }
        dirCache.put(global, new CachedDir(m, generation));
    }

    public Vfs(FileSystem root) {
        mount("/", root, "/", false);
    }

    /**
     * Mounts {@code fs} at the absolute {@code point} at boot, replacing a mount made there before
     * (the command line's later option wins).
     */
    public void mount(String point, FileSystem fs, String source, boolean readOnly) {
        String p = point.equals("/") ? "/" : point.replaceAll("/+$", "");
        int at = -1;
        for (int i = 0; i < mounts.size(); i++) {
            if (mounts.get(i).point().equals(p)) {
                at = i;
            }
        }
        Mount m = new Mount(nextMountId++, parentId(p), p, fs, source, readOnly ? Mount.MS_RDONLY : 0, "");
        if (at >= 0) {
            mounts.set(at, m);
            mountsChanged();
        } else {
            mounts.add(m);
            mountsChanged();
        }
    }

    /**
     * Mounts {@code fs} on top of the canonical directory {@code point} (do_new_mount + graft_tree):
     * an existing mount there stays underneath and shows again after the new one is unmounted.
     */
    public Mount graft(String point, FileSystem fs, String source, int flags, String fsOptions) {
        Mount m = new Mount(nextMountId++, parentId(point), point, fs, source, flags, fsOptions);
        mounts.add(m);
        mountsChanged();
        return m;
    }

    private int parentId(String point) {
        if (point.equals("/") || mounts.isEmpty()) {
            return 1;
        }
        return mountOf(point).id();   // the mount the point lies on (or the one stacked under it)
    }

    /** The mount table in mount order (for /proc/mounts and mountinfo). */
    public List<Mount> mounts() {
        return List.copyOf(mounts);
    }

    /** The mounts for {@link #mountOf}: longest point first, the latest of those stacked on one point first. */
    private Mount[] lookupOrder = new Mount[0];

    /** After any change to the mount table: cached walks name the mount they were found in. */
    private void mountsChanged() {
        dirCache.clear();
        List<Mount> order = new ArrayList<>(mounts);
        java.util.Collections.reverse(order);   // the stable sort keeps the latest first among equals
        order.sort(java.util.Comparator.comparingInt((Mount m) -> m.point().length()).reversed());
        lookupOrder = order.toArray(new Mount[0]);
    }

    /** The mount covering {@code abs}: the longest mount point, the latest of those stacked on it. */
    public Mount mountOf(String abs) {
        for (Mount m : lookupOrder) {
            String p = m.point();
            // Mount.covers without its concatenation: this runs for every component of every walk
            if (p.length() == 1 || abs.startsWith(p) && (abs.length() == p.length() || abs.charAt(p.length()) == '/')) {
                return m;
            }
        }
        throw new IllegalStateException("no root mount");
    }

    /**
     * The mount whose root is the canonical path {@code abs} and is visible there, or null when
     * {@code abs} is no mount point (umount and MS_REMOUNT: EINVAL).
     */
    public Mount mountRootAt(String abs) {
        Mount m = mountOf(abs);
        return m.point().equals(abs) ? m : null;
    }

    /**
     * The mounts inside {@code m}'s tree: made after it, at or below its mount point (what makes a
     * plain umount EBUSY and what MNT_DETACH takes away with it).
     */
    public List<Mount> submounts(Mount m) {
        List<Mount> l = new ArrayList<>();
        int from = mounts.indexOf(m);
        for (int i = from + 1; i > 0 && i < mounts.size(); i++) {
            Mount c = mounts.get(i);
            if (!c.point().equals("/") && m.covers(c.point())) {
                l.add(c);
            }
        }
        return l;
    }

    /** Takes {@code m} (and with {@code detach} its submounts) out of the table (umount_tree). */
    public void umount(Mount m, boolean detach) {
        if (detach) {
            mounts.removeAll(submounts(m));
        }
        mounts.remove(m);
        mountsChanged();
    }

    /** MS_REMOUNT: {@code m} gets {@code flags} (the KEPT bits) and, unless null, new fs options. */
    public void remount(Mount m, int flags, String fsOptions) {
        m.remount(flags, fsOptions);
    }

    /** True when the file at {@code path} (links followed) lies on a noexec mount (path_noexec). */
    public boolean noExec(String path) throws ErrnoException {
        return locate(path, true).mount().noExec();
    }

    /**
     * Joins {@code path} to the absolute {@code cwd} without interpreting it: "." and ".." are left
     * for the walk, because Linux resolves them component by component ("a/missing/.." is ENOENT,
     * "file/.." is ENOTDIR), never lexically. Empty is ENOENT.
     */
    public static String resolve(String cwd, String path) throws ErrnoException {
        if (path.isEmpty()) {
            throw new ErrnoException(Errno.ENOENT);
        }
        return path.startsWith("/") ? path : (cwd.endsWith("/") ? cwd : cwd + "/") + path;
    }

    /** Lexical normalisation ("//", ".", ".."), only for names that are not walked (mount points given at boot). */
    public static String normalize(String abs) {
        StringBuilder out = new StringBuilder();
        for (String part : abs.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                out.setLength(Math.max(out.lastIndexOf("/"), 0));
                continue;
            }
            out.append('/').append(part);
        }
        return out.isEmpty() ? "/" : out.toString();
    }

    /** What the last component of a walked path was (fs/namei.c LAST_NORM, LAST_DOT, LAST_DOTDOT; ROOT for "/"). */
    enum Last { NORM, DOT, DOTDOT, ROOT }

    /**
     * A walked path located in one mount: the mount, the path inside its file system (canonical,
     * with a trailing slash when the result must be a directory), the canonical global path and
     * the kind of the last component.
     */
    private record Located(Mount mount, String inner, String global, Last last) {
        FileSystem fs() {
            return mount.fs();
        }

        void checkWritable() throws ErrnoException {
            if (mount.readOnly()) {
                throw new ErrnoException(Errno.EROFS);
            }
        }
    }

    /**
     * The path walk (fs/namei.c link_path_walk, walk_component, pick_link), done here for every
     * file system so that nothing but this walk interprets "..", "." or a symbolic link. The walk
     * keeps a canonical prefix (absolute, no links, every component an existing directory); each
     * next component is looked up with a no-follow stat in the mount that covers it. ".." pops the
     * prefix and stays at "/" (the guest's root: nothing above it exists, which is what confines a
     * guest under --root). A link's text is spliced in front of the remaining components: an
     * absolute target restarts at the guest's "/", a relative one continues from the link's
     * directory; after {@link #MAXSYMLINKS} links the walk fails ELOOP. A link the file system
     * resolves itself (a /proc magic link, whose {@link FileSystem#redirect} is null) ends the walk
     * when it is the last component. A missing last component is allowed (for creation); a missing
     * or non-directory middle component is ENOENT or ENOTDIR; a component over NAME_MAX bytes is
     * ENAMETOOLONG.
     */
    private Located locate(String abs, boolean followLast) throws ErrnoException {
        if (!abs.startsWith("/")) {
            throw new ErrnoException(Errno.ENOENT);
        }
        ArrayDeque<String> todo = new ArrayDeque<>();
        split(abs, todo, false);
        boolean trailingSlash = abs.endsWith("/") && abs.length() > 1;
        String cur = "/";
        Last last = Last.ROOT;
        int links = 0;
        while (!todo.isEmpty()) {
            String c = todo.pollFirst();
            boolean isLast = todo.isEmpty();
            if (c.equals(".")) {
                last = Last.DOT;
                continue;
            }
            if (c.equals("..")) {
                int slash = cur.lastIndexOf('/');
                cur = slash <= 0 ? "/" : cur.substring(0, slash);
                last = Last.DOTDOT;
                continue;
            }
            // a name takes at most 3 bytes per char (escaped raw bytes 1): short names need no encoding
            if (c.length() * 3 > NAME_MAX && FileNames.encode(c).length > NAME_MAX) {
                throw new ErrnoException(Errno.ENAMETOOLONG);
            }
            String next = cur.equals("/") ? "/" + c : cur + "/" + c;
            Mount m = mountOf(next);
            if (!isLast && cachedDir(next, m)) {
                cur = next;   // a directory the file system has not changed since: no lookup
                last = Last.NORM;
                continue;
            }
            String inner = m.inner(next);
            long gen = m.fs().lookupGeneration();   // read before the lookup: a change during it is not cached
            Stat st;
            try {
                st = m.fs().stat(inner, false);
            } catch (ErrnoException e) {
                if (isLast && e.errno() == Errno.ENOENT) {
                    return new Located(m, trailingSlash ? inner + "/" : inner, next, Last.NORM);
                }
                throw e;
            }
            if (st != null && st.type() == Stat.S_IFLNK && (!isLast || followLast || trailingSlash)) {
                Redirect r = m.fs().redirect(inner, true);
                if (r == null) {
                    if (!isLast) {
                        throw new ErrnoException(Errno.ENOTDIR);   // a magic link to a file that is no directory
                    }
                    return new Located(m, trailingSlash ? inner + "/" : inner, next, Last.NORM);
                }
                if (++links > MAXSYMLINKS) {
                    throw new ErrnoException(Errno.ELOOP);
                }
                String target = r.target() + inner.substring(Math.min(r.consumed(), inner.length()));
                if (target.isEmpty()) {
                    throw new ErrnoException(Errno.ENOENT);
                }
                split(target, todo, true);
                if (target.startsWith("/")) {
                    cur = "/";
                }
                last = Last.ROOT;
                continue;
            }
            if (!isLast && st != null && !st.isDirectory()) {
                throw new ErrnoException(Errno.ENOTDIR);
            }
            if (st != null && st.isDirectory()) {
                cacheDir(next, m, gen);
            }
            cur = next;
            last = Last.NORM;
        }
        Mount m = mountOf(cur);
        String inner = m.inner(cur);
        boolean mustBeDir = last == Last.DOT || last == Last.DOTDOT || trailingSlash;
        if (mustBeDir && !inner.endsWith("/")) {
            inner += "/";   // "file/." and "file/": the file system answers ENOTDIR
        }
        return new Located(m, inner, cur, cur.equals("/") && last != Last.DOT && last != Last.DOTDOT ? Last.ROOT : last);
    }

    /** Adds the components of {@code path} at the front ({@code front}) or the back of {@code todo}. */
    private static void split(String path, ArrayDeque<String> todo, boolean front) {
        String[] parts = path.split("/");
        if (front) {
            for (int i = parts.length - 1; i >= 0; i--) {
                if (!parts[i].isEmpty()) {
                    todo.addFirst(parts[i]);
                }
            }
        } else {
            for (String p : parts) {
                if (!p.isEmpty()) {
                    todo.addLast(p);
                }
            }
        }
    }

    /**
     * The canonical global path of {@code abs} (every link followed, the last one too when
     * {@code followLast}): what chdir stores and getcwd returns. The last component may be missing.
     */
    public String canonical(String abs, boolean followLast) throws ErrnoException {
        return locate(abs, followLast).global();
    }

    /**
     * path_parentat: walks every component but the last (following links) and returns the
     * canonical directory joined with the unresolved last component, its trailing slash kept; a
     * last "." or ".." stays unresolved too, for the operation to judge. Errors of the directory
     * part (ENOENT for "a/missing/x", ENOTDIR, ELOOP) come out here, first, as in every Linux path
     * syscall.
     */
    public String walkParent(String abs) throws ErrnoException {
        if (!abs.startsWith("/")) {
            throw new ErrnoException(Errno.ENOENT);
        }
        String trimmed = abs;
        while (trimmed.length() > 1 && trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        int slash = trimmed.lastIndexOf('/');
        String name = trimmed.substring(slash + 1);
        if (name.isEmpty()) {
            return "/";
        }
        String dir = slash == 0 ? "/" : trimmed.substring(0, slash);
        Located d = locate(dir, true);
        if (!d.global().equals("/") && !cachedDir(d.global(), d.mount())) {
            Stat st = d.fs().stat(d.inner(), true);
            if (st != null && !st.isDirectory()) {
                throw new ErrnoException(Errno.ENOTDIR);
            }
        }
        String base = d.global().equals("/") ? "/" : d.global() + "/";
        return base + name + (abs.endsWith("/") && abs.length() > 1 ? "/" : "");
    }

    public OpenFile open(String path, int flags, int mode) throws ErrnoException {
        return open(path, flags, mode, null);
    }

    /**
     * open(2) on a path: {@code fifos} opens FIFO inodes (null: they open as whatever the file
     * system returns). O_TMPFILE (already checked by the caller) makes an unnamed file in the
     * directory {@code path}. May return null when a FIFO open parked the task.
     */
    public OpenFile open(String path, int flags, int mode, FifoOpener fifos) throws ErrnoException {
        if ((flags & Fcntl.O_TMPFILE) == Fcntl.O_TMPFILE) {
            Located d = locate(path, true);
            Stat st = d.fs().stat(d.inner(), true);
            if (!st.isDirectory()) {
                throw new ErrnoException(Errno.ENOTDIR);
            }
            d.checkWritable();
            return d.fs().openTmpFile(d.inner(), flags, mode);   // no path: /proc/PID/fd/N is a magic link to it
        }
        boolean excl = (flags & (Fcntl.O_CREAT | Fcntl.O_EXCL)) == (Fcntl.O_CREAT | Fcntl.O_EXCL);
        if (fifos != null && (flags & Fcntl.O_PATH) == 0 && !excl) {
            Located l = locate(path, (flags & Fcntl.O_NOFOLLOW) == 0);
            Stat st = null;
            try {
                st = l.fs().stat(l.inner(), true);
            } catch (ErrnoException e) {
                // missing (O_CREAT creates it below) or an error the file system reports again
            }
            if (st != null && st.type() == Stat.S_IFIFO) {
                if ((flags & Fcntl.O_DIRECTORY) != 0) {
                    throw new ErrnoException(Errno.ENOTDIR);
                }
                Stat first = st;
                FileSystem fs = l.fs();
                String inner = l.inner();
                OpenFile f = fifos.open(st, () -> {
                    try {
                        return fs.stat(inner, true);
                    } catch (ErrnoException e) {
                        return first;   // unlinked since: the inode's last known attributes
                    }
                }, flags);
                if (f != null) {
                    f.setPath(l.global());
                }
                return f;
            }
        }
        return openPlain(path, flags, mode);
    }

    private OpenFile openPlain(String path, int flags, int mode) throws ErrnoException {
        boolean excl = (flags & (Fcntl.O_CREAT | Fcntl.O_EXCL)) == (Fcntl.O_CREAT | Fcntl.O_EXCL);
        Located l = locate(path, (flags & Fcntl.O_NOFOLLOW) == 0 && !excl);
        if ((flags & Fcntl.O_CREAT) != 0 && l.last() != Last.NORM && !exists(l)) {
            throw new ErrnoException(Errno.EISDIR);
        }
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
        f.setPath(l.global());
        f.setMount(l.mount());
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

    /**
     * A file found by one walk (links followed): its canonical global path and its stat. execve uses
     * it to stat, check X_OK and name /proc/PID/exe with a single walk where it took three.
     */
    public static final class Resolved {
        private final Located at;
        private final Stat stat;

        private Resolved(Located at, Stat stat) {
            this.at = at;
            this.stat = stat;
        }

        /** The canonical global path (what {@link #canonical} returns for the same path). */
        public String canonical() {
            return at.global();
        }

        /** The stat of the file ({@link #stat(String, boolean)} with follow). */
        public Stat stat() {
            return stat;
        }

        /** {@link #access(String, int)} of the file found. */
        public void access(int mode) throws ErrnoException {
            if ((mode & 2) != 0) {   // W_OK
                at.checkWritable();
            }
            at.fs().access(at.inner(), mode);
        }
    }

    /** Walks {@code path} once, following every link: stat, access and canonical name from one walk. */
    public Resolved resolveFile(String path) throws ErrnoException {
        Located l = locate(path, true);
        return new Resolved(l, l.fs().stat(l.inner(), true));
    }

    public Stat stat(String path, boolean follow) throws ErrnoException {
        Located l = locate(path, follow);
        return l.fs().stat(l.inner(), follow);
    }

    public void access(String path, int mode) throws ErrnoException {
        access(path, mode, true);
    }

    /** faccessat2 with AT_SYMLINK_NOFOLLOW ({@code follow} false): the link itself is checked. */
    public void access(String path, int mode, boolean follow) throws ErrnoException {
        Located l = locate(path, follow);
        if (!follow && l.fs().stat(l.inner(), false).type() == Stat.S_IFLNK) {
            if ((mode & 2) != 0) {
                l.checkWritable();
            }
            return;   // a link's permissions are 0777: root may do anything to it (X_OK: some x bit is set)
        }
        if ((mode & 2) != 0) {   // W_OK
            l.checkWritable();
        }
        l.fs().access(l.inner(), mode);
        if ((mode & 1) != 0 && l.mount().noExec() && l.fs().stat(l.inner(), true).type() == Stat.S_IFREG) {
            throw new ErrnoException(Errno.EACCES);   // do_faccessat: X_OK of a regular file on a noexec mount
        }
    }

    public byte[] readlink(String path) throws ErrnoException {
        Located l = locate(path, false);
        return l.fs().readlink(l.inner());
    }

    /** unlink(2): a last "." or ".." (or "/") is EISDIR; "name/" is ENOTDIR for a file (do_unlinkat "slashes"). */
    public void unlink(String path) throws ErrnoException {
        Located l = locate(path, false);
        if (l.last() != Last.NORM) {
            throw new ErrnoException(Errno.EISDIR);
        }
        if (l.inner().endsWith("/")) {
            Stat st = l.fs().stat(l.inner().substring(0, l.inner().length() - 1), false);
            throw new ErrnoException(st.isDirectory() ? Errno.EISDIR : Errno.ENOTDIR);
        }
        l.checkWritable();
        l.fs().unlink(l.inner());
    }

    /** mkdir(2): a last "." or ".." or "/" exists already (filename_create: EEXIST). */
    public void mkdir(String path, int mode) throws ErrnoException {
        Located l = locate(path, false);
        if (l.last() != Last.NORM || exists(l)) {
            // filename_create: EEXIST before mnt_want_write's EROFS and before the file system's own
            // answer (a mount point such as /dev is a directory that exists)
            throw new ErrnoException(Errno.EEXIST);
        }
        l.checkWritable();
        l.fs().mkdir(l.inner(), mode);
    }

    /** rmdir(2): "/" and mount points are EBUSY, a last "." EINVAL, a last ".." ENOTEMPTY (do_rmdir). */
    public void rmdir(String path) throws ErrnoException {
        Located l = locate(path, false);
        switch (l.last()) {
            case DOT -> throw new ErrnoException(Errno.EINVAL);
            case DOTDOT -> throw new ErrnoException(Errno.ENOTEMPTY);
            case ROOT -> throw new ErrnoException(Errno.EBUSY);
            default -> {
            }
        }
        if (l.inner().equals("/") || l.inner().equals("//")) {
            throw new ErrnoException(Errno.EBUSY);   // a mount point
        }
        l.checkWritable();
        l.fs().rmdir(l.inner());
    }

    /** rename(2): EXDEV when the two paths are in different mounts; a last "." or ".." is EBUSY. */
    public void rename(String from, String to) throws ErrnoException {
        Located a = locate(from, false);
        Located b = locate(to, false);
        if (a.last() != Last.NORM || b.last() != Last.NORM) {
            throw new ErrnoException(Errno.EBUSY);
        }
        if (a.mount() != b.mount()) {
            throw new ErrnoException(Errno.EXDEV);
        }
        a.checkWritable();
        a.fs().rename(a.inner(), b.inner());
    }

    /**
     * renameat2(2): flags 0, RENAME_NOREPLACE or RENAME_EXCHANGE (the caller has checked the
     * combination); EXDEV across mounts, EBUSY for a last "." or "..".
     */
    public void rename(String from, String to, int flags) throws ErrnoException {
        if (flags == 0) {
            rename(from, to);
            return;
        }
        Located a = locate(from, false);
        Located b = locate(to, false);
        if (a.last() != Last.NORM || b.last() != Last.NORM) {
            throw new ErrnoException(Errno.EBUSY);
        }
        if (a.mount() != b.mount()) {
            throw new ErrnoException(Errno.EXDEV);
        }
        a.checkWritable();
        a.fs().rename(a.inner(), b.inner(), flags);
    }

    private static boolean isLink(Located l) {
        try {
            return l.fs().stat(l.inner(), false).type() == Stat.S_IFLNK;
        } catch (ErrnoException e) {
            return false;
        }
    }

    /** linkat(fd, "", ..., AT_EMPTY_PATH) and linkat of /proc/self/fd/N: a new name for an open file's inode. */
    public void linkFile(OpenFile f, String to) throws ErrnoException {
        Located b = locate(to, false);
        if (b.last() != Last.NORM || exists(b) || isLink(b)) {
            throw new ErrnoException(Errno.EEXIST);
        }
        b.checkWritable();
        try {
            b.fs().linkOpenFile(f, b.inner());
        } catch (ErrnoException e) {
            if (e.errno() != Errno.EXDEV || f.path() == null || f.stat().nlink() == 0) {
                throw e;
            }
            link(f.path(), to, false);   // a file system without the operation: link the name it was opened by
        }
    }

    /** statfs(2): the file system's answer with the mount's flags (ST_VALID, relatime, ST_RDONLY). */
    public StatFs statfs(String path) throws ErrnoException {
        Located l = locate(path, true);
        l.fs().stat(l.inner(), true);   // ENOENT, ENOTDIR for the path
        return withMountFlags(l.fs().statfs(l.inner()), l.mount());
    }

    /** fstatfs(2) of an open file: its own answer, else by the path it was opened by. */
    public StatFs statfs(OpenFile f) throws ErrnoException {
        StatFs own = f.statfs();
        if (own != null) {
            return own.withFlags(StatFs.ST_VALID | StatFs.ST_RELATIME);
        }
        if (f.path() == null) {
            return StatFs.simple(f.stat().type() == Stat.S_IFIFO ? StatFs.PIPEFS_MAGIC : StatFs.ANON_INODE_FS_MAGIC)
                    .withFlags(StatFs.ST_VALID);
        }
        Mount m = mountOf(f.path());
        return withMountFlags(m.fs().statfs(m.inner(f.path())), m);
    }

    /** A host's own f_flags (hostfs passes them through) stay, with ST_RDONLY for a read-only mount; else the mount's. */
    private static StatFs withMountFlags(StatFs st, Mount m) {
        return st.withFlags(st.flags() != 0 ? st.flags() | (m.readOnly() ? StatFs.ST_RDONLY : 0) : mountFlags(m));
    }

    /**
     * f_flags from the mount (flags_by_mnt): ST_RDONLY, ST_NOSUID, ST_NODEV, ST_NOEXEC have the MS_
     * values; ST_NOATIME 0x400, ST_NODIRATIME 0x800, ST_RELATIME 0x1000 (relatime unless
     * noatime or strictatime, as the kernel defaults); ST_VALID always.
     */
    private static long mountFlags(Mount m) {
        int f = m.flags();
        long st = StatFs.ST_VALID | (f & (Mount.MS_RDONLY | Mount.MS_NOSUID | Mount.MS_NODEV | Mount.MS_NOEXEC));
        if ((f & Mount.MS_NOATIME) != 0) {
            st |= 0x400;
        } else if ((f & Mount.MS_STRICTATIME) == 0) {
            st |= StatFs.ST_RELATIME;
        }
        if ((f & Mount.MS_NODIRATIME) != 0) {
            st |= 0x800;
        }
        return st;
    }

    /** link(2): a hard link {@code to} naming the inode at {@code from} (not followed); EXDEV across mounts. */
    public void link(String from, String to, boolean follow) throws ErrnoException {
        Located a = locate(from, follow);
        Located b = locate(to, false);
        if (b.last() != Last.NORM) {
            throw new ErrnoException(Errno.EEXIST);
        }
        if (a.mount() != b.mount()) {
            throw new ErrnoException(Errno.EXDEV);
        }
        b.checkWritable();
        a.fs().hardLink(a.inner(), b.inner());
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

    /** utimensat(2) on a path; {@code follow} false for AT_SYMLINK_NOFOLLOW. */
    public void setTimes(String path, boolean follow, long atimeNs, long mtimeNs) throws ErrnoException {
        Located l = locate(path, follow);
        l.checkWritable();
        l.fs().setTimes(l.inner(), atimeNs, mtimeNs);
    }

    /** chown(2) ({@code follow}) and lchown(2). */
    public void chown(String path, boolean follow, int uid, int gid) throws ErrnoException {
        Located l = locate(path, follow);
        l.checkWritable();
        l.fs().chown(l.inner(), uid, gid);
    }

    /** symlink(2): creates {@code path} containing {@code target}. */
    public void symlink(String target, String path) throws ErrnoException {
        Located l = locate(path, false);
        if (l.last() != Last.NORM) {
            throw new ErrnoException(Errno.EEXIST);
        }
        l.checkWritable();
        l.fs().symlink(target, l.inner());
    }

    /**
     * mknod(2) of a FIFO, socket (an AF_UNIX bind) or device node; EEXIST for an existing name or
     * symbolic link and for a last "." or ".." (filename_create), ENOENT for a trailing slash.
     */
    public void mknod(String path, int mode, long rdev) throws ErrnoException {
        Located l = locate(path, false);
        if (l.last() != Last.NORM) {
            throw new ErrnoException(Errno.EEXIST);
        }
        if (exists(l) || isLink(l)) {
            throw new ErrnoException(Errno.EEXIST);
        }
        if (l.inner().endsWith("/")) {
            throw new ErrnoException(Errno.ENOENT);
        }
        l.checkWritable();
        l.fs().mknod(l.inner(), mode, rdev);
    }
}
