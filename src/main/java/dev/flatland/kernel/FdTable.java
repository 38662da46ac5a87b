package dev.flatland.kernel;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.vfs.OpenFile;
import java.util.Arrays;

/** A process's file descriptor table (fs/file.c): lowest-free allocation and close-on-exec bits. */
public final class FdTable {
    /** RLIMIT_NOFILE's usual soft limit. */
    public static final int NOFILE = 1024;
    private OpenFile[] files = new OpenFile[16];
    private boolean[] cloexec = new boolean[16];
    /**
     * The owner's RLIMIT_NOFILE soft limit: no fd at or above it is handed out (alloc_fd's end).
     * Kept here, set by setrlimit, so every caller of install sees it; a table shared with
     * CLONE_FILES by processes with different limits uses the last one set (Linux uses the caller's).
     */
    private int nofile = NOFILE;

    /** The RLIMIT_NOFILE soft limit this table enforces. */
    public int nofile() {
        return nofile;
    }

    /** Sets the RLIMIT_NOFILE soft limit (values above Integer.MAX_VALUE are clamped). */
    public void setNofile(long limit) {
        nofile = (int) Math.min(Math.max(limit, 0), Integer.MAX_VALUE);
    }

    /** The open file at {@code fd}; EBADF when none. */
    public OpenFile get(int fd) throws ErrnoException {
        if (fd < 0 || fd >= files.length || files[fd] == null) {
            throw new ErrnoException(Errno.EBADF);
        }
        return files[fd];
    }

    /** The open descriptors in increasing order (/proc/PID/fd). */
    public java.util.List<Integer> openFds() {
        java.util.List<Integer> l = new java.util.ArrayList<>();
        for (int fd = 0; fd < files.length; fd++) {
            if (files[fd] != null) {
                l.add(fd);
            }
        }
        return l;
    }

    /** Installs {@code f} at the lowest free fd >= {@code min}; EMFILE when none is below RLIMIT_NOFILE. */
    public int install(OpenFile f, boolean closeOnExec, int min) throws ErrnoException {
        for (int fd = Math.max(min, 0); fd < nofile; fd++) {
            if (fd >= files.length) {
                grow(fd + 1);
            }
            if (files[fd] == null) {
                files[fd] = f;
                cloexec[fd] = closeOnExec;
                return fd;
            }
        }
        throw new ErrnoException(Errno.EMFILE);
    }

    /**
     * get_unused_fd_flags before the open (do_sys_openat2): EMFILE when no descriptor below
     * RLIMIT_NOFILE is free, so that open(O_CREAT) at the limit creates nothing.
     */
    public void checkFree() throws ErrnoException {
        for (int fd = 0; fd < nofile; fd++) {
            if (fd >= files.length || files[fd] == null) {
                return;
            }
        }
        throw new ErrnoException(Errno.EMFILE);
    }

    /**
     * close_range(first, last, flags) over the open descriptors in [first, min(last, table end)]:
     * closes them, or only sets their close-on-exec bit with {@code cloexecOnly}
     * (CLOSE_RANGE_CLOEXEC).
     */
    public void closeRange(int first, long last, boolean cloexecOnly) {
        long end = Math.min(last, files.length - 1L);
        for (int fd = first; fd >= 0 && fd <= end; fd++) {
            if (files[fd] == null) {
                continue;
            }
            if (cloexecOnly) {
                cloexec[fd] = true;
                continue;
            }
            OpenFile f = files[fd];
            files[fd] = null;
            cloexec[fd] = false;
            dropFile(f);
        }
    }

    /** Drops one descriptor's reference: the owner's POSIX record locks on the file go first (locks_remove_posix). */
    private void dropFile(OpenFile f) {
        FileLocks.removePosix(this, f);
        f.put();
    }

    /** Installs {@code f} exactly at {@code fd}, closing what was there (dup2); EBADF at or above RLIMIT_NOFILE. */
    public void installAt(int fd, OpenFile f, boolean closeOnExec) throws ErrnoException {
        if (fd < 0 || fd >= nofile) {
            throw new ErrnoException(Errno.EBADF);
        }
        if (fd >= files.length) {
            grow(fd + 1);
        }
        OpenFile old = files[fd];
        files[fd] = f;
        cloexec[fd] = closeOnExec;
        if (old != null) {
            dropFile(old);
        }
    }

    /** Closes {@code fd}; EBADF when it is not open. */
    public void close(int fd) throws ErrnoException {
        OpenFile f = get(fd);
        files[fd] = null;
        cloexec[fd] = false;
        dropFile(f);
    }

    public boolean closeOnExec(int fd) throws ErrnoException {
        get(fd);
        return cloexec[fd];
    }

    public void setCloseOnExec(int fd, boolean on) throws ErrnoException {
        get(fd);
        cloexec[fd] = on;
    }

    /** Closes every descriptor (process exit). */
    public void closeAll() {
        for (int fd = 0; fd < files.length; fd++) {
            if (files[fd] != null) {
                OpenFile f = files[fd];
                files[fd] = null;
                dropFile(f);
            }
        }
    }

    /** A copy for a child without CLONE_FILES (dup_fd): same open files, one more reference each. */
    public FdTable copy() {
        FdTable c = new FdTable();
        c.nofile = nofile;
        c.files = Arrays.copyOf(files, files.length);
        c.cloexec = Arrays.copyOf(cloexec, cloexec.length);
        for (OpenFile f : c.files) {
            if (f != null) {
                f.get();
            }
        }
        return c;
    }

    /** Closes the close-on-exec descriptors (execve's do_close_on_exec). */
    public void closeOnExec() {
        for (int fd = 0; fd < files.length; fd++) {
            if (files[fd] != null && cloexec[fd]) {
                OpenFile f = files[fd];
                files[fd] = null;
                cloexec[fd] = false;
                dropFile(f);
            }
        }
    }

    private void grow(int min) {
        int n = Math.max(min, files.length * 2);
        files = Arrays.copyOf(files, n);
        cloexec = Arrays.copyOf(cloexec, n);
    }
}
