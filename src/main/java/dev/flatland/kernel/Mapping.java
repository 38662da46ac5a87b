package dev.flatland.kernel;

import dev.flatland.vfs.OpenFile;

/**
 * One process's mapping (Linux vm_area_struct) with its backing region's bounds (vm_region):
 * [start, end) is mapped; the region's pages are [regionStart, regionTop), of which
 * [regionStart, regionEnd) was requested and the rest is allocation slack.
 *
 * @param mayShare VM_MAYSHARE: read-only private file mappings and shared file mappings
 */
public record Mapping(long start, long end, long regionStart, long regionEnd, long regionTop, int prot, int flags,
        OpenFile file, long pgoff, boolean mayShare, String name) {

    public long length() {
        return end - start;
    }

    public boolean isAnonymous() {
        return file == null;
    }

    Mapping withBounds(long s, long e, long rs, long re, long rt) {
        return new Mapping(s, e, rs, re, rt, prot, flags, file, pgoff, mayShare, name);
    }
}
