package dev.flatland.syscall;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Stat;
import dev.flatland.kernel.Task;
import dev.flatland.vfs.OpenFile;

/**
 * fadvise64, readahead and sync_file_range: Linux's argument checks and errnos; past them the
 * advice changes nothing here (Flatland has no page cache to prefetch or write back).
 */
final class FileAdviceSyscalls {
    private FileAdviceSyscalls() {
    }

    private static final int POSIX_FADV_NOREUSE = 5;
    /** SYNC_FILE_RANGE_WAIT_BEFORE | WRITE | WAIT_AFTER. */
    private static final int SYNC_FILE_RANGE_VALID = 1 | 2 | 4;

    /** generic_fadvise: ESPIPE for a FIFO (a pipe), EINVAL for a negative len, then a bad advice. */
    private static long fadvise(OpenFile f, long len, int advice) throws ErrnoException {
        if (f.stat().type() == Stat.S_IFIFO) {
            throw new ErrnoException(Errno.ESPIPE);
        }
        if (len < 0 || advice < 0 || advice > POSIX_FADV_NOREUSE) {
            throw new ErrnoException(Errno.EINVAL);
        }
        return 0;
    }

    /** fadvise64(fd, offset, len, advice): len is a size_t taken as loff_t (ksys_fadvise64_64). */
    static long fadvise64(Task t, SyscallArgs a) throws ErrnoException {
        OpenFile f = FileSyscalls.fdget(t, a.fd(0));
        return fadvise(f, a.raw(2), a.int32(3));
    }

    /**
     * readahead(fd, offset, count) (mm/readahead.c ksys_readahead): EBADF unless open for reading,
     * EINVAL unless a regular file or block device, then fadvise(WILLNEED) on count.
     */
    static long readahead(Task t, SyscallArgs a) throws ErrnoException {
        OpenFile f = FileSyscalls.fdget(t, a.fd(0));
        if (!f.readable()) {
            throw new ErrnoException(Errno.EBADF);
        }
        int type = f.stat().type();
        if (type != Stat.S_IFREG && type != Stat.S_IFBLK) {
            throw new ErrnoException(Errno.EINVAL);
        }
        return fadvise(f, a.raw(2), 3);
    }

    /**
     * sync_file_range(fd, offset, nbytes, flags) (fs/sync.c): EINVAL for unknown flags, a negative
     * offset or end, or an end that wraps; ESPIPE unless a regular file, block device, directory or
     * symlink.
     */
    static long syncFileRange(Task t, SyscallArgs a) throws ErrnoException {
        OpenFile f = FileSyscalls.fdget(t, a.fd(0));
        long offset = a.raw(1);
        long nbytes = a.raw(2);
        int flags = a.int32(3);
        if ((flags & ~SYNC_FILE_RANGE_VALID) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        long end = offset + nbytes;
        if (offset < 0 || end < 0 || end < offset) {
            throw new ErrnoException(Errno.EINVAL);
        }
        int type = f.stat().type();
        if (type != Stat.S_IFREG && type != Stat.S_IFBLK && type != Stat.S_IFDIR && type != Stat.S_IFLNK) {
            throw new ErrnoException(Errno.ESPIPE);
        }
        return 0;
    }
}
