package dev.flatland.syscall;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.kernel.Kernel;
import dev.flatland.vfs.Mount;

/**
 * The data string of a tmpfs mount(2) (mm/shmem.c shmem_parse_one / shmem_show_options):
 * size (bytes with a k/m/g/t suffix, or a percentage of RAM), nr_blocks, nr_inodes, mode, uid, gid;
 * huge, mpol, inode32/inode64 and noswap are accepted; the generic ro/rw and sync-type flags too.
 * Anything else is EINVAL. Flatland shows size and nr_inodes but does not enforce them. A remount
 * changes size and nr_inodes only (mode, uid and gid are mount-time options).
 */
final class TmpfsOptions {
    int mode = 01777;
    int uid;
    int gid;
    /** Pages, or -1 when not given (the default limit, which is not shown). */
    long blocks = -1;
    long inodes = -1;
    boolean readOnly;

    private TmpfsOptions() {
    }

    static TmpfsOptions parse(String data, Kernel k, boolean remount) throws ErrnoException {
        TmpfsOptions o = new TmpfsOptions();
        for (String opt : data.split(",")) {
            if (opt.isEmpty()) {
                continue;
            }
            int eq = opt.indexOf('=');
            String key = eq < 0 ? opt : opt.substring(0, eq);
            String v = eq < 0 ? null : opt.substring(eq + 1);
            switch (key) {
                case "size" -> o.blocks = pages(size(need(v), k.memory().size()));
                case "nr_blocks" -> o.blocks = number(need(v), 10);
                case "nr_inodes" -> o.inodes = number(need(v), 10);
                case "mode" -> o.mode = (int) (number(need(v), 8) & 07777);
                case "uid" -> o.uid = (int) number(need(v), 10);
                case "gid" -> o.gid = (int) number(need(v), 10);
                case "huge", "mpol" -> need(v);
                case "inode32", "inode64", "noswap", "sync", "async", "dirsync", "lazytime", "nolazytime", "mand",
                        "nomand", "silent", "loud" -> {
                }
                case "ro" -> o.readOnly = true;
                case "rw" -> o.readOnly = false;
                default -> throw new ErrnoException(Errno.EINVAL, "tmpfs: Unknown parameter '" + key + "'");
            }
        }
        return o;
    }

    private static String need(String v) throws ErrnoException {
        if (v == null || v.isEmpty()) {
            throw new ErrnoException(Errno.EINVAL);
        }
        return v;
    }

    private static long number(String v, int radix) throws ErrnoException {
        try {
            long n = Long.parseLong(v, radix);
            if (n < 0) {
                throw new ErrnoException(Errno.EINVAL);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ErrnoException(Errno.EINVAL);
        }
    }

    /** memparse with the percentage form: "1m", "512k", "10%" of {@code ram}. */
    private static long size(String v, long ram) throws ErrnoException {
        if (v.endsWith("%")) {
            return ram * number(v.substring(0, v.length() - 1), 10) / 100;
        }
        char last = Character.toLowerCase(v.charAt(v.length() - 1));
        int shift = switch (last) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            case 't' -> 40;
            case 'p' -> 50;
            case 'e' -> 60;
            default -> 0;
        };
        long n = number(shift == 0 ? v : v.substring(0, v.length() - 1), 10);
        return n << shift;
    }

    private static long pages(long bytes) {
        return (bytes + 4095) >>> 12;
    }

    /** shmem_show_options: the options that differ from the defaults, in its order. */
    String shown() {
        StringBuilder sb = new StringBuilder();
        if (blocks >= 0) {
            sb.append(",size=").append(blocks * 4).append('k');
        }
        if (inodes >= 0) {
            sb.append(",nr_inodes=").append(inodes);
        }
        if (mode != 01777) {
            sb.append(String.format(",mode=%03o", mode));
        }
        if (uid != 0) {
            sb.append(",uid=").append(uid);
        }
        if (gid != 0) {
            sb.append(",gid=").append(gid);
        }
        return sb.toString();
    }

    /** The options shown after a remount of {@code m} with these: size and nr_inodes replaced when given. */
    String remounted(Mount m) {
        String size = blocks >= 0 ? ",size=" + blocks * 4 + "k" : null;
        String nr = inodes >= 0 ? ",nr_inodes=" + inodes : null;
        StringBuilder rest = new StringBuilder();
        for (String part : m.fsOptions().split(",")) {
            if (part.isEmpty()) {
                continue;
            }
            if (part.startsWith("size=")) {
                size = size == null ? "," + part : size;
            } else if (part.startsWith("nr_inodes=")) {
                nr = nr == null ? "," + part : nr;
            } else {
                rest.append(',').append(part);
            }
        }
        return (size == null ? "" : size) + (nr == null ? "" : nr) + rest;
    }
}
