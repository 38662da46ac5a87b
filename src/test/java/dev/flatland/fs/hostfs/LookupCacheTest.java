package dev.flatland.fs.hostfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Fcntl;
import dev.flatland.vfs.FileSystem;
import dev.flatland.vfs.Vfs;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The VFS lookup cache over hostfs (Vfs.locate's positive directory entries, keyed by
 * HostFs.lookupGeneration). The errnos are what the same sequence gives on Linux, checked natively
 * in a shell: {@code mkdir -p a/b; touch a/b/f; mv a c; stat a/b/f} is "No such file or directory";
 * {@code mkdir -p x/y; rmdir x/y; touch x/y; stat x/y/z} is "Not a directory"; {@code ln -s t s}
 * then {@code stat -c %i s/f t/f} prints the same inode twice.
 */
class LookupCacheTest {
    @TempDir
    Path dir;

    private static void assertErrno(Errno e, Executable x) {
        assertEquals(e, assertThrows(ErrnoException.class, x).errno());
    }

    /** hostfs behind a proxy that counts stat calls (what a walk asks the file system). */
    private FileSystem counting(HostFs fs, AtomicInteger stats) {
        return (FileSystem) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {FileSystem.class},
                (p, m, args) -> {
                    if (m.getName().equals("stat")) {
                        stats.incrementAndGet();
                    }
                    try {
                        return m.invoke(fs, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void secondWalkAsksOnlyForTheLastComponent() throws Exception {
        Files.createDirectories(dir.resolve("a/b"));
        Files.writeString(dir.resolve("a/b/f"), "x");
        AtomicInteger stats = new AtomicInteger();
        Vfs vfs = new Vfs(counting(HostFs.create(dir), stats));
        vfs.stat("/a/b/f", true);
        int first = stats.getAndSet(0);
        vfs.stat("/a/b/f", true);
        int second = stats.get();
        assertEquals(4, first, "a, b, f walked, then f's stat");
        assertEquals(2, second, "a and b from the cache: f walked, then f's stat");
    }

    @Test
    void renameInsideFlatlandIsSeenAtOnce() throws Exception {
        Files.createDirectories(dir.resolve("a/b"));
        Files.writeString(dir.resolve("a/b/f"), "x");
        Vfs vfs = new Vfs(HostFs.create(dir));
        vfs.stat("/a/b/f", true);
        vfs.rename("/a", "/c");
        assertErrno(Errno.ENOENT, () -> vfs.stat("/a/b/f", true));
        assertEquals(Files.getAttribute(dir.resolve("c/b/f"), "unix:ino"), vfs.stat("/c/b/f", true).ino());
    }

    @Test
    void directoryReplacedByAFileInsideFlatland() throws Exception {
        Vfs vfs = new Vfs(HostFs.create(dir));
        vfs.mkdir("/x", 0755);
        vfs.mkdir("/x/y", 0755);
        assertErrno(Errno.ENOENT, () -> vfs.stat("/x/y/z", true));
        vfs.rmdir("/x/y");
        vfs.open("/x/y", Fcntl.O_WRONLY | Fcntl.O_CREAT, 0644).put();
        assertErrno(Errno.ENOTDIR, () -> vfs.stat("/x/y/z", true));
        assertErrno(Errno.ENOTDIR, () -> vfs.walkParent("/x/y/z"));
    }

    @Test
    void hostRemovalIsSeenAtOnce() throws Exception {
        Files.createDirectories(dir.resolve("h/d"));
        Files.writeString(dir.resolve("h/d/f"), "x");
        Vfs vfs = new Vfs(HostFs.create(dir));
        vfs.stat("/h/d/f", true);
        Files.delete(dir.resolve("h/d/f"));
        Files.delete(dir.resolve("h/d"));
        assertErrno(Errno.ENOENT, () -> vfs.stat("/h/d/f", true));
        Files.writeString(dir.resolve("h/d"), "now a file");
        assertErrno(Errno.ENOTDIR, () -> vfs.stat("/h/d/f", true));
    }

    @Test
    void hostDirectoryReplacedByALinkIsFollowedWithinTheEpoch() throws Exception {
        Files.createDirectories(dir.resolve("s"));
        Files.writeString(dir.resolve("s/f"), "old");
        Files.createDirectories(dir.resolve("t"));
        Files.writeString(dir.resolve("t/f"), "new");
        Vfs vfs = new Vfs(HostFs.create(dir));
        long oldIno = vfs.stat("/s/f", true).ino();
        Files.delete(dir.resolve("s/f"));
        Files.delete(dir.resolve("s"));
        Files.createSymbolicLink(dir.resolve("s"), Path.of("/t"));   // absolute: the guest's /t
        Thread.sleep(2200);   // two lookup epochs (2^30 ns each)
        long ino = vfs.stat("/s/f", true).ino();
        assertEquals(Files.getAttribute(dir.resolve("t/f"), "unix:ino"), ino);
        assertNotEquals(oldIno, ino);
    }
}
