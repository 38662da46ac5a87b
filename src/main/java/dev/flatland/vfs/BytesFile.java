package dev.flatland.vfs;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Fcntl;
import dev.flatland.abi.Stat;
import java.util.function.Supplier;

/**
 * A read-only, seekable open file over contents generated once at open (the gVisor
 * DynamicBytesSource idea, and Linux's seq_file for small files): later reads see the snapshot.
 */
public class BytesFile extends OpenFile {
    private final byte[] data;
    private final Supplier<Stat> stat;
    private long pos;

    public BytesFile(int flags, byte[] data, Supplier<Stat> stat) {
        super(flags);
        this.data = data;
        this.stat = stat;
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
        if (at >= data.length) {
            return 0;
        }
        int n = (int) Math.min(len, data.length - at);
        System.arraycopy(data, (int) at, b, off, n);
        return n;
    }

    @Override
    public long seek(long offset, int whence) throws ErrnoException {
        long base = switch (whence) {
            case Fcntl.SEEK_SET -> 0;
            case Fcntl.SEEK_CUR -> pos;
            case Fcntl.SEEK_END -> data.length;
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
    public Stat stat() throws ErrnoException {
        return stat.get();
    }
}
