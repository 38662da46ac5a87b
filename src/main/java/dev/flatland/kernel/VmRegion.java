package dev.flatland.kernel;

import dev.flatland.memory.GuestMemory;
import dev.flatland.memory.PageAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * A shareable backing region (Linux struct vm_region, mm/nommu.c): the pages behind one or more
 * VM_MAYSHARE mappings of a file, possibly in several processes. A read-only private mapping of a
 * file's range that lies inside an existing region of the same file reuses it (same address); one
 * that overlaps without being a subset is EINVAL unless the file maps directly. The pages are a
 * private copy (VM_MAPPED_COPY, freed with the last user) or, for a direct mapping, the file's own.
 * Anonymous and writable private mappings keep their pages without a VmRegion (nothing shares them).
 */
final class VmRegion {
    /** A file's identity, as Linux compares file_inode(). */
    record FileKey(long dev, long ino) {
    }

    final long start;
    final long end;
    final long top;
    /** The file's identity (device and inode number). */
    final FileKey file;
    final long pgoff;
    final boolean direct;
    int usage = 1;

    VmRegion(long start, long end, long top, FileKey file, long pgoff, boolean direct) {
        this.start = start;
        this.end = end;
        this.top = top;
        this.file = file;
        this.pgoff = pgoff;
        this.direct = direct;
    }

    /** Pages of the region's mapped part, (vm_end - vm_start) rounded up. */
    long pages() {
        return (end - start + GuestMemory.PAGE_SIZE - 1) >>> GuestMemory.PAGE_SHIFT;
    }

    /**
     * nommu_region_tree: the system's shareable regions in start order, one list per kernel (per page
     * allocator, which every Mm of a kernel shares). Weak keys: a finished kernel's list goes with it.
     */
    private static final Map<PageAllocator, List<VmRegion>> TREES = new WeakHashMap<>();

    static synchronized List<VmRegion> tree(PageAllocator pages) {
        return TREES.computeIfAbsent(pages, p -> new ArrayList<>());
    }

    /** add_nommu_region: inserts in start order, after regions with the same start. */
    static void add(List<VmRegion> tree, VmRegion r) {
        int i = tree.size();
        while (i > 0 && tree.get(i - 1).start > r.start) {
            i--;
        }
        tree.add(i, r);
    }
}
