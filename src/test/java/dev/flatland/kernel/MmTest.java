package dev.flatland.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Mman;
import dev.flatland.memory.GuestMemory;
import dev.flatland.memory.PageAllocator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The nommu mapping rules of reference/nommu.md §2.1, §2.4, §2.5, §2.7 and §7 items 1-3, 7-11
 * (Linux 6.1 mm/nommu.c do_mmap, do_munmap, do_mremap, sys_brk). These differ from MMU Linux on
 * purpose, so the expected errnos come from the nommu source, not from this x86-64 host.
 */
class MmTest {
    static final long PAGE = 4096;
    static final int RW = Mman.PROT_READ | Mman.PROT_WRITE;
    static final int ANON = Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS;
    GuestMemory mem;
    PageAllocator pages;
    Mm mm;

    @BeforeEach
    void setUp() {
        mem = GuestMemory.create(64L << 20);
        pages = PageAllocator.over(mem);
        mm = new Mm(mem, pages, KernelConfig.DEFAULT_MAX_MAP_COUNT);
    }

    private long map(long len) throws ErrnoException {
        return mm.mmap(0, len, RW, ANON, null, 0, null);
    }

    private static void assertErrno(Errno expected, Executable e) {
        assertEquals(expected, assertThrows(ErrnoException.class, e).errno());
    }

    @Test
    void mapFixedIsEinvalEvenForAFreeAddress() {
        assertErrno(Errno.EINVAL, () -> mm.mmap(0x2000000, PAGE, RW, ANON | Mman.MAP_FIXED, null, 0, null));
    }

    @Test
    void mapSharedValidateIsEinval() {
        assertErrno(Errno.EINVAL, () -> mm.mmap(0, PAGE, RW, Mman.MAP_SHARED_VALIDATE | Mman.MAP_ANONYMOUS, null,
                0, null));
        assertErrno(Errno.EINVAL, () -> mm.mmap(0, PAGE, RW, Mman.MAP_ANONYMOUS, null, 0, null));   // no type
    }

    @Test
    void zeroLengthIsEinval() {
        assertErrno(Errno.EINVAL, () -> map(0));
    }

    @Test
    void hugeLengthIsEnomem() {
        assertErrno(Errno.ENOMEM, () -> map(-1L));                // PAGE_ALIGN overflows to 0
        assertErrno(Errno.ENOMEM, () -> map(1L << 48));           // beyond TASK_SIZE
    }

    @Test
    void singleAllocationAboveFourMiBIsEnomem() throws ErrnoException {
        assertErrno(Errno.ENOMEM, () -> map((4L << 20) + 1));
        assertEquals(0, map(4L << 20) & (PAGE - 1));
    }

    @Test
    void anonymousMemoryIsZeroedAndPageAlignedAndTheHintIsIgnored() throws ErrnoException {
        long a = map(3 * PAGE);
        mem.fill(a, 3 * PAGE, (byte) 0x5a);
        mm.munmap(a, 3 * PAGE);
        long b = mm.mmap(0x7000_0000L, 3 * PAGE, RW, ANON | Mman.MAP_UNINITIALIZED, null, 0, null);
        assertEquals(0, b & (PAGE - 1));
        for (long p = b; p < b + 3 * PAGE; p += 8) {
            assertEquals(0, mem.read64(p), "byte at 0x" + Long.toHexString(p));
        }
    }

    @Test
    void sharedAnonymousWorksLikePrivate() throws ErrnoException {
        long a = mm.mmap(0, PAGE, RW, Mman.MAP_SHARED | Mman.MAP_ANONYMOUS, null, 0, null);
        assertTrue(mem.contains(a, PAGE));
    }

    @Test
    void fixedNoreplaceIsNotCheckedAndReturnsSomeAddress() throws ErrnoException {
        long a = map(PAGE);
        long b = mm.mmap(a, PAGE, RW, ANON | Mman.MAP_FIXED_NOREPLACE, null, 0, null);
        assertTrue(b != a);
    }

    @Test
    void munmapOfAnUnmappedRangeIsEinval() {
        assertErrno(Errno.EINVAL, () -> mm.munmap(0x1000_0000L, PAGE));
    }

    @Test
    void munmapLengthZeroIsEinval() throws ErrnoException {
        long a = map(PAGE);
        assertErrno(Errno.EINVAL, () -> mm.munmap(a, 0));
    }

    @Test
    void munmapSpanningTwoMappingsIsEinval() throws ErrnoException {
        long a = map(PAGE);
        long b = map(PAGE);
        assertEquals(a + PAGE, b, "consecutive allocations are adjacent");
        assertErrno(Errno.EINVAL, () -> mm.munmap(a, 2 * PAGE));
    }

    @Test
    void munmapExactFreesThePages() throws ErrnoException {
        long before = pages.freePages();
        long a = map(5 * PAGE);
        assertEquals(before - 5, pages.freePages());
        mm.munmap(a, 5 * PAGE);
        assertEquals(before, pages.freePages());
        assertNull(mm.find(a));
    }

    @Test
    void holePunchedInAnAnonymousMappingSplitsItAndFreesThePages() throws ErrnoException {
        long a = map(4 * PAGE);
        long free = pages.freePages();
        mm.munmap(a + PAGE, 2 * PAGE);
        assertEquals(free + 2, pages.freePages());
        assertEquals(2, mm.mappings().size());
        assertEquals(a + PAGE, mm.find(a).end());
        assertEquals(a + 3 * PAGE, mm.find(a + 3 * PAGE).start());
        assertNull(mm.find(a + PAGE));
        mm.munmap(a, PAGE);
        mm.munmap(a + 3 * PAGE, PAGE);
        assertEquals(free + 4, pages.freePages());
    }

    @Test
    void munmapOfAnUnalignedStartInsideAMappingIsEinval() throws ErrnoException {
        long a = map(2 * PAGE);
        assertErrno(Errno.EINVAL, () -> mm.munmap(a + 16, PAGE));
    }

    @Test
    void holeAtTheMapCountLimitIsEnomem() throws ErrnoException {
        Mm small = new Mm(mem, pages, 1);
        long a = small.mmap(0, 3 * PAGE, RW, ANON, null, 0, null);
        assertErrno(Errno.ENOMEM, () -> small.munmap(a + PAGE, PAGE));
    }

    @Test
    void mremapShrinkKeepsTheAddressAndGrowBeyondTheOriginalLengthIsEnomem() throws ErrnoException {
        long a = map(4 * PAGE);
        assertEquals(a, mm.mremap(a, 4 * PAGE, 2 * PAGE, 0, 0));
        assertEquals(a + 2 * PAGE, mm.find(a).end());
        assertEquals(a, mm.mremap(a, 2 * PAGE, 4 * PAGE, Mman.MREMAP_MAYMOVE, 0));   // back up to the original
        assertErrno(Errno.ENOMEM, () -> mm.mremap(a, 4 * PAGE, 5 * PAGE, Mman.MREMAP_MAYMOVE, 0));
    }

    @Test
    void mremapNeedsTheExactMapping() throws ErrnoException {
        long a = map(4 * PAGE);
        assertErrno(Errno.EINVAL, () -> mm.mremap(a, 3 * PAGE, PAGE, 0, 0));
        assertErrno(Errno.EINVAL, () -> mm.mremap(a + PAGE, 3 * PAGE, PAGE, 0, 0));
        assertErrno(Errno.EINVAL, () -> mm.mremap(a + 1, 4 * PAGE, PAGE, 0, 0));
        assertErrno(Errno.EINVAL, () -> mm.mremap(a, 0, PAGE, 0, 0));
        assertErrno(Errno.EINVAL, () -> mm.mremap(a, 4 * PAGE, 2 * PAGE, Mman.MREMAP_FIXED | 1, a + 0x100000));
        assertEquals(a, mm.mremap(a, 4 * PAGE, 2 * PAGE, Mman.MREMAP_FIXED | 1, a));
    }

    @Test
    void brkNeverGrowsAndNeverFails() throws ErrnoException {
        long stack = mm.mapAnonymous(128 * 1024, "stack");
        mm.setLayout(stack, stack + 128 * 1024);
        assertEquals(stack, mm.brk(0));
        assertEquals(stack, mm.brk(stack + PAGE));
        assertEquals(stack, mm.brk(stack - PAGE));
        assertEquals(stack, mm.brk(stack));
    }

    @Test
    void mprotectCompatChecksArgumentsAsMmuLinux() throws ErrnoException {
        long a = map(2 * PAGE);
        mm.checkProtect(a, 2 * PAGE, Mman.PROT_READ);
        mm.checkProtect(a, PAGE, Mman.PROT_NONE);
        assertErrno(Errno.EINVAL, () -> mm.checkProtect(a + 1, PAGE, Mman.PROT_READ));
        assertErrno(Errno.ENOMEM, () -> mm.checkProtect(a, 3 * PAGE, Mman.PROT_READ));
        assertErrno(Errno.ENOMEM, () -> mm.checkProtect(0x3000_0000L, PAGE, Mman.PROT_READ));
    }

    @Test
    void releaseFreesEveryMapping() throws ErrnoException {
        long before = pages.freePages();
        map(PAGE);
        map(7 * PAGE);
        mm.release();
        assertEquals(before, pages.freePages());
    }
}
