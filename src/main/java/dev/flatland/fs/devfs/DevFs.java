package dev.flatland.fs.devfs;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Fcntl;
import dev.flatland.abi.Stat;
import dev.flatland.vfs.DirEntry;
import dev.flatland.vfs.FileSystem;
import dev.flatland.vfs.ListDirectory;
import dev.flatland.vfs.OpenFile;
import dev.flatland.vfs.Redirect;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The guest's /dev: a fixed, flat set of devices, links and (mount-point) directories. Nothing
 * can be created or removed (EACCES for a non-root user, as on a devtmpfs /dev); the links are
 * followed by the VFS (into procfs).
 */
public final class DevFs implements FileSystem {
    private static final long DEV = Stat.encodeDev(0, 6);

    /** A /dev entry: a character device (rdev != 0), a link (target != null) or a directory. */
    record Node(long ino, String name, int mode, long rdev, String target) {
        Stat stat() {
            long size = target == null ? 0 : target.length();
            return new Stat(DEV, ino, mode, (mode & Stat.S_IFMT) == Stat.S_IFDIR ? 2 : 1, 0, 0, rdev, size, 4096, 0,
                    0, 0, 0, 0, 0, 0);
        }
    }

    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Node root = new Node(1, "", Stat.S_IFDIR | 0755, 0, null);
    private final Consumer<byte[]> random;
    private TerminalOpener controllingTerminal = flags -> null;
    private PtyDriver ptys;

    /** Opens the caller's controlling terminal for /dev/tty; null means "use the host's /dev/tty". */
    public interface TerminalOpener {
        OpenFile open(int flags) throws ErrnoException;
    }

    /** Plugs in the kernel's pseudo-terminals for /dev/ptmx and the devpts mount (boot). */
    public void setPtys(PtyDriver driver) {
        ptys = driver;
    }

    /** Plugs in the kernel's controlling-terminal lookup (boot). */
    public void setControllingTerminal(TerminalOpener opener) {
        controllingTerminal = opener;
    }

    /** /dev with {@code random} filling /dev/random and /dev/urandom reads. */
    public DevFs(Consumer<byte[]> random) {
        this.random = random;
        device("null", 1, 3);
        device("zero", 1, 5);
        device("full", 1, 7);
        device("random", 1, 8);
        device("urandom", 1, 9);
        device("tty", 5, 0);
        device("ptmx", 5, 2);
        link("fd", "/proc/self/fd");
        link("stdin", "/proc/self/fd/0");
        link("stdout", "/proc/self/fd/1");
        link("stderr", "/proc/self/fd/2");
        add("shm", Stat.S_IFDIR | 01777, 0, null);   // covered by the tmpfs mount
        add("pts", Stat.S_IFDIR | 0755, 0, null);     // covered by the devpts mount
    }

    private void device(String name, int major, int minor) {
        add(name, Stat.S_IFCHR | 0666, Stat.encodeDev(major, minor), null);
    }

    private void link(String name, String target) {
        add(name, Stat.S_IFLNK | 0777, 0, target);
    }

    private void add(String name, int mode, long rdev, String target) {
        nodes.put(name, new Node(nodes.size() + 2, name, mode, rdev, target));
    }

    @Override
    public String type() {
        return "devtmpfs";
    }

    private static String[] parts(String path) {
        return java.util.Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
    }

    @Override
    public Redirect redirect(String path, boolean followLast) {
        String[] p = parts(path);
        if (p.length == 0) {
            return null;
        }
        Node n = nodes.get(p[0]);
        if (n == null || n.target() == null || (p.length == 1 && !followLast && !path.endsWith("/"))) {
            return null;
        }
        return new Redirect(path.indexOf(p[0]) + p[0].length(), n.target());
    }

    private Node lookup(String path) throws ErrnoException {
        String[] p = parts(path);
        if (p.length == 0) {
            return root;
        }
        Node n = nodes.get(p[0]);
        if (n == null) {
            throw new ErrnoException(Errno.ENOENT);
        }
        if (p.length > 1) {
            throw new ErrnoException((n.mode() & Stat.S_IFMT) == Stat.S_IFDIR ? Errno.ENOENT : Errno.ENOTDIR);
        }
        if (path.endsWith("/") && (n.mode() & Stat.S_IFMT) != Stat.S_IFDIR) {
            throw new ErrnoException(Errno.ENOTDIR);
        }
        return n;
    }

    @Override
    public OpenFile open(String path, int flags, int mode) throws ErrnoException {
        Node n;
        try {
            n = lookup(path);
        } catch (ErrnoException e) {
            throw e.errno() == Errno.ENOENT && (flags & Fcntl.O_CREAT) != 0 ? new ErrnoException(Errno.EACCES) : e;
        }
        if ((flags & (Fcntl.O_CREAT | Fcntl.O_EXCL)) == (Fcntl.O_CREAT | Fcntl.O_EXCL)) {
            throw new ErrnoException(Errno.EEXIST);
        }
        int type = n.mode() & Stat.S_IFMT;
        if (type == Stat.S_IFDIR) {
            if ((flags & Fcntl.O_ACCMODE) != Fcntl.O_RDONLY) {
                throw new ErrnoException(Errno.EISDIR);
            }
            return new ListDirectory(flags, () -> entries(n), n::stat);
        }
        if ((flags & Fcntl.O_DIRECTORY) != 0) {
            throw new ErrnoException(Errno.ENOTDIR);
        }
        if (type == Stat.S_IFLNK) {
            if ((flags & Fcntl.O_PATH) == 0) {
                throw new ErrnoException(Errno.ELOOP);
            }
            return new dev.flatland.vfs.BytesFile(flags, new byte[0], n::stat);
        }
        return switch (n.name()) {
            case "null" -> new NullDevice(n, flags);
            case "zero" -> new ZeroDevice(n, flags);
            case "full" -> new FullDevice(n, flags);
            case "random", "urandom" -> new RandomDevice(n, flags, random);
            case "ptmx" -> {
                if (ptys == null) {
                    throw new ErrnoException(Errno.ENODEV);
                }
                yield ptys.openMaster(flags);
            }
            case "tty" -> {
                OpenFile ctty = controllingTerminal.open(flags);
                yield ctty != null ? ctty : Console.open(n, flags);
            }
            default -> throw new ErrnoException(Errno.ENXIO);
        };
    }

    private List<DirEntry> entries(Node dir) {
        List<DirEntry> l = new ArrayList<>();
        l.add(new DirEntry(dir.ino(), DirEntry.DT_DIR, ".".getBytes(StandardCharsets.UTF_8)));
        l.add(new DirEntry(dir == root ? 1 : root.ino(), DirEntry.DT_DIR, "..".getBytes(StandardCharsets.UTF_8)));
        if (dir == root) {
            for (Node n : nodes.values()) {
                l.add(new DirEntry(n.ino(), DirEntry.typeOf(n.mode()), n.name().getBytes(StandardCharsets.UTF_8)));
            }
        }
        return l;
    }

    @Override
    public Stat stat(String path, boolean follow) throws ErrnoException {
        return lookup(path).stat();
    }

    @Override
    public void access(String path, int mode) throws ErrnoException {
        Node n = lookup(path);
        if ((mode & Fcntl.X_OK) != 0 && (n.mode() & Stat.S_IFMT) != Stat.S_IFDIR) {
            throw new ErrnoException(Errno.EACCES);
        }
        if ((mode & Fcntl.W_OK) != 0 && n == root) {
            throw new ErrnoException(Errno.EACCES);
        }
    }

    @Override
    public byte[] readlink(String path) throws ErrnoException {
        Node n = lookup(path);
        if (n.target() == null) {
            throw new ErrnoException(Errno.EINVAL);
        }
        return n.target().getBytes(StandardCharsets.UTF_8);
    }

    /** Entries exist or not by construction; a user may not change /dev (root-owned 0755). */
    private ErrnoException denied(String path) {
        try {
            lookup(path);
            return new ErrnoException(Errno.EACCES);
        } catch (ErrnoException e) {
            return e.errno() == Errno.ENOENT ? new ErrnoException(Errno.EACCES) : e;
        }
    }

    @Override
    public void unlink(String path) throws ErrnoException {
        lookup(path);
        throw new ErrnoException(Errno.EACCES);
    }

    @Override
    public void mkdir(String path, int mode) throws ErrnoException {
        throw parts(path).length == 1 && nodes.containsKey(parts(path)[0]) ? new ErrnoException(Errno.EEXIST) : denied(path);
    }

    @Override
    public void rmdir(String path) throws ErrnoException {
        throw denied(path);
    }

    @Override
    public void rename(String from, String to) throws ErrnoException {
        lookup(from);
        throw new ErrnoException(Errno.EACCES);
    }

    @Override
    public void truncate(String path, long length) throws ErrnoException {
        Node n = lookup(path);
        if ((n.mode() & Stat.S_IFMT) == Stat.S_IFDIR) {
            throw new ErrnoException(Errno.EISDIR);
        }
        // truncating a character device is a no-op that succeeds (do_truncate on a non-regular inode)
    }

    @Override
    public void chmod(String path, int mode) throws ErrnoException {
        lookup(path);
        throw new ErrnoException(Errno.EPERM);
    }

    @Override
    public void symlink(String target, String path) throws ErrnoException {
        throw parts(path).length == 1 && nodes.containsKey(parts(path)[0]) ? new ErrnoException(Errno.EEXIST) : denied(path);
    }
}
