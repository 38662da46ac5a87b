package dev.flatland.fs.hostfs;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Fcntl;
import dev.flatland.abi.Stat;
import dev.flatland.vfs.OpenFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/** A host regular file opened through a {@link FileChannel}. */
final class HostFile extends OpenFile {
    private final FileChannel ch;
    private final Path hostPath;
    private final String path;

    HostFile(FileChannel ch, Path hostPath, String path, int flags) {
        super(flags);
        this.ch = ch;
        this.hostPath = hostPath;
        this.path = path;
    }

    @Override
    public int read(byte[] b, int off, int len) throws ErrnoException {
        if (!readable()) {
            throw new ErrnoException(Errno.EBADF);
        }
        try {
            int n = ch.read(ByteBuffer.wrap(b, off, len));
            return Math.max(n, 0);
        } catch (IOException e) {
            throw HostErrors.of(e);
        }
    }

    @Override
    public int write(byte[] b, int off, int len) throws ErrnoException {
        if (!writable()) {
            throw new ErrnoException(Errno.EBADF);
        }
        try {
            if ((flags() & Fcntl.O_APPEND) != 0) {
                ch.position(ch.size());
            }
            return ch.write(ByteBuffer.wrap(b, off, len));
        } catch (IOException e) {
            throw HostErrors.of(e);
        }
    }

    @Override
    public int pread(byte[] b, int off, int len, long pos) throws ErrnoException {
        if (!readable()) {
            throw new ErrnoException(Errno.EBADF);
        }
        if (pos < 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        try {
            return Math.max(ch.read(ByteBuffer.wrap(b, off, len), pos), 0);
        } catch (IOException e) {
            throw HostErrors.of(e);
        }
    }

    @Override
    public int pwrite(byte[] b, int off, int len, long pos) throws ErrnoException {
        if (!writable()) {
            throw new ErrnoException(Errno.EBADF);
        }
        if (pos < 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        try {
            return ch.write(ByteBuffer.wrap(b, off, len), pos);
        } catch (IOException e) {
            throw HostErrors.of(e);
        }
    }

    @Override
    public long seek(long offset, int whence) throws ErrnoException {
        try {
            long pos = switch (whence) {
                case Fcntl.SEEK_SET -> offset;
                case Fcntl.SEEK_CUR -> ch.position() + offset;
                case Fcntl.SEEK_END -> ch.size() + offset;
                // java.nio cannot ask the host for holes: generic_file_llseek_size's answer.
                case Fcntl.SEEK_DATA, Fcntl.SEEK_HOLE -> seekDataHole(offset, whence, ch.size());
                default -> throw new ErrnoException(Errno.EINVAL);
            };
            if (pos < 0) {
                throw new ErrnoException(Errno.EINVAL);
            }
            ch.position(pos);
            return pos;
        } catch (IOException e) {
            throw HostErrors.of(e);
        }
    }

    @Override
    public void truncate(long length) throws ErrnoException {
        if (!writable() || length < 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        HostFs.truncateChannel(ch, length);
    }

    /**
     * fallocate on a host file, with what java.nio can do: mode 0 grows the size to the end of the
     * range (the host allocates on write), FALLOC_FL_KEEP_SIZE changes nothing visible,
     * PUNCH_HOLE|KEEP_SIZE writes zeros over the part of the range inside the file, ZERO_RANGE writes
     * zeros over the range (inside the file with KEEP_SIZE). COLLAPSE/INSERT_RANGE are EOPNOTSUPP. Reads and sizes
     * come out as on a host file system with fallocate; st_blocks may differ.
     */
    @Override
    public void fallocate(int mode, long offset, long len) throws ErrnoException {
        if ((mode & ~0x13) != 0 || (mode & 0x12) == 0x12) {
            throw new ErrnoException(Errno.EOPNOTSUPP);
        }
        try {
            long end = offset + len;
            long size = ch.size();
            if ((mode & 0x10) != 0) {   // FALLOC_FL_ZERO_RANGE: zeros over the range, growing unless KEEP_SIZE
                long stop = (mode & 1) != 0 ? Math.min(end, size) : end;
                byte[] zeros = new byte[65536];
                for (long at = offset; at < stop; ) {
                    int n = (int) Math.min(zeros.length, stop - at);
                    at += ch.write(ByteBuffer.wrap(zeros, 0, n), at);
                }
            } else if ((mode & 2) != 0) {
                byte[] zeros = new byte[65536];
                for (long at = offset; at < Math.min(end, size); ) {
                    int n = (int) Math.min(zeros.length, Math.min(end, size) - at);
                    at += ch.write(ByteBuffer.wrap(zeros, 0, n), at);
                }
            } else if ((mode & 1) == 0 && end > size) {
                ch.write(ByteBuffer.wrap(new byte[1]), end - 1);
            }
        } catch (IOException e) {
            throw HostErrors.of(e);
        }
    }

    @Override
    public void sync() throws ErrnoException {
        try {
            ch.force(true);
        } catch (IOException e) {
            throw HostErrors.of(e);
        }
    }

    @Override
    public void chmod(int mode) throws ErrnoException {
        HostFs.setMode(hostPath, mode);
    }

    @Override
    public void setTimes(long atimeNs, long mtimeNs) throws ErrnoException {
        HostFs.setTimes(hostPath, atimeNs, mtimeNs);
    }

    @Override
    public void chown(int uid, int gid) throws ErrnoException {
        HostFs.setOwner(hostPath, uid, gid);
    }

    @Override
    public Stat stat() throws ErrnoException {
        return HostStat.of(hostPath, true);
    }

    @Override
    public String path() {
        String vfsPath = super.path();   // the global path when mounted below "/"
        return vfsPath != null ? vfsPath : path;
    }

    @Override
    protected void release() {
        try {
            ch.close();
        } catch (IOException e) {
            // close errors on a read-only or already-flushed channel carry no information for the guest
        }
    }
}
