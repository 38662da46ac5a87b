package dev.flatland.cpu.interp;

import dev.flatland.cpu.decode.DecodedBlock;
import dev.flatland.cpu.decode.Decoder;
import dev.flatland.memory.CodeWriteListener;
import dev.flatland.memory.GuestMemory;
import dev.flatland.memory.MemoryFault;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashMap;

/**
 * Decoded blocks keyed by start RIP: an open-addressing table (no allocation on lookup) plus an
 * index from code page to the blocks decoded from it, so that a write to a code page drops exactly
 * those blocks. Pages a block is decoded from are marked with {@link GuestMemory#markCode}.
 */
final class BlockCache implements CodeWriteListener {
    /** Flush everything when this many blocks are cached (bounds memory for code generators). */
    private static final int MAX_BLOCKS = 1 << 18;
    /** Bytes fetched per decode; a block of 64 instructions of at most 15 bytes fits. */
    private static final int WINDOW = DecodedBlock.MAX_INSNS * 15;

    private final GuestMemory memory;
    private long[] keys = new long[1 << 12];
    private DecodedBlock[] vals = new DecodedBlock[1 << 12];
    private int size;
    private final HashMap<Long, ArrayList<DecodedBlock>> byPage = new HashMap<>();
    private final byte[] window = new byte[WINDOW];

    BlockCache(GuestMemory memory) {
        this.memory = memory;
    }

    private static int hash(long rip, int mask) {
        long h = rip * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 40) & mask;
    }

    /**
     * The cached block starting at {@code rip}, or null. A block whose page was written since it
     * was decoded is checked against its saved bytes: unchanged, it is valid again (data that
     * shares a page with code costs a compare, not a decode); changed, it is dropped.
     */
    DecodedBlock lookupValid(long rip) {
        DecodedBlock b = lookup(rip);
        if (b == null || b.valid) {
            return b;
        }
        long off = b.start - memory.base();
        int len = b.bytes.length;
        if (MemorySegment.mismatch(memory.segment(), off, off + len, MemorySegment.ofArray(b.bytes), 0, len) == -1) {
            b.valid = true;
            markPages(b, false);
            return b;
        }
        removeFully(b);
        return null;
    }

    /** The table entry for {@code rip}, valid or not, or null. */
    DecodedBlock lookup(long rip) {
        DecodedBlock[] v = vals;
        int mask = v.length - 1;
        for (int i = hash(rip, mask);; i = (i + 1) & mask) {
            DecodedBlock b = v[i];
            if (b == null) {
                return null;
            }
            if (keys[i] == rip) {
                return b;
            }
        }
    }

    /**
     * Decodes and caches the block at {@code rip}. Throws {@link MemoryFault} when the first
     * instruction cannot be fetched (its address, or the first address past RAM it needs).
     */
    DecodedBlock decode(long rip) {
        long end = memory.end();
        if (!memory.contains(rip, 1)) {
            throw new MemoryFault(rip, false);
        }
        int len = (int) Math.min(WINDOW, end - rip);
        memory.read(rip, window, 0, len);
        DecodedBlock b = new DecodedBlock(rip);
        int off = 0;
        int n = 0;
        while (n < DecodedBlock.MAX_INSNS) {
            int l = Decoder.decode(window, off, len, rip + off, b, n);
            if (l == Decoder.TRUNCATED) {
                if (n == 0) {
                    throw new MemoryFault(rip + len, false); // only possible at the end of RAM
                }
                break;
            }
            long w = b.insn[n];
            if (n > 0 && Decoder.alone(w)) {
                break;
            }
            off += l;
            n++;
            if (Decoder.endsBlock(w)) {
                b.endsWithSyscall = (w & 0x3ff) == 0x105;
                break;
            }
        }
        b.count = n;
        b.end = rip + off;
        b.bytes = java.util.Arrays.copyOf(window, off);
        FastPath.classify(b);
        insert(b);
        return b;
    }

    private void insert(DecodedBlock b) {
        if (size >= MAX_BLOCKS) {
            flush();
        }
        if ((size + 1) * 2 > vals.length) {
            grow();
        }
        put(b);
        markPages(b, true);
    }

    /** Marks the pages of {@code b} as code (and indexes {@code b} under them when {@code index}). */
    private void markPages(DecodedBlock b, boolean index) {
        long first = b.start >>> GuestMemory.PAGE_SHIFT;
        long last = (b.end - 1) >>> GuestMemory.PAGE_SHIFT;
        for (long p = first; p <= last; p++) {
            memory.markCode(p << GuestMemory.PAGE_SHIFT);
            if (index) {
                byPage.computeIfAbsent(p, k -> new ArrayList<>()).add(b);
            }
        }
    }

    private void put(DecodedBlock b) {
        int mask = vals.length - 1;
        int i = hash(b.start, mask);
        while (vals[i] != null) {
            if (keys[i] == b.start) {
                vals[i].valid = false;
                vals[i] = b;
                return;
            }
            i = (i + 1) & mask;
        }
        keys[i] = b.start;
        vals[i] = b;
        size++;
    }

    private void grow() {
        DecodedBlock[] old = vals;
        keys = new long[old.length * 2];
        vals = new DecodedBlock[old.length * 2];
        size = 0;
        for (DecodedBlock b : old) {
            if (b != null) {
                put(b);
            }
        }
    }

    /** Removes the entry for {@code b.start} if it is {@code b} (backward-shift deletion for linear probing). */
    private void remove(DecodedBlock b) {
        int mask = vals.length - 1;
        int i = hash(b.start, mask);
        while (vals[i] != null && vals[i] != b) {
            i = (i + 1) & mask;
        }
        if (vals[i] == null) {
            return;
        }
        vals[i] = null;
        size--;
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            if (vals[j] == null) {
                return;
            }
            int home = hash(keys[j], mask);
            // move entry j into the hole at i when its home is not cyclically in (i, j]
            boolean between = i <= j ? (home > i && home <= j) : (home > i || home <= j);
            if (!between) {
                keys[i] = keys[j];
                vals[i] = vals[j];
                vals[j] = null;
                i = j;
            }
        }
    }

    /**
     * Invalidates every block decoded from page {@code page} (guest address {@code >>> 12}); they
     * stay cached until {@link #lookupValid} re-checks their bytes.
     */
    @Override
    public void codePageWritten(long page) {
        invalidatePage(page);
    }

    void invalidatePage(long page) {
        ArrayList<DecodedBlock> list = byPage.get(page);
        if (list == null) {
            return;
        }
        for (DecodedBlock b : list) {
            b.valid = false;
        }
    }

    /** Removes {@code b} from the table and from the page index. */
    private void removeFully(DecodedBlock b) {
        b.valid = false;
        remove(b);
        long first = b.start >>> GuestMemory.PAGE_SHIFT;
        long last = (b.end - 1) >>> GuestMemory.PAGE_SHIFT;
        for (long p = first; p <= last; p++) {
            ArrayList<DecodedBlock> list = byPage.get(p);
            if (list != null) {
                list.remove(b);
                if (list.isEmpty()) {
                    byPage.remove(p);
                }
            }
        }
    }

    /** Drops every block. */
    void flush() {
        for (DecodedBlock b : vals) {
            if (b != null) {
                b.valid = false;
            }
        }
        java.util.Arrays.fill(vals, null);
        size = 0;
        byPage.clear();
    }
}
