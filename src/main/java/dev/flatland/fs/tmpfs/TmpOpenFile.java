package dev.flatland.fs.tmpfs;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Fcntl;
import dev.flatland.abi.Stat;
import dev.flatland.vfs.OpenFile;

/** An open tmpfs regular file: a position over the inode's data (mm/shmem.c read_iter/write_iter). */
final class TmpOpenFile extends OpenFile {
    /** Largest file: one Java array (MAX_LFS_FILESIZE is far larger; EFBIG beyond this). */
    static final long MAX_SIZE = Integer.MAX_VALUE - 8;

    private final TmpFs fs;
    private final TmpNode.File file;
    private long pos;

    TmpOpenFile(TmpFs fs, TmpNode.File file, int flags) {
        super(flags);
        this.fs = fs;
        this.file = file;
    }

    @Override
    public int read(byte[] b, int off, int len) throws ErrnoException {
        int n = pread(b, off, len, pos);
        pos += n;
        return n;
    }

    @Override
    public int pread(byte[] b, int off, int len, long at) throws ErrnoException {
        if (at < 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (at >= file.size) {
            return 0;
        }
        int n = (int) Math.min(len, file.size - at);
        System.arraycopy(file.data, (int) at, b, off, n);
        file.atime = fs.now();
        return n;
    }

    @Override
    public int write(byte[] b, int off, int len) throws ErrnoException {
        if ((flags() & Fcntl.O_APPEND) != 0) {
            pos = file.size;
        }
        int n = pwrite(b, off, len, pos);
        pos += n;
        return n;
    }

    @Override
    public int pwrite(byte[] b, int off, int len, long at) throws ErrnoException {
        if (at < 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (len == 0) {
            return 0;
        }
        if (at + len > MAX_SIZE) {
            throw new ErrnoException(Errno.EFBIG);
        }
        ensure(file, at + len);
        System.arraycopy(b, off, file.data, (int) at, len);
        file.size = Math.max(file.size, at + len);
        file.mtime = file.ctime = fs.now();
        return len;
    }

    /** Grows the array to hold {@code n} bytes (zero-filled). */
    static void ensure(TmpNode.File f, long n) {
        if (n > f.data.length) {
            long cap = Math.max(n, Math.min(MAX_SIZE, Math.max(4096, 2L * f.data.length)));
            f.data = java.util.Arrays.copyOf(f.data, (int) cap);
        }
    }

    /** Sets the size, zero-filling growth and clearing a shrunk tail so a later growth reads zeros. */
    static void setSize(TmpNode.File f, long length) throws ErrnoException {
        if (length < 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (length > MAX_SIZE) {
            throw new ErrnoException(Errno.EFBIG);
        }
        if (length < f.size) {
            java.util.Arrays.fill(f.data, (int) length, (int) f.size, (byte) 0);
        } else {
            ensure(f, length);
        }
        f.size = length;
    }

    @Override
    public long seek(long offset, int whence) throws ErrnoException {
        long base = switch (whence) {
            case Fcntl.SEEK_SET -> 0;
            case Fcntl.SEEK_CUR -> pos;
            case Fcntl.SEEK_END -> file.size;
            default -> throw new ErrnoException(Errno.EINVAL);
        };
        long np = base + offset;
        if (np < 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        pos = np;
        return pos;
    }

    @Override
    public void truncate(long length) throws ErrnoException {
        if (!writable()) {
            throw new ErrnoException(Errno.EINVAL);
        }
        setSize(file, length);
        file.mtime = file.ctime = fs.now();
    }

    @Override
    public void sync() {
    }

    @Override
    public void chmod(int mode) {
        file.mode = (file.mode & Stat.S_IFMT) | (mode & 07777);
        file.ctime = fs.now();
    }

    @Override
    public Stat stat() {
        return file.stat(fs.dev());
    }
}
