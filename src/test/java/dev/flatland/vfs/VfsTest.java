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
            calls.add("stat " + path);
            return null;
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
        assertEquals(List.of("stat /devx/a"), root.calls);
        assertEquals(List.of("stat /null"), dev.calls);
        assertEquals(List.of("stat /x/", "stat /"), shm.calls);
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
        assertEquals(Errno.EROFS, assertThrows(ErrnoException.class, () -> v.mkdir("/data/d", 0755)).errno());
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
        assertEquals(List.of("stat /b/deep/file"), root.calls);
        v.stat("/a/link", false);
        assertEquals(List.of("stat /link"), a.calls);
        Recorder rel = new Recorder("rel", "../up");
        v.mount("/r/s", rel, "rel", false);
        v.stat("/r/s/link/z", true);
        assertEquals("stat /r/up/z", root.calls.get(root.calls.size() - 1));
        assertEquals(Errno.ELOOP, assertThrows(ErrnoException.class, () -> v.stat("/l/link", true)).errno());
    }
}
