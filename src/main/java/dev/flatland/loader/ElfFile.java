package dev.flatland.loader;

import dev.flatland.abi.Errno;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed and validated ELF64 x86-64 executable header and program headers (include/uapi/linux/elf.h).
 * Validation follows fs/binfmt_elf_fdpic.c on nommu: only ET_DYN is accepted (ET_EXEC needs an MMU).
 */
public final class ElfFile {
    static final int EHDR_SIZE = 64;
    static final int PHDR_SIZE = 56;
    static final int ET_REL = 1;
    static final int ET_EXEC = 2;
    static final int ET_DYN = 3;
    static final int ET_CORE = 4;
    static final int EM_X86_64 = 62;
    public static final int PT_LOAD = 1;
    public static final int PT_DYNAMIC = 2;
    public static final int PT_INTERP = 3;
    public static final int PT_PHDR = 6;
    /** PATH_MAX (include/uapi/linux/limits.h): the longest PT_INTERP name execve accepts. */
    static final int PATH_MAX = 4096;
    public static final int PT_GNU_STACK = 0x6474e551;
    public static final int PF_X = 1;
    /** A sanity bound on e_phnum (binfmt_elf: 65536 / sizeof(Elf64_Phdr)). */
    static final int MAX_PHNUM = 65536 / PHDR_SIZE;

    /** One program header. */
    public record Phdr(int type, int flags, long offset, long vaddr, long filesz, long memsz, long align) {
    }

    private final ImageSource src;
    private final int type;
    private final long entry;
    private final long phoff;
    private final long shoff;
    private final int shnum;
    private final int shentsize;
    private final List<Phdr> phdrs;
    private final String interpreter;
    /** The unbiased .symtab, read on first use by {@link Symbols} and shared by every image of this file. */
    private volatile Symbols.Table symbolTable;

    private ElfFile(ImageSource src, ByteBuffer eh, List<Phdr> phdrs, String interpreter) {
        this.src = src;
        this.type = eh.getShort(16) & 0xffff;
        this.entry = eh.getLong(24);
        this.phoff = eh.getLong(32);
        this.shoff = eh.getLong(40);
        this.shentsize = eh.getShort(58) & 0xffff;
        this.shnum = eh.getShort(60) & 0xffff;
        this.phdrs = phdrs;
        this.interpreter = interpreter;
    }

    /** Parses and validates {@code src}; {@code name} is used in messages. */
    public static ElfFile parse(ImageSource src, String name) throws LoadException {
        long size = src.size();
        byte[] head = read(src, 0, (int) Math.min(size, EHDR_SIZE));
        if (head.length < 4 || head[0] != 0x7f || head[1] != 'E' || head[2] != 'L' || head[3] != 'F') {
            throw noexec(name + ": not an ELF executable (no ELF magic); Flatland runs x86-64 static-PIE "
                    + "Linux programs");
        }
        if (head.length < 5 || head[4] != 2) {
            if (head.length >= 5 && head[4] == 1) {
                throw noexec(name + ": 32-bit ELF (ELFCLASS32); Flatland runs x86-64 programs: rebuild "
                        + "for x86-64 with -static-pie");
            }
            throw noexec(name + ": truncated or invalid ELF header (bad EI_CLASS)");
        }
        if (head.length < EHDR_SIZE) {
            throw noexec(name + ": truncated ELF file (" + size + " bytes, the ELF header alone is 64)");
        }
        if (head[5] != 1) {
            throw noexec(name + ": big-endian ELF; Flatland runs little-endian x86-64 programs");
        }
        ByteBuffer eh = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        int machine = eh.getShort(18) & 0xffff;
        if (machine != EM_X86_64) {
            throw noexec(name + ": ELF for " + machineName(machine) + ", not x86-64; rebuild it for x86-64 "
                    + "(gcc -static-pie)");
        }
        int type = eh.getShort(16) & 0xffff;
        if (type == ET_EXEC) {
            throw noexec(name + ": ET_EXEC (fixed-address) executable; nommu Linux runs only position-"
                    + "independent programs: rebuild with -static-pie (musl: gcc -specs=musl-static-pie.specs "
                    + "-static-pie)");
        }
        if (type != ET_DYN) {
            throw noexec(name + ": ELF type " + typeName(type) + " is not an executable");
        }
        int phentsize = eh.getShort(54) & 0xffff;
        int phnum = eh.getShort(56) & 0xffff;
        if (phentsize != PHDR_SIZE || phnum == 0 || phnum > MAX_PHNUM) {
            throw new LoadException(Errno.ENOMEM, name + ": invalid program header table (e_phentsize "
                    + phentsize + ", e_phnum " + phnum + ")");
        }
        long phoff = eh.getLong(32);
        long phEnd = phoff + (long) phnum * PHDR_SIZE;
        if (phoff < 0 || phEnd > size) {
            throw noexec(name + ": truncated ELF file (program headers end at " + phEnd + ", file has "
                    + size + " bytes)");
        }
        ByteBuffer ph = ByteBuffer.wrap(read(src, phoff, phnum * PHDR_SIZE)).order(ByteOrder.LITTLE_ENDIAN);
        List<Phdr> phdrs = new ArrayList<>(phnum);
        for (int i = 0; i < phnum; i++) {
            int o = i * PHDR_SIZE;
            phdrs.add(new Phdr(ph.getInt(o), ph.getInt(o + 4), ph.getLong(o + 8), ph.getLong(o + 16),
                    ph.getLong(o + 32), ph.getLong(o + 40), ph.getLong(o + 48)));
        }
        validateSegments(name, size, phdrs);
        return new ElfFile(src, eh, phdrs, interpreterName(src, name, size, phdrs));
    }

    /**
     * Parses {@code src} as the PT_INTERP interpreter of a program. As binfmt_elf_fdpic.c, a header
     * that is no loadable x86-64 ELF is ELIBBAD rather than ENOEXEC. nommu can place only ET_DYN, so
     * an ET_EXEC interpreter is ELIBBAD too; an interpreter that itself names an interpreter cannot
     * have relocated itself either (Linux would start it and it would crash), so Flatland refuses it
     * at exec time with ELIBBAD and a message.
     */
    public static ElfFile parseInterpreter(ImageSource src, String name) throws LoadException {
        ElfFile f;
        try {
            f = parse(src, name);
        } catch (LoadException e) {
            if (e.errno() != Errno.ENOEXEC) {
                throw e;
            }
            String why = e.getMessage();
            int cut = why.indexOf(';');   // drop the advice meant for programs
            // MMU Linux also refuses a non-ELF or foreign interpreter with ELIBBAD; ET_EXEC it would load
            boolean etExec = why.contains("ET_EXEC");
            throw new LoadException(Errno.ELIBBAD, "bad ELF interpreter: " + (cut > 0 ? why.substring(0, cut) : why),
                    !etExec);
        }
        if (f.interpreter() != null) {
            throw new LoadException(Errno.ELIBBAD, "bad ELF interpreter: " + name + " is itself dynamically linked"
                    + " (its PT_INTERP names " + f.interpreter() + "); an interpreter must be self-relocating");
        }
        return f;
    }

    /**
     * The PT_INTERP path, checked as load_elf_fdpic_binary does: p_filesz over PATH_MAX is ENOMEM,
     * under 2 bytes or without a terminating NUL is ENOENT. Null for a static program.
     */
    private static String interpreterName(ImageSource src, String name, long size, List<Phdr> phdrs)
            throws LoadException {
        for (Phdr p : phdrs) {
            if (p.type() != PT_INTERP) {
                continue;
            }
            if (p.filesz() > PATH_MAX) {
                throw new LoadException(Errno.ENOMEM, name + ": PT_INTERP name longer than PATH_MAX", true);
            }
            if (p.filesz() < 2) {
                throw new LoadException(Errno.ENOENT, name + ": PT_INTERP name is empty", true);
            }
            if (p.offset() < 0 || p.offset() + p.filesz() > size) {
                throw noexec(name + ": truncated ELF file (PT_INTERP lies past the end of the file)");
            }
            byte[] b = read(src, p.offset(), (int) p.filesz());
            if (b.length != p.filesz() || b[b.length - 1] != 0) {
                throw new LoadException(Errno.ENOENT, name + ": PT_INTERP name is not NUL-terminated", true);
            }
            int len = 0;
            while (b[len] != 0) {
                len++;
            }
            return new String(b, 0, len, java.nio.charset.StandardCharsets.UTF_8);
        }
        return null;
    }

    private static void validateSegments(String name, long size, List<Phdr> phdrs) throws LoadException {
        boolean anyLoad = false;
        for (Phdr p : phdrs) {
            if (p.type() != PT_LOAD) {
                continue;
            }
            anyLoad = true;
            if (p.offset() < 0 || p.filesz() < 0 || p.offset() + p.filesz() > size || p.offset() + p.filesz() < 0) {
                throw noexec(name + ": truncated ELF file (a PT_LOAD segment needs bytes up to "
                        + (p.offset() + p.filesz()) + ", the file has " + size + ")");
            }
            if (p.memsz() < p.filesz() || p.vaddr() < 0 || p.vaddr() + p.memsz() < p.vaddr()) {
                throw noexec(name + ": invalid PT_LOAD segment (p_memsz < p_filesz or address overflow)");
            }
        }
        if (!anyLoad) {
            throw noexec(name + ": no PT_LOAD segment; nothing to run");
        }
    }

    static LoadException noexec(String msg) {
        return new LoadException(Errno.ENOEXEC, msg);
    }

    static byte[] read(ImageSource src, long off, int len) {
        byte[] b = new byte[len];
        int done = 0;
        while (done < len) {
            int n = src.read(off + done, b, done, len - done);
            if (n <= 0) {
                break;
            }
            done += n;
        }
        return done == len ? b : java.util.Arrays.copyOf(b, done);
    }

    private static String machineName(int m) {
        return switch (m) {
            case 3 -> "i386";
            case 8 -> "MIPS";
            case 20 -> "PowerPC";
            case 21 -> "PowerPC64";
            case 40 -> "ARM";
            case 43 -> "SPARC V9";
            case 183 -> "AArch64";
            case 243 -> "RISC-V";
            case 258 -> "LoongArch";
            default -> "machine " + m;
        };
    }

    private static String typeName(int t) {
        return switch (t) {
            case 0 -> "ET_NONE";
            case ET_REL -> "ET_REL (an object file: link it first)";
            case ET_CORE -> "ET_CORE (a core dump)";
            default -> "0x" + Integer.toHexString(t);
        };
    }

    public ImageSource source() {
        return src;
    }

    public int type() {
        return type;
    }

    public long entry() {
        return entry;
    }

    public long phoff() {
        return phoff;
    }

    public List<Phdr> phdrs() {
        return phdrs;
    }

    long shoff() {
        return shoff;
    }

    int shnum() {
        return shnum;
    }

    int shentsize() {
        return shentsize;
    }

    Symbols.Table symbolTable() {
        return symbolTable;
    }

    void setSymbolTable(Symbols.Table t) {
        symbolTable = t;
    }

    /** The PT_INTERP path (the program interpreter, for example /lib/ld-musl-x86_64.so.1), or null. */
    public String interpreter() {
        return interpreter;
    }

    /** PT_GNU_STACK's p_memsz (the linker's -z stack-size), or 0. */
    public long stackSizeHint() {
        for (Phdr p : phdrs) {
            if (p.type() == PT_GNU_STACK) {
                return p.memsz();
            }
        }
        return 0;
    }
}
