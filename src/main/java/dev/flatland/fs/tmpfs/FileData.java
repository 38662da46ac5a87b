package dev.flatland.fs.tmpfs;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.memory.GuestMemory;
import dev.flatland.memory.PageAllocator;
import java.util.Arrays;
import java.util.TreeMap;

/**
 * A tmpfs regular file's bytes. At first they live in a Java array. The first direct mapping
 * (nommu MAP_SHARED, or a read-only private mapping) moves them into one contiguous block of guest
 * RAM from the page allocator, as nommu ramfs keeps a file in contiguous pages
 * (ramfs_nommu_expand_for_mapping): from then on the block is the file, and a mapping of it is
 * coherent with read(2)/write(2). Bytes beyond the block (the file grew later) stay in the array,
 * like the extra, non-contiguous pages of a ramfs file: they cannot be mapped directly.
 *
 * <p>Deviation: Linux allocates the block when ftruncate grows an empty file (so that ftruncate is
 * EFBIG beyond 4 MiB, which Flatland keeps, or ENOMEM without a free block); Flatland moves the data
 * at the first direct mapping instead, so a file written with write(2) maps too. The block is
 * freed when the file has no name, no open description and therefore no mapping.
 */
final class FileData {
    private static final long PAGE = GuestMemory.PAGE_SIZE;
    /** Largest file: the block plus one Java array. */
    static final long MAX_SIZE = Integer.MAX_VALUE - 8;

    /** Bytes at offsets >= {@link #ramBytes}. */
    private byte[] heap = new byte[0];
    long size;
    private GuestMemory mem;
    private PageAllocator pages;
    /** The block: [ram, ram + ramBytes) holds offsets [0, ramBytes); 0 when the file is all heap. */
    private long ram;
    private long ramBytes;
    /** The allocation's size (the block plus any untrimmed slack), for freeing. */
    private long allocBytes;
    /** End offsets of the MAP_SHARED mappings of the file, with their counts (the file's i_mmap). */
    private final TreeMap<Long, Integer> sharedEnds = new TreeMap<>();

    /** Copies [at, at + n) into b; the caller has clipped n to the size. */
    void read(long at, byte[] b, int off, int n) {
        int inRam = (int) Math.max(0, Math.min(n, ramBytes - at));
        if (inRam > 0) {
            mem.read(ram + at, b, off, inRam);
        }
        if (n > inRam) {
            System.arraycopy(heap, (int) (at + inRam - ramBytes), b, off + inRam, n - inRam);
        }
    }

    /** Writes [at, at + n), growing the size. */
    void write(long at, byte[] b, int off, int n) throws ErrnoException {
        if (at < 0 || at + n < 0 || at + n > MAX_SIZE) {   // at + n may overflow: never a negative index
            throw new ErrnoException(Errno.EFBIG);
        }
        ensure(at + n);
        int inRam = (int) Math.max(0, Math.min(n, ramBytes - at));
        if (inRam > 0) {
            mem.write(ram + at, b, off, inRam);
        }
        if (n > inRam) {
            System.arraycopy(b, off + inRam, heap, (int) (at + inRam - ramBytes), n - inRam);
        }
        size = Math.max(size, at + n);
    }

    /** ftruncate: zero-fills growth and clears a shrunk tail so that a later growth reads zeros. */
    void setSize(long length) throws ErrnoException {
        if (length < 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (length > MAX_SIZE) {
            throw new ErrnoException(Errno.EFBIG);
        }
        if (size == 0 && length > 0 && ceilOrder((length + PAGE - 1) / PAGE) >= PageAllocator.MAX_ORDER) {
            // ramfs_nommu_resize: growing an empty file is taken as preparing a shared mapping, and
            // ramfs_nommu_expand_for_mapping wants one buddy block for it: beyond MAX_ORDER, EFBIG
            throw new ErrnoException(Errno.EFBIG, "an empty ramfs file grows in one block of at most 4 MiB");
        }
        if (length < size) {
            // ramfs_nommu_check_mappings: no shared mapping may reach the page holding the new end or beyond
            if (!sharedEnds.isEmpty() && sharedEnds.lastKey() > length / PAGE * PAGE) {
                throw new ErrnoException(Errno.ETXTBSY, "a shared mapping extends beyond the new size");
            }
            long ramEnd = Math.min(size, ramBytes);
            if (length < ramEnd) {
                mem.fill(ram + length, ramEnd - length, (byte) 0);
            }
            if (size > ramBytes) {
                Arrays.fill(heap, (int) Math.max(0, length - ramBytes), (int) (size - ramBytes), (byte) 0);
            }
        } else {
            ensure(length);
        }
        size = length;
    }

    /** get_order in pages: the smallest order whose block holds {@code pages}. */
    private static int ceilOrder(long pages) {
        return pages <= 1 ? 0 : 64 - Long.numberOfLeadingZeros(pages - 1);
    }

    /** Grows the heap part to hold offsets below {@code n} (zero-filled). */
    private void ensure(long n) {
        long need = n - ramBytes;
        if (need > heap.length) {
            long cap = Math.max(need, Math.min(MAX_SIZE, Math.max(4096, 2L * heap.length)));
            heap = Arrays.copyOf(heap, (int) cap);
        }
    }

    /** ramfs_nommu_get_unmapped_area: the address of [off, off + len) in the block; ENOSYS if impossible. */
    long directAddress(GuestMemory m, PageAllocator p, long off, long len) throws ErrnoException {
        long maxPages = (size + PAGE - 1) / PAGE;
        long pgoff = off / PAGE;
        long lpages = len / PAGE;
        if (pgoff >= maxPages || maxPages - pgoff < lpages) {
            throw new ErrnoException(Errno.ENOSYS, "the mapping must not extend beyond EOF");
        }
        if (ram == 0) {
            moveToRam(m, p, maxPages);
        }
        if (off + len > ramBytes) {
            throw new ErrnoException(Errno.ENOSYS, "the range is not in the file's contiguous pages");
        }
        return ram + off;
    }

    private void moveToRam(GuestMemory m, PageAllocator p, long npages) throws ErrnoException {
        PageAllocator.Allocation a;
        try {
            a = p.allocate(npages);
        } catch (ErrnoException e) {
            throw new ErrnoException(Errno.ENOSYS, "no contiguous block for the file");
        }
        long bytes = npages * PAGE;
        m.fill(a.address(), a.bytes(), (byte) 0);
        int inBlock = (int) Math.min(size, bytes);
        m.write(a.address(), heap, 0, inBlock);
        heap = size > bytes ? Arrays.copyOfRange(heap, (int) bytes, heap.length) : new byte[0];
        mem = m;
        pages = p;
        ram = a.address();
        ramBytes = bytes;
        allocBytes = a.bytes();
    }

    /** Counts a MAP_SHARED mapping of the bytes below {@code end} in ({@code +1}) or out ({@code -1}). */
    void sharedMapping(long end, int delta) {
        int n = sharedEnds.getOrDefault(end, 0) + delta;
        if (n <= 0) {
            sharedEnds.remove(end);
        } else {
            sharedEnds.put(end, n);
        }
    }

    /** Returns the block to the allocator; the file must be unreachable (no name, no open file). */
    void release() {
        if (ram != 0) {
            pages.free(ram, allocBytes);
            ram = 0;
            ramBytes = 0;
            allocBytes = 0;
        }
        heap = new byte[0];
    }
}
