package dev.flatland.fs.devfs;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Fcntl;
import dev.flatland.abi.Stat;
import dev.flatland.vfs.DirEntry;
import dev.flatland.vfs.FileSystem;
import dev.flatland.vfs.ListDirectory;
import dev.flatland.vfs.OpenFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * devpts (fs/devpts/inode.c) mounted at /dev/pts: one character device N (136:N) per live
 * pseudo-terminal and "ptmx" (5:2, mode 0000 as with ptmxmode=000). Entries appear and vanish
 * with the ptys; nothing can be created (open O_CREAT: EACCES; mkdir, symlink: EPERM), removed or
 * renamed (EPERM). chmod is EPERM here (Linux lets root change the inode's mode).
 */
public final class DevPts implements FileSystem {
    /** devpts's own inode numbers: root 1, ptmx 2, pty N is N + 3 (as Linux numbers them). */
    private static final long ROOT_INO = 1;
    private static final long PTMX_INO = 2;

    private final PtyDriver ptys;

    public DevPts(PtyDriver ptys) {
        this.ptys = ptys;
    }

    @Override
    public String type() {
        return "devpts";
    }

    private static Stat dirStat() {
        return new Stat(devptsDev(), ROOT_INO, Stat.S_IFDIR | 0755, 2, 0, 0, 0, 0, 1024, 0, 0, 0, 0, 0, 0, 0);
    }

    private static Stat ptmxStat() {
        return new Stat(devptsDev(), PTMX_INO, Stat.S_IFCHR, 1, 0, 0, Stat.encodeDev(5, 2), 0, 1024, 0, 0, 0, 0, 0,
                0, 0);
    }

    private static long devptsDev() {
        return Stat.encodeDev(0, 25);
    }

    /** The entry named by {@code path}: "" the root, "ptmx", or a pty number (-1 root, -2 ptmx). */
    private int entry(String path) throws ErrnoException {
        String p = path;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        boolean slash = p.endsWith("/");
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.isEmpty()) {
            return -1;
        }
        if (p.contains("/")) {
            String first = p.substring(0, p.indexOf('/'));
            entry(first);
            throw new ErrnoException(Errno.ENOTDIR);
        }
        int n;
        if (p.equals("ptmx")) {
            n = -2;
        } else if (p.length() < 10 && p.chars().allMatch(Character::isDigit) && (p.length() == 1 || p.charAt(0) != '0')) {
            n = Integer.parseInt(p);
            ptys.slaveStat(n);   // ENOENT for no such pty
        } else {
            throw new ErrnoException(Errno.ENOENT);
        }
        if (slash) {
            throw new ErrnoException(Errno.ENOTDIR);
        }
        return n;
    }

    @Override
    public OpenFile open(String path, int flags, int mode) throws ErrnoException {
        int n;
        try {
            n = entry(path);
        } catch (ErrnoException e) {
            throw e.errno() == Errno.ENOENT && (flags & Fcntl.O_CREAT) != 0 ? new ErrnoException(Errno.EACCES) : e;
        }
        if ((flags & (Fcntl.O_CREAT | Fcntl.O_EXCL)) == (Fcntl.O_CREAT | Fcntl.O_EXCL)) {
            throw new ErrnoException(Errno.EEXIST);
        }
        if (n == -1) {
            if ((flags & Fcntl.O_ACCMODE) != Fcntl.O_RDONLY) {
                throw new ErrnoException(Errno.EISDIR);
            }
            return new ListDirectory(flags, this::entries, DevPts::dirStat);
        }
        if ((flags & Fcntl.O_DIRECTORY) != 0) {
            throw new ErrnoException(Errno.ENOTDIR);
        }
        return n == -2 ? ptys.openMaster(flags) : ptys.openSlave(n, flags);
    }

    private List<DirEntry> entries() {
        List<DirEntry> l = new ArrayList<>();
        l.add(new DirEntry(ROOT_INO, DirEntry.DT_DIR, bytes(".")));
        l.add(new DirEntry(ROOT_INO, DirEntry.DT_DIR, bytes("..")));
        l.add(new DirEntry(PTMX_INO, DirEntry.typeOf(Stat.S_IFCHR), bytes("ptmx")));
        for (int n : ptys.indices()) {
            l.add(new DirEntry(n + 3L, DirEntry.typeOf(Stat.S_IFCHR), bytes(Integer.toString(n))));
        }
        return l;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Stat stat(String path, boolean follow) throws ErrnoException {
        int n = entry(path);
        return n == -1 ? dirStat() : n == -2 ? ptmxStat() : ptys.slaveStat(n);
    }

    @Override
    public void access(String path, int mode) throws ErrnoException {
        int n = entry(path);
        if ((mode & Fcntl.X_OK) != 0 && n != -1) {
            throw new ErrnoException(Errno.EACCES);
        }
        if ((mode & Fcntl.W_OK) != 0 && n == -1) {
            throw new ErrnoException(Errno.EACCES);
        }
    }

    @Override
    public byte[] readlink(String path) throws ErrnoException {
        entry(path);
        throw new ErrnoException(Errno.EINVAL);
    }

    @Override
    public void unlink(String path) throws ErrnoException {
        entry(path);
        throw new ErrnoException(Errno.EPERM);
    }

    @Override
    public void mkdir(String path, int mode) throws ErrnoException {
        try {
            entry(path);
        } catch (ErrnoException e) {
            throw e.errno() == Errno.ENOENT ? new ErrnoException(Errno.EPERM) : e;   // vfs_mkdir: no mkdir op
        }
        throw new ErrnoException(Errno.EEXIST);
    }

    @Override
    public void rmdir(String path) throws ErrnoException {
        int n = entry(path);
        throw new ErrnoException(n == -1 ? Errno.EBUSY : Errno.ENOTDIR);
    }

    @Override
    public void rename(String from, String to) throws ErrnoException {
        entry(from);
        throw new ErrnoException(Errno.EPERM);
    }

    @Override
    public void truncate(String path, long length) throws ErrnoException {
        if (entry(path) == -1) {
            throw new ErrnoException(Errno.EISDIR);
        }
    }

    @Override
    public void chmod(String path, int mode) throws ErrnoException {
        entry(path);
        throw new ErrnoException(Errno.EPERM);
    }
}
