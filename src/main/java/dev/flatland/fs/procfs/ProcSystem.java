package dev.flatland.fs.procfs;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.kernel.Kernel;
import dev.flatland.kernel.Mapping;
import dev.flatland.kernel.ThreadGroup;
import dev.flatland.memory.GuestMemory;
import dev.flatland.memory.PageAllocator;
import dev.flatland.vfs.Mount;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/** The system-wide /proc files and /proc/sys. */
final class ProcSystem {
    /** Kept equal to uname(2)'s fields (syscall.SystemInfoSyscalls). */
    static final String OSTYPE = "Linux";
    static final String RELEASE = "6.1.0-flatland-nommu";
    static final String UTS_VERSION = "#1 Flatland nommu (CONFIG_MMU=n)";
    /** linux_proc_banner: "%s version %s (%s) %s". */
    static final String VERSION_LINE = OSTYPE + " version " + RELEASE + " (flatland@flatland) " + UTS_VERSION;
    /** kernel.pid_max's default (PID_MAX_DEFAULT). */
    static final int PID_MAX = 32768;

    private ProcSystem() {
    }

    /** show_val_kb: the label padded to 16 columns, the value in kB right-aligned in 8. */
    private static String kb(String label, long pages) {
        return String.format("%-16s%8d kB%n", label + ":", pages << (GuestMemory.PAGE_SHIFT - 10));
    }

    /** Every process's mappings (vfork children share their parent's mm: regions dedup by start). */
    private static List<Mapping> allMappings(Kernel k) {
        List<Mapping> l = new java.util.ArrayList<>();
        Set<Object> mms = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (int tgid : k.processes().tgids()) {
            ThreadGroup g = k.processes().group(tgid);
            if (g != null && !g.exited() && mms.add(g.mm())) {
                l.addAll(g.mm().mappings());
            }
        }
        return l;
    }

    /** MmapCopy: pages held by nommu mmap regions (mmap_pages_allocated), each region once. */
    static long mmapPages(Kernel k) {
        Set<Long> seen = new LinkedHashSet<>();
        long pages = 0;
        for (Mapping m : allMappings(k)) {
            if (!m.isDirect() && seen.add(m.regionStart())) {   // direct pages belong to a tmpfs file
                pages += (m.regionTop() - m.regionStart()) >> GuestMemory.PAGE_SHIFT;
            }
        }
        return pages;
    }

    static String meminfo(Kernel k) {
        PageAllocator pa = k.pages();
        return kb("MemTotal", pa.totalPages()) + kb("MemFree", pa.freePages()) + kb("MemAvailable", pa.freePages())
                + kb("Buffers", 0) + kb("Cached", 0) + kb("SwapCached", 0) + kb("SwapTotal", 0) + kb("SwapFree", 0)
                + kb("Shmem", 0) + kb("MmapCopy", mmapPages(k));
    }

    /** frag_show_print: "Node 0, zone %8s " then "%6lu " per order. */
    static String buddyinfo(Kernel k) {
        StringBuilder sb = new StringBuilder(String.format("Node %d, zone %8s ", 0, "Normal"));
        for (long n : k.pages().freeBlocksPerOrder()) {
            sb.append(String.format("%6d ", n));
        }
        return sb.append('\n').toString();
    }

    /** /proc/maps (nommu_region_show): each region once, [start, requested end), no labels. */
    static String maps(Kernel k) {
        TreeMap<Long, String> lines = new TreeMap<>();
        for (Mapping m : allMappings(k)) {
            long dev = 0;
            long ino = 0;
            String name = null;
            if (!m.isAnonymous()) {
                try {
                    dev = m.file().stat().dev();
                    ino = m.file().stat().ino();
                } catch (ErrnoException e) {
                    // shown as 00:00 0
                }
                name = m.file().path() == null ? "" : m.file().path();
            }
            lines.putIfAbsent(m.regionStart(), ProcPid.mapsLine(m.regionStart(), m.regionEnd(), m.prot(),
                    m.mayShare() ? 's' : 'p', m.isAnonymous() ? 0 : m.pgoff() << GuestMemory.PAGE_SHIFT, dev, ino, name));
        }
        return String.join("", lines.values());
    }

    static String mounts(Kernel k) {
        StringBuilder sb = new StringBuilder();
        for (Mount m : k.vfs().mounts()) {
            sb.append(m.procLine()).append('\n');
        }
        return sb.toString();
    }

    /** /proc/PID/mountinfo: one show_mountinfo line per mount, in mount order. */
    static String mountinfo(Kernel k) {
        StringBuilder sb = new StringBuilder();
        for (Mount m : k.vfs().mounts()) {
            String majorMinor = "0:0";
            try {
                long d = m.fs().stat("/", true).dev();
                majorMinor = dev.flatland.abi.Stat.major(d) + ":" + dev.flatland.abi.Stat.minor(d);
            } catch (ErrnoException e) {
                // a file system whose root cannot stat (a vanished host directory): 0:0
            }
            sb.append(m.mountInfoLine(majorMinor)).append('\n');
        }
        return sb.toString();
    }

    /** "nodev\tNAME" for virtual file systems, "\tNAME" for the block-backed host tree. */
    static String filesystems(Kernel k) {
        Set<String> types = new LinkedHashSet<>();
        for (Mount m : k.vfs().mounts()) {
            types.add(m.fs().type());
        }
        StringBuilder sb = new StringBuilder();
        for (String t : types) {
            sb.append(t.equals("hostfs") ? "" : "nodev").append('\t').append(t).append('\n');
        }
        return sb.toString();
    }

    private record Flag(int leaf, int reg, int bit, String name) {
    }

    /** Linux's names for the CPUID bits Flatland can report (arch/x86/include/asm/cpufeatures.h). */
    private static final List<Flag> FLAGS = List.of(
            new Flag(1, 3, 0, "fpu"), new Flag(1, 3, 4, "tsc"), new Flag(1, 3, 8, "cx8"), new Flag(1, 3, 15, "cmov"),
            new Flag(1, 3, 19, "clflush"), new Flag(1, 3, 23, "mmx"), new Flag(1, 3, 24, "fxsr"),
            new Flag(1, 3, 25, "sse"), new Flag(1, 3, 26, "sse2"), new Flag(0x8000_0001, 3, 11, "syscall"),
            new Flag(0x8000_0001, 3, 27, "rdtscp"), new Flag(0x8000_0001, 3, 29, "lm"), new Flag(1, 2, 0, "pni"),
            new Flag(1, 2, 9, "ssse3"), new Flag(1, 2, 12, "fma"), new Flag(1, 2, 13, "cx16"),
            new Flag(1, 2, 19, "sse4_1"), new Flag(1, 2, 20, "sse4_2"), new Flag(1, 2, 22, "movbe"),
            new Flag(1, 2, 23, "popcnt"), new Flag(1, 2, 28, "avx"), new Flag(0x8000_0001, 2, 0, "lahf_lm"),
            new Flag(0x8000_0001, 2, 5, "abm"), new Flag(7, 1, 3, "bmi1"), new Flag(7, 1, 5, "avx2"),
            new Flag(7, 1, 8, "bmi2"), new Flag(7, 1, 9, "erms"));

    private static String regs(ProcFs.Cpuid cpuid, int leaf) {
        int[] r = new int[4];
        cpuid.cpuid(leaf, 0, r);
        byte[] b = new byte[16];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                b[i * 4 + j] = (byte) (r[i] >>> (8 * j));
            }
        }
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** One processor (UML and Flatland run one CPU), fields from CPUID as show_cpuinfo prints them. */
    static String cpuinfo(ProcFs.Cpuid cpuid) {
        int[] r = new int[4];
        cpuid.cpuid(0, 0, r);
        int maxBasic = r[0];
        String leaf0 = regs(cpuid, 0);
        String vendor = leaf0.substring(4, 8) + leaf0.substring(12, 16) + leaf0.substring(8, 12);
        String brand = (regs(cpuid, 0x8000_0002) + regs(cpuid, 0x8000_0003) + regs(cpuid, 0x8000_0004))
                .replace("\0", "").trim();
        cpuid.cpuid(1, 0, r);
        int sig = r[0];
        int family = (sig >> 8) & 0xf;
        int model = (sig >> 4) & 0xf;
        if (family == 6 || family == 15) {
            model |= ((sig >> 16) & 0xf) << 4;
        }
        if (family == 15) {
            family += (sig >> 20) & 0xff;
        }
        StringBuilder flags = new StringBuilder();
        for (Flag f : FLAGS) {
            cpuid.cpuid(f.leaf(), 0, r);
            if ((r[f.reg()] & (1 << f.bit())) != 0) {
                flags.append(flags.isEmpty() ? "" : " ").append(f.name());
            }
        }
        return "processor\t: 0\nvendor_id\t: " + vendor + "\ncpu family\t: " + family + "\nmodel\t\t: " + model
                + "\nmodel name\t: " + brand + "\nstepping\t: " + (sig & 0xf) + "\nfpu\t\t: yes\nfpu_exception\t: yes\n"
                + "cpuid level\t: " + maxBasic + "\nwp\t\t: yes\nflags\t\t: " + flags
                + "\naddress sizes\t: 48 bits physical, 48 bits virtual\n\n";
    }

    static String uptime(Kernel k) {
        long ns = k.clock().monotonicNs();
        return String.format("%d.%02d 0.00%n", ns / 1_000_000_000L, ns / 10_000_000L % 100);
    }

    /** USER_HZ: the unit of the /proc/stat and /proc/PID/stat times. */
    static final long USER_HZ = 100;

    /**
     * /proc/stat as show_stat (fs/proc/stat.c) prints it for one CPU: the guest's CPU time (the
     * instruction count, as getrusage reports it) is user time and the rest of the time since boot is
     * idle; interrupts, context switches and softirqs are not counted (0). btime is boot's wall time,
     * "processes" the last pid handed out.
     */
    static String stat(Kernel k) {
        long tick = 1_000_000_000L / USER_HZ;
        long user = k.clock().cpuTimeNs() / tick;
        long idle = Math.max(0, k.clock().monotonicNs() / tick - user);
        String times = user + " 0 0 " + idle + " 0 0 0 0 0 0";
        long btime = (k.clock().realtimeNs() - k.clock().monotonicNs()) / 1_000_000_000L;
        int running = 0;
        int last = 0;
        for (int tgid : k.processes().tgids()) {
            ThreadGroup g = k.processes().group(tgid);
            if (g != null && !g.exited()) {
                running += g.tasks().size();
            }
            last = Math.max(last, tgid);
        }
        return "cpu  " + times + "\ncpu0 " + times + "\nintr 0\nctxt 0\nbtime " + btime + "\nprocesses " + last
                + "\nprocs_running " + Math.max(1, running) + "\nprocs_blocked 0\nsoftirq 0 0 0 0 0 0 0 0 0 0 0\n";
    }

    /** Runnable/total tasks and the last pid; the load averages are not tracked (0.00). */
    static String loadavg(Kernel k) {
        int total = 0;
        int last = 0;
        for (int tgid : k.processes().tgids()) {
            ThreadGroup g = k.processes().group(tgid);
            if (g != null && !g.exited()) {
                total += g.tasks().size();
            }
            last = Math.max(last, tgid);
        }
        return "0.00 0.00 0.00 1/" + total + " " + last + "\n";
    }

    /** /proc/sys/kernel/{hostname,ostype,osrelease,pid_max} and the writable /proc/sys/vm/nr_trim_pages. */
    static ProcNode sysctl(Kernel k, String[] p, int n, String path) throws ErrnoException {
        if (n == 2) {
            return switch (p[1]) {
                case "kernel" -> new ProcNode.Dir(ProcFs.inoOf(path), 0555,
                        () -> List.of("hostname", "ostype", "osrelease", "pid_max"));
                case "vm" -> new ProcNode.Dir(ProcFs.inoOf(path), 0555, () -> List.of("nr_trim_pages"));
                default -> throw new ErrnoException(Errno.ENOENT);
            };
        }
        if (n == 3 && p[1].equals("kernel")) {
            return switch (p[2]) {
                case "hostname" -> ProcFs.file(path,
                        () -> new String(k.uts().nodename(), java.nio.charset.StandardCharsets.US_ASCII) + "\n");
                case "ostype" -> ProcFs.file(path, () -> OSTYPE + "\n");
                case "osrelease" -> ProcFs.file(path, () -> RELEASE + "\n");
                case "pid_max" -> ProcFs.file(path, () -> PID_MAX + "\n");
                default -> throw new ErrnoException(Errno.ENOENT);
            };
        }
        if (n == 3 && p[1].equals("vm") && p[2].equals("nr_trim_pages")) {
            return new ProcNode.File(ProcFs.inoOf(path),
                    () -> (k.pages().nrTrimPages() + "\n").getBytes(StandardCharsets.UTF_8), text -> {
                        // proc_dointvec_minmax with extra1 = SYSCTL_ZERO: a non-negative int, else EINVAL
                        try {
                            int v = Integer.parseInt(text.trim());
                            if (v < 0) {
                                throw new ErrnoException(Errno.EINVAL);
                            }
                            k.pages().setNrTrimPages(v);
                        } catch (NumberFormatException e) {
                            throw new ErrnoException(Errno.EINVAL);
                        }
                    });
        }
        throw new ErrnoException(Errno.ENOENT);
    }
}
