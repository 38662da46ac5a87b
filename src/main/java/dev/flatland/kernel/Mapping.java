package dev.flatland.kernel;

import dev.flatland.vfs.OpenFile;

/**
 * One process's mapping (Linux vm_area_struct) with its backing region's bounds (vm_region):
 * [start, end) is mapped; the region's pages are [regionStart, regionTop), of which
 * [regionStart, regionEnd) was requested and the rest is allocation slack. A mapping of a shared
 * region may start inside it (a subset mapping), and several mappings may cover the same addresses.
 *
 * @param mayShare VM_MAYSHARE: read-only private file mappings and direct (tmpfs) file mappings
 * @param region   the shareable region behind a VM_MAYSHARE mapping, null otherwise
 */
public record Mapping(long start, long end, long regionStart, long regionEnd, long regionTop, int prot, int flags,
        OpenFile file, long pgoff, boolean mayShare, String name, VmRegion region) {

    public long length() {
        return end - start;
    }

    public boolean isAnonymous() {
        return file == null;
    }

    /** True when the pages are the file's own (a direct tmpfs mapping), not a copy the mapping owns. */
    public boolean isDirect() {
        return region != null && region.direct;
    }

    Mapping withBounds(long s, long e, long rs, long re, long rt) {
        return new Mapping(s, e, rs, re, rt, prot, flags, file, pgoff, mayShare, name, region);
    }
}
