package dev.flatland.vfs;

/**
 * One entry of the mount table (Linux struct mount): where it is, what it mounts, and the flags
 * /proc/mounts and /proc/self/mountinfo show. The per-mount flags (MS_RDONLY, MS_NOSUID, MS_NODEV,
 * MS_NOEXEC and the atime flags) change on MS_REMOUNT; one mount per file system instance here (no
 * bind mounts), so the read-only state of the mount and of its super block are the same.
 */
public final class Mount {
    /** include/uapi/linux/mount.h: the mount(2) flags kept per mount. */
    public static final int MS_RDONLY = 1;
    public static final int MS_NOSUID = 2;
    public static final int MS_NODEV = 4;
    public static final int MS_NOEXEC = 8;
    public static final int MS_NOATIME = 1024;
    public static final int MS_NODIRATIME = 2048;
    public static final int MS_RELATIME = 1 << 21;
    public static final int MS_STRICTATIME = 1 << 24;
    /** The flags a mount keeps (MNT_USER_SETTABLE_MASK's counterparts). */
    public static final int KEPT = MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOATIME | MS_NODIRATIME
            | MS_RELATIME;

    private final int id;
    private final int parentId;
    private final String point;
    private final FileSystem fs;
    private final String source;
    private int flags;
    private String fsOptions;

    /**
     * @param id        the mount id (mountinfo's first field, fdinfo's mnt_id)
     * @param parentId  the id of the mount this one is mounted on
     * @param point     the absolute, normalised mount point ("/" for the root)
     * @param fs        the mounted file system
     * @param source    the first /proc/mounts field (a host directory, or the file-system type)
     * @param flags     {@link #KEPT} bits
     * @param fsOptions the file system's own options as its show_options prints them (",size=1024k"), or ""
     */
    Mount(int id, int parentId, String point, FileSystem fs, String source, int flags, String fsOptions) {
        this.id = id;
        this.parentId = parentId;
        this.point = point;
        this.fs = fs;
        this.source = source;
        this.flags = flags & KEPT;
        this.fsOptions = fsOptions;
    }

    public int id() {
        return id;
    }

    public int parentId() {
        return parentId;
    }

    public String point() {
        return point;
    }

    public FileSystem fs() {
        return fs;
    }

    public String source() {
        return source;
    }

    public int flags() {
        return flags;
    }

    /** The file system's own options as /proc/mounts shows them after the flags (",size=1024k"), or "". */
    public String fsOptions() {
        return fsOptions;
    }

    /** MS_RDONLY: every modifying operation fails with EROFS. */
    public boolean readOnly() {
        return (flags & MS_RDONLY) != 0;
    }

    /** MNT_NOEXEC (path_noexec): execve is EACCES and PROT_EXEC file mappings are EPERM. */
    public boolean noExec() {
        return (flags & MS_NOEXEC) != 0;
    }

    /** MS_REMOUNT: the new per-mount flags and, when not null, file-system options. */
    void remount(int newFlags, String newFsOptions) {
        flags = newFlags & KEPT;
        if (newFsOptions != null) {
            fsOptions = newFsOptions;
        }
    }

    /** show_mnt_opts: nosuid, nodev, noexec, noatime, nodiratime, relatime. */
    private String mountOptions() {
        StringBuilder sb = new StringBuilder(readOnly() ? "ro" : "rw");
        if ((flags & MS_NOSUID) != 0) {
            sb.append(",nosuid");
        }
        if ((flags & MS_NODEV) != 0) {
            sb.append(",nodev");
        }
        if (noExec()) {
            sb.append(",noexec");
        }
        if ((flags & MS_NOATIME) != 0) {
            sb.append(",noatime");
        }
        if ((flags & MS_NODIRATIME) != 0) {
            sb.append(",nodiratime");
        }
        if ((flags & MS_RELATIME) != 0) {
            sb.append(",relatime");
        }
        return sb.toString();
    }

    /** The /proc/mounts line: "source point type options 0 0" (fs/proc_namespace.c show_vfsmnt). */
    public String procLine() {
        return source + " " + point + " " + fs.type() + " " + mountOptions() + fsOptions + " 0 0";
    }

    /**
     * The /proc/PID/mountinfo line (show_mountinfo): id, parent id, major:minor of the file
     * system, its root, the mount point, per-mount options, no optional fields, "-", type, source
     * and super-block options.
     */
    public String mountInfoLine(String majorMinor) {
        return id + " " + parentId + " " + majorMinor + " / " + point + " " + mountOptions() + " - " + fs.type() + " "
                + source + " " + (readOnly() ? "ro" : "rw") + fsOptions;
    }

    /** True when the absolute path {@code abs} is at or below this mount point. */
    boolean covers(String abs) {
        return point.equals("/") || abs.equals(point) || abs.startsWith(point + "/");
    }

    /** {@code abs} relative to this mount's root ("/" for the mount point itself), trailing slash kept. */
    String inner(String abs) {
        if (point.equals("/")) {
            return abs;
        }
        String rest = abs.substring(point.length());
        return rest.isEmpty() ? "/" : rest;
    }

    @Override
    public String toString() {
        return procLine();
    }
}
