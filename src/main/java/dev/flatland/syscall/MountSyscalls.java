package dev.flatland.syscall;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Stat;
import dev.flatland.fs.tmpfs.TmpFs;
import dev.flatland.kernel.Kernel;
import dev.flatland.kernel.Mapping;
import dev.flatland.kernel.ProcessTree;
import dev.flatland.kernel.Task;
import dev.flatland.kernel.ThreadGroup;
import dev.flatland.vfs.FileSystem;
import dev.flatland.vfs.Mount;
import dev.flatland.vfs.OpenFile;
import dev.flatland.vfs.Vfs;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * mount(2) and umount2(2) (fs/namespace.c path_mount, path_umount) for tmpfs: new mounts stack on
 * a directory, MS_REMOUNT changes the per-mount flags and tmpfs's size, MS_RDONLY/MS_NOSUID/
 * MS_NODEV/MS_NOEXEC and the atime flags are kept per mount. Not done: MS_BIND and MS_MOVE (EINVAL),
 * other file-system types (ENODEV); propagation changes (MS_SHARED, ...) are accepted and have no
 * effect (one namespace). The guest's root mount cannot be unmounted (EBUSY).
 */
final class MountSyscalls {
    /** include/uapi/linux/mount.h. */
    static final int MS_REMOUNT = 32;
    static final int MS_BIND = 4096;
    static final int MS_MOVE = 8192;
    static final int MS_REC = 16384;
    static final int MS_SILENT = 32768;
    static final int MS_UNBINDABLE = 1 << 17;
    static final int MS_PRIVATE = 1 << 18;
    static final int MS_SLAVE = 1 << 19;
    static final int MS_SHARED = 1 << 20;
    static final int MS_NOUSER = 1 << 31;
    static final int MS_MGC_MSK = 0xffff0000;
    static final int MS_MGC_VAL = 0xc0ed0000;
    static final int PROPAGATION = MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE;
    static final int MNT_FORCE = 1;
    static final int MNT_DETACH = 2;
    static final int MNT_EXPIRE = 4;
    static final int UMOUNT_NOFOLLOW = 8;
    /** The data string is at most a page (copy_mount_options). */
    static final int DATA_MAX = 4096;

    /** Mounts marked by a first MNT_EXPIRE (their mnt_expiry_mark). */
    private static final Set<Mount> EXPIRY_MARKED = java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>());

    private MountSyscalls() {
    }

    static long mount(Task t, SyscallArgs a) throws ErrnoException {
        long sourcePtr = a.ptr(0);
        long typePtr = a.ptr(2);
        int flags = (int) a.ptr(3);
        long dataPtr = a.ptr(4);
        String type = typePtr == 0 ? null : t.userMemory().readCString(typePtr, DATA_MAX);
        String source = sourcePtr == 0 ? "none" : t.userMemory().readCString(sourcePtr, DATA_MAX);
        String data = dataPtr == 0 ? "" : t.userMemory().readCString(dataPtr, DATA_MAX);
        Vfs vfs = t.kernel().vfs();
        String target = target(t, a.ptr(1), true);
        Stat st = vfs.stat(target, true);   // ENOENT, ENOTDIR, ELOOP of the walk
        if ((flags & MS_MGC_MSK) == MS_MGC_VAL) {
            flags &= ~MS_MGC_MSK;
        }
        if ((flags & MS_NOUSER) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        requireAdmin(t);
        int mntFlags = mountFlags(flags, null);
        if ((flags & (MS_REMOUNT | MS_BIND)) == (MS_REMOUNT | MS_BIND)) {
            Mount m = mountRoot(vfs, target);
            vfs.remount(m, mountFlags(flags, m), null);
            return 0;
        }
        if ((flags & MS_REMOUNT) != 0) {
            Mount m = mountRoot(vfs, target);
            TmpfsOptions o = m.fs() instanceof TmpFs ? TmpfsOptions.parse(data, t.kernel(), true) : null;
            if ((flags & Mount.MS_RDONLY) != 0 && !m.readOnly() && hasWriters(t.kernel(), m)) {
                throw new ErrnoException(Errno.EBUSY);   // sb_prepare_remount_readonly
            }
            String shown = o == null ? null : o.remounted(m);
            vfs.remount(m, mountFlags(flags, m) | (o != null && o.readOnly ? Mount.MS_RDONLY : 0), shown);
            return 0;
        }
        if ((flags & MS_BIND) != 0 || (flags & MS_MOVE) != 0) {
            throw new ErrnoException(Errno.EINVAL, "MS_BIND and MS_MOVE are not implemented");
        }
        if ((flags & PROPAGATION) != 0) {
            mountRoot(vfs, target);
            return 0;   // one mount namespace: nothing to propagate to
        }
        if (type == null) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (!type.equals("tmpfs")) {
            throw new ErrnoException(Errno.ENODEV, "only tmpfs can be mounted");
        }
        TmpfsOptions o = TmpfsOptions.parse(data, t.kernel(), false);
        if (!st.isDirectory()) {
            throw new ErrnoException(Errno.ENOTDIR);   // graft_tree: a directory root on a non-directory
        }
        Kernel k = t.kernel();
        FileSystem fs = new TmpFs(o.mode, o.uid, o.gid, k.clock()::realtimeNs);
        vfs.graft(vfs.canonical(target, true), fs, source, mntFlags | (o.readOnly ? Mount.MS_RDONLY : 0), o.shown());
        return 0;
    }

    /**
     * The per-mount flags of a mount(2) call: MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC and the atime
     * flags, relatime by default; a remount without atime flags keeps the mount's (path_mount).
     */
    private static int mountFlags(int flags, Mount old) {
        int f = flags & (Mount.MS_RDONLY | Mount.MS_NOSUID | Mount.MS_NODEV | Mount.MS_NOEXEC | Mount.MS_NOATIME
                | Mount.MS_NODIRATIME);
        int atime = flags & (Mount.MS_NOATIME | Mount.MS_RELATIME | Mount.MS_STRICTATIME);
        if (atime == 0) {
            f |= old != null ? old.flags() & (Mount.MS_NOATIME | Mount.MS_RELATIME) : Mount.MS_RELATIME;
        } else if ((flags & Mount.MS_RELATIME) != 0 && (flags & Mount.MS_NOATIME) == 0) {
            f |= Mount.MS_RELATIME;
        }
        return f;
    }

    static long umount2(Task t, SyscallArgs a) throws ErrnoException {
        int flags = a.int32(1);
        if ((flags & ~(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW)) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        Vfs vfs = t.kernel().vfs();
        String target = target(t, a.ptr(0), (flags & UMOUNT_NOFOLLOW) == 0);
        vfs.stat(target, (flags & UMOUNT_NOFOLLOW) == 0);   // ENOENT for a missing path
        requireAdmin(t);
        Mount m = mountRoot(vfs, target);
        if (m.point().equals("/")) {
            throw new ErrnoException(Errno.EBUSY, "the guest's root mount stays");
        }
        boolean detach = (flags & MNT_DETACH) != 0;
        if ((flags & MNT_EXPIRE) != 0) {
            if ((flags & (MNT_FORCE | MNT_DETACH)) != 0) {
                throw new ErrnoException(Errno.EINVAL);
            }
            if (busy(t.kernel(), m) || EXPIRY_MARKED.add(m)) {
                throw new ErrnoException(Errno.EAGAIN);   // first call marks it; a later one takes it if unused
            }
        }
        if (!detach && busy(t.kernel(), m)) {
            throw new ErrnoException(Errno.EBUSY);
        }
        vfs.umount(m, detach);
        return 0;
    }

    /** The absolute path of a mount(2)/umount2(2) target, its last component walked as {@code follow} says. */
    private static String target(Task t, long ptr, boolean follow) throws ErrnoException {
        String abs = Paths.resolveAt(t, dev.flatland.abi.Fcntl.AT_FDCWD, Paths.read(t, ptr));
        return t.kernel().vfs().canonical(abs, follow);
    }

    /** may_mount: CAP_SYS_ADMIN, which only root has here. */
    private static void requireAdmin(Task t) throws ErrnoException {
        if (t.group().credentials().euid() != 0) {
            throw new ErrnoException(Errno.EPERM);
        }
    }

    /** The mount whose root {@code abs} is (path_mounted); EINVAL otherwise. */
    private static Mount mountRoot(Vfs vfs, String abs) throws ErrnoException {
        Mount m = vfs.mountRootAt(abs);
        if (m == null) {
            throw new ErrnoException(Errno.EINVAL);
        }
        return m;
    }

    /**
     * propagate_mount_busy without propagation: a submount, an open file, a working directory, a
     * mapped file or a running program's file on the mount keeps it busy.
     */
    static boolean busy(Kernel k, Mount m) {
        Vfs vfs = k.vfs();
        if (!vfs.submounts(m).isEmpty()) {
            return true;
        }
        for (ThreadGroup g : groups(k)) {
            if (onMount(vfs, g.cwd(), m) || onMount(vfs, g.exePath(), m)) {
                return true;
            }
            for (OpenFile f : files(g)) {
                if (f.mount() == m) {
                    return true;
                }
            }
        }
        return false;
    }

    /** True when some open file on {@code m} is open for writing (remount read-only: EBUSY). */
    private static boolean hasWriters(Kernel k, Mount m) {
        for (ThreadGroup g : groups(k)) {
            for (OpenFile f : files(g)) {
                if (f.mount() == m && f.writable()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean onMount(Vfs vfs, String path, Mount m) {
        return path != null && path.startsWith("/") && vfs.mountOf(path) == m;
    }

    private static List<ThreadGroup> groups(Kernel k) {
        ProcessTree procs = k.processes();
        List<ThreadGroup> l = new ArrayList<>();
        for (int tgid : procs.tgids()) {
            ThreadGroup g = procs.group(tgid);
            if (g != null && !g.exited()) {
                l.add(g);
            }
        }
        return l;
    }

    /** The files a process holds: its descriptors and its file mappings. */
    private static Set<OpenFile> files(ThreadGroup g) {
        Set<OpenFile> s = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (int fd : g.fds().openFds()) {
            try {
                s.add(g.fds().get(fd));
            } catch (ErrnoException e) {
                // closed meanwhile
            }
        }
        for (Mapping mp : g.mm().mappings()) {
            if (mp.file() != null) {
                s.add(mp.file());
            }
        }
        return s;
    }
}
