package dev.flatland.fs.hostfs;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Stat;
import dev.flatland.vfs.DirEntry;
import dev.flatland.vfs.OpenFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A host directory: readdir lists ".", ".." and the entries sorted by name (deterministic). */
final class HostDirectory extends OpenFile {
    private final Path hostPath;
    private final String path;
    private List<DirEntry> entries;

    HostDirectory(Path hostPath, String path, int flags) {
        super(flags);
        this.hostPath = hostPath;
        this.path = path;
    }

    @Override
    public int read(byte[] b, int off, int len) throws ErrnoException {
        throw new ErrnoException(Errno.EISDIR);
    }

    @Override
    public int write(byte[] b, int off, int len) throws ErrnoException {
        throw new ErrnoException(Errno.EBADF);
    }

    @Override
    public long seek(long offset, int whence) throws ErrnoException {
        if (whence != 0 || offset < 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        setDirPosition(offset);
        if (offset == 0) {
            entries = null;   // rewinddir sees new entries
        }
        return offset;
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
    public List<DirEntry> readdir() throws ErrnoException {
        if (entries != null) {
            return entries;
        }
        List<DirEntry> list = new ArrayList<>();
        list.add(new DirEntry(HostStat.of(hostPath, true).ino(), DirEntry.DT_DIR, ".".getBytes()));
        Path parent = hostPath.getParent() == null ? hostPath : hostPath.getParent();
        list.add(new DirEntry(HostStat.of(parent, true).ino(), DirEntry.DT_DIR, "..".getBytes()));
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(hostPath)) {
            ds.forEach(children::add);
        } catch (IOException e) {
            throw HostErrors.of(e);
        }
        children.sort(null);
        for (Path c : children) {
            try {
                Stat st = HostStat.of(c, false);
                list.add(new DirEntry(st.ino(), DirEntry.typeOf(st.mode()),
                        c.getFileName().toString().getBytes(StandardCharsets.UTF_8)));
            } catch (ErrnoException e) {
                // the entry vanished between listing and stat: skip it, as a racing unlink would
            }
        }
        entries = list;
        return list;
    }
}
