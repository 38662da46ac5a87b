package dev.flatland.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Fcntl;
import dev.flatland.abi.Mman;
import dev.flatland.abi.Stat;
import dev.flatland.fs.tmpfs.TmpFs;
import dev.flatland.memory.GuestMemory;
import dev.flatland.memory.PageAllocator;
import dev.flatland.vfs.OpenFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Shareable regions and direct mappings on nommu (reference/nommu.md §2.2, mm/nommu.c do_mmap's
 * region-sharing loop, fs/ramfs/file-nommu.c): read-only private mappings of one file range share a
 * region, in any process of the kernel; a mismatched overlap is EINVAL; a tmpfs file is mapped in
 * place, so MAP_SHARED is coherent with read/write; /dev/zero is copied as zeros. The guest-level
 * counterpart is guest/nommu/file_map.c.
 */
class SharedMappingTest {
    static final long PAGE = 4096;
    static final int RO = Mman.PROT_READ;
    static final int RW = Mman.PROT_READ | Mman.PROT_WRITE;
    GuestMemory mem;
    PageAllocator pages;
    Mm mm;

    @BeforeEach
    void setUp() {
        mem = GuestMemory.create(16L << 20);
        pages = PageAllocator.over(mem);
        mm = new Mm(mem, pages, KernelConfig.DEFAULT_MAX_MAP_COUNT);
    }

    private static void assertErrno(Errno e, Executable x) {
        assertEquals(e, assertThrows(ErrnoException.class, x).errno());
    }

    private static FileMappingTest.MemFile diskFile(int pagesLong) {
        return new FileMappingTest.MemFile(new byte[(int) (pagesLong * PAGE)], Fcntl.O_RDONLY, Stat.S_IFREG);
    }

    @Test
    void readOnlyPrivateMappingsOfOneRangeShareOneRegion() throws ErrnoException {
        FileMappingTest.MemFile f = diskFile(4);
        long free = pages.freePages();
        long a = mm.mmap(0, 2 * PAGE, RO, Mman.MAP_PRIVATE, f, 0, null);
        assertEquals(a, mm.mmap(0, 2 * PAGE, RO, Mman.MAP_PRIVATE, f, 0, null));
        assertEquals(a + PAGE, mm.mmap(0, PAGE, RO, Mman.MAP_PRIVATE, f, PAGE, null), "a subset shares too");
        assertEquals(free - 2, pages.freePages(), "one copy for all three");
        assertErrno(Errno.EINVAL, () -> mm.mmap(0, 2 * PAGE, RO, Mman.MAP_PRIVATE, f, PAGE, null));
        assertErrno(Errno.EINVAL, () -> mm.mmap(0, 3 * PAGE, RO, Mman.MAP_PRIVATE, f, 0, null));
        long w = mm.mmap(0, 2 * PAGE, RW, Mman.MAP_PRIVATE, f, 0, null);
        assertNotEquals(a, w, "a writable private mapping is always its own copy");
        mm.munmap(w, 2 * PAGE);
        // the subset mapping cannot go first: munmap finds the mappings starting at a
        assertErrno(Errno.EINVAL, () -> mm.munmap(a + PAGE, PAGE));
        mm.munmap(a, 2 * PAGE);
        mm.munmap(a, 2 * PAGE);
        assertEquals(free - 2, pages.freePages(), "the region lives while the subset mapping uses it");
        mm.munmap(a + PAGE, PAGE);
        assertEquals(free, pages.freePages(), "the last user frees the copy");
        long d = mm.mmap(0, 2 * PAGE, RO, Mman.MAP_PRIVATE, f, PAGE, null);   // no region left to mismatch
        mm.munmap(d, 2 * PAGE);
    }

    @Test
    void anotherProcessSharesTheRegion() throws ErrnoException {
        FileMappingTest.MemFile f = diskFile(2);
        long a = mm.mmap(0, 2 * PAGE, RO, Mman.MAP_PRIVATE, f, 0, null);
        Mm other = new Mm(mem, pages, KernelConfig.DEFAULT_MAX_MAP_COUNT);
        assertEquals(a, other.mmap(0, 2 * PAGE, RO, Mman.MAP_PRIVATE, f, 0, null));
        mm.release();
        assertEquals(a, other.find(a).start(), "the other process's mapping survives the first one's exit");
        assertErrno(Errno.EPERM, () -> other.mremap(a, 2 * PAGE, PAGE, 0, 0));
    }

    @Test
    void tmpfsSharedMappingIsTheFilesOwnPages() throws ErrnoException {
        TmpFs fs = new TmpFs(01777, 0, 0, () -> 0L);
        OpenFile f = fs.open("/shm", Fcntl.O_CREAT | Fcntl.O_RDWR, 0600);
        long free = pages.freePages();
        assertErrno(Errno.ENODEV, () -> mm.mmap(0, PAGE, RW, Mman.MAP_SHARED, f, 0, null));   // empty: beyond EOF
        f.truncate(2 * PAGE);
        long s = mm.mmap(0, 2 * PAGE, RW, Mman.MAP_SHARED, f, 0, null);
        mem.write8(s + 10, 'x');
        byte[] b = new byte[1];
        f.pread(b, 0, 1, 10);
        assertEquals('x', b[0], "a write through the mapping is in the file");
        f.pwrite(new byte[] {'y'}, 0, 1, PAGE + 5);
        assertEquals('y', mem.read8(s + PAGE + 5), "a write(2) is in the mapping");
        assertEquals(s + PAGE, mm.mmap(0, PAGE, RW, Mman.MAP_SHARED, f, PAGE, null), "same pages, same address");
        assertEquals(s, mm.mmap(0, PAGE, RO, Mman.MAP_PRIVATE, f, 0, null), "read-only private is direct too");
        long copy = mm.mmap(0, PAGE, RW, Mman.MAP_PRIVATE, f, 0, null);
        assertNotEquals(s, copy);
        assertEquals('x', mem.read8(copy + 10));
        assertErrno(Errno.ETXTBSY, () -> f.truncate(PAGE + 1));   // a shared mapping reaches page 1
        assertErrno(Errno.ENODEV, () -> mm.mmap(0, 3 * PAGE, RW, Mman.MAP_SHARED, f, 0, null));
        assertErrno(Errno.ENODEV, () -> mm.mmap(0, PAGE, RO, Mman.MAP_SHARED, f, 2 * PAGE, null));
        mm.release();
        f.truncate(PAGE + 1);   // no shared mapping left
        f.truncate(2 * PAGE);
        assertEquals(free - 2, pages.freePages(), "the file keeps its pages while it has a name");
        f.put();
        fs.unlink("/shm");
        assertEquals(free, pages.freePages(), "an unlinked, closed file gives its pages back");
    }

    @Test
    void tmpfsFileGrownPastItsBlockStillReadsAndWrites() throws ErrnoException {
        TmpFs fs = new TmpFs(01777, 0, 0, () -> 0L);
        OpenFile f = fs.open("/g", Fcntl.O_CREAT | Fcntl.O_RDWR, 0600);
        f.pwrite("abc".getBytes(), 0, 3, 0);
        long s = mm.mmap(0, PAGE, RO, Mman.MAP_SHARED, f, 0, null);
        assertEquals('b', mem.read8(s + 1), "data written before the first mapping moved into RAM");
        f.pwrite("tail".getBytes(), 0, 4, 3 * PAGE);        // beyond the one-page block
        byte[] b = new byte[4];
        assertEquals(4, f.pread(b, 0, 4, 3 * PAGE));
        assertEquals("tail", new String(b));
        assertErrno(Errno.ENODEV, () -> mm.mmap(0, 4 * PAGE, RO, Mman.MAP_SHARED, f, 0, null));
        assertErrno(Errno.ETXTBSY, () -> f.truncate(1));
        mm.munmap(s, PAGE);
        f.truncate(1);
        f.truncate(2);
        long again = mm.mmap(0, PAGE, RO, Mman.MAP_PRIVATE, f, 0, null);
        assertEquals(s, again, "the file's block did not move");
        assertEquals('a', mem.read8(again));
        assertEquals(0, mem.read8(again + 1), "a shrunk tail reads back as zero");
    }

    @Test
    void anEmptyTmpfsFileGrowsByFtruncateToFourMegabytesAtMost() throws ErrnoException {
        TmpFs fs = new TmpFs(01777, 0, 0, () -> 0L);
        OpenFile f = fs.open("/big", Fcntl.O_CREAT | Fcntl.O_RDWR, 0600);
        assertErrno(Errno.EFBIG, () -> f.truncate((4L << 20) + 1));   // ramfs_nommu_expand_for_mapping: order 11
        f.truncate(4L << 20);
        f.truncate(5L << 20);                                            // not empty any more: no block needed
        assertEquals(5L << 20, f.stat().size());
    }

    /** A character device or socket with no data. */
    static final class Node extends OpenFile {
        final int type;
        final long rdev;

        Node(int type, long rdev, int flags) {
            super(flags);
            this.type = type;
            this.rdev = rdev;
        }

        @Override
        public int pread(byte[] b, int off, int len, long pos) {
            throw new AssertionError("nothing is read from " + type);
        }

        @Override
        public Stat stat() {
            return new Stat(5, 9, type | 0666, 1, 0, 0, rdev, 0, 4096, 0, 0, 0, 0, 0, 0, 0);
        }
    }

    @Test
    void devZeroCopiesZerosOtherDevicesAndSocketsCannotMap() throws ErrnoException {
        Node zero = new Node(Stat.S_IFCHR, Stat.encodeDev(1, 5), Fcntl.O_RDWR);
        long z = mm.mmap(0, PAGE, RW, Mman.MAP_PRIVATE, zero, 0, null);
        assertEquals(0, mem.read64(z + 8));
        assertErrno(Errno.ENODEV, () -> mm.mmap(0, PAGE, RW, Mman.MAP_SHARED, zero, 0, null));
        Node nul = new Node(Stat.S_IFCHR, Stat.encodeDev(1, 3), Fcntl.O_RDWR);
        assertErrno(Errno.ENODEV, () -> mm.mmap(0, PAGE, RO, Mman.MAP_PRIVATE, nul, 0, null));
        Node sock = new Node(Stat.S_IFSOCK, 0, Fcntl.O_RDWR);
        assertErrno(Errno.EINVAL, () -> mm.mmap(0, PAGE, RO, Mman.MAP_PRIVATE, sock, 0, null));
        Node wronly = new Node(Stat.S_IFCHR, Stat.encodeDev(1, 5), Fcntl.O_WRONLY);
        assertErrno(Errno.EACCES, () -> mm.mmap(0, PAGE, RO, Mman.MAP_PRIVATE, wronly, 0, null));
    }
}
