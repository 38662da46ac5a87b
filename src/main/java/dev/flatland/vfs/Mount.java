package dev.flatland.vfs;

/**
 * One entry of the mount table (Linux struct mount, as /proc/mounts shows it).
 *
 * @param point    the absolute, normalised mount point ("/" for the root)
 * @param fs       the mounted file system
 * @param source   the first /proc/mounts field (a host directory, or the file-system type)
 * @param readOnly MS_RDONLY: every modifying operation fails with EROFS
 */
public record Mount(String point, FileSystem fs, String source, boolean readOnly) {

    /** The /proc/mounts line: "source point type options 0 0" (fs/proc_namespace.c show_vfsmnt). */
    public String procLine() {
        return source + " " + point + " " + fs.type() + " " + (readOnly ? "ro" : "rw") + " 0 0";
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
}
