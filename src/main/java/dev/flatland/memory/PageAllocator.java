package dev.flatland.memory;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.util.Bits;

/**
 * The buddy page allocator over guest RAM (Linux mm/page_alloc.c): free blocks of 2^order pages,
 * order 0..{@link #MAX_ORDER}-1, naturally aligned in page-frame numbers counted from the RAM base.
 * An allocation takes the lowest free block of the smallest sufficient order (deterministic),
 * splits it (expand: the low half is kept, the high halves go back on the free lists), and with
 * nommu trimming ({@code vm.nr_trim_pages}, mm/nommu.c do_mmap_private) returns the excess tail
 * pages when the excess is at least nr_trim_pages. Freeing an arbitrary page range splits it into
 * aligned blocks that coalesce with their buddies.
 *
 * <p>Not thread-safe: the kernel runs on one host thread.
 */
public final class PageAllocator {
    /** Linux MAX_ORDER in 6.1: orders 0..10, so the largest block is 2^10 pages = 4 MiB. */
    public static final int MAX_ORDER = 11;
    /** CONFIG_NOMMU_INITIAL_TRIM_EXCESS default. */
    public static final int DEFAULT_NR_TRIM_PAGES = 1;

    private final long base;
    private final long pageCount;
    /**
     * Free block heads per order: bit (pfn >> order) of {@code free[order]} is set when the block of
     * 2^order pages at pfn is free (a bitmap instead of a sorted set: no boxing and no tree nodes on
     * the exec/exit path, and "the lowest free block" is a scan from {@link #lowWord}).
     */
    private final long[][] free = new long[MAX_ORDER][];
    /** Free blocks per order. */
    private final long[] freeCount = new long[MAX_ORDER];
    /** Per order, a word index below which no bit is set. */
    private final int[] lowWord = new int[MAX_ORDER];
    private long freePages;
    private int nrTrimPages = DEFAULT_NR_TRIM_PAGES;

    /**
     * Manages the pages of [base, base + size), keeping the first {@code reservedPages} pages out of
     * the allocator (like memory reserved at boot).
     */
    public PageAllocator(long base, long size, int reservedPages) {
        if (!Bits.isAligned(base, GuestMemory.PAGE_SIZE) || !Bits.isAligned(size, GuestMemory.PAGE_SIZE)) {
            throw new IllegalArgumentException("RAM base and size must be page-aligned");
        }
        this.base = base;
        this.pageCount = size >>> GuestMemory.PAGE_SHIFT;
        for (int i = 0; i < MAX_ORDER; i++) {
            long blocks = (pageCount + (1L << i) - 1) >>> i;
            free[i] = new long[(int) ((blocks + 63) >>> 6)];
        }
        freeRange(reservedPages, pageCount - reservedPages);
    }

    /** Creates the allocator over all of {@code mem}, reserving its first page. */
    public static PageAllocator over(GuestMemory mem) {
        return new PageAllocator(mem.base(), mem.size(), 1);
    }

    /** Sets vm.nr_trim_pages (0 disables trimming: the power-of-two slack stays allocated). */
    public void setNrTrimPages(int pages) {
        if (pages < 0) {
            throw new IllegalArgumentException("nr_trim_pages < 0");
        }
        this.nrTrimPages = pages;
    }

    public int nrTrimPages() {
        return nrTrimPages;
    }

    /** Free pages in total (not necessarily contiguous). */
    public long freePages() {
        return freePages;
    }

    /** Managed pages (including the reserved ones). */
    public long totalPages() {
        return pageCount;
    }

    /** Free blocks per order, for /proc/buddyinfo. */
    public long[] freeBlocksPerOrder() {
        long[] r = new long[MAX_ORDER];
        for (int i = 0; i < MAX_ORDER; i++) {
            r[i] = freeCount[i];
        }
        return r;
    }

    /** The result of an allocation: {@code [address, address + bytes)} is usable. */
    public record Allocation(long address, long bytes) {
        public long end() {
            return address + bytes;
        }
    }

    /**
     * Allocates {@code pages} contiguous pages; the block is 2^order pages, trimmed to the request
     * when the excess is at least nr_trim_pages. The memory is not cleared.
     *
     * @throws ErrnoException ENOMEM when pages exceed 2^(MAX_ORDER-1) or no block of the order is free
     */
    public Allocation allocate(long pages) throws ErrnoException {
        if (pages <= 0) {
            throw new IllegalArgumentException("pages <= 0");
        }
        int order = Bits.ceilLog2(pages);
        if (order >= MAX_ORDER) {
            throw new ErrnoException(Errno.ENOMEM, "allocation of " + pages + " pages exceeds MAX_ORDER");
        }
        int o = order;
        while (o < MAX_ORDER && freeCount[o] == 0) {
            o++;
        }
        if (o == MAX_ORDER) {
            throw new ErrnoException(Errno.ENOMEM, "no free block of order " + order);
        }
        long pfn = pollFirst(o);
        freePages -= 1L << o;
        while (o > order) {          // expand(): keep the low half, free the high half
            o--;
            add(o, pfn + (1L << o));
            freePages += 1L << o;
        }
        long total = 1L << order;
        if (nrTrimPages > 0 && total - pages >= nrTrimPages) {
            freeRange(pfn + pages, total - pages);
            total = pages;
        }
        return new Allocation(base + (pfn << GuestMemory.PAGE_SHIFT), total << GuestMemory.PAGE_SHIFT);
    }

    /** Returns the pages of [address, address + bytes) to the allocator; both page-aligned. */
    public void free(long address, long bytes) {
        if (!Bits.isAligned(address, GuestMemory.PAGE_SIZE) || !Bits.isAligned(bytes, GuestMemory.PAGE_SIZE)) {
            throw new IllegalArgumentException("free of an unaligned range");
        }
        long pfn = (address - base) >>> GuestMemory.PAGE_SHIFT;
        long n = bytes >>> GuestMemory.PAGE_SHIFT;
        if (pfn < 0 || pfn + n > pageCount) {
            throw new IllegalArgumentException("free outside RAM");
        }
        freeRange(pfn, n);
    }

    /** Frees [pfn, pfn + n) as maximal aligned blocks. */
    private void freeRange(long pfn, long n) {
        while (n > 0) {
            int order = Math.min(Long.numberOfTrailingZeros(pfn | (1L << (MAX_ORDER - 1))),
                    63 - Long.numberOfLeadingZeros(n));
            freeBlock(pfn, order);
            pfn += 1L << order;
            n -= 1L << order;
        }
    }

    /** __free_one_page: merges with free buddies while possible. */
    private void freeBlock(long pfn, int order) {
        freePages += 1L << order;
        while (order < MAX_ORDER - 1) {
            long buddy = pfn ^ (1L << order);
            if (buddy + (1L << order) > pageCount || !remove(order, buddy)) {
                break;
            }
            pfn = Math.min(pfn, buddy);
            order++;
        }
        add(order, pfn);
    }

    private void add(int order, long pfn) {
        long i = pfn >>> order;
        int w = (int) (i >>> 6);
        free[order][w] |= 1L << i;
        freeCount[order]++;
        if (w < lowWord[order]) {
            lowWord[order] = w;
        }
    }

    /** Clears the free bit of the block at {@code pfn}; false when it was not free. */
    private boolean remove(int order, long pfn) {
        long i = pfn >>> order;
        int w = (int) (i >>> 6);
        long bit = 1L << i;
        if ((free[order][w] & bit) == 0) {
            return false;
        }
        free[order][w] &= ~bit;
        freeCount[order]--;
        return true;
    }

    /** Takes the lowest free block of {@code order} (there is one: freeCount[order] > 0). */
    private long pollFirst(int order) {
        long[] words = free[order];
        int w = lowWord[order];
        while (words[w] == 0) {
            w++;
        }
        lowWord[order] = w;
        long i = ((long) w << 6) + Long.numberOfTrailingZeros(words[w]);
        words[w] &= words[w] - 1;
        freeCount[order]--;
        return i << order;
    }
}
