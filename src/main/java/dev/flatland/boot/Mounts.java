package dev.flatland.boot;

import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Stat;
import dev.flatland.fs.devfs.DevFs;
import dev.flatland.fs.devfs.DevPts;
import dev.flatland.fs.devfs.PtyDriver;
import dev.flatland.fs.hostfs.HostFs;
import dev.flatland.fs.procfs.ProcFs;
import dev.flatland.fs.tmpfs.TmpFs;
import dev.flatland.kernel.Kernel;
import dev.flatland.kernel.Ptys;
import dev.flatland.vfs.OpenFile;
import dev.flatland.vfs.Vfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The guest's mount table at boot: the host tree at "/", tmpfs at /dev/shm and /run, then the
 * user's {@code --mount HOSTDIR:GUESTDIR[:ro]} and {@code --tmpfs DIR} in command-line order.
 */
final class Mounts {
    private Mounts() {
    }

    /** The root VFS before the kernel exists (the host tree at "/"). */
    static Vfs rootVfs() {
        return new Vfs(HostFs.create(Path.of("/")));
    }

    /**
     * The root VFS for {@code --root DIR}: the host directory DIR is the guest's "/" (a confined
     * root, chroot semantics); the later mounts overlay it.
     */
    static Vfs rootVfs(Path dir) {
        HostFs fs = HostFs.create(dir);
        Vfs v = new Vfs(fs);
        v.mount("/", fs, fs.root().toString(), false);   // /proc/mounts shows the host directory as the source
        return v;
    }

    /**
     * The guest path of the host directory {@code hostCwd} under a confined root: its place inside
     * the root, or "/" when it lies outside (a confined guest must not start outside its root).
     */
    static String guestCwd(Path root, Path hostCwd) {
        Path r = root.toAbsolutePath().normalize();
        Path c = hostCwd.toAbsolutePath().normalize();
        try {
            r = r.toRealPath();
            c = c.toRealPath();
        } catch (java.io.IOException e) {
            return "/";
        }
        if (!c.startsWith(r)) {
            return "/";
        }
        String rel = r.relativize(c).toString();
        return rel.isEmpty() ? "/" : "/" + rel;
    }

    /** Adds the default and the requested mounts; returns an error message or null. */
    static String apply(Kernel kernel, List<String> hostMounts, List<String> tmpfsDirs) {
        Vfs vfs = kernel.vfs();
        vfs.mount("/proc", new ProcFs(kernel, dev.flatland.cpu.CpuFeatures::cpuid), "proc", false);
        DevFs devfs = new DevFs(kernel.random()::nextBytes);
        Ptys ptys = new Ptys(kernel);
        PtyDriver driver = ptyDriver(ptys);
        devfs.setControllingTerminal(flags -> dev.flatland.kernel.Tty.openControlling(kernel, flags, ptys.used()));
        devfs.setPtys(driver);
        vfs.mount("/dev", devfs, "udev", false);
        vfs.mount("/dev/pts", new DevPts(driver), "devpts", false);
        for (String dir : List.of("/dev/shm", "/run")) {
            vfs.mount(dir, tmpfs(kernel), "tmpfs", false);
        }
        for (String spec : hostMounts) {
            String[] f = spec.split(":");
            boolean ro = f.length == 3 && f[2].equals("ro");
            if (f.length < 2 || f.length > 3 || (f.length == 3 && !ro && !f[2].equals("rw"))
                    || !f[1].startsWith("/")) {
                return "--mount " + spec + ": expected HOSTDIR:/GUESTDIR[:ro]";
            }
            if (!Files.isDirectory(Path.of(f[0]))) {
                return "--mount " + spec + ": " + f[0] + " is not a directory";
            }
            String point = normalise(f[1]);
            vfs.mount(point, HostFs.create(Path.of(f[0])), Path.of(f[0]).toAbsolutePath().normalize().toString(), ro);
        }
        for (String dir : tmpfsDirs) {
            if (!dir.startsWith("/")) {
                return "--tmpfs " + dir + ": expected an absolute guest directory";
            }
            vfs.mount(normalise(dir), tmpfs(kernel), "tmpfs", false);
        }
        return null;
    }

    /** The kernel's pseudo-terminals as devfs and devpts use them. */
    private static PtyDriver ptyDriver(Ptys ptys) {
        return new PtyDriver() {
            @Override
            public OpenFile openMaster(int flags) throws ErrnoException {
                return ptys.openMaster(flags);
            }

            @Override
            public OpenFile openSlave(int index, int flags) throws ErrnoException {
                return ptys.openSlave(index, flags);
            }

            @Override
            public Stat slaveStat(int index) throws ErrnoException {
                return ptys.slaveStat(index);
            }

            @Override
            public List<Integer> indices() {
                return ptys.indices();
            }
        };
    }

    private static TmpFs tmpfs(Kernel kernel) {
        return new TmpFs(01777, Kernel.UID, Kernel.GID, kernel.clock()::realtimeNs);
    }

    private static String normalise(String dir) {
        return Vfs.normalize(dir);
    }
}
