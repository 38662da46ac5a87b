package dev.flatland.kernel;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Mman;
import dev.flatland.abi.Stat;
import dev.flatland.loader.ImageMapper;
import dev.flatland.memory.GuestMemory;
import dev.flatland.memory.PageAllocator;
import dev.flatland.util.Bits;
import dev.flatland.vfs.OpenFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A process's address-space bookkeeping on nommu (struct mm_struct, mm/nommu.c): the mappings,
 * brk and the stack. Every mapping is backed at creation by contiguous pages from the buddy
 * allocator; nothing is ever moved. The rules and errnos follow reference/nommu.md §2.
 *
 * <p>Not thread-safe; the kernel runs on one host thread.
 */
public final class Mm implements ImageMapper {
    private static final long PAGE = GuestMemory.PAGE_SIZE;
    private final GuestMemory mem;
    private final PageAllocator pages;
    private final int maxMapCount;
    private final TreeMap<Long, Mapping> maps = new TreeMap<>();
    private long startBrk;
    private long brk;
    private long endBrk;
    private long startStack;

    public Mm(GuestMemory mem, PageAllocator pages, int maxMapCount) {
        this.mem = mem;
        this.pages = pages;
        this.maxMapCount = maxMapCount;
    }

    /** The mappings in address order (for /proc/PID/maps and tests). */
    public List<Mapping> mappings() {
        return new ArrayList<>(maps.values());
    }

    /** Sets brk = start_brk = end_brk (the stack block's base for ELF-FDPIC) and start_stack. */
    public void setLayout(long brkBase, long stackTop) {
        this.startBrk = brkBase;
        this.brk = brkBase;
        this.endBrk = brkBase;
        this.startStack = stackTop;
    }

    public long startStack() {
        return startStack;
    }

    // ---------------------------------------------------------------- mmap

    @Override
    public long mapAnonymous(long len, String what) throws ErrnoException {
        return mmap(0, len, Mman.PROT_READ | Mman.PROT_WRITE | Mman.PROT_EXEC, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS,
                null, 0, what);
    }

    /**
     * do_mmap on nommu, after the arch checks (offset alignment) and the fd lookup: MAP_FIXED and
     * a map type other than PRIVATE/SHARED are EINVAL, len 0 EINVAL, huge len ENOMEM, pgoff
     * overflow EOVERFLOW, then the file capability checks; the hint address is ignored.
     *
     * @param file null for MAP_ANONYMOUS
     * @param off  the byte offset (already checked page-aligned)
     */
    public long mmap(long addr, long len, int prot, int flags, OpenFile file, long off, String name)
            throws ErrnoException {
        if ((flags & Mman.MAP_FIXED) != 0) {
            throw new ErrnoException(Errno.EINVAL, "MAP_FIXED is not supported on nommu");
        }
        int type = flags & Mman.MAP_TYPE;
        if (type != Mman.MAP_PRIVATE && type != Mman.MAP_SHARED) {
            throw new ErrnoException(Errno.EINVAL, "map type " + type);
        }
        if (len == 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        long plen = Bits.alignUp(len, PAGE);
        if (plen == 0 || Long.compareUnsigned(plen, Mman.TASK_SIZE) > 0) {
            throw new ErrnoException(Errno.ENOMEM);
        }
        long pgoff = off >>> GuestMemory.PAGE_SHIFT;
        if (pgoff + (plen >>> GuestMemory.PAGE_SHIFT) < pgoff) {
            throw new ErrnoException(Errno.EOVERFLOW);
        }
        boolean mayShare = false;
        if (file != null) {
            mayShare = checkFileMapping(file, prot, type);
        }
        if (maps.size() >= maxMapCount) {
            throw new ErrnoException(Errno.ENOMEM, "vm.max_map_count");
        }
        PageAllocator.Allocation a = pages.allocate(plen >>> GuestMemory.PAGE_SHIFT);
        mem.fill(a.address(), a.bytes(), (byte) 0);   // MAP_UNINITIALIZED is ignored (CONFIG_MMAP_ALLOW_UNINITIALIZED=n)
        if (file != null) {
            try {
                fillFromFile(file, a.address(), plen, off);
            } catch (ErrnoException e) {
                pages.free(a.address(), a.bytes());
                throw e;
            }
        }
        Mapping m = new Mapping(a.address(), a.address() + plen, a.address(), a.address() + plen, a.end(), prot,
                flags, file == null ? null : file.get(), pgoff, mayShare, name);
        maps.put(m.start(), m);
        return m.start();
    }

    /** validate_mmap_request's file part for a disk file system (capability COPY only). */
    private static boolean checkFileMapping(OpenFile file, int prot, int type) throws ErrnoException {
        int ftype = file.stat().type();
        if (ftype == Stat.S_IFSOCK) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (ftype != Stat.S_IFREG) {
            throw new ErrnoException(Errno.ENODEV, "no mmap for this file type");
        }
        if (!file.readable()) {
            throw new ErrnoException(Errno.EACCES);
        }
        if (type == Mman.MAP_SHARED) {
            if ((prot & Mman.PROT_WRITE) != 0 && !file.writable()) {
                throw new ErrnoException(Errno.EACCES);
            }
            throw new ErrnoException(Errno.ENODEV, "MAP_SHARED of a disk file needs NOMMU_MAP_DIRECT");
        }
        return (prot & Mman.PROT_WRITE) == 0;
    }

    /** A private copy of the file (do_mmap_private): bytes past EOF stay zero. */
    private void fillFromFile(OpenFile file, long addr, long len, long off) throws ErrnoException {
        byte[] buf = new byte[(int) Math.min(len, 1 << 16)];
        long done = 0;
        while (done < len) {
            int n = file.pread(buf, 0, (int) Math.min(buf.length, len - done), off + done);
            if (n <= 0) {
                break;
            }
            mem.write(addr + done, buf, 0, n);
            done += n;
        }
    }

    // ---------------------------------------------------------------- munmap

    /**
     * do_munmap on nommu: len 0 or no overlapping mapping is EINVAL; a file mapping must be removed
     * whole; an anonymous range must lie inside one mapping, and a middle hole splits it (ENOMEM at
     * vm.max_map_count). Freed pages go back to the allocator at once.
     */
    public void munmap(long start, long len) throws ErrnoException {
        long plen = Bits.alignUp(len, PAGE);
        if (plen == 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        long end = start + plen;
        Mapping m = firstOverlapping(start, end);
        if (m == null) {
            throw new ErrnoException(Errno.EINVAL, "munmap of memory not mmapped by process");
        }
        if (!m.isAnonymous()) {
            while (m != null) {
                if (start > m.start()) {
                    throw new ErrnoException(Errno.EINVAL);
                }
                if (end == m.end()) {
                    eraseWhole(m);
                    return;
                }
                m = firstOverlapping(m.end(), end);
            }
            throw new ErrnoException(Errno.EINVAL);
        }
        if (start == m.start() && end == m.end()) {
            eraseWhole(m);
            return;
        }
        if (start < m.start() || end > m.end() || !Bits.isAligned(start, PAGE)) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (start != m.start() && end != m.end()) {
            if (maps.size() >= maxMapCount) {
                throw new ErrnoException(Errno.ENOMEM);
            }
            // split_vma(new_below) then shrink_vma: the lower part keeps [start, hole)
            Mapping lower = m.withBounds(m.start(), start, m.regionStart(), start, start);
            Mapping upper = m.withBounds(end, m.end(), end, m.regionEnd(), m.regionTop());
            maps.put(lower.start(), lower);
            maps.put(upper.start(), upper);
            pages.free(start, end - start);
            return;
        }
        maps.remove(m.start());
        if (start > m.start()) {      // cut the tail: the region's slack goes too
            Mapping kept = m.withBounds(m.start(), start, m.regionStart(), start, start);
            maps.put(kept.start(), kept);
            pages.free(start, m.regionTop() - start);
        } else {                      // cut the head
            Mapping kept = m.withBounds(end, m.end(), end, m.regionEnd(), m.regionTop());
            maps.put(kept.start(), kept);
            pages.free(m.start(), end - m.start());
        }
    }

    private void eraseWhole(Mapping m) {
        maps.remove(m.start());
        pages.free(m.regionStart(), m.regionTop() - m.regionStart());
        if (m.file() != null) {
            m.file().put();
        }
    }

    /** The lowest mapping with start < end and end > start. */
    private Mapping firstOverlapping(long start, long end) {
        Map.Entry<Long, Mapping> e = maps.lowerEntry(start + 1);
        if (e != null && e.getValue().end() > start) {
            return e.getValue();
        }
        Map.Entry<Long, Mapping> n = maps.higherEntry(start);
        return n != null && n.getKey() < end ? n.getValue() : null;
    }

    /** The mapping containing {@code addr}, or null. */
    public Mapping find(long addr) {
        Map.Entry<Long, Mapping> e = maps.floorEntry(addr);
        return e != null && addr < e.getValue().end() ? e.getValue() : null;
    }

    // ---------------------------------------------------------------- mremap

    /**
     * do_mremap on nommu: resizes in place only, within the original mapping length; never moves.
     */
    public long mremap(long addr, long oldLen, long newLen, int flags, long newAddr) throws ErrnoException {
        long po = Bits.alignUp(oldLen, PAGE);
        long pn = Bits.alignUp(newLen, PAGE);
        if (po == 0 || pn == 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (!Bits.isAligned(addr, PAGE)) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if ((flags & Mman.MREMAP_FIXED) != 0 && newAddr != addr) {
            throw new ErrnoException(Errno.EINVAL);
        }
        Mapping m = maps.get(addr);
        if (m == null || m.end() != addr + po) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (m.mayShare()) {
            throw new ErrnoException(Errno.EPERM);
        }
        if (pn > m.regionEnd() - m.regionStart()) {
            throw new ErrnoException(Errno.ENOMEM);
        }
        maps.put(addr, m.withBounds(m.start(), addr + pn, m.regionStart(), m.regionEnd(), m.regionTop()));
        return addr;
    }

    // ---------------------------------------------------------------- brk

    /**
     * sys_brk on nommu: outside [start_brk, end_brk] the current brk is returned (no errno);
     * shrinking is allowed; growth only up to end_brk, which equals start_brk for ELF-FDPIC.
     */
    public long brk(long newBrk) {
        if (newBrk < startBrk || newBrk > endBrk) {
            return brk;
        }
        brk = newBrk;
        return brk;
    }

    // ---------------------------------------------------------------- mprotect (compat)

    /**
     * MMU Linux's mprotect argument checks without enforcing anything (the glibc compat mode):
     * unaligned start EINVAL, a range not fully covered by mappings ENOMEM.
     */
    public void checkProtect(long start, long len, int prot) throws ErrnoException {
        if (!Bits.isAligned(start, PAGE)) {
            throw new ErrnoException(Errno.EINVAL);
        }
        int known = Mman.PROT_READ | Mman.PROT_WRITE | Mman.PROT_EXEC | Mman.PROT_GROWSDOWN | Mman.PROT_GROWSUP;
        if ((prot & ~known) != 0 || (prot & (Mman.PROT_GROWSDOWN | Mman.PROT_GROWSUP))
                == (Mman.PROT_GROWSDOWN | Mman.PROT_GROWSUP)) {
            throw new ErrnoException(Errno.EINVAL);
        }
        long plen = Bits.alignUp(len, PAGE);
        if (len != 0 && plen == 0 || start + plen < start) {
            throw new ErrnoException(Errno.ENOMEM);
        }
        long pos = start;
        long end = start + plen;
        while (pos < end) {
            Mapping m = find(pos);
            if (m == null) {
                throw new ErrnoException(Errno.ENOMEM);
            }
            pos = m.end();
        }
    }

    /** Frees every mapping (exit_mmap). */
    public void release() {
        for (Mapping m : new ArrayList<>(maps.values())) {
            eraseWhole(m);
        }
    }
}
