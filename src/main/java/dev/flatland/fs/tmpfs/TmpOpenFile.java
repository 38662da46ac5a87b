package dev.flatland.fs.tmpfs;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Fcntl;
import dev.flatland.abi.Stat;
import dev.flatland.memory.GuestMemory;
import dev.flatland.memory.PageAllocator;
import dev.flatland.vfs.DirectMappable;
import dev.flatland.vfs.OpenFile;

/**
 * An open tmpfs regular file: a position over the inode's data (mm/shmem.c read_iter/write_iter).
 * On nommu the file can be mapped in place ({@link DirectMappable}, ramfs's NOMMU_MAP_DIRECT).
 */
final class TmpOpenFile extends OpenFile implements DirectMappable {
    /** Largest file (MAX_LFS_FILESIZE is far larger; EFBIG beyond this). */
    static final long MAX_SIZE = FileData.MAX_SIZE;

    private final TmpFs fs;
    private final TmpNode.File file;
    private long pos;

    TmpOpenFile(TmpFs fs, TmpNode.File file, int flags) {
        super(flags);
        this.fs = fs;
        this.file = file;
        file.opens++;
    }

    @Override
    protected void release() {
        file.opens--;
        file.releaseIfUnused();
    }

    @Override
    public long getUnmappedArea(GuestMemory mem, PageAllocator pages, long off, long len) throws ErrnoException {
        return file.data.directAddress(mem, pages, off, len);
    }

    @Override
    public void sharedMapping(long end, int delta) {
        file.data.sharedMapping(end, delta);
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
        if (at >= file.data.size) {
            return 0;
        }
        int n = (int) Math.min(len, file.data.size - at);
        file.data.read(at, b, off, n);
        file.atime = fs.now();
        return n;
    }

    @Override
    public int write(byte[] b, int off, int len) throws ErrnoException {
        if ((flags() & Fcntl.O_APPEND) != 0) {
            pos = file.data.size;
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
        file.data.write(at, b, off, len);
        file.mtime = file.ctime = fs.now();
        return len;
    }

    /** Sets the size, zero-filling growth and clearing a shrunk tail so a later growth reads zeros. */
    static void setSize(TmpNode.File f, long length) throws ErrnoException {
        f.data.setSize(length);
    }

    @Override
    public long seek(long offset, int whence) throws ErrnoException {
        long np = switch (whence) {
            case Fcntl.SEEK_SET -> offset;
            case Fcntl.SEEK_CUR -> pos + offset;
            case Fcntl.SEEK_END -> file.data.size + offset;
            // The file is dense (Flatland keeps no holes): data everywhere before EOF, one hole at it.
            case Fcntl.SEEK_DATA, Fcntl.SEEK_HOLE -> seekDataHole(offset, whence, file.data.size);
            default -> throw new ErrnoException(Errno.EINVAL);
        };
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
    public dev.flatland.vfs.StatFs statfs() {
        return fs.statfs("/");
    }

    TmpFs fs() {
        return fs;
    }

    TmpNode.File node() {
        return file;
    }

    /** shmem_fallocate: mode 0 and KEEP_SIZE (the pages exist already: only the size may grow), PUNCH_HOLE|KEEP_SIZE zeroes. */
    @Override
    public void fallocate(int mode, long offset, long len) throws ErrnoException {
        if ((mode & ~(FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE)) != 0) {
            throw new ErrnoException(Errno.EOPNOTSUPP);
        }
        long end = offset + len;
        if ((mode & FALLOC_FL_PUNCH_HOLE) != 0) {
            long stop = Math.min(end, file.data.size);
            byte[] zeros = new byte[(int) Math.min(65536, Math.max(0, stop - offset))];
            for (long at = offset; at < stop; at += zeros.length) {
                file.data.write(at, zeros, 0, (int) Math.min(zeros.length, stop - at));
            }
            file.mtime = file.ctime = fs.now();
            return;
        }
        if ((mode & FALLOC_FL_KEEP_SIZE) == 0 && end > file.data.size) {
            setSize(file, end);
        }
        file.ctime = fs.now();
    }

    static final int FALLOC_FL_KEEP_SIZE = 1;
    static final int FALLOC_FL_PUNCH_HOLE = 2;

    @Override
    public void chmod(int mode) {
        file.mode = (file.mode & Stat.S_IFMT) | (mode & 07777);
        file.ctime = fs.now();
    }

    @Override
    public void setTimes(long atimeNs, long mtimeNs) {
        fs.setTimes(file, atimeNs, mtimeNs);
    }

    @Override
    public void chown(int uid, int gid) {
        fs.chown(file, uid, gid);
    }

    @Override
    public Stat stat() {
        return file.stat(fs.dev());
    }
}
