package dev.flatland.fs.tmpfs;

import dev.flatland.abi.Stat;
import java.util.LinkedHashMap;
import java.util.Map;

/** A tmpfs inode: a directory, a regular file, a symbolic link or a special node (mknod). */
abstract sealed class TmpNode permits TmpNode.Dir, TmpNode.File, TmpNode.Link, TmpNode.Special {
    final long ino;
    int mode;
    int uid;
    int gid;
    int nlink = 1;
    long atime;
    long mtime;
    long ctime;

    TmpNode(long ino, int mode, int uid, int gid, long now) {
        this.ino = ino;
        this.mode = mode;
        this.uid = uid;
        this.gid = gid;
        atime = mtime = ctime = now;
    }

    abstract long size();

    /**
     * st_blocks, in 512-byte units: the pages the inode holds, 8 per 4 KiB page (shmem_getattr's
     * i_blocks; ramfs: nrpages). A directory holds none (its size is nominal), a regular file the
     * pages that cover its size, a symbolic link one page unless its target is short enough to live
     * in the inode (shmem_symlink: below 128 bytes).
     */
    long blocks() {
        return (size() + 4095) / 4096 * 8;
    }

    Stat stat(long dev) {
        long size = size();
        return new Stat(dev, ino, mode, nlink, uid, gid, 0, size, 4096, blocks(),
                atime / 1_000_000_000L, atime % 1_000_000_000L, mtime / 1_000_000_000L, mtime % 1_000_000_000L,
                ctime / 1_000_000_000L, ctime % 1_000_000_000L);
    }

    /** A directory: its entries in creation order, and its parent (itself for the root). */
    static final class Dir extends TmpNode {
        final Map<String, TmpNode> children = new LinkedHashMap<>();
        Dir parent;

        Dir(long ino, int perm, int uid, int gid, long now) {
            super(ino, Stat.S_IFDIR | perm, uid, gid, now);
            nlink = 2;
        }

        @Override
        long size() {
            return 40L + 20L * children.size();   // tmpfs reports a nominal size; only "non-zero" matters
        }

        @Override
        long blocks() {
            return 0;
        }
    }

    /**
     * A regular file: its bytes ({@link FileData}, which moves them into guest RAM for nommu direct
     * mappings) and the number of open descriptions, so that the RAM goes back to the allocator once
     * the file has neither a name nor an open description (a mapping holds one).
     */
    static final class File extends TmpNode {
        final FileData data = new FileData();
        int opens;
        /** I_LINKABLE: an O_TMPFILE inode opened without O_EXCL, which linkat may give a name. */
        boolean linkable;

        File(long ino, int perm, int uid, int gid, long now) {
            super(ino, Stat.S_IFREG | perm, uid, gid, now);
        }

        @Override
        long size() {
            return data.size;
        }

        /** Frees the file's RAM when nothing can reach it any more (iput of an unlinked inode). */
        void releaseIfUnused() {
            if (nlink == 0 && opens == 0) {
                data.release();
            }
        }
    }

    /** A symbolic link and its target bytes. */
    static final class Link extends TmpNode {
        final String target;

        Link(long ino, String target, int uid, int gid, long now) {
            super(ino, Stat.S_IFLNK | 0777, uid, gid, now);
            this.target = target;
        }

        @Override
        long size() {
            return dev.flatland.vfs.FileNames.encode(target).length;
        }

        @Override
        long blocks() {
            return size() < 128 ? 0 : 8;
        }
    }

    /** A node made by mknod: a socket (what AF_UNIX bind leaves in the directory), FIFO or device. */
    static final class Special extends TmpNode {
        final long rdev;

        Special(long ino, int mode, long rdev, int uid, int gid, long now) {
            super(ino, mode, uid, gid, now);
            this.rdev = rdev;
        }

        @Override
        long size() {
            return 0;
        }

        @Override
        Stat stat(long dev) {
            Stat s = super.stat(dev);
            return new Stat(s.dev(), s.ino(), s.mode(), s.nlink(), s.uid(), s.gid(), rdev, 0, s.blksize(), 0,
                    s.atimeSec(), s.atimeNsec(), s.mtimeSec(), s.mtimeNsec(), s.ctimeSec(), s.ctimeNsec());
        }
    }
}
