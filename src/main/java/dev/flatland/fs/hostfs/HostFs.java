package dev.flatland.fs.hostfs;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Fcntl;
import dev.flatland.abi.Stat;
import dev.flatland.vfs.FileSystem;
import dev.flatland.vfs.OpenFile;
import dev.flatland.vfs.Redirect;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;

/**
 * A host directory tree passed through with java.nio.file: guest path "/a/b" is host path
 * {@code root}/a/b. Confinement (--root, --mount): the VFS walks every path itself and gives this
 * file system only canonical paths (no "." or "..", no link but possibly the last component, see
 * {@code Vfs.locate}); symbolic links are reported through {@link #redirect} with their text, and
 * every host call here is made with NOFOLLOW_LINKS, so the host OS never follows a link and no
 * guest path reaches a host file outside {@code root}. A host process racing to swap a checked
 * directory for a link is outside this model (the guest itself cannot race: its tasks run on one
 * host thread and each syscall is atomic with respect to them).
 */
public final class HostFs implements FileSystem {
    private final Path root;

    private HostFs(Path root) {
        this.root = root;
    }

    /**
     * The lookup generation ({@link FileSystem#lookupGeneration}): advanced by every operation of
     * this file system that may remove, rename or replace a name (so Flatland's own changes are never
     * served stale from the VFS lookup cache), and at least every 2^30 ns (about a second), so that
     * a directory another host process removes or replaces by a link is noticed within that time;
     * a vanished directory is noticed at once, because the walk's last component is always a host
     * lstat.
     */
    private long generation;
    private long epoch;
    private static final int EPOCH_SHIFT = 30;

    @Override
    public long lookupGeneration() {
        long e = System.nanoTime() >>> EPOCH_SHIFT;
        if (e != epoch) {
            epoch = e;
            generation++;
        }
        return generation;
    }

    /** Called before every change to the namespace: cached lookups of this file system end. */
    private void changing() {
        generation++;
    }

    /** A passthrough of the host tree under {@code root} (its real path, links in it resolved once, here). */
    public static HostFs create(Path root) {
        Path r = root.toAbsolutePath().normalize();
        try {
            r = r.toRealPath();
        } catch (IOException e) {
            // a root that does not exist yet: every lookup fails ENOENT
        }
        return new HostFs(r);
    }

    /** The host directory this file system shows as its "/". */
    public Path root() {
        return root;
    }

    /** The host path of a canonical file-system path; a ".." component (never sent by the VFS) is refused. */
    private Path host(String path) throws ErrnoException {
        String rel = relative(path);
        try {
            return rel.isEmpty() ? root : root.resolve(rel);
        } catch (java.nio.file.InvalidPathException e) {
            throw unrepresentable(path);
        }
    }

    /** {@code path} without its leading slash, after the ".." check of {@link #host}. */
    private static String relative(String path) throws ErrnoException {
        String rel = path.startsWith("/") ? path.substring(1) : path;
        if (rel.contains("..")) {   // rare: only then look at the components
            for (String c : rel.split("/")) {
                if (c.equals("..")) {
                    throw new ErrnoException(Errno.EACCES, "'..' reached hostfs: " + path);
                }
            }
        }
        return rel;
    }

    /**
     * A guest name with bytes that are not UTF-8 (kept as escapes, vfs.FileNames) cannot be a host
     * path through java.nio: EILSEQ, as a file system that takes UTF-8 names only refuses it.
     */
    private static ErrnoException unrepresentable(String path) {
        return new ErrnoException(Errno.EILSEQ, "not a UTF-8 host name: " + path);
    }

    /** The first symbolic link on {@code path}, with its text: the VFS follows it inside the guest's namespace. */
    @Override
    public Redirect redirect(String path, boolean followLast) throws ErrnoException {
        java.util.List<String> parts = java.util.Arrays.stream(path.split("/")).filter(c -> !c.isEmpty()).toList();
        int consumed = 0;
        Path p = root;
        for (int i = 0; i < parts.size(); i++) {
            String c = parts.get(i);
            if (c.equals("..") || c.equals(".")) {
                return null;   // never sent by the VFS; host() refuses it
            }
            consumed = path.indexOf(c, consumed) + c.length();
            try {
                p = p.resolve(c);
            } catch (java.nio.file.InvalidPathException e) {
                throw unrepresentable(path);
            }
            boolean last = i == parts.size() - 1;
            if (last && !followLast && !path.endsWith("/")) {
                return null;
            }
            if (Files.isSymbolicLink(p)) {
                try {
                    return new Redirect(consumed, Files.readSymbolicLink(p).toString());
                } catch (IOException e) {
                    throw HostErrors.of(e);
                }
            }
            if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
        }
        return null;
    }

    @Override
    public OpenFile open(String path, int flags, int mode) throws ErrnoException {
        if ((flags & (Fcntl.O_CREAT | Fcntl.O_TRUNC)) != 0) {
            changing();
        }
        Path p = host(path);
        boolean trailingSlash = path.endsWith("/") && path.length() > 1;
        int acc = flags & Fcntl.O_ACCMODE;
        // acc 3 (O_ACCMODE) is Linux's ioctl-only mode: read and write permission are checked, and the
        // file is neither readable nor writable through the fd (read/write are EBADF).
        boolean exists = Files.exists(p, LinkOption.NOFOLLOW_LINKS);
        if (exists && Files.isSymbolicLink(p)) {
            // the VFS follows links; one that reaches here was not to be followed (O_NOFOLLOW, O_CREAT|O_EXCL)
            if ((flags & (Fcntl.O_CREAT | Fcntl.O_EXCL)) == (Fcntl.O_CREAT | Fcntl.O_EXCL)) {
                throw new ErrnoException(Errno.EEXIST);
            }
            if ((flags & Fcntl.O_PATH) == 0) {
                throw new ErrnoException(Errno.ELOOP);
            }
            // O_PATH|O_NOFOLLOW opens the link itself (fstat, readlinkat(fd, ""), fchownat AT_EMPTY_PATH)
            Stat opened = HostStat.of(root, relative(path));
            return new dev.flatland.vfs.BytesFile(flags, new byte[0], () -> {
                try {
                    return HostStat.of(root, relative(path));
                } catch (ErrnoException e) {
                    return opened;   // the link was removed since: the last known state, as an open inode keeps it
                }
            });
        }
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            if ((flags & (Fcntl.O_CREAT | Fcntl.O_EXCL)) == (Fcntl.O_CREAT | Fcntl.O_EXCL)) {
                throw new ErrnoException(Errno.EEXIST);
            }
            if (acc != Fcntl.O_RDONLY || (flags & Fcntl.O_CREAT) != 0) {
                throw new ErrnoException(Errno.EISDIR);
            }
            return new HostDirectory(p, path, flags);
        }
        if ((flags & Fcntl.O_DIRECTORY) != 0 || (trailingSlash && exists)) {
            throw new ErrnoException(exists ? Errno.ENOTDIR : Errno.ENOENT);
        }
        if (trailingSlash && (flags & Fcntl.O_CREAT) != 0) {
            throw new ErrnoException(Errno.EISDIR);
        }
        if (exists && !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new ErrnoException(Errno.ENXIO, "host special files are not passed through yet: " + p);
        }
        Set<OpenOption> opts = new HashSet<>();
        if (acc != Fcntl.O_WRONLY) {
            opts.add(StandardOpenOption.READ);
        }
        if (acc != Fcntl.O_RDONLY) {
            opts.add(StandardOpenOption.WRITE);
        }
        if ((flags & Fcntl.O_CREAT) != 0) {
            opts.add((flags & Fcntl.O_EXCL) != 0 ? StandardOpenOption.CREATE_NEW : StandardOpenOption.CREATE);
            if (!opts.contains(StandardOpenOption.WRITE)) {
                opts.add(StandardOpenOption.WRITE);   // nio needs WRITE to create; access stays per flags
            }
        }
        if ((flags & Fcntl.O_TRUNC) != 0 && acc != Fcntl.O_RDONLY) {
            opts.add(StandardOpenOption.TRUNCATE_EXISTING);
        }
        opts.add(LinkOption.NOFOLLOW_LINKS);   // O_NOFOLLOW on the host always: only the VFS follows links
        try {
            boolean create = (flags & Fcntl.O_CREAT) != 0 && !exists;
            FileChannel ch = create
                    ? FileChannel.open(p, opts, PosixFilePermissions.asFileAttribute(perms(mode)))
                    : FileChannel.open(p, opts);
            if (create) {
                setCreatedMode(p, mode & 07777, false);
            }
            return new HostFile(ch, p, path, flags);
        } catch (IOException e) {
            throw HostErrors.of(e);
        } catch (UnsupportedOperationException e) {
            throw new ErrnoException(Errno.EINVAL, e.getMessage());
        }
    }

    private static Set<PosixFilePermission> perms(int mode) {
        Set<PosixFilePermission> s = new HashSet<>();
        PosixFilePermission[] all = PosixFilePermission.values();   // OWNER_READ .. OTHERS_EXECUTE
        for (int i = 0; i < 9; i++) {
            if ((mode & (0400 >> i)) != 0) {
                s.add(all[i]);
            }
        }
        return s;
    }

    @Override
    public Stat stat(String path, boolean follow) throws ErrnoException {
        Stat st = HostStat.of(root, relative(path));   // the VFS has followed a last link already
        if (path.endsWith("/") && path.length() > 1 && !st.isDirectory()) {
            throw new ErrnoException(Errno.ENOTDIR);
        }
        return st;
    }

    @Override
    public void access(String path, int mode) throws ErrnoException {
        Path p = host(path);
        HostStat.of(p, false);   // ENOENT, ENOTDIR
        if ((mode & Fcntl.R_OK) != 0 && !Files.isReadable(p) || (mode & Fcntl.W_OK) != 0 && !Files.isWritable(p)
                || (mode & Fcntl.X_OK) != 0 && !Files.isExecutable(p)) {
            throw new ErrnoException(Errno.EACCES);
        }
    }

    @Override
    public byte[] readlink(String path) throws ErrnoException {
        Path p = host(path);
        try {
            if (!Files.isSymbolicLink(p)) {
                HostStat.of(p, false);   // ENOENT when missing
                throw new ErrnoException(Errno.EINVAL);
            }
            return Files.readSymbolicLink(p).toString().getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw HostErrors.of(e);
        }
    }

    @Override
    public void unlink(String path) throws ErrnoException {
        changing();
        Path p = host(path);
        Stat st = HostStat.of(p, false);
        if (st.isDirectory()) {
            throw new ErrnoException(Errno.EISDIR);
        }
        try {
            Files.delete(p);
        } catch (IOException e) {
            throw HostErrors.of(e);
        }
    }

    @Override
    public void mkdir(String path, int mode) throws ErrnoException {
        changing();
        Path p = host(path);
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new ErrnoException(Errno.EEXIST);
        }
        try {
            Files.createDirectory(p, PosixFilePermissions.asFileAttribute(perms(mode)));
        } catch (IOException e) {
            throw HostErrors.of(e);
        }
        setCreatedMode(p, mode & 01777, true);   // mkdir keeps the sticky bit, not set-id bits
    }

    /**
     * Gives a node the JVM just created exactly the guest's mode (umask already applied): java.nio
     * creates it through the host process's umask (typically 022, on top of the guest's) and cannot
     * set the set-id and sticky bits. A directory keeps the S_ISGID it inherits from a set-group-ID
     * parent, as Linux's mkdir does. A host file system that refuses the mode (no chmod there)
     * leaves the node as the host created it, as before.
     */
    private static void setCreatedMode(Path p, int mode, boolean dir) {
        try {
            int want = mode;
            if (dir && (HostStat.of(p, false).mode() & 02000) != 0) {
                want |= 02000;
            }
            setMode(p, want);
        } catch (ErrnoException e) {
            // the node exists and is usable; only its mode differs
        }
    }

    @Override
    public void rmdir(String path) throws ErrnoException {
        changing();
        Path p = host(path);
        if (path.equals("/") || path.endsWith("/.")) {
            throw new ErrnoException(path.equals("/") ? Errno.EBUSY : Errno.EINVAL);
        }
        if (!HostStat.of(p, false).isDirectory()) {
            throw new ErrnoException(Errno.ENOTDIR);
        }
        try {
            Files.delete(p);
        } catch (IOException e) {
            throw HostErrors.of(e);
        }
    }

    @Override
    public void rename(String from, String to) throws ErrnoException {
        changing();
        Path f = host(from);
        Path t = host(to);
        HostStat.of(f, false);   // ENOENT for a missing source
        try {
            Files.move(f, t, StandardCopyOption.ATOMIC_MOVE);   // rename(2): replaces the target
        } catch (java.nio.file.AtomicMoveNotSupportedException e) {
            throw new ErrnoException(Errno.EXDEV);
        } catch (IOException e) {
            throw HostErrors.of(e);
        }
    }

    /**
     * statfs passed through from the host's FileStore: the magic number from its type name, block
     * size and counts; java.nio does not report inode counts or the fsid, which stay 0.
     */
    @Override
    public dev.flatland.vfs.StatFs statfs(String path) throws ErrnoException {
        if (HostNative.available(HostNative.STATFS)) {
            return dev.flatland.vfs.StatFs.decode(HostNative.statfs(host(path)));   // the host's own answer
        }
        try {
            java.nio.file.FileStore fs = Files.getFileStore(host(path));
            long bs = fs.getBlockSize();
            long magic = switch (fs.type()) {
                case "ext2", "ext3", "ext4" -> 0xEF53L;
                case "tmpfs", "devtmpfs" -> 0x01021994L;
                case "xfs" -> 0x58465342L;
                case "btrfs" -> 0x9123683EL;
                case "overlay" -> 0x794c7630L;
                case "zfs" -> 0x2fc12fc1L;
                case "nfs", "nfs4" -> 0x6969L;
                case "proc" -> 0x9fa0L;
                case "9p" -> 0x01021997L;
                case "fuse", "fuseblk" -> 0x65735546L;
                default -> 0;
            };
            return new dev.flatland.vfs.StatFs(magic, bs, fs.getTotalSpace() / bs, fs.getUnallocatedSpace() / bs,
                    fs.getUsableSpace() / bs, 0, 0, 0, 0, 255, bs, 0);
        } catch (IOException e) {
            throw HostErrors.of(e);
        }
    }

    @Override
    public void truncate(String path, long length) throws ErrnoException {
        changing();
        if (length < 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        Path p = host(path);
        dev.flatland.abi.Stat st = HostStat.of(p, false);
        if (st.isDirectory()) {
            throw new ErrnoException(Errno.EISDIR);
        }
        if (st.type() != dev.flatland.abi.Stat.S_IFREG) {
            // vfs_truncate: only regular files. Opening a host FIFO for writing would also block the
            // JVM's only thread in open(2) until a host reader came (a hang found by sysfuzz).
            throw new ErrnoException(Errno.EINVAL);
        }
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            truncateChannel(ch, length);
        } catch (IOException e) {
            throw HostErrors.of(e);
        }
    }

    @Override
    public void chmod(String path, int mode) throws ErrnoException {
        changing();
        Path p = host(path);
        HostStat.of(p, false);
        setMode(p, mode);
    }

    @Override
    public void setTimes(String path, long atimeNs, long mtimeNs) throws ErrnoException {
        changing();
        Path p = host(path);
        HostStat.of(p, false);
        setTimes(p, atimeNs, mtimeNs);
    }

    /** Sets the times without following a final link (utimensat with AT_SYMLINK_NOFOLLOW on the host). */
    static void setTimes(Path p, long atimeNs, long mtimeNs) throws ErrnoException {
        try {
            Files.getFileAttributeView(p, java.nio.file.attribute.BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(fileTime(mtimeNs), fileTime(atimeNs), null);
        } catch (IOException e) {
            throw HostErrors.of(e);
        } catch (UnsupportedOperationException e) {
            throw new ErrnoException(Errno.EPERM);
        }
    }

    private static java.nio.file.attribute.FileTime fileTime(long ns) {
        return ns == TIME_OMIT ? null : java.nio.file.attribute.FileTime.from(ns, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    @Override
    public void chown(String path, int uid, int gid) throws ErrnoException {
        changing();
        Path p = host(path);
        HostStat.of(p, false);
        setOwner(p, uid, gid);
    }

    /** Sets the numeric owner and group (-1 keeps one) through the "unix" attribute view. */
    static void setOwner(Path p, int uid, int gid) throws ErrnoException {
        try {
            if (uid != -1) {
                Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
            }
            if (gid != -1) {
                Files.setAttribute(p, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
            }
        } catch (IOException e) {
            throw HostErrors.of(e);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            throw new ErrnoException(Errno.EPERM);
        }
    }

    static void setMode(Path p, int mode) throws ErrnoException {
        if (HostNative.available(HostNative.FCHMODAT)) {
            // java.nio opens the file to fchmod it, and open(2) of a host FIFO blocks the JVM's only
            // thread until a host peer comes (a hang found by sysfuzz); fchmodat opens nothing.
            HostNative.fchmodat(p, mode & 07777);
            return;
        }
        try {
            Files.getFileAttributeView(p, java.nio.file.attribute.PosixFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS).setPermissions(perms(mode));
        } catch (IOException e) {
            throw HostErrors.of(e);
        } catch (UnsupportedOperationException e) {
            throw new ErrnoException(Errno.EPERM);
        }
    }

    /** ftruncate semantics over a channel: shrink, or grow with zeros (a zero byte at length-1). */
    static void truncateChannel(FileChannel ch, long length) throws ErrnoException {
        try {
            long size = ch.size();
            if (length < size) {
                ch.truncate(length);
            } else if (length > size) {
                ch.write(java.nio.ByteBuffer.wrap(new byte[1]), length - 1);
            }
        } catch (IOException e) {
            throw HostErrors.of(e);
        }
    }

    /** link(2): the host's link(2) does not follow {@code from} when it is a symbolic link, as Linux's linkat without AT_SYMLINK_FOLLOW. */
    @Override
    public void hardLink(String from, String to) throws ErrnoException {
        changing();
        Path f = host(from);
        Path t = host(to);
        if (HostStat.of(f, false).isDirectory()) {
            throw new ErrnoException(Errno.EPERM);
        }
        if (Files.exists(t, LinkOption.NOFOLLOW_LINKS)) {
            throw new ErrnoException(Errno.EEXIST);
        }
        try {
            Files.createLink(t, f);
        } catch (IOException e) {
            throw HostErrors.of(e);
        } catch (UnsupportedOperationException e) {
            throw new ErrnoException(Errno.EPERM, e.getMessage());
        }
    }

    @Override
    public void symlink(String target, String path) throws ErrnoException {
        changing();
        try {
            Files.createSymbolicLink(host(path), Path.of(target));
        } catch (IOException e) {
            throw HostErrors.of(e);
        } catch (UnsupportedOperationException | java.nio.file.InvalidPathException e) {
            throw new ErrnoException(Errno.EINVAL, e.getMessage());
        }
    }

    /**
     * renameat2 with flags: the host's renameat2 (RENAME_NOREPLACE atomically, RENAME_EXCHANGE where
     * the host file system can), else the VFS default (NOREPLACE by a check, EXCHANGE EINVAL).
     */
    @Override
    public void rename(String from, String to, int flags) throws ErrnoException {
        if (flags == 0 || !HostNative.available(HostNative.RENAMEAT2)) {
            FileSystem.super.rename(from, to, flags);
            return;
        }
        HostNative.renameat2(host(from), host(to), flags);
    }

    /**
     * mknod(2) of an S_IFSOCK node only (what AF_UNIX bind needs): java.nio binds a host unix socket
     * at the path and closes it, which leaves the socket file (the host never removes it), then sets
     * the mode. Other node types are EPERM (java.nio cannot make them). A host path longer than
     * sun_path allows is ENAMETOOLONG.
     */
    @Override
    public void mknod(String path, int mode, long rdev) throws ErrnoException {
        if ((mode & dev.flatland.abi.Stat.S_IFMT) == dev.flatland.abi.Stat.S_IFIFO
                && HostNative.available(HostNative.MKNOD)) {
            Path f = host(path);
            HostNative.mknod(f, mode, 0);   // a host FIFO: Flatland's guests meet in the kernel's pipe for it
            setMode(f, mode & 07777);   // the guest's umask applied, not the JVM's
            return;
        }
        if ((mode & dev.flatland.abi.Stat.S_IFMT) != dev.flatland.abi.Stat.S_IFSOCK) {
            throw new ErrnoException(Errno.EPERM);
        }
        Path p = host(path);
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new ErrnoException(Errno.EEXIST);
        }
        try (var ch = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            ch.bind(java.net.UnixDomainSocketAddress.of(p));
        } catch (java.net.BindException e) {
            throw new ErrnoException(Files.exists(p, LinkOption.NOFOLLOW_LINKS) ? Errno.EEXIST : Errno.EACCES);
        } catch (java.net.SocketException e) {
            throw new ErrnoException(Errno.ENAMETOOLONG, e.getMessage());
        } catch (IOException e) {
            throw HostErrors.of(e);
        } catch (UnsupportedOperationException | java.nio.file.InvalidPathException e) {
            throw new ErrnoException(Errno.EPERM, e.getMessage());
        }
        try {
            Files.setPosixFilePermissions(p, perms(mode));
        } catch (IOException | UnsupportedOperationException e) {
            // the node exists; a mode the host refuses leaves the host's default
        }
    }
}
