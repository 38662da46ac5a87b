package dev.flatland.vfs;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Stat;
import java.util.List;
import java.util.function.Supplier;

/** An open directory whose entries (including "." and "..") are listed at open, for synthetic file systems. */
public class ListDirectory extends OpenFile {
    private final Supplier<List<DirEntry>> entries;
    private final Supplier<Stat> stat;
    private List<DirEntry> snapshot;

    public ListDirectory(int flags, Supplier<List<DirEntry>> entries, Supplier<Stat> stat) {
        super(flags);
        this.entries = entries;
        this.stat = stat;
    }

    @Override
    public List<DirEntry> readdir() throws ErrnoException {
        if (snapshot == null) {
            snapshot = entries.get();
        }
        return snapshot;
    }

    /** Only absolute positions are meaningful (telldir cookies); 0 rereads the directory. */
    @Override
    public long seek(long offset, int whence) throws ErrnoException {
        if (whence != 0 || offset < 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        setDirPosition(offset);
        if (offset == 0) {
            snapshot = null;
        }
        return offset;
    }

    @Override
    public Stat stat() throws ErrnoException {
        return stat.get();
    }

    @Override
    public void sync() {
    }
}
