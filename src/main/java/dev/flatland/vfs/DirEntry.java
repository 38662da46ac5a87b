package dev.flatland.vfs;

/** One directory entry for getdents64: inode number, DT_* type and name bytes. */
public record DirEntry(long ino, int type, byte[] name) {
    public static final int DT_UNKNOWN = 0;
    public static final int DT_FIFO = 1;
    public static final int DT_CHR = 2;
    public static final int DT_DIR = 4;
    public static final int DT_BLK = 6;
    public static final int DT_REG = 8;
    public static final int DT_LNK = 10;
    public static final int DT_SOCK = 12;

    /** The DT_* type of an S_IF* mode. */
    public static int typeOf(int mode) {
        return (mode >>> 12) & 0xf;
    }
}
