package dev.flatland.fs.devfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Fcntl;
import dev.flatland.abi.Stat;
import dev.flatland.vfs.OpenFile;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The /dev devices; device numbers and errnos as on Linux (`stat -c %t:%T /dev/null` etc. on this machine). */
class DevFsTest {
    private final DevFs dev = new DevFs(new SplittableRandom(7)::nextBytes);

    @Test
    void memoryDevices() throws ErrnoException {
        byte[] b = new byte[64];
        Arrays.fill(b, (byte) 9);
        OpenFile zero = dev.open("/zero", Fcntl.O_RDONLY, 0);
        assertEquals(64, zero.read(b, 0, 64));
        assertArrayEquals(new byte[64], b);
        OpenFile nul = dev.open("/null", Fcntl.O_RDWR, 0);
        assertEquals(0, nul.read(b, 0, 64));
        assertEquals(64, nul.write(b, 0, 64));
        OpenFile full = dev.open("/full", Fcntl.O_WRONLY, 0);
        assertEquals(Errno.ENOSPC, assertThrows(ErrnoException.class, () -> full.write(b, 0, 1)).errno());
        assertEquals(Stat.S_IFCHR | 0666, nul.stat().mode());
        assertEquals(Stat.encodeDev(1, 3), nul.stat().rdev());
        assertEquals(Stat.encodeDev(1, 9), dev.stat("/urandom", true).rdev());
    }

    @Test
    void urandomIsTheSeededGenerator() throws ErrnoException {
        byte[] got = new byte[32];
        assertEquals(32, dev.open("/urandom", Fcntl.O_RDONLY, 0).read(got, 0, 32));
        byte[] want = new byte[32];
        new SplittableRandom(7).nextBytes(want);
        assertArrayEquals(want, got);
    }

    @Test
    void linksAndErrors() throws ErrnoException {
        assertArrayEquals("/proc/self/fd".getBytes(), dev.readlink("/fd"));
        assertEquals("/proc/self/fd/1", dev.redirect("/stdout", true).target());
        assertEquals(null, dev.redirect("/stdout", false));
        assertEquals("/proc/self/fd", dev.redirect("/fd/3", false).target());
        assertEquals(Errno.ENOENT, assertThrows(ErrnoException.class, () -> dev.open("/nope", Fcntl.O_RDONLY, 0)).errno());
        assertEquals(Errno.EACCES, assertThrows(ErrnoException.class, () -> dev.unlink("/null")).errno());
        assertEquals(Errno.ENOTDIR, assertThrows(ErrnoException.class, () -> dev.stat("/null/x", true)).errno());
    }
}
