package dev.flatland.fs.tmpfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Fcntl;
import dev.flatland.abi.Stat;
import dev.flatland.vfs.DirEntry;
import dev.flatland.vfs.FileSystem;
import dev.flatland.vfs.OpenFile;
import dev.flatland.vfs.StatFs;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** tmpfs semantics; the errno expectations are Linux's (checked by guest/musl/shm_tmpfs natively on /dev/shm). */
class TmpFsTest {
    private long now = 1_000_000_000L;
    private final TmpFs fs = new TmpFs(01777, 1000, 1000, () -> now);

    private static Errno errno(org.junit.jupiter.api.function.Executable e) {
        return assertThrows(ErrnoException.class, e).errno();
    }

    @Test
    void createWriteReadSeekTruncate() throws ErrnoException {
        OpenFile f = fs.open("/a", Fcntl.O_CREAT | Fcntl.O_RDWR, 0640);
        byte[] msg = "hello".getBytes(StandardCharsets.UTF_8);
        assertEquals(5, f.write(msg, 0, 5));
        assertEquals(10, f.seek(10, Fcntl.SEEK_SET));
        assertEquals(1, f.write(msg, 0, 1));
        Stat st = f.stat();
        assertEquals(11, st.size());
        assertEquals(Stat.S_IFREG | 0640, st.mode());
        assertEquals(1000, st.uid());
        byte[] b = new byte[20];
        assertEquals(11, f.pread(b, 0, 20, 0));
        assertEquals(0, b[7]);
        assertEquals('h', b[10]);
        f.truncate(3);
        f.truncate(6);
        assertEquals(6, f.pread(b, 0, 20, 0));
        assertArrayEquals(new byte[] {'h', 'e', 'l', 0, 0, 0}, java.util.Arrays.copyOf(b, 6));
        assertEquals(6, f.seek(0, Fcntl.SEEK_END));
        assertEquals(Errno.EINVAL, errno(() -> f.seek(-7, Fcntl.SEEK_CUR)));
    }

    @Test
    void namespaceErrors() throws ErrnoException {
        fs.mkdir("/d", 0755);
        assertEquals(Errno.EEXIST, errno(() -> fs.mkdir("/d", 0755)));
        fs.open("/d/f", Fcntl.O_CREAT | Fcntl.O_WRONLY, 0600).put();
        assertEquals(Errno.EEXIST, errno(() -> fs.open("/d/f", Fcntl.O_CREAT | Fcntl.O_EXCL | Fcntl.O_WRONLY, 0600)));
        assertEquals(Errno.ENOTEMPTY, errno(() -> fs.rmdir("/d")));
        assertEquals(Errno.EISDIR, errno(() -> fs.unlink("/d")));
        assertEquals(Errno.ENOTDIR, errno(() -> fs.rmdir("/d/f")));
        assertEquals(Errno.ENOTDIR, errno(() -> fs.open("/d/f/x", Fcntl.O_RDONLY, 0)));
        assertEquals(Errno.ENOENT, errno(() -> fs.open("/nope/x", Fcntl.O_CREAT | Fcntl.O_WRONLY, 0600)));
        assertEquals(Errno.EISDIR, errno(() -> fs.open("/d", Fcntl.O_WRONLY, 0)));
        assertEquals(Errno.EINVAL, errno(() -> fs.rename("/d", "/d/sub")));
        assertEquals(Errno.EINVAL, errno(() -> fs.readlink("/d/f")));
    }

    @Test
    void renameReplacesAndReaddirLists() throws ErrnoException {
        fs.open("/a", Fcntl.O_CREAT | Fcntl.O_WRONLY, 0600).put();
        OpenFile b = fs.open("/b", Fcntl.O_CREAT | Fcntl.O_WRONLY, 0600);
        b.write(new byte[] {1, 2, 3}, 0, 3);
        long inoB = b.stat().ino();
        fs.rename("/b", "/a");
        assertEquals(inoB, fs.stat("/a", true).ino());
        assertEquals(3, fs.stat("/a", true).size());
        assertEquals(Errno.ENOENT, errno(() -> fs.stat("/b", true)));
        fs.mkdir("/dir", 0700);
        assertEquals(Errno.EISDIR, errno(() -> fs.rename("/a", "/dir")));
        assertEquals(Errno.ENOTDIR, errno(() -> fs.rename("/dir", "/a")));
        List<DirEntry> list = fs.open("/", Fcntl.O_RDONLY | Fcntl.O_DIRECTORY, 0).readdir();
        List<String> names = list.stream().map(e -> new String(e.name(), StandardCharsets.UTF_8)).toList();
        assertEquals(List.of(".", "..", "a", "dir"), names);
        assertEquals(DirEntry.DT_DIR, list.get(3).type());
        assertEquals(3, fs.stat("/", true).nlink());   // ".", and "dir"'s ".."
    }

    @Test
    void symlinksAreReportedForTheVfsToFollow() throws ErrnoException {
        fs.mkdir("/d", 0755);
        fs.symlink("/dev/null", "/d/l");
        assertArrayEquals("/dev/null".getBytes(StandardCharsets.UTF_8), fs.readlink("/d/l"));
        assertEquals(Stat.S_IFLNK | 0777, fs.stat("/d/l", false).mode());
        var r = fs.redirect("/d/l/x", false);
        assertEquals("/d/l".length(), r.consumed());
        assertEquals("/dev/null", r.target());
        assertEquals(null, fs.redirect("/d/l", false));
        assertTrue(fs.redirect("/d/l", true) != null);
        assertEquals(Errno.EEXIST, errno(() -> fs.symlink("x", "/d/l")));
    }

    @Test
    void timesFollowTheClock() throws ErrnoException {
        OpenFile f = fs.open("/t", Fcntl.O_CREAT | Fcntl.O_RDWR, 0600);
        now = 5_000_000_123L;
        f.write(new byte[] {1}, 0, 1);
        Stat st = f.stat();
        assertEquals(5, st.mtimeSec());
        assertEquals(123, st.mtimeNsec());
        assertEquals(1, st.atimeSec());
    }

    // The expectations below are what guest/musl/vfs_fsops printed natively on /dev/shm (tmpfs, Linux 6.18).

    @Test
    void renameExchangeSwapsAndFixesLinkCounts() throws ErrnoException {
        fs.mkdir("/d", 0755);
        fs.mkdir("/d/sub", 0755);
        fs.open("/f", Fcntl.O_CREAT | Fcntl.O_WRONLY, 0600).put();
        long subIno = fs.stat("/d/sub", false).ino();
        long fIno = fs.stat("/f", false).ino();
        fs.rename("/d/sub", "/f", FileSystem.RENAME_EXCHANGE);
        assertEquals(subIno, fs.stat("/f", false).ino());
        assertEquals(fIno, fs.stat("/d/sub", false).ino());
        assertEquals(2, fs.stat("/d", false).nlink());   // d lost its subdirectory
        assertEquals(4, fs.stat("/", false).nlink());    // the root gained one: d and f are directories
        assertEquals(Errno.ENOENT, errno(() -> fs.rename("/f", "/missing", FileSystem.RENAME_EXCHANGE)));
        assertEquals(Errno.EINVAL, errno(() -> fs.rename("/d", "/d/sub", FileSystem.RENAME_EXCHANGE)));
        fs.mkdir("/d/x", 0755);
        assertEquals(Errno.EINVAL, errno(() -> fs.rename("/d", "/d/x", FileSystem.RENAME_EXCHANGE)));
        assertEquals(Errno.EEXIST, errno(() -> fs.rename("/d/sub", "/d/sub", FileSystem.RENAME_NOREPLACE)));
    }

    @Test
    void tmpFileIsUnnamedUntilLinked() throws ErrnoException {
        fs.mkdir("/d", 0755);
        OpenFile t = fs.openTmpFile("/d", Fcntl.O_TMPFILE | Fcntl.O_RDWR, 0640);
        assertEquals(0, t.stat().nlink());
        assertEquals(2, fs.open("/d", Fcntl.O_RDONLY, 0).readdir().size());   // only "." and ".."
        fs.linkOpenFile(t, "/d/named");
        assertEquals(1, fs.stat("/d/named", false).nlink());
        assertEquals(Errno.EEXIST, errno(() -> fs.linkOpenFile(t, "/d/named")));
        OpenFile x = fs.openTmpFile("/d", Fcntl.O_TMPFILE | Fcntl.O_EXCL | Fcntl.O_WRONLY, 0600);
        assertEquals(Errno.ENOENT, errno(() -> fs.linkOpenFile(x, "/d/nope")));
        assertEquals(Errno.ENOTDIR, errno(() -> fs.openTmpFile("/d/named", Fcntl.O_TMPFILE | Fcntl.O_RDWR, 0600)));
    }

    @Test
    void fallocateGrowsKeepsAndPunches() throws ErrnoException {
        OpenFile f = fs.open("/f", Fcntl.O_CREAT | Fcntl.O_RDWR, 0600);
        f.fallocate(0, 0, 8192);
        assertEquals(8192, f.stat().size());
        f.fallocate(1, 8192, 4096);   // FALLOC_FL_KEEP_SIZE
        assertEquals(8192, f.stat().size());
        f.pwrite("0123456789".getBytes(StandardCharsets.UTF_8), 0, 10, 100);
        f.fallocate(3, 102, 3);       // PUNCH_HOLE | KEEP_SIZE
        byte[] b = new byte[10];
        f.pread(b, 0, 10, 100);
        assertArrayEquals(new byte[] {'0', '1', 0, 0, 0, '5', '6', '7', '8', '9'}, b);
        assertEquals(Errno.EOPNOTSUPP, errno(() -> f.fallocate(0x10, 0, 1)));   // ZERO_RANGE: not on tmpfs
    }

    @Test
    void statfsIsAnUnlimitedTmpfs() {
        StatFs s = fs.statfs("/");
        assertEquals(0x01021994L, s.type());
        assertEquals(4096, s.bsize());
        assertEquals(255, s.namelen());
    }
}
