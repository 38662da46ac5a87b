package dev.flatland.kernel;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Mman;
import dev.flatland.abi.Stat;
import dev.flatland.loader.ImageMapper;
import dev.flatland.memory.GuestMemory;
import dev.flatland.memory.PageAllocator;
import dev.flatland.util.Bits;
import dev.flatland.vfs.DirectMappable;
import dev.flatland.vfs.OpenFile;
import java.util.ArrayList;
import java.util.List;

/**
 * A process's address-space bookkeeping on nommu (struct mm_struct, mm/nommu.c): the mappings,
 * brk and the stack. Every mapping is backed at creation by contiguous pages from the buddy
 * allocator, or by a shareable {@link VmRegion} (a read-only file copy several mappings share, or a
 * tmpfs file's own pages); nothing is ever moved. The rules and errnos follow reference/nommu.md §2.
 *
 * <p>Not thread-safe; the kernel runs on one host thread.
 */
public final class Mm implements ImageMapper {
    private static final long PAGE = GuestMemory.PAGE_SIZE;
    private final GuestMemory mem;
    private final PageAllocator pages;
    private final int maxMapCount;
    /**
     * The mappings in start order (equal starts in creation order). Shared regions let mappings
     * overlap (a subset mapping, the same range twice), so this is a list, searched as the nommu VMA
     * list was: the first mapping in start order that overlaps a range.
     */
    private final ArrayList<Mapping> maps = new ArrayList<>();
    /** The kernel-wide shareable regions (nommu_region_tree). */
    private final List<VmRegion> regions;
    private long startBrk;
    private long brk;
    private long endBrk;
    private long startStack;

    public Mm(GuestMemory mem, PageAllocator pages, int maxMapCount) {
        this.mem = mem;
        this.pages = pages;
        this.maxMapCount = maxMapCount;
        this.regions = VmRegion.tree(pages);
    }

    /** The mappings in address order (for /proc/PID/maps and tests). */
    public List<Mapping> mappings() {
        return new ArrayList<>(maps);
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
     * overflow EOVERFLOW, then the file capability checks; the hint address is ignored. A shareable
     * mapping (VM_MAYSHARE) first looks for a region of the same file to share, then for the file's
     * own pages (NOMMU_MAP_DIRECT), and otherwise gets a private copy.
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
        int caps = file == null ? MmapCapability.COPY : MmapCapability.validate(file, prot, type);
        boolean direct = (caps & MmapCapability.DIRECT) != 0;
        // determine_vm_flags: read-only copies of file chunks and direct mappings are shareable
        boolean mayShare = file != null && (direct || (prot & Mman.PROT_WRITE) == 0);
        if (maps.size() >= maxMapCount) {
            throw new ErrnoException(Errno.ENOMEM, "vm.max_map_count");
        }
        VmRegion.FileKey key = null;
        if (mayShare) {
            key = fileKey(file);
            long shared = shareRegion(key, pgoff, plen, direct, prot, flags, file, name);
            if (shared != 0) {
                return shared;
            }
            if (direct) {
                try {
                    long at = ((DirectMappable) file).getUnmappedArea(mem, pages, off, plen);
                    return insert(new VmRegion(at, at + plen, at + plen, key, pgoff, true), at, plen, prot, flags,
                            file, pgoff, name);
                } catch (ErrnoException e) {
                    if (e.errno() != Errno.ENOSYS) {
                        throw e;
                    }
                    if ((caps & MmapCapability.COPY) == 0) {
                        throw new ErrnoException(Errno.ENODEV, "the file cannot be mapped in place");
                    }
                }
            }
        }
        PageAllocator.Allocation a = pages.allocate(plen >>> GuestMemory.PAGE_SHIFT);
        mem.fill(a.address(), a.bytes(), (byte) 0);   // MAP_UNINITIALIZED is ignored (CONFIG_MMAP_ALLOW_UNINITIALIZED=n)
        if (file != null && (caps & MmapCapability.ZERO) == 0) {
            try {
                fillFromFile(file, a.address(), plen, off);
            } catch (ErrnoException e) {
                pages.free(a.address(), a.bytes());
                throw e;
            }
        }
        if (mayShare) {
            return insert(new VmRegion(a.address(), a.address() + plen, a.end(), key, pgoff, false), a.address(),
                    plen, prot, flags, file, pgoff, name);
        }
        Mapping m = new Mapping(a.address(), a.address() + plen, a.address(), a.address() + plen, a.end(), prot,
                flags, file == null ? null : file.get(), pgoff, false, name, null);
        add(m);
        return m.start();
    }

    /**
     * The region-sharing loop of do_mmap: the first shareable region of the same file that overlaps
     * the new range is shared when the range is a subset of it (its usage grows and the mapping starts
     * at the matching offset); an overlap that is not a subset is EINVAL ("Attempt to share mismatched
     * mappings") unless the file maps directly. Returns the address, or 0 when nothing was shared.
     */
    private long shareRegion(VmRegion.FileKey key, long pgoff, long plen, boolean direct, int prot, int flags,
            OpenFile file, String name) throws ErrnoException {
        long pglen = plen >>> GuestMemory.PAGE_SHIFT;
        long pgend = pgoff + pglen;
        for (VmRegion r : regions) {
            if (!key.equals(r.file) || r.pgoff >= pgend) {
                continue;
            }
            long rpglen = r.pages();
            long rpgend = r.pgoff + rpglen;
            if (pgoff >= rpgend) {
                continue;
            }
            if ((r.pgoff != pgoff || rpglen != pglen) && !(pgoff >= r.pgoff && pgend <= rpgend)) {
                if (!direct) {
                    throw new ErrnoException(Errno.EINVAL, "Attempt to share mismatched mappings");
                }
                continue;
            }
            r.usage++;
            long start = r.start + ((pgoff - r.pgoff) << GuestMemory.PAGE_SHIFT);
            add(tracked(new Mapping(start, start + plen, r.start, r.end, r.top, prot, flags, file.get(), pgoff, true,
                    name, r), 1));
            return start;
        }
        return 0;
    }

    /** Registers a new shareable region and its first mapping. */
    private long insert(VmRegion r, long start, long plen, int prot, int flags, OpenFile file, long pgoff,
            String name) {
        VmRegion.add(regions, r);
        add(tracked(new Mapping(start, start + plen, r.start, r.end, r.top, prot, flags, file.get(), pgoff, true,
                name, r), 1));
        return start;
    }

    /** Tells a directly mapped file about a MAP_SHARED mapping coming or going (its i_mmap). */
    private static Mapping tracked(Mapping m, int delta) {
        if (m.isDirect() && (m.flags() & Mman.MAP_TYPE) == Mman.MAP_SHARED) {
            ((DirectMappable) m.file()).sharedMapping((m.pgoff() << GuestMemory.PAGE_SHIFT) + m.length(), delta);
        }
        return m;
    }

    private static VmRegion.FileKey fileKey(OpenFile file) throws ErrnoException {
        Stat st = file.stat();
        return new VmRegion.FileKey(st.dev(), st.ino());
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
     * vm.max_map_count). Freed pages go back to the allocator at once; a shared region's pages go
     * with its last user, and a direct region's pages stay with the file.
     */
    public void munmap(long start, long len) throws ErrnoException {
        long plen = Bits.alignUp(len, PAGE);
        if (plen == 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        long end = start + plen;
        int i = firstOverlapping(start, end, 0);
        if (i < 0) {
            throw new ErrnoException(Errno.EINVAL, "munmap of memory not mmapped by process");
        }
        Mapping m = maps.get(i);
        if (!m.isAnonymous()) {
            while (i >= 0) {
                m = maps.get(i);
                if (start > m.start()) {
                    throw new ErrnoException(Errno.EINVAL);
                }
                if (end == m.end()) {
                    eraseWhole(m);
                    return;
                }
                i = firstOverlapping(start, end, i + 1);
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
            remove(m);
            add(m.withBounds(m.start(), start, m.regionStart(), start, start));
            add(m.withBounds(end, m.end(), end, m.regionEnd(), m.regionTop()));
            pages.free(start, end - start);
            return;
        }
        remove(m);
        if (start > m.start()) {      // cut the tail: the region's slack goes too
            add(m.withBounds(m.start(), start, m.regionStart(), start, start));
            pages.free(start, m.regionTop() - start);
        } else {                      // cut the head
            add(m.withBounds(end, m.end(), end, m.regionEnd(), m.regionTop()));
            pages.free(m.start(), end - m.start());
        }
    }

    /** delete_vma and put_nommu_region: a copy's pages are freed with the region's last user. */
    private void eraseWhole(Mapping m) {
        remove(m);
        tracked(m, -1);
        VmRegion r = m.region();
        if (r == null) {
            pages.free(m.regionStart(), m.regionTop() - m.regionStart());
        } else if (--r.usage == 0) {
            regions.remove(r);
            if (!r.direct) {
                pages.free(r.start, r.top - r.start);
            }
        }
        if (m.file() != null) {
            m.file().put();
        }
    }

    /** Index of the first mapping from index {@code from} on, in start order, overlapping [start, end); -1 if none. */
    private int firstOverlapping(long start, long end, int from) {
        for (int i = from; i < maps.size(); i++) {
            Mapping m = maps.get(i);
            if (m.start() >= end) {
                return -1;
            }
            if (m.end() > start) {
                return i;
            }
        }
        return -1;
    }

    /** Inserts in start order, after the mappings with the same start. */
    private void add(Mapping m) {
        int lo = 0;
        int hi = maps.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (maps.get(mid).start() <= m.start()) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        maps.add(lo, m);
    }

    /** Removes this very mapping (records with equal fields may coexist). */
    private void remove(Mapping m) {
        for (int i = 0; i < maps.size(); i++) {
            if (maps.get(i) == m) {
                maps.remove(i);
                return;
            }
        }
        throw new IllegalStateException("mapping not in this mm");
    }

    /** The first mapping (in start order) containing {@code addr}, or null. */
    public Mapping find(long addr) {
        int i = firstOverlapping(addr, addr + 1, 0);
        return i < 0 ? null : maps.get(i);
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
        Mapping m = null;
        for (Mapping c : maps) {      // find_vma_exact
            if (c.start() == addr && c.end() == addr + po) {
                m = c;
                break;
            }
        }
        if (m == null) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (m.mayShare()) {
            throw new ErrnoException(Errno.EPERM);
        }
        if (pn > m.regionEnd() - m.regionStart()) {
            throw new ErrnoException(Errno.ENOMEM);
        }
        remove(m);
        add(m.withBounds(m.start(), addr + pn, m.regionStart(), m.regionEnd(), m.regionTop()));
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
        for (Mapping m : new ArrayList<>(maps)) {
            eraseWhole(m);
        }
        setExeFile(null, null);
    }

    /** The file this mm runs (mm->exe_file), whose writing it denies while it lives; or null. */
    private WriteAccess.Key exeKey;
    private WriteAccess exeAccess;

    /** set_mm_exe_file: denies writing {@code key} (checked by the caller) and allows the previous file again. */
    void setExeFile(WriteAccess access, WriteAccess.Key key) {
        if (key != null) {
            access.deny(key);
        }
        if (exeKey != null) {
            exeAccess.allow(exeKey);
        }
        exeAccess = access;
        exeKey = key;
    }

    /** dup_mm: a copy of {@code parent} runs the same file. */
    void inheritExeFile(Mm parent) {
        setExeFile(parent.exeAccess, parent.exeKey);
    }
}
