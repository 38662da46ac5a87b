package dev.flatland.fs.tmpfs;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Fcntl;
import dev.flatland.abi.Stat;
import dev.flatland.vfs.DirEntry;
import dev.flatland.vfs.FileNames;
import dev.flatland.vfs.FileSystem;
import dev.flatland.vfs.ListDirectory;
import dev.flatland.vfs.OpenFile;
import dev.flatland.vfs.Redirect;
import dev.flatland.vfs.StatFs;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * An in-memory file system (mm/shmem.c without swap). Symbolic links are never followed here:
 * {@link #redirect} reports them and the VFS follows them, so targets may leave the file system.
 * Permission bits are stored and reported but not enforced (the guest runs as one user).
 */
public final class TmpFs implements FileSystem {
    private static int nextMinor = 64;

    private final TmpNode.Dir root;
    private final long dev;
    private final int uid;
    private final int gid;
    private final LongSupplier clock;
    private long nextIno = 1;

    /**
     * An empty tmpfs whose root has mode {@code rootPerm} (01777 for /dev/shm); new inodes are
     * owned by {@code uid}:{@code gid}; {@code clockNs} gives CLOCK_REALTIME for the times.
     */
    public TmpFs(int rootPerm, int uid, int gid, LongSupplier clockNs) {
        this.dev = Stat.encodeDev(0, nextMinor++);   // anonymous block device, as get_anon_bdev
        this.uid = uid;
        this.gid = gid;
        this.clock = clockNs;
        root = new TmpNode.Dir(nextIno++, rootPerm, 0, 0, clockNs.getAsLong());
        root.parent = root;
    }

    @Override
    public String type() {
        return "tmpfs";
    }

    long now() {
        return clock.getAsLong();
    }

    long dev() {
        return dev;
    }

    private static List<String> parts(String path) {
        List<String> l = new ArrayList<>();
        for (int i = componentStart(path, 0); i < path.length(); i = componentStart(path, componentEnd(path, i))) {
            l.add(path.substring(i, componentEnd(path, i)));
        }
        return l;
    }

    // Path walking without String.split or lists: lookup and redirect run on every path syscall
    // (stat, open), so they scan the string in place.

    /** The index of the first non-'/' character at or after {@code i} (path.length() if none). */
    private static int componentStart(String path, int i) {
        while (i < path.length() && path.charAt(i) == '/') {
            i++;
        }
        return i;
    }

    /** The index just past the component starting at {@code i}. */
    private static int componentEnd(String path, int i) {
        int j = path.indexOf('/', i);
        return j < 0 ? path.length() : j;
    }

    @Override
    public Redirect redirect(String path, boolean followLast) {
        TmpNode n = root;
        for (int i = componentStart(path, 0); i < path.length(); ) {
            if (!(n instanceof TmpNode.Dir d)) {
                return null;
            }
            int end = componentEnd(path, i);
            n = d.children.get(path.substring(i, end));
            if (n == null) {
                return null;
            }
            i = componentStart(path, end);
            boolean last = i == path.length();
            if (n instanceof TmpNode.Link l && (!last || followLast || path.endsWith("/"))) {
                return new Redirect(end, l.target);
            }
        }
        return null;
    }

    /** The inode at {@code path} (links not followed: the VFS has followed them already). */
    private TmpNode lookup(String path) throws ErrnoException {
        TmpNode n = root;
        for (int i = componentStart(path, 0); i < path.length(); ) {
            if (!(n instanceof TmpNode.Dir d)) {
                throw new ErrnoException(Errno.ENOTDIR);
            }
            int end = componentEnd(path, i);
            n = d.children.get(path.substring(i, end));
            if (n == null) {
                throw new ErrnoException(Errno.ENOENT);
            }
            i = componentStart(path, end);
        }
        if (path.endsWith("/") && !(n instanceof TmpNode.Dir)) {
            throw new ErrnoException(Errno.ENOTDIR);
        }
        return n;
    }

    /** The directory that holds the last component of {@code path}. */
    private TmpNode.Dir parentOf(String path) throws ErrnoException {
        List<String> p = parts(path);
        if (p.isEmpty()) {
            throw new ErrnoException(Errno.EBUSY);
        }
        TmpNode n = lookup("/" + String.join("/", p.subList(0, p.size() - 1)));
        if (!(n instanceof TmpNode.Dir d)) {
            throw new ErrnoException(Errno.ENOTDIR);
        }
        return d;
    }

    private static String lastName(String path) throws ErrnoException {
        List<String> p = parts(path);
        if (p.isEmpty()) {
            throw new ErrnoException(Errno.EBUSY);
        }
        String name = p.get(p.size() - 1);
        if (FileNames.encode(name).length > 255) {
            throw new ErrnoException(Errno.ENAMETOOLONG);
        }
        return name;
    }

    private void link(TmpNode.Dir parent, String name, TmpNode n) {
        parent.children.put(name, n);
        if (n instanceof TmpNode.Dir d) {
            d.parent = parent;
            parent.nlink++;
        }
        parent.mtime = parent.ctime = now();
    }

    private void unlinkEntry(TmpNode.Dir parent, String name) {
        TmpNode n = parent.children.remove(name);
        if (n instanceof TmpNode.Dir) {
            parent.nlink--;
            n.nlink = 0;
        } else if (n != null) {
            n.nlink--;
            if (n instanceof TmpNode.File f) {
                f.releaseIfUnused();
            }
        }
        parent.mtime = parent.ctime = now();
    }

    @Override
    public OpenFile open(String path, int flags, int mode) throws ErrnoException {
        int acc = flags & Fcntl.O_ACCMODE;
        // acc 3 (O_ACCMODE) is Linux's ioctl-only mode: read and write permission are checked, and the
        // file is neither readable nor writable through the fd (read/write are EBADF).
        TmpNode n;
        try {
            n = lookup(path);
            if ((flags & (Fcntl.O_CREAT | Fcntl.O_EXCL)) == (Fcntl.O_CREAT | Fcntl.O_EXCL)) {
                throw new ErrnoException(Errno.EEXIST);
            }
        } catch (ErrnoException e) {
            if (e.errno() != Errno.ENOENT || (flags & Fcntl.O_CREAT) == 0) {
                throw e;
            }
            if (path.endsWith("/")) {
                throw new ErrnoException(Errno.EISDIR);
            }
            TmpNode.Dir parent = parentOf(path);
            TmpNode.File f = new TmpNode.File(nextIno++, mode & 07777, uid, gid, now());
            link(parent, lastName(path), f);
            n = f;
        }
        if (n instanceof TmpNode.Special sp) {
            if ((flags & Fcntl.O_PATH) == 0) {
                throw new ErrnoException(Errno.ENXIO);   // a socket node (FIFOs are opened by the VFS's FifoOpener)
            }
            return new dev.flatland.vfs.BytesFile(flags, new byte[0], () -> sp.stat(dev));
        }
        if (n instanceof TmpNode.Link) {
            if ((flags & Fcntl.O_PATH) == 0) {
                throw new ErrnoException(Errno.ELOOP);   // O_NOFOLLOW on a link
            }
            TmpNode link = n;
            return new dev.flatland.vfs.BytesFile(flags, new byte[0], () -> link.stat(dev));
        }
        if (n instanceof TmpNode.Dir d) {
            if (acc != Fcntl.O_RDONLY || (flags & Fcntl.O_CREAT) != 0) {
                throw new ErrnoException(Errno.EISDIR);
            }
            return new ListDirectory(flags, () -> entries(d), () -> d.stat(dev));
        }
        if ((flags & Fcntl.O_DIRECTORY) != 0) {
            throw new ErrnoException(Errno.ENOTDIR);
        }
        if (n instanceof TmpNode.Special sp) {
            if ((flags & Fcntl.O_PATH) == 0) {
                throw new ErrnoException(Errno.ENXIO);   // a socket node cannot be opened (no_open)
            }
            return new dev.flatland.vfs.BytesFile(flags, new byte[0], () -> sp.stat(dev));
        }
        TmpNode.File f = (TmpNode.File) n;
        if ((flags & Fcntl.O_TRUNC) != 0 && acc != Fcntl.O_RDONLY && (flags & Fcntl.O_PATH) == 0) {
            TmpOpenFile.setSize(f, 0);
            f.mtime = f.ctime = now();
        }
        return new TmpOpenFile(this, f, flags);
    }

    private List<DirEntry> entries(TmpNode.Dir d) {
        List<DirEntry> l = new ArrayList<>();
        l.add(new DirEntry(d.ino, DirEntry.DT_DIR, ".".getBytes(StandardCharsets.UTF_8)));
        l.add(new DirEntry(d.parent.ino, DirEntry.DT_DIR, "..".getBytes(StandardCharsets.UTF_8)));
        for (Map.Entry<String, TmpNode> e : d.children.entrySet()) {
            l.add(new DirEntry(e.getValue().ino, DirEntry.typeOf(e.getValue().mode),
                    FileNames.encode(e.getKey())));
        }
        return l;
    }

    @Override
    public Stat stat(String path, boolean follow) throws ErrnoException {
        return lookup(path).stat(dev);
    }

    @Override
    public void access(String path, int mode) throws ErrnoException {
        if ((mode & ~7) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        TmpNode n = lookup(path);
        if ((mode & Fcntl.X_OK) != 0 && !(n instanceof TmpNode.Dir) && (n.mode & 0111) == 0) {
            throw new ErrnoException(Errno.EACCES);
        }
    }

    @Override
    public byte[] readlink(String path) throws ErrnoException {
        if (lookup(path) instanceof TmpNode.Link l) {
            return FileNames.encode(l.target);
        }
        throw new ErrnoException(Errno.EINVAL);
    }

    /** link(2): a second name for a file, symlink or device node; directories are EPERM. */
    @Override
    public void hardLink(String from, String to) throws ErrnoException {
        TmpNode n = lookup(from);
        if (n instanceof TmpNode.Dir) {
            throw new ErrnoException(Errno.EPERM);
        }
        if (n.nlink == 0) {
            throw new ErrnoException(Errno.ENOENT);   // vfs_link: an unlinked inode gets no new name
        }
        TmpNode.Dir parent = parentOf(to);
        String name = lastName(to);
        if (parent.children.containsKey(name)) {
            throw new ErrnoException(Errno.EEXIST);
        }
        link(parent, name, n);
        n.nlink++;
        n.ctime = now();
    }

    @Override
    public void unlink(String path) throws ErrnoException {
        TmpNode n = lookup(path);
        if (n instanceof TmpNode.Dir) {
            throw new ErrnoException(Errno.EISDIR);
        }
        unlinkEntry(parentOf(path), lastName(path));
    }

    @Override
    public void mkdir(String path, int mode) throws ErrnoException {
        TmpNode.Dir parent = parentOf(path);
        String name = lastName(path);
        if (parent.children.containsKey(name)) {
            throw new ErrnoException(Errno.EEXIST);
        }
        link(parent, name, new TmpNode.Dir(nextIno++, mode & 07777, uid, gid, now()));
    }

    @Override
    public void rmdir(String path) throws ErrnoException {
        TmpNode n = lookup(path);
        if (!(n instanceof TmpNode.Dir d)) {
            throw new ErrnoException(Errno.ENOTDIR);
        }
        if (n == root) {
            throw new ErrnoException(Errno.EBUSY);
        }
        if (!d.children.isEmpty()) {
            throw new ErrnoException(Errno.ENOTEMPTY);
        }
        unlinkEntry(parentOf(path), lastName(path));
    }

    @Override
    public void rename(String from, String to) throws ErrnoException {
        TmpNode src = lookup(from);
        TmpNode.Dir fromDir = parentOf(from);
        TmpNode.Dir toDir = parentOf(to);
        String fromName = lastName(from);
        String toName = lastName(to);
        if (src instanceof TmpNode.Dir sd) {
            for (TmpNode.Dir p = toDir; ; p = p.parent) {   // no moving a directory below itself
                if (p == sd) {
                    throw new ErrnoException(Errno.EINVAL);
                }
                if (p == root) {
                    break;
                }
            }
        }
        TmpNode dst = toDir.children.get(toName);
        if (dst == src) {
            return;
        }
        if (dst != null) {
            if (src instanceof TmpNode.Dir && !(dst instanceof TmpNode.Dir)) {
                throw new ErrnoException(Errno.ENOTDIR);
            }
            if (!(src instanceof TmpNode.Dir) && dst instanceof TmpNode.Dir) {
                throw new ErrnoException(Errno.EISDIR);
            }
            if (dst instanceof TmpNode.Dir dd && !dd.children.isEmpty()) {
                throw new ErrnoException(Errno.ENOTEMPTY);
            }
            unlinkEntry(toDir, toName);
        }
        fromDir.children.remove(fromName);
        if (src instanceof TmpNode.Dir) {
            fromDir.nlink--;
        }
        fromDir.mtime = fromDir.ctime = now();
        link(toDir, toName, src);
        src.ctime = now();
    }

    /**
     * shmem_rename2: RENAME_NOREPLACE fails EEXIST on an existing target; RENAME_EXCHANGE swaps two
     * existing names (ENOENT if either is missing), fixing the parents' link counts when a
     * directory changes parent, and refuses to move a directory below itself (EINVAL).
     */
    @Override
    public void rename(String from, String to, int flags) throws ErrnoException {
        if ((flags & RENAME_WHITEOUT) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if ((flags & RENAME_EXCHANGE) == 0) {
            TmpNode src = lookup(from);
            TmpNode dst = parentOf(to).children.get(lastName(to));
            if ((flags & RENAME_NOREPLACE) != 0 && dst != null) {   // even onto itself (another name of it)
                throw new ErrnoException(Errno.EEXIST);
            }
            rename(from, to);
            return;
        }
        TmpNode a = lookup(from);
        TmpNode.Dir aDir = parentOf(from);
        TmpNode.Dir bDir = parentOf(to);
        String aName = lastName(from);
        String bName = lastName(to);
        TmpNode b = bDir.children.get(bName);
        if (b == null) {
            throw new ErrnoException(Errno.ENOENT);
        }
        if (a == b) {
            return;
        }
        if (a instanceof TmpNode.Dir ad && below(bDir, ad) || b instanceof TmpNode.Dir bd && below(aDir, bd)) {
            throw new ErrnoException(Errno.EINVAL);
        }
        aDir.children.put(aName, b);
        bDir.children.put(bName, a);
        if (aDir != bDir) {
            if (a instanceof TmpNode.Dir ad) {
                ad.parent = bDir;
                aDir.nlink--;
                bDir.nlink++;
            }
            if (b instanceof TmpNode.Dir bd) {
                bd.parent = aDir;
                bDir.nlink--;
                aDir.nlink++;
            }
        }
        long now = now();
        aDir.mtime = aDir.ctime = bDir.mtime = bDir.ctime = now;
        a.ctime = b.ctime = now;
    }

    /** True when {@code d} is {@code dir} or one of its ancestors. */
    private boolean below(TmpNode.Dir dir, TmpNode.Dir d) {
        for (TmpNode.Dir p = dir; ; p = p.parent) {
            if (p == d) {
                return true;
            }
            if (p == root) {
                return false;
            }
        }
    }

    /** shmem_tmpfile: an unnamed regular file in {@code dir}, linkable unless O_EXCL. */
    @Override
    public OpenFile openTmpFile(String dir, int flags, int mode) throws ErrnoException {
        if (!(lookup(dir) instanceof TmpNode.Dir)) {
            throw new ErrnoException(Errno.ENOTDIR);
        }
        TmpNode.File f = new TmpNode.File(nextIno++, mode & 07777, uid, gid, now());
        f.nlink = 0;
        f.linkable = (flags & Fcntl.O_EXCL) == 0;
        return new TmpOpenFile(this, f, flags & ~(Fcntl.O_CREAT | Fcntl.O_EXCL | Fcntl.O_TRUNC | Fcntl.O_NOCTTY));
    }

    /** linkat of an open file: a name for an O_TMPFILE inode (once) or for a file that still has one. */
    @Override
    public void linkOpenFile(OpenFile of, String to) throws ErrnoException {
        if (!(of instanceof TmpOpenFile tf) || tf.fs() != this) {
            throw new ErrnoException(Errno.EXDEV);
        }
        TmpNode.File n = tf.node();
        if (n.nlink == 0 && !n.linkable) {
            throw new ErrnoException(Errno.ENOENT);
        }
        TmpNode.Dir parent = parentOf(to);
        String name = lastName(to);
        if (parent.children.containsKey(name)) {
            throw new ErrnoException(Errno.EEXIST);
        }
        link(parent, name, n);
        if (n.nlink == 0) {
            n.linkable = false;   // I_LINKABLE is cleared by the first link
        }
        n.nlink++;
        n.ctime = now();
    }

    /**
     * shmem_statfs of a tmpfs without size= or nr_inodes= limits: TMPFS_MAGIC, 4 KiB blocks,
     * NAME_MAX; the block and inode counts stay 0 as Linux reports them for an unlimited mount.
     */
    @Override
    public StatFs statfs(String path) {
        return new StatFs(StatFs.TMPFS_MAGIC, 4096, 0, 0, 0, 0, 0,
                (int) dev, 0, 255, 4096, 0);
    }

    @Override
    public void truncate(String path, long length) throws ErrnoException {
        TmpNode n = lookup(path);
        if (n instanceof TmpNode.Dir) {
            throw new ErrnoException(Errno.EISDIR);
        }
        if (!(n instanceof TmpNode.File f)) {
            throw new ErrnoException(Errno.EINVAL);
        }
        TmpOpenFile.setSize(f, length);
        f.mtime = f.ctime = now();
    }

    @Override
    public void chmod(String path, int mode) throws ErrnoException {
        TmpNode n = lookup(path);
        n.mode = (n.mode & Stat.S_IFMT) | (mode & 07777);
        n.ctime = now();
    }

    @Override
    public void setTimes(String path, long atimeNs, long mtimeNs) throws ErrnoException {
        setTimes(lookup(path), atimeNs, mtimeNs);
    }

    /** Sets the given times; the change time becomes now (setattr). */
    void setTimes(TmpNode n, long atimeNs, long mtimeNs) {
        if (atimeNs != TIME_OMIT) {
            n.atime = atimeNs;
        }
        if (mtimeNs != TIME_OMIT) {
            n.mtime = mtimeNs;
        }
        n.ctime = now();
    }

    @Override
    public void chown(String path, int uid, int gid) throws ErrnoException {
        chown(lookup(path), uid, gid);
    }

    /** Sets owner and group (-1 keeps one); the change time becomes now. */
    void chown(TmpNode n, int uid, int gid) {
        if (uid != -1) {
            n.uid = uid;
        }
        if (gid != -1) {
            n.gid = gid;
        }
        n.ctime = now();
    }

    @Override
    public void symlink(String target, String path) throws ErrnoException {
        if (path.endsWith("/")) {
            throw new ErrnoException(Errno.ENOENT);
        }
        TmpNode.Dir parent = parentOf(path);
        String name = lastName(path);
        if (parent.children.containsKey(name)) {
            throw new ErrnoException(Errno.EEXIST);
        }
        link(parent, name, new TmpNode.Link(nextIno++, target, uid, gid, now()));
    }

    /** mknod(2): a socket, FIFO or device node (shmem_mknod); EEXIST when the name is taken. */
    @Override
    public void mknod(String path, int mode, long rdev) throws ErrnoException {
        if (path.endsWith("/")) {
            throw new ErrnoException(Errno.ENOENT);
        }
        TmpNode.Dir parent = parentOf(path);
        String name = lastName(path);
        if (parent.children.containsKey(name)) {
            throw new ErrnoException(Errno.EEXIST);
        }
        link(parent, name, new TmpNode.Special(nextIno++, mode & (Stat.S_IFMT | 07777), rdev, uid, gid, now()));
    }
}
