package dev.flatland.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Fcntl;
import dev.flatland.abi.Mman;
import dev.flatland.abi.Stat;
import dev.flatland.memory.GuestMemory;
import dev.flatland.memory.PageAllocator;
import dev.flatland.vfs.OpenFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * File mappings on a disk file system under nommu (reference/nommu.md §2.1 step 9, §2.2, §2.4,
 * §2.5): private maps are copies taken at mmap time with the tail past EOF zeroed; MAP_SHARED is
 * ENODEV; a file not open for reading is EACCES; a file mapping is unmapped whole only; a
 * read-only private file mapping is VM_MAYSHARE, so mremap is EPERM.
 */
class FileMappingTest {
    static final long PAGE = 4096;
    GuestMemory mem;
    Mm mm;

    /** A regular file held in memory. */
    static final class MemFile extends OpenFile {
        final byte[] data;
        final int type;

        MemFile(byte[] data, int flags, int type) {
            super(flags);
            this.data = data;
            this.type = type;
        }

        @Override
        public int pread(byte[] b, int off, int len, long pos) {
            if (pos >= data.length) {
                return 0;
            }
            int n = (int) Math.min(len, data.length - pos);
            System.arraycopy(data, (int) pos, b, off, n);
            return n;
        }

        @Override
        public Stat stat() {
            return new Stat(0, 1, type | 0644, 1, 0, 0, 0, data.length, 4096, 8, 0, 0, 0, 0, 0, 0);
        }
    }

    @BeforeEach
    void setUp() {
        mem = GuestMemory.create(16L << 20);
        mm = new Mm(mem, PageAllocator.over(mem), KernelConfig.DEFAULT_MAX_MAP_COUNT);
    }

    private static void assertErrno(Errno e, Executable x) {
        assertEquals(e, assertThrows(ErrnoException.class, x).errno());
    }

    private static byte[] content(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7 + 1);
        }
        return b;
    }

    @Test
    void privateMapIsASnapshotWithTheTailZeroed() throws ErrnoException {
        MemFile f = new MemFile(content((int) (PAGE + 100 + PAGE)), Fcntl.O_RDONLY, Stat.S_IFREG);
        long a = mm.mmap(0, PAGE + 200, Mman.PROT_READ, Mman.MAP_PRIVATE, f, PAGE, null);
        assertEquals(f.data[(int) PAGE], (byte) mem.read8(a));
        assertEquals(f.data[(int) PAGE + 99 + (int) PAGE], (byte) mem.read8(a + PAGE + 99));
        f.data[(int) PAGE] = 0x55;   // a later change of the file is not seen
        assertEquals((byte) (PAGE * 7 + 1), (byte) mem.read8(a));
        GuestMemory m = mem;
        for (long p = a + PAGE + 100; p < a + 2 * PAGE; p++) {
            assertEquals(0, m.read8(p), "past EOF");
        }
    }

    @Test
    void sharedMapOfADiskFileIsEnodevEvenReadOnly() {
        MemFile f = new MemFile(content(100), Fcntl.O_RDWR, Stat.S_IFREG);
        assertErrno(Errno.ENODEV, () -> mm.mmap(0, PAGE, Mman.PROT_READ, Mman.MAP_SHARED, f, 0, null));
    }

    @Test
    void fileNotOpenForReadingIsEacces() {
        MemFile f = new MemFile(content(100), Fcntl.O_WRONLY, Stat.S_IFREG);
        assertErrno(Errno.EACCES, () -> mm.mmap(0, PAGE, Mman.PROT_WRITE, Mman.MAP_PRIVATE, f, 0, null));
    }

    @Test
    void pipesAndDirectoriesAreEnodevAndSocketsEinval() {
        assertErrno(Errno.ENODEV, () -> mm.mmap(0, PAGE, Mman.PROT_READ, Mman.MAP_PRIVATE,
                new MemFile(new byte[0], 0, Stat.S_IFIFO), 0, null));
        assertErrno(Errno.ENODEV, () -> mm.mmap(0, PAGE, Mman.PROT_READ, Mman.MAP_PRIVATE,
                new MemFile(new byte[0], 0, Stat.S_IFDIR), 0, null));
        assertErrno(Errno.EINVAL, () -> mm.mmap(0, PAGE, Mman.PROT_READ, Mman.MAP_PRIVATE,
                new MemFile(new byte[0], 0, Stat.S_IFSOCK), 0, null));
    }

    @Test
    void fileMappingIsUnmappedWholeOnly() throws ErrnoException {
        MemFile f = new MemFile(content(3 * (int) PAGE), Fcntl.O_RDONLY, Stat.S_IFREG);
        long a = mm.mmap(0, 3 * PAGE, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_PRIVATE, f, 0, null);
        assertErrno(Errno.EINVAL, () -> mm.munmap(a + PAGE, PAGE));
        assertErrno(Errno.EINVAL, () -> mm.munmap(a, PAGE));
        mm.munmap(a, 3 * PAGE);
    }

    @Test
    void mremapOfAReadOnlyPrivateFileMapIsEperm() throws ErrnoException {
        MemFile f = new MemFile(content(2 * (int) PAGE), Fcntl.O_RDONLY, Stat.S_IFREG);
        long ro = mm.mmap(0, 2 * PAGE, Mman.PROT_READ, Mman.MAP_PRIVATE, f, 0, null);
        assertErrno(Errno.EPERM, () -> mm.mremap(ro, 2 * PAGE, PAGE, 0, 0));
        long rw = mm.mmap(0, 2 * PAGE, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_PRIVATE, f, 0, null);
        assertEquals(rw, mm.mremap(rw, 2 * PAGE, PAGE, 0, 0));
    }
}
