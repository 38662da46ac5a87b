package dev.flatland.vfs;

import dev.flatland.abi.ErrnoException;
import dev.flatland.memory.GuestMemory;
import dev.flatland.memory.PageAllocator;

/**
 * An open file whose data can be mapped in place on nommu: Linux's NOMMU_MAP_DIRECT capability with
 * the file's {@code get_unmapped_area} operation (fs/ramfs/file-nommu.c). A MAP_SHARED mapping, and a
 * read-only private one, then are the file's own pages, so writes through the mapping and through
 * write(2) see each other. Files that do not implement this are COPY-only: MAP_SHARED is ENODEV and a
 * private mapping is a snapshot.
 */
public interface DirectMappable {
    /**
     * The guest address of the file's bytes [off, off + len), which must be contiguous guest RAM
     * inside end of file. {@code mem} and {@code pages} are the kernel's RAM and page allocator, from
     * which the file may take its pages.
     *
     * @param off page-aligned byte offset
     * @param len page-aligned length
     * @throws ErrnoException ENOSYS when the range cannot be mapped directly (beyond EOF, pages not
     *                        contiguous, no memory): the caller copies instead or fails ENODEV
     */
    long getUnmappedArea(GuestMemory mem, PageAllocator pages, long off, long len) throws ErrnoException;

    /**
     * A MAP_SHARED (VM_SHARED) mapping of the file's bytes below {@code end} was added ({@code +1}) or
     * removed ({@code -1}): the file's i_mmap, which ramfs consults before shrinking
     * (ramfs_nommu_check_mappings: ETXTBSY while a shared mapping reaches past the new size).
     */
    void sharedMapping(long end, int delta);
}
