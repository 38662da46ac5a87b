package dev.flatland.fs.devfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Fcntl;
import dev.flatland.abi.Stat;
import dev.flatland.vfs.DirEntry;
import dev.flatland.vfs.OpenFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * devpts as a file system over a fake pty driver. The errnos were recorded on Linux 6.18 as root
 * against /dev/pts (a Python script calling unlink, mkdir, open(O_CREAT), open of a missing number,
 * "ptmx/", rename, rmdir and symlink there).
 */
class DevPtsTest {
    /** Ptys 0 and 2 exist; opening one returns null (the kernel's file is not needed here). */
    private static final class FakePtys implements PtyDriver {
        final List<Integer> live = new ArrayList<>(List.of(0, 2));
        final List<String> opened = new ArrayList<>();

        @Override
        public OpenFile openMaster(int flags) {
            opened.add("master");
            return null;
        }

        @Override
        public OpenFile openSlave(int index, int flags) {
            opened.add("slave " + index);
            return null;
        }

        @Override
        public Stat slaveStat(int index) throws ErrnoException {
            if (!live.contains(index)) {
                throw new ErrnoException(Errno.ENOENT);
            }
            return new Stat(0, index + 3, Stat.S_IFCHR | 0620, 1, 0, 5, Stat.encodeDev(136, index), 0, 1024, 0, 0,
                    0, 0, 0, 0, 0);
        }

        @Override
        public List<Integer> indices() {
            return live;
        }
    }

    private static Errno errno(org.junit.jupiter.api.function.Executable e) {
        return assertThrows(ErrnoException.class, e).errno();
    }

    @Test
    void listsPtmxAndTheLivePtys() throws ErrnoException {
        FakePtys p = new FakePtys();
        DevPts fs = new DevPts(p);
        List<String> names = new ArrayList<>();
        for (DirEntry e : fs.open("/", Fcntl.O_RDONLY | Fcntl.O_DIRECTORY, 0).readdir()) {
            names.add(new String(e.name(), StandardCharsets.UTF_8));
        }
        assertEquals(List.of(".", "..", "ptmx", "0", "2"), names);
        assertEquals(Stat.encodeDev(5, 2), fs.stat("/ptmx", true).rdev());
        assertEquals(Stat.S_IFCHR, fs.stat("/ptmx", true).mode());   // ptmxmode=000
        assertEquals(Stat.encodeDev(136, 2), fs.stat("/2", true).rdev());
        p.live.remove(Integer.valueOf(2));
        assertEquals(Errno.ENOENT, errno(() -> fs.stat("/2", true)));
    }

    @Test
    void opensGoToTheDriver() throws ErrnoException {
        FakePtys p = new FakePtys();
        DevPts fs = new DevPts(p);
        fs.open("/ptmx", Fcntl.O_RDWR, 0);
        fs.open("/0", Fcntl.O_RDWR | Fcntl.O_NOCTTY, 0);
        assertEquals(List.of("master", "slave 0"), p.opened);
        assertEquals(Errno.ENOENT, errno(() -> fs.open("/999", Fcntl.O_RDWR, 0)));
        assertEquals(Errno.ENOENT, errno(() -> fs.open("/00", Fcntl.O_RDWR, 0)));
        assertEquals(Errno.ENOTDIR, errno(() -> fs.open("/ptmx/", Fcntl.O_RDONLY, 0)));
    }

    @Test
    void nothingCanBeCreatedOrRemoved() {
        DevPts fs = new DevPts(new FakePtys());
        assertEquals(Errno.EPERM, errno(() -> fs.unlink("/ptmx")));
        assertEquals(Errno.EPERM, errno(() -> fs.mkdir("/x", 0755)));
        assertEquals(Errno.EACCES, errno(() -> fs.open("/x", Fcntl.O_CREAT | Fcntl.O_WRONLY, 0644)));
        assertEquals(Errno.EPERM, errno(() -> fs.rename("/ptmx", "/y")));
        assertEquals(Errno.EBUSY, errno(() -> fs.rmdir("/")));
        assertEquals(Errno.EPERM, errno(() -> fs.symlink("/x", "/z")));
    }
}
