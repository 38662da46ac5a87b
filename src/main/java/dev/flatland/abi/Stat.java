package dev.flatland.abi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The attributes of an inode, with encoders for the x86-64 {@code struct stat} (144 bytes,
 * arch/x86/include/uapi/asm/stat.h) and {@code struct statx} (256 bytes, include/uapi/linux/stat.h).
 * Times are seconds and nanoseconds.
 */
public record Stat(long dev, long ino, int mode, long nlink, int uid, int gid, long rdev, long size, long blksize,
        long blocks, long atimeSec, long atimeNsec, long mtimeSec, long mtimeNsec, long ctimeSec, long ctimeNsec) {

    public static final int SIZE = 144;
    public static final int STATX_SIZE = 256;

    public static final int S_IFMT = 0170000;
    public static final int S_IFSOCK = 0140000;
    public static final int S_IFLNK = 0120000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFBLK = 0060000;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFCHR = 0020000;
    public static final int S_IFIFO = 0010000;

    /** statx mask bits. */
    public static final int STATX_TYPE = 0x1;
    public static final int STATX_MODE = 0x2;
    public static final int STATX_NLINK = 0x4;
    public static final int STATX_UID = 0x8;
    public static final int STATX_GID = 0x10;
    public static final int STATX_ATIME = 0x20;
    public static final int STATX_MTIME = 0x40;
    public static final int STATX_CTIME = 0x80;
    public static final int STATX_INO = 0x100;
    public static final int STATX_SIZE_BIT = 0x200;
    public static final int STATX_BLOCKS = 0x400;
    public static final int STATX_BASIC_STATS = 0x7ff;

    /** The file type bits. */
    public int type() {
        return mode & S_IFMT;
    }

    public boolean isDirectory() {
        return type() == S_IFDIR;
    }

    /** glibc's new_encode_dev: the dev_t encoding user space sees in st_dev/st_rdev. */
    public static long encodeDev(int major, int minor) {
        return (minor & 0xffL) | ((major & 0xfffL) << 8) | ((long) (minor & ~0xff) << 12)
                | ((long) (major & ~0xfff) << 32);
    }

    /** Encodes struct stat: st_dev@0 st_ino@8 st_nlink@16 st_mode@24 st_uid@28 st_gid@32 st_rdev@40
     *  st_size@48 st_blksize@56 st_blocks@64 st_atime@72 st_mtime@88 st_ctime@104, 3 unused longs. */
    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, dev).putLong(8, ino).putLong(16, nlink).putInt(24, mode).putInt(28, uid).putInt(32, gid)
                .putLong(40, rdev).putLong(48, size).putLong(56, blksize).putLong(64, blocks)
                .putLong(72, atimeSec).putLong(80, atimeNsec).putLong(88, mtimeSec).putLong(96, mtimeNsec)
                .putLong(104, ctimeSec).putLong(112, ctimeNsec);
        return b.array();
    }

    /** Encodes struct statx with {@code stx_mask} = STATX_BASIC_STATS (birth time not reported). */
    public byte[] encodeStatx() {
        ByteBuffer b = ByteBuffer.allocate(STATX_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, STATX_BASIC_STATS);           // stx_mask
        b.putInt(4, (int) blksize);               // stx_blksize
        b.putLong(8, 0);                          // stx_attributes
        b.putInt(16, (int) nlink).putInt(20, uid).putInt(24, gid);
        b.putShort(28, (short) mode);
        b.putLong(32, ino).putLong(40, size).putLong(48, blocks);
        b.putLong(56, 0);                         // stx_attributes_mask
        putTs(b, 64, atimeSec, atimeNsec);        // stx_atime
        // stx_btime @80 left zero: not in the mask
        putTs(b, 96, ctimeSec, ctimeNsec);
        putTs(b, 112, mtimeSec, mtimeNsec);
        b.putInt(128, major(rdev)).putInt(132, minor(rdev));
        b.putInt(136, major(dev)).putInt(140, minor(dev));
        return b.array();
    }

    private static void putTs(ByteBuffer b, int off, long sec, long nsec) {
        b.putLong(off, sec).putInt(off + 8, (int) nsec);
    }

    /** Major number of an encoded dev_t (glibc gnu_dev_major). */
    public static int major(long dev) {
        return (int) (((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL));
    }

    /** Minor number of an encoded dev_t (glibc gnu_dev_minor). */
    public static int minor(long dev) {
        return (int) ((dev & 0xff) | ((dev >>> 12) & ~0xffL));
    }
}
