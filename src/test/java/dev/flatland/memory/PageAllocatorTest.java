package dev.flatland.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import org.junit.jupiter.api.Test;

/** The buddy allocator: orders, splitting, coalescing, nommu trimming, MAX_ORDER, fragmentation. */
class PageAllocatorTest {
    static final long BASE = 0x40_0000L;
    static final long PAGE = 4096;

    private static PageAllocator allocator(long pages) {
        return new PageAllocator(BASE, pages * PAGE, 0);
    }

    @Test
    void freshRamIsSplitIntoMaxOrderBlocks() {
        PageAllocator a = allocator(2048 + 3);   // 2 blocks of order 10, then 2 pages + 1 page
        long[] info = a.freeBlocksPerOrder();
        assertEquals(2, info[10]);
        assertEquals(1, info[1]);
        assertEquals(1, info[0]);
        assertEquals(2051, a.freePages());
    }

    @Test
    void allocationSplitsTheLowestBlockAndKeepsTheLowHalf() throws ErrnoException {
        PageAllocator a = allocator(1024);
        PageAllocator.Allocation x = a.allocate(1);
        assertEquals(BASE, x.address());
        assertEquals(PAGE, x.bytes());
        long[] info = a.freeBlocksPerOrder();
        for (int o = 0; o < 10; o++) {
            assertEquals(1, info[o], "one free buddy at order " + o);
        }
        assertEquals(0, info[10]);
        PageAllocator.Allocation y = a.allocate(1);
        assertEquals(BASE + PAGE, y.address());
    }

    @Test
    void trimmingReturnsTheExcessPagesByDefault() throws ErrnoException {
        PageAllocator a = allocator(1024);
        PageAllocator.Allocation x = a.allocate(5);    // order 3 = 8 pages, 3 trimmed
        assertEquals(5 * PAGE, x.bytes());
        assertEquals(1024 - 5, a.freePages());
    }

    @Test
    void trimmingDisabledKeepsThePowerOfTwoSlack() throws ErrnoException {
        PageAllocator a = allocator(1024);
        a.setNrTrimPages(0);
        PageAllocator.Allocation x = a.allocate(5);
        assertEquals(8 * PAGE, x.bytes());
        assertEquals(1024 - 8, a.freePages());
    }

    @Test
    void trimmingOnlyWhenExcessReachesNrTrimPages() throws ErrnoException {
        PageAllocator a = allocator(1024);
        a.setNrTrimPages(4);
        assertEquals(8 * PAGE, a.allocate(5).bytes());   // excess 3 < 4: kept
        assertEquals(12 * PAGE, a.allocate(12).bytes());   // order 4: excess 4 >= 4: trimmed
    }

    @Test
    void largestAllocationIsFourMiB() throws ErrnoException {
        PageAllocator a = allocator(4096);
        assertEquals(4L << 20, a.allocate(1024).bytes());
        ErrnoException e = assertThrows(ErrnoException.class, () -> a.allocate(1025));
        assertEquals(Errno.ENOMEM, e.errno());
    }

    @Test
    void fragmentationGivesEnomemDespiteEnoughFreePages() throws ErrnoException {
        PageAllocator a = allocator(16);
        PageAllocator.Allocation[] p = new PageAllocator.Allocation[16];
        for (int i = 0; i < 16; i++) {
            p[i] = a.allocate(1);
        }
        for (int i = 0; i < 16; i += 2) {
            a.free(p[i].address(), PAGE);   // every other page: 8 free pages, none adjacent
        }
        assertEquals(8, a.freePages());
        ErrnoException e = assertThrows(ErrnoException.class, () -> a.allocate(2));
        assertEquals(Errno.ENOMEM, e.errno());
        a.free(p[1].address(), PAGE);       // pages 0 and 1 coalesce into an order-1 block
        assertEquals(p[0].address(), a.allocate(2).address());
    }

    @Test
    void freeingEverythingCoalescesBackToMaxOrderBlocks() throws ErrnoException {
        PageAllocator a = allocator(2048);
        long[] before = a.freeBlocksPerOrder();
        PageAllocator.Allocation x = a.allocate(3);
        PageAllocator.Allocation y = a.allocate(700);
        PageAllocator.Allocation z = a.allocate(1);
        a.free(y.address(), y.bytes());
        a.free(x.address(), x.bytes());
        a.free(z.address(), z.bytes());
        assertArrayEquals(before, a.freeBlocksPerOrder());
        assertEquals(2048, a.freePages());
    }

    @Test
    void reservedPagesAreNeverHandedOut() throws ErrnoException {
        PageAllocator a = new PageAllocator(BASE, 1024 * PAGE, 1);
        assertEquals(1023, a.freePages());
        assertEquals(BASE + PAGE, a.allocate(1).address());
        ErrnoException e = assertThrows(ErrnoException.class, () -> a.allocate(1024));
        assertEquals(Errno.ENOMEM, e.errno());
    }
}
