package dev.flatland.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The flat nommu address space: one RAM block at guest addresses [{@link #base()}, base + size).
 * A guest address is a physical address; addresses below the base (NULL and its neighbourhood)
 * and above the end are not RAM and fault with {@link MemoryFault}. All values are little-endian.
 *
 * <p>Writes to pages marked as code ({@link #markCode}) call the {@link CodeWriteListener} so that
 * the CPU's decoded-block cache stays coherent with self-modifying code.
 */
public final class GuestMemory {
    /** The lowest guest address that is RAM: 4 MiB, so that NULL plus any small offset faults. */
    public static final long DEFAULT_BASE = 0x40_0000L;
    public static final int PAGE_SHIFT = 12;
    public static final long PAGE_SIZE = 1L << PAGE_SHIFT;

    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED;

    /*
     * The scalar accessors (read8..64, write8..64) are what the interpreter inlines into its hot
     * loop. On a byte[] through a byte-array view VarHandle they compile to a range check and one
     * load or store; the same access through a MemorySegment drags some thirty inlined methods
     * (segment, session and alignment checks) into every call site, which made C2 give up
     * inlining (NodeCountInliningCutoff) and made compiling the loop slow. So RAM that fits a Java
     * array lives on the heap; larger RAM (more than 1 GiB) stays a native segment.
     */
    private static final VarHandle H16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle H32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle H64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** Largest RAM kept in a heap array. */
    private static final long HEAP_LIMIT = 1L << 30;

    /** The RAM when it is a heap array (then {@link #ram} is a view of it), else null. */
    private final byte[] heap;
    private final MemorySegment ram;
    private final long base;
    private final long size;
    private final byte[] codePages;
    private CodeWriteListener codeListener = page -> { };

    private GuestMemory(long base, long size) {
        if ((size & (PAGE_SIZE - 1)) != 0 || size <= 0) {
            throw new IllegalArgumentException("RAM size must be a positive multiple of 4 KiB: " + size);
        }
        this.base = base;
        this.size = size;
        byte[] h = null;
        if (size <= HEAP_LIMIT) {
            try {
                h = new byte[(int) size];
            } catch (OutOfMemoryError e) {
                h = null; // no room on the Java heap: a native mapping instead
            }
        }
        this.heap = h;
        this.ram = h != null ? MemorySegment.ofArray(h) : allocate(size);
        this.codePages = new byte[(int) (size >>> PAGE_SHIFT)];
    }

    /**
     * Zeroed RAM: an anonymous private mapping (mmap(2) with MAP_NORESERVE) when native access is
     * enabled, so that the host kernel supplies zero pages on first touch and untouched guest RAM
     * costs neither time nor memory (Arena.allocate zero-fills, which touches every page: about a
     * quarter of a second for 256 MiB). Otherwise, or when mmap fails, an automatic arena.
     * Either way the mapping is released when the memory becomes unreachable.
     */
    private static MemorySegment allocate(long size) {
        if (GuestMemory.class.getModule().isNativeAccessEnabled()) {
            try {
                MemorySegment m = mmapAnonymous(size);
                if (m != null) {
                    return m;
                }
            } catch (Throwable e) {
                // no mmap (not Linux/glibc/musl, or restricted): fall back to the arena
            }
        }
        return Arena.ofAuto().allocate(size, PAGE_SIZE);
    }

    private static final int PROT_READ = 1;
    private static final int PROT_WRITE = 2;
    private static final int MAP_PRIVATE = 0x02;
    private static final int MAP_ANONYMOUS = 0x20;
    private static final int MAP_NORESERVE = 0x4000;

    private static MemorySegment mmapAnonymous(long size) throws Throwable {
        Linker linker = Linker.nativeLinker();
        MemorySegment mmapSym = linker.defaultLookup().find("mmap").orElse(null);
        MemorySegment munmapSym = linker.defaultLookup().find("munmap").orElse(null);
        if (mmapSym == null || munmapSym == null) {
            return null;
        }
        MethodHandle mmap = linker.downcallHandle(mmapSym, FunctionDescriptor.of(ValueLayout.ADDRESS,
                ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
        MethodHandle munmap = linker.downcallHandle(munmapSym, FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
        MemorySegment p = (MemorySegment) mmap.invokeExact(MemorySegment.NULL, size, PROT_READ | PROT_WRITE,
                MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0L);
        long addr = p.address();
        if (addr == -1L || addr == 0L || (addr & (PAGE_SIZE - 1)) != 0) {
            return null; // MAP_FAILED
        }
        return p.reinterpret(size, Arena.ofAuto(), s -> {
            try {
                int unused = (int) munmap.invokeExact(MemorySegment.ofAddress(addr), size);
            } catch (Throwable e) {
                // nothing to do: the mapping stays until the process exits
            }
        });
    }

    /** Creates zeroed RAM of {@code size} bytes at {@link #DEFAULT_BASE}. */
    public static GuestMemory create(long size) {
        return new GuestMemory(DEFAULT_BASE, size);
    }

    /** The lowest RAM address. */
    public long base() {
        return base;
    }

    /** The RAM size in bytes. */
    public long size() {
        return size;
    }

    /** One past the highest RAM address. */
    public long end() {
        return base + size;
    }

    /** True when [addr, addr+len) lies entirely in RAM. */
    public boolean contains(long addr, long len) {
        long off = addr - base;
        return len >= 0 && Long.compareUnsigned(off, size) <= 0 && Long.compareUnsigned(len, size - off) <= 0;
    }

    /** The RAM segment itself, for bulk copies by the kernel. Offsets are {@code addr - base()}. */
    public MemorySegment segment() {
        return ram;
    }

    /** Sets the listener told about writes to code pages. */
    public void setCodeWriteListener(CodeWriteListener listener) {
        this.codeListener = listener;
    }

    /** The listener told about writes to code pages (the engine's block cache, once one is attached). */
    public CodeWriteListener codeWriteListener() {
        return codeListener;
    }

    /** Marks the page holding {@code addr} as holding decoded code. */
    public void markCode(long addr) {
        codePages[(int) ((addr - base) >>> PAGE_SHIFT)] = 1;
    }

    /** Clears the code mark of the page with index {@code page} (guest address {@code >>> 12}). */
    public void clearCode(long page) {
        codePages[(int) (page - (base >>> PAGE_SHIFT))] = 0;
    }

    private long readOffset(long addr, int len) {
        long off = addr - base;
        if (Long.compareUnsigned(off, size - len) > 0) {
            throw new MemoryFault(addr, false);
        }
        return off;
    }

    private long writeOffset(long addr, int len) {
        long off = addr - base;
        if (Long.compareUnsigned(off, size - len) > 0) {
            throw new MemoryFault(addr, true);
        }
        int first = (int) (off >>> PAGE_SHIFT);
        int last = (int) ((off + len - 1) >>> PAGE_SHIFT);
        if ((codePages[first] | codePages[last]) != 0) {
            notifyCode(first, last);
        }
        return off;
    }

    private void notifyCode(int first, int last) {
        long basePage = base >>> PAGE_SHIFT;
        for (int p = first; p <= last; p++) {
            if (codePages[p] != 0) {
                codePages[p] = 0;
                codeListener.codePageWritten(basePage + p);
            }
        }
    }

    public int read8(long addr) {
        byte[] h = heap;
        if (h != null) {
            return h[(int) readOffset(addr, 1)] & 0xff;
        }
        return ram.get(ValueLayout.JAVA_BYTE, readOffset(addr, 1)) & 0xff;
    }

    public int read16(long addr) {
        byte[] h = heap;
        if (h != null) {
            return (short) H16.get(h, (int) readOffset(addr, 2)) & 0xffff;
        }
        return ram.get(I16, readOffset(addr, 2)) & 0xffff;
    }

    public int read32(long addr) {
        byte[] h = heap;
        if (h != null) {
            return (int) H32.get(h, (int) readOffset(addr, 4));
        }
        return ram.get(I32, readOffset(addr, 4));
    }

    public long read64(long addr) {
        byte[] h = heap;
        if (h != null) {
            return (long) H64.get(h, (int) readOffset(addr, 8));
        }
        return ram.get(I64, readOffset(addr, 8));
    }

    public void write8(long addr, int v) {
        byte[] h = heap;
        if (h != null) {
            h[(int) writeOffset(addr, 1)] = (byte) v;
            return;
        }
        ram.set(ValueLayout.JAVA_BYTE, writeOffset(addr, 1), (byte) v);
    }

    public void write16(long addr, int v) {
        byte[] h = heap;
        if (h != null) {
            H16.set(h, (int) writeOffset(addr, 2), (short) v);
            return;
        }
        ram.set(I16, writeOffset(addr, 2), (short) v);
    }

    public void write32(long addr, int v) {
        byte[] h = heap;
        if (h != null) {
            H32.set(h, (int) writeOffset(addr, 4), v);
            return;
        }
        ram.set(I32, writeOffset(addr, 4), v);
    }

    public void write64(long addr, long v) {
        byte[] h = heap;
        if (h != null) {
            H64.set(h, (int) writeOffset(addr, 8), v);
            return;
        }
        ram.set(I64, writeOffset(addr, 8), v);
    }

    /** Copies {@code len} guest bytes at {@code addr} into {@code dst[dstOff..]}. */
    public void read(long addr, byte[] dst, int dstOff, int len) {
        if (len == 0) {
            return;
        }
        long off = checkRange(addr, len, false);
        MemorySegment.copy(ram, ValueLayout.JAVA_BYTE, off, dst, dstOff, len);
    }

    /** Copies {@code src[srcOff..srcOff+len)} to guest memory at {@code addr}. */
    public void write(long addr, byte[] src, int srcOff, int len) {
        if (len == 0) {
            return;
        }
        long off = checkRange(addr, len, true);
        MemorySegment.copy(src, srcOff, ram, ValueLayout.JAVA_BYTE, off, len);
    }

    /** Sets {@code len} guest bytes at {@code addr} to {@code value}. */
    public void fill(long addr, long len, byte value) {
        if (len == 0) {
            return;
        }
        long off = checkRange(addr, len, true);
        ram.asSlice(off, len).fill(value);
    }

    /** Copies {@code len} bytes inside guest memory, correct for overlap (memmove). */
    public void move(long dst, long src, long len) {
        if (len == 0) {
            return;
        }
        long so = checkRange(src, len, false);
        long d = checkRange(dst, len, true);
        MemorySegment.copy(ram, so, ram, d, len);
    }

    private long checkRange(long addr, long len, boolean write) {
        long off = addr - base;
        if (len < 0 || Long.compareUnsigned(off, size) > 0 || Long.compareUnsigned(len, size - off) > 0) {
            throw new MemoryFault(addr, write);
        }
        if (write) {
            int first = (int) (off >>> PAGE_SHIFT);
            int last = (int) ((off + len - 1) >>> PAGE_SHIFT);
            for (int p = first; p <= last; p++) {
                if (codePages[p] != 0) {
                    notifyCode(p, p);
                }
            }
        }
        return off;
    }
}
