package dev.flatland.loader;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Function and object symbols of an image's {@code .symtab}, relocated by the load bias, for
 * crash lines ({@code <main+0x13>}). Empty when the image is stripped or its section table is bad.
 *
 * <p>The table is read on first use, not at execve: only crash lines need it, and reading and
 * sorting a large unstripped program's symbols (busybox: thousands) cost more than the rest of
 * an exec. The unbiased table is kept in the {@link ElfFile}, so every image loaded from one parsed
 * file shares it; each {@code Symbols} adds its own load bias.
 */
public final class Symbols {
    static final int SHT_SYMTAB = 2;
    static final int SHDR_SIZE = 64;
    static final int SYM_SIZE = 24;
    private static final Table EMPTY = new Table(new long[0], new long[0], new String[0]);
    private static final Symbols NONE = new Symbols(null, 0);

    /** Unbiased symbol values sorted ascending (unsigned), with their sizes and names. */
    record Table(long[] start, long[] size, String[] names) {
    }

    /** The file to read the table from on first use; null once read (or for {@link #none()}). */
    private ElfFile elf;
    private final long bias;
    private Table table;

    private Symbols(ElfFile elf, long bias) {
        this.elf = elf;
        this.bias = bias;
        this.table = elf == null ? EMPTY : null;
    }

    public static Symbols none() {
        return NONE;
    }

    /** The symbol table of {@code elf}, each value plus {@code bias}; read lazily, never fails. */
    public static Symbols read(ElfFile elf, long bias) {
        return new Symbols(elf, bias);
    }

    private Table table() {
        Table t = table;
        if (t == null) {
            t = elf.symbolTable();
            if (t == null) {
                t = readTable(elf);
                elf.setSymbolTable(t);
            }
            table = t;
            elf = null;
        }
        return t;
    }

    private static Table readTable(ElfFile elf) {
        try {
            return parse(elf);
        } catch (RuntimeException e) {
            return EMPTY;   // a malformed section table only loses symbol names
        }
    }

    private record Sym(long value, long size, String name) {
    }

    private static Table parse(ElfFile elf) {
        ImageSource src = elf.source();
        if (elf.shoff() <= 0 || elf.shentsize() != SHDR_SIZE || elf.shnum() == 0
                || elf.shoff() + (long) elf.shnum() * SHDR_SIZE > src.size()) {
            return EMPTY;
        }
        ByteBuffer sh = le(ElfFile.read(src, elf.shoff(), elf.shnum() * SHDR_SIZE));
        for (int i = 0; i < elf.shnum(); i++) {
            int o = i * SHDR_SIZE;
            if (sh.getInt(o + 4) != SHT_SYMTAB) {
                continue;
            }
            int link = sh.getInt(o + 40);
            if (link <= 0 || link >= elf.shnum()) {
                return EMPTY;
            }
            long symOff = sh.getLong(o + 24);
            long symSize = sh.getLong(o + 32);
            long strOff = sh.getLong(link * SHDR_SIZE + 24);
            long strSize = sh.getLong(link * SHDR_SIZE + 32);
            if (symSize > (64 << 20) || strSize > (64 << 20) || symOff + symSize > src.size()
                    || strOff + strSize > src.size()) {
                return EMPTY;
            }
            byte[] strtab = ElfFile.read(src, strOff, (int) strSize);
            return collect(le(ElfFile.read(src, symOff, (int) symSize)), strtab);
        }
        return EMPTY;
    }

    private static Table collect(ByteBuffer syms, byte[] strtab) {
        List<Sym> list = new ArrayList<>();
        for (int o = 0; o + SYM_SIZE <= syms.capacity(); o += SYM_SIZE) {
            int nameOff = syms.getInt(o);
            int type = syms.get(o + 4) & 0xf;
            int bind = (syms.get(o + 4) & 0xff) >>> 4;
            int shndx = syms.getShort(o + 6) & 0xffff;
            long value = syms.getLong(o + 8);
            long sz = syms.getLong(o + 16);
            boolean globalLabel = type == 0 && bind != 0;   // e.g. _start, written in assembly without .type
            if ((type != 1 && type != 2 && !globalLabel) || shndx == 0 || shndx >= 0xff00 || nameOff <= 0
                    || nameOff >= strtab.length) {
                continue;   // keep defined, named STT_OBJECT, STT_FUNC and global STT_NOTYPE symbols
            }
            int end = nameOff;
            while (end < strtab.length && strtab[end] != 0) {
                end++;
            }
            list.add(new Sym(value, sz, new String(strtab, nameOff, end - nameOff, StandardCharsets.UTF_8)));
        }
        list.sort((a, b) -> Long.compareUnsigned(a.value(), b.value()));
        long[] st = new long[list.size()];
        long[] sz = new long[list.size()];
        String[] nm = new String[list.size()];
        for (int i = 0; i < st.length; i++) {
            st[i] = list.get(i).value();
            sz[i] = list.get(i).size();
            nm[i] = list.get(i).name();
        }
        return new Table(st, sz, nm);
    }

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The number of symbols. */
    public int count() {
        return table().start().length;
    }

    /**
     * "name+0xoff" for the symbol containing the run-time address {@code biasedAddr} (a zero-size symbol covers up to the next
     * symbol), or null.
     */
    public String describe(long biasedAddr) {
        Table t = table();
        long[] start = t.start();
        long[] size = t.size();
        String[] names = t.names();
        long addr = biasedAddr - bias;
        int i = Arrays.binarySearch(start, addr);
        if (i < 0) {
            i = -i - 2;
        }
        while (i >= 0 && i + 1 < start.length && start[i + 1] == start[i] && start[i + 1] <= addr) {
            i++;
        }
        if (i < 0) {
            return null;
        }
        long off = addr - start[i];
        boolean inside = size[i] > 0 ? off < size[i] : (i + 1 >= start.length || addr < start[i + 1]) && off < 0x10000;
        if (!inside) {
            return null;
        }
        return off == 0 ? names[i] : names[i] + "+0x" + Long.toHexString(off);
    }

    /** The address of a symbol by name, or -1 (for tests and diagnostics). */
    public long address(String name) {
        Table t = table();
        for (int i = 0; i < t.names().length; i++) {
            if (t.names()[i].equals(name)) {
                return t.start()[i] + bias;
            }
        }
        return -1;
    }
}
