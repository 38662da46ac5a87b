package dev.flatland.vfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Fcntl;
import dev.flatland.abi.Stat;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The mount table: longest-prefix routing, EXDEV, EROFS, links followed across mounts, /proc/mounts lines. */
class VfsTest {
    /** Records the paths it is asked about; "/link" is a link to {@code linkTarget}. */
    static final class Recorder implements FileSystem {
        final List<String> calls = new ArrayList<>();
        /** Every stat, the walk's lookups included. */
        final List<String> stats = new ArrayList<>();
        final String name;
        final String linkTarget;

        Recorder(String name, String linkTarget) {
            this.name = name;
            this.linkTarget = linkTarget;
        }

        @Override
        public String type() {
            return name;
        }

        @Override
        public Redirect redirect(String path, boolean followLast) {
            if (linkTarget != null && (path.startsWith("/link/") || (path.equals("/link") && followLast))) {
                return new Redirect(5, linkTarget);
            }
            return null;
        }

        @Override
        public OpenFile open(String path, int flags, int mode) {
            calls.add("open " + path);
            return new BytesFile(flags, new byte[0], () -> null);
        }

        @Override
        public Stat stat(String path, boolean follow) {
            stats.add(path);
            int type = linkTarget != null && path.equals("/link") ? Stat.S_IFLNK : Stat.S_IFDIR;
            return new Stat(1, 1, type | 0755, 1, 0, 0, 0, 0, 4096, 0, 0, 0, 0, 0, 0, 0);
        }

        @Override
        public void access(String path, int mode) {
        }

        @Override
        public byte[] readlink(String path) {
            return new byte[0];
        }

        @Override
        public void unlink(String path) {
            calls.add("unlink " + path);
        }

        @Override
        public void mkdir(String path, int mode) {
            calls.add("mkdir " + path);
        }

        @Override
        public void rmdir(String path) {
        }

        @Override
        public void rename(String from, String to) {
            calls.add("rename " + from + " " + to);
        }

        @Override
        public void truncate(String path, long length) {
        }

        @Override
        public void chmod(String path, int mode) {
        }
    }

    @Test
    void longestPrefixWinsAndPathsAreStripped() throws ErrnoException {
        Recorder root = new Recorder("hostfs", null);
        Recorder dev = new Recorder("devtmpfs", null);
        Recorder shm = new Recorder("tmpfs", null);
        Vfs v = new Vfs(root);
        v.mount("/dev", dev, "udev", false);
        v.mount("/dev/shm", shm, "tmpfs", false);
        v.stat("/devx/a", true);
        v.stat("/dev/null", true);
        v.stat("/dev/shm/x/", true);
        v.stat("/dev/shm", true);
        // each component is looked up (no-follow) in the mount that covers it, then the operation runs
        assertEquals(List.of("/devx", "/devx/a", "/devx/a"), root.stats);
        assertEquals(List.of("/", "/null", "/null", "/", "/"), dev.stats);
        assertEquals(List.of("/", "/x", "/x/", "/", "/"), shm.stats);
        OpenFile f = v.open("/dev/shm/file", Fcntl.O_RDONLY, 0);
        assertEquals("/dev/shm/file", f.path());
        assertEquals(Errno.EXDEV, assertThrows(ErrnoException.class, () -> v.rename("/dev/shm/a", "/tmp/a")).errno());
        v.rename("/dev/shm/a", "/dev/shm/b");
        assertEquals("rename /a /b", shm.calls.get(shm.calls.size() - 1));
        assertEquals(Errno.EBUSY, assertThrows(ErrnoException.class, () -> v.rmdir("/dev/shm")).errno());
        assertEquals(List.of("/ / hostfs rw 0 0", "udev /dev devtmpfs rw 0 0", "tmpfs /dev/shm tmpfs rw 0 0"),
                v.mounts().stream().map(Mount::procLine).toList());
    }

    @Test
    void readOnlyMountsRefuseChanges() throws ErrnoException {
        Recorder ro = new Recorder("hostfs", null);
        Vfs v = new Vfs(new Recorder("hostfs", null));
        v.mount("/data/", ro, "/srv", true);
        v.open("/data/x", Fcntl.O_RDONLY, 0);
        assertEquals(Errno.EROFS, assertThrows(ErrnoException.class, () -> v.open("/data/x", Fcntl.O_WRONLY, 0)).errno());
        assertEquals(Errno.EROFS, assertThrows(ErrnoException.class, () -> v.unlink("/data/x")).errno());
        // the recorder reports every path as an existing directory: filename_create's EEXIST comes
        // before mnt_want_write's EROFS (checked on Linux: mkdir of an existing name on a ro tmpfs)
        assertEquals(Errno.EEXIST, assertThrows(ErrnoException.class, () -> v.mkdir("/data/d", 0755)).errno());
        assertEquals(List.of("open /x"), ro.calls);
        assertEquals("/srv /data hostfs ro 0 0", v.mounts().get(1).procLine());
    }

    @Test
    void linksAreFollowedAcrossMountsUpToMaxsymlinks() throws ErrnoException {
        Recorder root = new Recorder("hostfs", null);
        Recorder a = new Recorder("a", "/b/deep");
        Recorder loop = new Recorder("loop", "/l/link");
        Vfs v = new Vfs(root);
        v.mount("/a", a, "a", false);
        v.mount("/l", loop, "l", false);
        v.stat("/a/link/file", true);
        assertEquals("/b/deep/file", root.stats.get(root.stats.size() - 1));
        v.stat("/a/link", false);
        assertEquals("/link", a.stats.get(a.stats.size() - 1));
        Recorder rel = new Recorder("rel", "../up");
        v.mount("/r/s", rel, "rel", false);
        v.stat("/r/s/link/z", true);
        assertEquals("/r/up/z", root.stats.get(root.stats.size() - 1));
        assertEquals(Errno.ELOOP, assertThrows(ErrnoException.class, () -> v.stat("/l/link", true)).errno());
    }

    /** A tmpfs at "/" with /d/sub/f, /f, and links; the walk is the VFS's, the inodes tmpfs's. */
    private static Vfs tree() throws ErrnoException {
        Vfs v = new Vfs(new dev.flatland.fs.tmpfs.TmpFs(0755, 0, 0, () -> 0L));
        v.mkdir("/d", 0755);
        v.mkdir("/d/sub", 0755);
        v.open("/d/sub/f", Fcntl.O_CREAT | Fcntl.O_WRONLY, 0644).put();
        v.open("/f", Fcntl.O_CREAT | Fcntl.O_WRONLY, 0644).put();
        return v;
    }

    private static Errno err(org.junit.jupiter.api.function.Executable e) {
        return assertThrows(ErrnoException.class, e).errno();
    }

    // Expected errnos: Linux path_lookupat/link_path_walk, checked natively by guest/nommu/confine_paths.c
    // (its .mmu file is the output of that program run natively under chroot(2) on Linux 6.x).
    @Test
    void dotDotIsWalkedNotCollapsed() throws ErrnoException {
        Vfs v = tree();
        assertEquals(Errno.ENOENT, err(() -> v.stat("/d/missing/../sub/f", true)));
        assertEquals(Errno.ENOTDIR, err(() -> v.stat("/f/../d", true)));
        assertEquals(Errno.ENOENT, err(() -> v.walkParent("/d/missing/../x")));
        assertEquals("/d/sub/f", v.canonical("/../../d/./sub/../sub//f", true));
        assertEquals("/", v.canonical("/../..", true));
        assertEquals("/d/x", v.walkParent("/d/sub/../x"));
    }

    @Test
    void linksResolveInsideTheNamespaceAndLoopsStopAtForty() throws ErrnoException {
        Vfs v = tree();
        v.symlink("/d/sub", "/abs");
        v.symlink("../../../../d", "/d/rel");
        v.symlink("/", "/root");
        assertEquals("/d/sub/f", v.canonical("/abs/f", true));
        assertEquals("/d/sub/f", v.canonical("/d/rel/sub/f", true));
        assertEquals("/d", v.canonical("/root/../../d", true));
        assertEquals("/abs", v.canonical("/abs", false));
        for (int i = 0; i < 41; i++) {
            v.symlink(i == 40 ? "/f" : "c" + (i + 1), "/c" + i);
        }
        assertEquals("/f", v.canonical("/c1", true));
        assertEquals(Errno.ELOOP, err(() -> v.canonical("/c0", true)));
        v.symlink("l2", "/l1");
        v.symlink("l1", "/l2");
        assertEquals(Errno.ELOOP, err(() -> v.open("/l1", Fcntl.O_RDONLY, 0)));
        assertEquals(Errno.ENAMETOOLONG, err(() -> v.stat("/" + "a".repeat(256), true)));
    }

    @Test
    void lastDotAndDotDotHaveLinuxErrors() throws ErrnoException {
        Vfs v = tree();
        assertEquals(Errno.EINVAL, err(() -> v.rmdir("/d/.")));
        assertEquals(Errno.ENOTEMPTY, err(() -> v.rmdir("/d/sub/..")));
        assertEquals(Errno.EEXIST, err(() -> v.mkdir("/d/.", 0755)));
        assertEquals(Errno.EBUSY, err(() -> v.rename("/d/.", "/x")));
        assertEquals(Errno.ENOTDIR, err(() -> v.unlink("/f/")));
        assertEquals(Errno.EISDIR, err(() -> v.unlink("/d/..")));
    }
}
