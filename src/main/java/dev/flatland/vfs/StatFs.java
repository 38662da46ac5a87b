package dev.flatland.vfs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * struct statfs as statfs(2)/fstatfs(2) return it on x86-64 (include/uapi/asm-generic/statfs.h):
 * eleven longs but f_fsid (two ints), then f_spare[4]; 120 bytes.
 *
 * @param type    the file system's magic number (include/uapi/linux/magic.h)
 * @param flags   ST_* mount flags; ST_VALID is always set by the kernel
 */
public record StatFs(long type, long bsize, long blocks, long bfree, long bavail, long files, long ffree,
        int fsid0, int fsid1, long namelen, long frsize, long flags) {
    public static final int SIZE = 120;
    public static final long TMPFS_MAGIC = 0x01021994L;
    public static final long PROC_SUPER_MAGIC = 0x9fa0L;
    public static final long PIPEFS_MAGIC = 0x50495045L;
    public static final long ANON_INODE_FS_MAGIC = 0x09041934L;
    public static final long EXT4_SUPER_MAGIC = 0xEF53L;
    /** ST_* bits of f_flags (include/linux/statfs.h). */
    public static final long ST_RDONLY = 0x0001;
    public static final long ST_VALID = 0x0020;
    public static final long ST_RELATIME = 0x1000;

    /** A virtual file system's answer: only the magic, 4 KiB blocks and NAME_MAX set (simple_statfs). */
    public static StatFs simple(long magic) {
        return new StatFs(magic, 4096, 0, 0, 0, 0, 0, 0, 0, 255, 4096, 0);
    }

    /** The same answer with f_flags replaced (the VFS adds the mount's flags). */
    public StatFs withFlags(long f) {
        return new StatFs(type, bsize, blocks, bfree, bavail, files, ffree, fsid0, fsid1, namelen, frsize, f);
    }

    /** A struct statfs as the host kernel wrote it (hostfs passes it through). */
    public static StatFs decode(byte[] raw) {
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        return new StatFs(b.getLong(0), b.getLong(8), b.getLong(16), b.getLong(24), b.getLong(32), b.getLong(40),
                b.getLong(48), b.getInt(56), b.getInt(60), b.getLong(64), b.getLong(72), b.getLong(80));
    }

    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(type).putLong(bsize).putLong(blocks).putLong(bfree).putLong(bavail).putLong(files).putLong(ffree);
        b.putInt(fsid0).putInt(fsid1).putLong(namelen).putLong(frsize).putLong(flags);
        return b.array();
    }
}
