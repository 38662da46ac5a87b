package dev.flatland.fs.hostfs;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Fcntl;
import dev.flatland.abi.Stat;
import dev.flatland.vfs.FileSystem;
import dev.flatland.vfs.OpenFile;
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
 * {@code root}/a/b. With root "/" the guest sees the host's files (no confinement yet).
 */
public final class HostFs implements FileSystem {
    private final Path root;

    private HostFs(Path root) {
        this.root = root;
    }

    /** A passthrough of the host tree under {@code root}. */
    public static HostFs create(Path root) {
        return new HostFs(root.toAbsolutePath().normalize());
    }

    private Path host(String path) {
        String rel = path.startsWith("/") ? path.substring(1) : path;
        return rel.isEmpty() ? root : root.resolve(rel);
    }

    @Override
    public OpenFile open(String path, int flags, int mode) throws ErrnoException {
        Path p = host(path);
        boolean trailingSlash = path.endsWith("/") && path.length() > 1;
        int acc = flags & Fcntl.O_ACCMODE;
        if (acc == 3) {
            throw new ErrnoException(Errno.EINVAL);
        }
        boolean exists = Files.exists(p, LinkOption.NOFOLLOW_LINKS) || Files.exists(p);
        if (exists && (flags & Fcntl.O_NOFOLLOW) != 0 && Files.isSymbolicLink(p) && (flags & Fcntl.O_PATH) == 0) {
            throw new ErrnoException(Errno.ELOOP);
        }
        if (Files.isDirectory(p)) {
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
        if (exists && !Files.isRegularFile(p)) {
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
        if ((flags & Fcntl.O_NOFOLLOW) != 0) {
            opts.add(LinkOption.NOFOLLOW_LINKS);
        }
        try {
            FileChannel ch = (flags & Fcntl.O_CREAT) != 0 && !exists
                    ? FileChannel.open(p, opts, PosixFilePermissions.asFileAttribute(perms(mode)))
                    : FileChannel.open(p, opts);
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
        Stat st = HostStat.of(host(path), follow);
        if (path.endsWith("/") && path.length() > 1 && !st.isDirectory()) {
            throw new ErrnoException(Errno.ENOTDIR);
        }
        return st;
    }

    @Override
    public void access(String path, int mode) throws ErrnoException {
        Path p = host(path);
        HostStat.of(p, true);   // ENOENT, ENOTDIR, ELOOP
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
        Path p = host(path);
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new ErrnoException(Errno.EEXIST);
        }
        try {
            Files.createDirectory(p, PosixFilePermissions.asFileAttribute(perms(mode)));
        } catch (IOException e) {
            throw HostErrors.of(e);
        }
    }

    @Override
    public void rmdir(String path) throws ErrnoException {
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

    @Override
    public void truncate(String path, long length) throws ErrnoException {
        if (length < 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        Path p = host(path);
        if (HostStat.of(p, true).isDirectory()) {
            throw new ErrnoException(Errno.EISDIR);
        }
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            truncateChannel(ch, length);
        } catch (IOException e) {
            throw HostErrors.of(e);
        }
    }

    @Override
    public void chmod(String path, int mode) throws ErrnoException {
        Path p = host(path);
        HostStat.of(p, true);
        setMode(p, mode);
    }

    static void setMode(Path p, int mode) throws ErrnoException {
        try {
            Files.setPosixFilePermissions(p, perms(mode));
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

    @Override
    public void symlink(String target, String path) throws ErrnoException {
        try {
            Files.createSymbolicLink(host(path), Path.of(target));
        } catch (IOException e) {
            throw HostErrors.of(e);
        } catch (UnsupportedOperationException | java.nio.file.InvalidPathException e) {
            throw new ErrnoException(Errno.EINVAL, e.getMessage());
        }
    }
}
