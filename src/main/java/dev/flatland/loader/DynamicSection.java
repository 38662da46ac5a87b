package dev.flatland.loader;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The names in an ELF file's PT_DYNAMIC array (include/uapi/linux/elf.h Elf64_Dyn): DT_NEEDED and
 * DT_SONAME, read from the file through the PT_LOAD that holds DT_STRTAB. Read-only and tolerant: a
 * malformed or missing dynamic array gives empty results, never an exception.
 */
record DynamicSection(List<String> needed, String soname) {
    static final long DT_NULL = 0;
    static final long DT_NEEDED = 1;
    static final long DT_STRTAB = 5;
    static final long DT_STRSZ = 10;
    static final long DT_SONAME = 14;
    /** A bound on the entries read (a real dynamic array has a few dozen). */
    private static final int MAX_ENTRIES = 4096;
    /** A bound on one name's length. */
    private static final int MAX_NAME = 4096;

    static final DynamicSection NONE = new DynamicSection(List.of(), null);

    /** Reads {@code elf}'s dynamic array; {@link #NONE} when it has none or it cannot be read. */
    static DynamicSection read(ElfFile elf) {
        try {
            return parse(elf);
        } catch (RuntimeException e) {
            return NONE;   // a malformed dynamic array (negative offsets, ...) names nothing
        }
    }

    private static DynamicSection parse(ElfFile elf) {
        ElfFile.Phdr dyn = null;
        for (ElfFile.Phdr p : elf.phdrs()) {
            if (p.type() == ElfFile.PT_DYNAMIC) {
                dyn = p;
            }
        }
        if (dyn == null || dyn.filesz() <= 0) {
            return NONE;
        }
        int n = (int) Math.min(dyn.filesz() / 16, MAX_ENTRIES);
        ByteBuffer b = ByteBuffer.wrap(ElfFile.read(elf.source(), dyn.offset(), n * 16)).order(ByteOrder.LITTLE_ENDIAN);
        long strtab = -1;
        long strsz = 0;
        List<Long> neededOff = new ArrayList<>();
        long sonameOff = -1;
        for (int i = 0; i + 16 <= b.limit(); i += 16) {
            long tag = b.getLong(i);
            long val = b.getLong(i + 8);
            if (tag == DT_NULL) {
                break;
            } else if (tag == DT_NEEDED) {
                neededOff.add(val);
            } else if (tag == DT_STRTAB) {
                strtab = val;
            } else if (tag == DT_STRSZ) {
                strsz = val;
            } else if (tag == DT_SONAME) {
                sonameOff = val;
            }
        }
        long strFile = fileOffset(elf, strtab);
        if (strFile < 0) {
            return NONE;
        }
        List<String> needed = new ArrayList<>();
        for (long off : neededOff) {
            String s = string(elf, strFile, strsz, off);
            if (s != null) {
                needed.add(s);
            }
        }
        return new DynamicSection(List.copyOf(needed), sonameOff < 0 ? null : string(elf, strFile, strsz, sonameOff));
    }

    /** The file offset of virtual address {@code vaddr}, through the PT_LOAD whose file bytes hold it; -1 if none. */
    private static long fileOffset(ElfFile elf, long vaddr) {
        if (vaddr < 0) {
            return -1;
        }
        for (ElfFile.Phdr p : elf.phdrs()) {
            if (p.type() == ElfFile.PT_LOAD && vaddr >= p.vaddr() && vaddr - p.vaddr() < p.filesz()) {
                return p.offset() + (vaddr - p.vaddr());
            }
        }
        return -1;
    }

    private static String string(ElfFile elf, long strFile, long strsz, long off) {
        if (off < 0 || (strsz > 0 && off >= strsz)) {
            return null;
        }
        byte[] b = ElfFile.read(elf.source(), strFile + off, MAX_NAME);
        int len = 0;
        while (len < b.length && b[len] != 0) {
            len++;
        }
        return len == b.length ? null : new String(b, 0, len, StandardCharsets.UTF_8);
    }
}
