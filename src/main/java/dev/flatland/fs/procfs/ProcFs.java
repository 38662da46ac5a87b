package dev.flatland.fs.procfs;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Fcntl;
import dev.flatland.abi.Stat;
import dev.flatland.kernel.Kernel;
import dev.flatland.kernel.Task;
import dev.flatland.kernel.ThreadGroup;
import dev.flatland.vfs.BytesFile;
import dev.flatland.vfs.DirEntry;
import dev.flatland.vfs.FileSystem;
import dev.flatland.vfs.ListDirectory;
import dev.flatland.vfs.OpenFile;
import dev.flatland.vfs.Redirect;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * /proc: every entry is built on lookup from read-only kernel views, and file contents are
 * generated at open (a snapshot, like seq_file for small files). Links ("self", "exe", "cwd",
 * "fd/N") are reported through {@link #redirect} so the VFS follows them; an fd link whose file
 * has no path (a pipe, the host's stdio) opens the same open file description, as Linux's magic
 * links do. Nothing can be created or removed (EACCES/EPERM as for a non-root user).
 */
public final class ProcFs implements FileSystem {
    static final long DEV = Stat.encodeDev(0, 21);
    private static final List<String> ROOT = List.of("self", "meminfo", "buddyinfo", "maps", "mounts",
            "filesystems", "cpuinfo", "uptime", "loadavg", "version", "sys", "stat");
    static final List<String> PID = List.of("cmdline", "comm", "cwd", "environ", "exe", "fd", "fdinfo", "maps",
            "mountinfo", "mounts", "root", "stat", "statm", "status", "task");

    private final Kernel kernel;
    private final Cpuid cpuid;

    /** The CPUID instruction as the guest sees it (cpu.CpuFeatures::cpuid), for /proc/cpuinfo. */
    @FunctionalInterface
    public interface Cpuid {
        void cpuid(int eax, int ecx, int[] out);
    }

    public ProcFs(Kernel kernel, Cpuid cpuid) {
        this.kernel = kernel;
        this.cpuid = cpuid;
    }

    @Override
    public String type() {
        return "proc";
    }

    /** The process making the call, or null outside a run. */
    private ThreadGroup self() {
        Task t = kernel.current();
        return t == null ? null : t.group();
    }

    /** The live or zombie process with {@code tgid}, or null. */
    private ThreadGroup process(int tgid) {
        return kernel.processes().group(tgid);
    }

    private List<String> rootChildren() {
        List<String> l = new ArrayList<>(ROOT);
        for (int tgid : kernel.processes().tgids()) {
            l.add(Integer.toString(tgid));
        }
        return l;
    }

    private static String[] parts(String path) {
        return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
    }

    private static long ino(String path) {
        return (path.hashCode() & 0x7fff_ffffL) + 2;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The node at the path made of {@code p[0..n)}, links not followed. */
    private ProcNode lookup(String[] p, int n) throws ErrnoException {
        String path = "/" + String.join("/", Arrays.copyOf(p, n));
        if (n == 0) {
            return new ProcNode.Dir(1, 0555, this::rootChildren);
        }
        String first = p[0];
        if (first.equals("self")) {
            ThreadGroup g = self();
            if (g == null) {
                throw new ErrnoException(Errno.ENOENT);
            }
            if (n == 1) {
                return new ProcNode.Link(ino(path), Integer.toString(g.tgid()));
            }
            throw new ErrnoException(Errno.ENOENT);   // the VFS follows "self" before getting here
        }
        if (!first.isEmpty() && first.chars().allMatch(Character::isDigit) && first.length() < 10) {
            ThreadGroup g = process(Integer.parseInt(first));
            if (g == null) {
                throw new ErrnoException(Errno.ENOENT);
            }
            return ProcPid.lookup(kernel, g, p, n, path);
        }
        if (n == 1) {
            return switch (first) {
                case "sys" -> new ProcNode.Dir(ino(path), 0555, () -> List.of("kernel", "vm"));
                case "meminfo" -> file(path, () -> ProcSystem.meminfo(kernel));
                case "buddyinfo" -> file(path, () -> ProcSystem.buddyinfo(kernel));
                case "maps" -> file(path, () -> ProcSystem.maps(kernel));
                case "mounts" -> file(path, () -> ProcSystem.mounts(kernel));
                case "filesystems" -> file(path, () -> ProcSystem.filesystems(kernel));
                case "cpuinfo" -> file(path, () -> ProcSystem.cpuinfo(cpuid));
                case "uptime" -> file(path, () -> ProcSystem.uptime(kernel));
                case "loadavg" -> file(path, () -> ProcSystem.loadavg(kernel));
                case "stat" -> file(path, () -> ProcSystem.stat(kernel));
                case "version" -> file(path, () -> ProcSystem.VERSION_LINE + "\n");
                default -> throw new ErrnoException(Errno.ENOENT);
            };
        }
        if (first.equals("sys")) {
            return ProcSystem.sysctl(kernel, p, n, path);
        }
        lookup(p, 1);   // ENOENT for a missing first component, else ENOTDIR below a file
        throw new ErrnoException(Errno.ENOTDIR);
    }

    static ProcNode.File file(String path, java.util.function.Supplier<String> text) {
        return new ProcNode.File(ino(path), () -> ascii(text.get()), null);
    }

    static long inoOf(String path) {
        return ino(path);
    }

    private ProcNode lookup(String path) throws ErrnoException {
        String[] p = parts(path);
        ProcNode node = lookup(p, p.length);
        if (path.endsWith("/") && !(node instanceof ProcNode.Dir)) {
            throw new ErrnoException(Errno.ENOTDIR);
        }
        return node;
    }

    @Override
    public Redirect redirect(String path, boolean followLast) throws ErrnoException {
        String[] p = parts(path);
        int consumed = 0;
        for (int i = 0; i < p.length; i++) {
            consumed = path.indexOf(p[i], consumed) + p[i].length();
            boolean last = i == p.length - 1;
            if (last && !followLast && !path.endsWith("/")) {
                return null;
            }
            ProcNode n;
            try {
                n = lookup(p, i + 1);
            } catch (ErrnoException e) {
                return null;   // the operation itself reports it
            }
            if (n instanceof ProcNode.Link l && l.target() != null) {
                return new Redirect(consumed, l.target());
            }
        }
        return null;
    }

    private Stat stat(ProcNode n) {
        long now = kernel.clock().realtimeNs();
        int mode = switch (n) {
            case ProcNode.Dir d -> Stat.S_IFDIR | d.perm();
            case ProcNode.File f -> Stat.S_IFREG | (f.writer() == null ? 0444 : 0644);
            case ProcNode.Link l -> Stat.S_IFLNK | 0777;
        };
        return new Stat(DEV, n.ino(), mode, n instanceof ProcNode.Dir ? 2 : 1, Kernel.UID, Kernel.GID, 0, 0, 1024, 0,
                now / 1_000_000_000L, now % 1_000_000_000L, now / 1_000_000_000L, now % 1_000_000_000L,
                now / 1_000_000_000L, now % 1_000_000_000L);
    }

    @Override
    public OpenFile open(String path, int flags, int mode) throws ErrnoException {
        ProcNode n;
        try {
            n = lookup(path);
        } catch (ErrnoException e) {
            throw e.errno() == Errno.ENOENT && (flags & Fcntl.O_CREAT) != 0 ? new ErrnoException(Errno.EACCES) : e;
        }
        if ((flags & (Fcntl.O_CREAT | Fcntl.O_EXCL)) == (Fcntl.O_CREAT | Fcntl.O_EXCL)) {
            throw new ErrnoException(Errno.EEXIST);
        }
        Stat st = stat(n);
        int acc = flags & Fcntl.O_ACCMODE;
        switch (n) {
            case ProcNode.Dir d -> {
                if (acc != Fcntl.O_RDONLY) {
                    throw new ErrnoException(Errno.EISDIR);
                }
                return new ListDirectory(flags, () -> entries(path, d), () -> st);
            }
            case ProcNode.Link l -> {
                if (l.target() == null && ProcPid.fdFile(kernel, path) instanceof OpenFile f) {
                    return f.get();   // a magic link to a pathless file: the same description
                }
                if ((flags & Fcntl.O_PATH) == 0) {
                    throw new ErrnoException(Errno.ELOOP);
                }
                return new BytesFile(flags, new byte[0], () -> st);
            }
            case ProcNode.File f -> {
                if ((flags & Fcntl.O_DIRECTORY) != 0) {
                    throw new ErrnoException(Errno.ENOTDIR);
                }
                if (acc != Fcntl.O_RDONLY && f.writer() == null) {
                    throw new ErrnoException(Errno.EACCES);
                }
                return new ProcFile(flags, f, st);
            }
        }
    }

    private List<DirEntry> entries(String path, ProcNode.Dir d) {
        List<DirEntry> l = new ArrayList<>();
        l.add(new DirEntry(d.ino(), DirEntry.DT_DIR, ascii(".")));
        l.add(new DirEntry(1, DirEntry.DT_DIR, ascii("..")));
        String base = path.endsWith("/") ? path : path + "/";
        for (String c : d.children().get()) {
            try {
                ProcNode n = lookup(base + c);
                int type = switch (n) {
                    case ProcNode.Dir x -> DirEntry.DT_DIR;
                    case ProcNode.File x -> DirEntry.DT_REG;
                    case ProcNode.Link x -> DirEntry.DT_LNK;
                };
                l.add(new DirEntry(n.ino(), type, ascii(c)));
            } catch (ErrnoException e) {
                // vanished between listing and lookup (a closed fd): not listed, as Linux skips it
            }
        }
        return l;
    }

    @Override
    public Stat stat(String path, boolean follow) throws ErrnoException {
        ProcNode n = lookup(path);
        if (follow && n instanceof ProcNode.Link l && l.target() == null
                && ProcPid.fdFile(kernel, path) instanceof OpenFile f) {
            return f.stat();   // stat through a magic link: the open file itself (a pipe, the host's stdio)
        }
        return stat(n);
    }

    @Override
    public void access(String path, int mode) throws ErrnoException {
        ProcNode n = lookup(path);
        if ((mode & Fcntl.W_OK) != 0 && !(n instanceof ProcNode.File f && f.writer() != null)) {
            throw new ErrnoException(Errno.EACCES);
        }
        if ((mode & Fcntl.X_OK) != 0 && n instanceof ProcNode.File) {
            throw new ErrnoException(Errno.EACCES);
        }
    }

    @Override
    public byte[] readlink(String path) throws ErrnoException {
        if (lookup(path) instanceof ProcNode.Link l) {
            return ascii(l.target() != null ? l.target() : ProcPid.fdLinkText(kernel, path));
        }
        throw new ErrnoException(Errno.EINVAL);
    }

    @Override
    public void unlink(String path) throws ErrnoException {
        lookup(path);
        throw new ErrnoException(Errno.EACCES);
    }

    @Override
    public void mkdir(String path, int mode) throws ErrnoException {
        try {
            lookup(path);
        } catch (ErrnoException e) {
            throw e.errno() == Errno.ENOENT ? new ErrnoException(Errno.EACCES) : e;
        }
        throw new ErrnoException(Errno.EEXIST);
    }

    @Override
    public void rmdir(String path) throws ErrnoException {
        lookup(path);
        throw new ErrnoException(Errno.EACCES);
    }

    @Override
    public void rename(String from, String to) throws ErrnoException {
        lookup(from);
        throw new ErrnoException(Errno.EACCES);
    }

    @Override
    public void truncate(String path, long length) throws ErrnoException {
        if (lookup(path) instanceof ProcNode.File f && f.writer() != null) {
            return;   // O_TRUNC/truncate on a sysctl is accepted and ignored
        }
        throw new ErrnoException(Errno.EACCES);
    }

    @Override
    public void chmod(String path, int mode) throws ErrnoException {
        lookup(path);
        throw new ErrnoException(Errno.EPERM);
    }

    /** An open /proc file: the snapshot taken at open, and writes passed to the writer as text. */
    private static final class ProcFile extends BytesFile {
        private final ProcNode.File node;

        ProcFile(int flags, ProcNode.File node, Stat st) {
            super(flags, (flags & Fcntl.O_ACCMODE) == Fcntl.O_WRONLY ? new byte[0] : node.content().get(), () -> st);
            this.node = node;
        }

        @Override
        public int write(byte[] b, int off, int len) throws ErrnoException {
            if (node.writer() == null) {
                throw new ErrnoException(Errno.EBADF);
            }
            node.writer().write(new String(b, off, len, StandardCharsets.UTF_8));
            return len;
        }

        @Override
        public void truncate(long length) {
        }
    }
}
