package dev.flatland.fs.procfs;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Fcntl;
import dev.flatland.abi.Mman;
import dev.flatland.abi.Stat;
import dev.flatland.kernel.Kernel;
import dev.flatland.kernel.Mapping;
import dev.flatland.kernel.Mm;
import dev.flatland.kernel.Task;
import dev.flatland.kernel.ThreadGroup;
import dev.flatland.memory.GuestMemory;
import dev.flatland.vfs.OpenFile;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** /proc/PID: the per-process files, with the nommu forms of maps and status (fs/proc/task_nommu.c). */
final class ProcPid {
    /** seq_setwidth(m, 25 + sizeof(void *) * 6 - 1): the column where a maps line's name starts. */
    static final int MAPS_NAME_COLUMN = 25 + 8 * 6 - 1;

    private ProcPid() {
    }

    static ProcNode lookup(Kernel kernel, ThreadGroup g, String[] p, int n, String path) throws ErrnoException {
        if (n == 1) {
            return new ProcNode.Dir(ProcFs.inoOf(path), 0555, () -> ProcFs.PID);
        }
        if (n == 2) {
            return switch (p[1]) {
                case "cmdline" -> bytes(path, () -> nulJoined(g.argv()));
                case "environ" -> bytes(path, () -> nulJoined(g.envp()));
                case "comm" -> ProcFs.file(path, () -> g.comm() + "\n");
                case "maps" -> ProcFs.file(path, () -> maps(g.mm()));
                case "status" -> ProcFs.file(path, () -> status(g));
                case "stat" -> ProcFs.file(path, () -> stat(kernel, g));
                case "statm" -> ProcFs.file(path, () -> statm(g.mm()));
                case "exe" -> new ProcNode.Link(ProcFs.inoOf(path), g.exePath());
                case "cwd" -> new ProcNode.Link(ProcFs.inoOf(path), g.cwd());
                case "fd" -> new ProcNode.Dir(ProcFs.inoOf(path), 0500,
                        () -> g.fds().openFds().stream().map(String::valueOf).toList());
                case "fdinfo" -> new ProcNode.Dir(ProcFs.inoOf(path), 0500,
                        () -> g.fds().openFds().stream().map(String::valueOf).toList());
                case "root" -> new ProcNode.Link(ProcFs.inoOf(path), "/");   // the guest's root, as the guest sees it
                case "mounts" -> ProcFs.file(path, () -> ProcSystem.mounts(kernel));
                case "mountinfo" -> ProcFs.file(path, () -> ProcSystem.mountinfo(kernel));
                case "task" -> new ProcNode.Dir(ProcFs.inoOf(path), 0555,
                        () -> liveTasks(g).stream().map(t -> Integer.toString(t.tid())).toList());
                default -> throw new ErrnoException(Errno.ENOENT);
            };
        }
        if (n == 3 && p[1].equals("fd")) {
            OpenFile f = fd(g, p[2]);
            return new ProcNode.Link(ProcFs.inoOf(path), f.path());
        }
        if (n == 3 && p[1].equals("fdinfo")) {
            OpenFile f = fd(g, p[2]);
            int fd = Integer.parseInt(p[2]);
            return ProcFs.file(path, () -> fdinfo(g, fd, f));
        }
        if (p[1].equals("task") && n >= 3) {
            Task t = task(g, p[2]);
            if (n == 3) {
                return new ProcNode.Dir(ProcFs.inoOf(path), 0555, () -> TASK);
            }
            if (n == 4) {
                return switch (p[3]) {
                    case "comm" -> ProcFs.file(path, () -> g.comm() + "\n");
                    case "stat" -> ProcFs.file(path, () -> stat(kernel, g, t.tid()));
                    case "status" -> ProcFs.file(path, () -> status(g, t.tid()));
                    default -> throw new ErrnoException(Errno.ENOENT);
                };
            }
            throw new ErrnoException(TASK.contains(p[3]) ? Errno.ENOTDIR : Errno.ENOENT);
        }
        if (!ProcFs.PID.contains(p[1])) {
            throw new ErrnoException(Errno.ENOENT);
        }
        throw new ErrnoException(p[1].equals("fd") ? Errno.ENOENT : Errno.ENOTDIR);
    }

    /** The threads that have not exited (a zombie process keeps its leader, as Linux lists it). */
    static List<Task> liveTasks(ThreadGroup g) {
        List<Task> l = g.tasks().stream().filter(t -> !t.exited()).toList();
        return l.isEmpty() && !g.tasks().isEmpty() ? List.of(g.tasks().get(0)) : l;
    }

    /** The entries of /proc/PID/task/TID. */
    static final List<String> TASK = List.of("comm", "stat", "status");

    private static Task task(ThreadGroup g, String name) throws ErrnoException {
        if (name.isEmpty() || name.length() > 9 || !name.chars().allMatch(Character::isDigit)) {
            throw new ErrnoException(Errno.ENOENT);
        }
        int tid = Integer.parseInt(name);
        for (Task t : liveTasks(g)) {
            if (t.tid() == tid) {
                return t;
            }
        }
        throw new ErrnoException(Errno.ENOENT);
    }

    /**
     * /proc/PID/fdinfo/N (fs/proc/fd.c seq_show): the position, the status flags in octal with
     * O_CLOEXEC from the descriptor (open's O_CREAT/O_EXCL/O_NOCTTY/O_TRUNC are not kept), the
     * mount id and the inode number.
     */
    static String fdinfo(ThreadGroup g, int fd, OpenFile f) {
        long pos;
        try {
            pos = f.seek(0, Fcntl.SEEK_CUR);
        } catch (ErrnoException e) {
            pos = f.dirPosition();
        }
        int flags = f.flags() & ~(Fcntl.O_CREAT | Fcntl.O_EXCL | Fcntl.O_NOCTTY | Fcntl.O_TRUNC | Fcntl.O_CLOEXEC);
        try {
            if (g.fds().closeOnExec(fd)) {
                flags |= Fcntl.O_CLOEXEC;
            }
        } catch (ErrnoException e) {
            // closed meanwhile: shown without it
        }
        long ino = 0;
        try {
            ino = f.stat().ino();
        } catch (ErrnoException e) {
            // a file that cannot stat shows inode 0
        }
        int mnt = f.mount() != null ? f.mount().id() : PSEUDO_MOUNT_ID;
        return "pos:\t" + pos + "\nflags:\t0" + Integer.toOctalString(flags) + "\nmnt_id:\t" + mnt + "\nino:\t" + ino + "\n";
    }

    /** The mount id shown for files of the kernel's internal mounts (pipefs, anon_inodefs). */
    static final int PSEUDO_MOUNT_ID = 15;

    private static OpenFile fd(ThreadGroup g, String name) throws ErrnoException {
        if (name.isEmpty() || name.length() > 9 || !name.chars().allMatch(Character::isDigit)) {
            throw new ErrnoException(Errno.ENOENT);
        }
        try {
            return g.fds().get(Integer.parseInt(name));
        } catch (ErrnoException e) {
            throw new ErrnoException(Errno.ENOENT);
        }
    }

    /** The caller's open file named by ".../PID/fd/N", or null. */
    static OpenFile fdFile(Kernel kernel, String path) {
        String[] p = java.util.Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
        Task t = kernel.current();
        if (t == null || p.length != 3 || !p[1].equals("fd") || !p[0].equals(Integer.toString(t.group().tgid()))) {
            return null;
        }
        try {
            return fd(t.group(), p[2]);
        } catch (ErrnoException e) {
            return null;
        }
    }

    /** readlink of a magic fd link to a pathless file: "anon_inode:[KIND]" naming the file's class. */
    static String fdLinkText(Kernel kernel, String path) {
        OpenFile f = fdFile(kernel, path);
        String text = f == null ? null : f.linkText();
        return text != null ? text : "anon_inode:[" + (f == null ? "unknown" : f.getClass().getSimpleName()) + "]";
    }

    private static ProcNode.File bytes(String path, java.util.function.Supplier<byte[]> b) {
        return new ProcNode.File(ProcFs.inoOf(path), b, null);
    }

    private static byte[] nulJoined(List<byte[]> list) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] b : list) {
            out.write(b, 0, b.length);
            out.write(0);
        }
        return out.toByteArray();
    }

    /** One maps line as nommu_vma_show/nommu_region_show print it. */
    static String mapsLine(long start, long end, int prot, char share, long offset, long dev, long ino, String name) {
        StringBuilder sb = new StringBuilder(String.format("%08x-%08x %c%c%c%c %08x %02x:%02x %d ", start, end,
                (prot & Mman.PROT_READ) != 0 ? 'r' : '-', (prot & Mman.PROT_WRITE) != 0 ? 'w' : '-',
                (prot & Mman.PROT_EXEC) != 0 ? 'x' : '-', share, offset, Stat.major(dev), Stat.minor(dev), ino));
        if (name != null) {
            while (sb.length() < MAPS_NAME_COLUMN) {   // seq_pad(m, ' ')
                sb.append(' ');
            }
            sb.append(' ').append(name);
        }
        return sb.append('\n').toString();
    }

    /** VM_MAYSHARE: 'S' with VM_SHARED (MAP_SHARED), 's' without; 'p' otherwise. */
    static char shareFlag(Mapping m) {
        return m.mayShare() ? ((m.flags() & Mman.MAP_SHARED) != 0 ? 'S' : 's') : 'p';
    }

    /** /proc/PID/maps: one line per mapping; only the mapping holding start_stack is labelled. */
    static String maps(Mm mm) {
        StringBuilder sb = new StringBuilder();
        for (Mapping m : mm.mappings()) {
            long dev = 0;
            long ino = 0;
            String name = null;
            if (!m.isAnonymous()) {
                try {
                    Stat st = m.file().stat();
                    dev = st.dev();
                    ino = st.ino();
                } catch (ErrnoException e) {
                    // a file that cannot stat any more shows as 00:00 0, its path still printed
                }
                name = m.file().path() == null ? "" : m.file().path();
            } else if (m.start() < mm.startStack() && m.end() >= mm.startStack()) {
                // the stack block (start_stack is its end): not a mapping that merely starts there
                name = "[stack]";
            }
            sb.append(mapsLine(m.start(), m.end(), m.prot(), shareFlag(m),
                    m.isAnonymous() ? 0 : m.pgoff() << GuestMemory.PAGE_SHIFT, dev, ino, name));
        }
        return sb.toString();
    }

    /** Mem/Slack/Shared in bytes as task_mem (task_nommu.c) sums them over the regions. */
    static long[] memSlackShared(Mm mm) {
        long bytes = 0;
        long slack = 0;
        long shared = 0;
        for (Mapping m : mm.mappings()) {
            long region = m.regionTop() - m.regionStart();
            if (m.mayShare()) {
                shared += region;
            } else {
                bytes += region;
                slack += m.regionTop() - m.end();
            }
        }
        return new long[] {bytes, slack, shared};
    }

    static String status(ThreadGroup g) {
        return status(g, g.tgid());
    }

    /** /proc/PID/status, or /proc/PID/task/TID/status for thread {@code tid} (Pid: is the thread's id). */
    static String status(ThreadGroup g, int tid) {
        long[] mem = memSlackShared(g.mm());
        StringBuilder sb = new StringBuilder();
        sb.append("Name:\t").append(g.comm()).append('\n');
        sb.append(String.format("Umask:\t%04o%n", g.umask()));
        sb.append("State:\t").append(state(g, tid)).append('\n');
        sb.append("Tgid:\t").append(g.tgid()).append('\n');
        sb.append("Ngid:\t0\n");
        sb.append("Pid:\t").append(tid).append('\n');
        sb.append("PPid:\t").append(g.ppid()).append('\n');
        sb.append("TracerPid:\t0\n");
        dev.flatland.kernel.Credentials c = g.credentials();
        sb.append(String.format("Uid:\t%d\t%d\t%d\t%d%n", c.ruid(), c.euid(), c.suid(), c.fsuid()));
        sb.append(String.format("Gid:\t%d\t%d\t%d\t%d%n", c.rgid(), c.egid(), c.sgid(), c.fsgid()));
        sb.append("FDSize:\t64\n");
        StringBuilder groups = new StringBuilder();
        for (int gid : c.groups()) {
            groups.append(gid).append(' ');
        }
        sb.append("Groups:\t").append(groups).append('\n');
        sb.append(String.format("Mem:\t%8d bytes%nSlack:\t%8d bytes%nShared:\t%8d bytes%n", mem[0], mem[1], mem[2]));
        sb.append("Threads:\t").append(liveTasks(g).size()).append('\n');
        return sb.toString();
    }

    /**
     * The task state as get_task_state names it: Z for an unreaped process, T for a job-control stop,
     * S for a task parked in a blocking syscall, else R.
     */
    static String state(ThreadGroup g, int tid) {
        if (g.exited()) {
            return "Z (zombie)";
        }
        if (g.jobStopped()) {
            return "T (stopped)";
        }
        for (Task t : g.tasks()) {
            if (t.tid() == tid) {
                return t.exited() ? "Z (zombie)" : t.kernel().scheduler().isParked(t) ? "S (sleeping)" : "R (running)";
            }
        }
        return "R (running)";
    }

    /** /proc/PID/stat: the 52 fields of do_task_state; times, faults and ids not tracked are 0. */
    static String stat(Kernel kernel, ThreadGroup g) {
        return stat(kernel, g, g.tgid());
    }

    /** /proc/PID/stat, or the task/TID/stat of thread {@code tid} (its first field is the thread's id). */
    static String stat(Kernel kernel, ThreadGroup g, int tid) {
        List<Object> f = new ArrayList<>();
        f.add(tid);
        f.add("(" + g.comm() + ")");
        f.add(state(g, tid).substring(0, 1));
        f.add(g.ppid());
        f.add(g.pgid());
        f.add(g.sid());
        for (int i = 0; i < 11; i++) {
            f.add(i == 1 ? -1 : 0);   // fields 7-17: tty_nr, tpgid, flags, 4 fault counts, utime, stime, cutime, cstime
        }
        f.add(20);   // 18 priority (a nice-0 normal task)
        f.add(0);    // 19 nice
        f.add(liveTasks(g).size());   // 20 num_threads
        f.add(0);    // 21 itrealvalue
        f.add(0);    // 22 starttime
        long[] mem = memSlackShared(g.mm());
        f.add(mem[0] + mem[2]);                                  // 23 vsize
        f.add((mem[0] + mem[2]) >> GuestMemory.PAGE_SHIFT);      // 24 rss
        f.add(Long.toUnsignedString(-1L));                       // 25 rsslim
        f.add(0);
        f.add(0);
        f.add(g.mm().startStack());                              // 28 startstack
        while (f.size() < 52) {
            f.add(0);
        }
        StringBuilder sb = new StringBuilder();
        for (Object o : f) {
            sb.append(sb.isEmpty() ? "" : " ").append(o);
        }
        return sb.append('\n').toString();
    }

    /** /proc/PID/statm in pages: size resident shared text lib data dt (task_statm, nommu). */
    static String statm(Mm mm) {
        long[] mem = memSlackShared(mm);
        long size = (mem[0] + mem[2]) >> GuestMemory.PAGE_SHIFT;
        long shared = mem[2] >> GuestMemory.PAGE_SHIFT;
        return size + " " + size + " " + shared + " 0 0 " + (size - shared) + " 0\n";
    }
}
