package dev.flatland.fs.hostfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Fcntl;
import dev.flatland.abi.Stat;
import dev.flatland.vfs.DirEntry;
import dev.flatland.vfs.OpenFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * hostfs errno behaviour; each expectation is what the same call returns on Linux (open(2),
 * unlink(2), rmdir(2), mkdir(2) man pages, checked with guest/musl/file_io natively).
 */
class HostFsTest {
    @TempDir
    Path dir;

    private static void assertErrno(Errno e, Executable x) {
        assertEquals(e, assertThrows(ErrnoException.class, x).errno());
    }

    @Test
    void createWriteSeekReadTruncate() throws Exception {
        HostFs fs = HostFs.create(dir);
        OpenFile f = fs.open("/a", Fcntl.O_RDWR | Fcntl.O_CREAT | Fcntl.O_EXCL, 0644);
        assertEquals(5, f.write("hello".getBytes(), 0, 5));
        assertEquals(0, f.seek(0, Fcntl.SEEK_SET));
        byte[] b = new byte[10];
        assertEquals(5, f.read(b, 0, 10));
        assertEquals(0, f.read(b, 0, 10), "EOF");
        f.truncate(2);
        assertEquals(2, f.stat().size());
        f.truncate(6);
        assertEquals(6, f.stat().size());
        assertEquals(3, f.pread(b, 0, 10, 3));
        assertArrayEquals(new byte[] {0, 0, 0}, java.util.Arrays.copyOf(b, 3));
        assertEquals(Stat.S_IFREG, f.stat().type());
        assertEquals(0600, f.stat().mode() & 0700, "owner rw- from mode 0644");
        f.put();
        assertErrno(Errno.EEXIST, () -> fs.open("/a", Fcntl.O_RDWR | Fcntl.O_CREAT | Fcntl.O_EXCL, 0644));
    }

    @Test
    void openErrnos() throws Exception {
        HostFs fs = HostFs.create(dir);
        Files.createDirectory(dir.resolve("d"));
        Files.writeString(dir.resolve("f"), "x");
        assertErrno(Errno.ENOENT, () -> fs.open("/missing", Fcntl.O_RDONLY, 0));
        assertErrno(Errno.EISDIR, () -> fs.open("/d", Fcntl.O_WRONLY, 0));
        assertErrno(Errno.ENOTDIR, () -> fs.open("/f", Fcntl.O_RDONLY | Fcntl.O_DIRECTORY, 0));
        assertErrno(Errno.ENOTDIR, () -> fs.open("/f/x", Fcntl.O_RDONLY, 0));
        OpenFile ro = fs.open("/f", Fcntl.O_RDONLY, 0);
        assertErrno(Errno.EBADF, () -> ro.write(new byte[1], 0, 1));
        assertErrno(Errno.EINVAL, () -> ro.truncate(0));
    }

    @Test
    void directoryListingHasDotEntriesAndSortedNames() throws Exception {
        HostFs fs = HostFs.create(dir);
        Files.createDirectory(dir.resolve("d"));
        Files.writeString(dir.resolve("d/zz"), "");
        Files.createDirectory(dir.resolve("d/aa"));
        List<DirEntry> l = fs.open("/d", Fcntl.O_RDONLY | Fcntl.O_DIRECTORY, 0).readdir();
        assertEquals(List.of(".", "..", "aa", "zz"), l.stream().map(e -> new String(e.name())).toList());
        assertEquals(DirEntry.DT_DIR, l.get(2).type());
        assertEquals(DirEntry.DT_REG, l.get(3).type());
    }

    @Test
    void unlinkRmdirMkdirRenameErrnos() throws Exception {
        HostFs fs = HostFs.create(dir);
        fs.mkdir("/d", 0755);
        assertTrue(Files.isDirectory(dir.resolve("d")));
        assertErrno(Errno.EEXIST, () -> fs.mkdir("/d", 0755));
        assertErrno(Errno.EISDIR, () -> fs.unlink("/d"));
        Files.writeString(dir.resolve("d/f"), "x");
        assertErrno(Errno.ENOTEMPTY, () -> fs.rmdir("/d"));
        assertErrno(Errno.ENOTDIR, () -> fs.rmdir("/d/f"));
        fs.rename("/d/f", "/g");
        assertTrue(Files.exists(dir.resolve("g")));
        assertErrno(Errno.ENOENT, () -> fs.rename("/d/f", "/h"));
        fs.unlink("/g");
        fs.rmdir("/d");
        assertErrno(Errno.ENOENT, () -> fs.unlink("/g"));
    }

    private static String readAll(dev.flatland.vfs.Vfs v, String path) throws ErrnoException {
        OpenFile f = v.open(path, Fcntl.O_RDONLY, 0);
        byte[] b = new byte[64];
        int n = f.read(b, 0, b.length);
        f.put();
        return new String(b, 0, Math.max(n, 0));
    }

    /**
     * --root: host links planted in the root (absolute, relative, to "/", in a --mount'ed directory)
     * resolve inside the guest's namespace, never on the host. The same layout natively under
     * chroot(2) gives the same answers (guest/nommu/confine_paths.mmu).
     */
    @Test
    void hostLinksNeverLeaveTheConfinedRoot() throws Exception {
        Path root = Files.createDirectory(dir.resolve("root"));
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), "inside");
        Path outside = Files.writeString(dir.resolve("secret"), "outside");
        Files.createSymbolicLink(root.resolve("abs"), outside);   // absolute host path of a file outside
        Files.createSymbolicLink(root.resolve("rel"), Path.of("../secret"));
        Files.createSymbolicLink(root.resolve("etclink"), Path.of("/etc/passwd"));
        Path bind = Files.createDirectory(dir.resolve("bind"));
        Files.createSymbolicLink(bind.resolve("up"), Path.of("../../.."));
        dev.flatland.vfs.Vfs v = new dev.flatland.vfs.Vfs(HostFs.create(root));
        v.mount("/mnt", HostFs.create(bind), bind.toString(), false);
        assertErrno(Errno.ENOENT, () -> v.open("/abs", Fcntl.O_RDONLY, 0));   // DIR/tmp/.../secret is not there
        assertErrno(Errno.ENOENT, () -> v.open("/rel", Fcntl.O_RDONLY, 0));   // ".." at the root stays there
        assertEquals("inside", readAll(v, "/etclink"));
        assertEquals("inside", readAll(v, "/mnt/up/etc/passwd"));
        assertEquals("inside", readAll(v, "/mnt/../../etc/passwd"));
        assertEquals("/", v.canonical("/mnt/up", true));
        assertErrno(Errno.EACCES, () -> HostFs.create(root).stat("/../secret", false));   // hostfs refuses ".."
        assertEquals("outside", Files.readString(outside));
    }
}
