package dev.flatland.loader;

import dev.flatland.abi.Auxv;
import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.memory.GuestMemory;
import dev.flatland.util.Bits;

/**
 * Places an ET_DYN (static-PIE or dynamic PIE plus its interpreter) image the way fs/binfmt_elf_fdpic.c does on nommu for a non-FDPIC
 * ELF (elf_fdpic_map_file_constdisp_on_uclinux): one contiguous anonymous allocation spanning the
 * lowest to the highest PT_LOAD address, each segment copied at its relative offset, bss zeroed.
 * Then allocates the stack block (PT_GNU_STACK p_memsz, else 128 KiB; page-rounded, at least two
 * pages) and builds the initial stack ({@link InitialStack}). Static-PIE relocates itself, so no
 * relocations are processed here; a dynamic program's interpreter (musl's ld.so, which is libc.so)
 * relocates itself and the program.
 */
public final class ElfLoader {
    /** Default stack size when PT_GNU_STACK gives none (binfmt_elf_fdpic.c: "same as exec"). */
    public static final long DEFAULT_STACK_SIZE = 131072;

    private ElfLoader() {
    }

    /** Loads the static program {@code elf} into memory obtained from {@code mapper} and builds its initial stack. */
    public static LoadedImage load(ElfFile elf, GuestMemory mem, ImageMapper mapper, ExecParams params)
            throws LoadException {
        return load(elf, null, mem, mapper, params);
    }

    /**
     * Loads {@code elf} and, for a dynamically linked program, its PT_INTERP interpreter {@code interp}
     * (already opened and checked with {@link ElfFile#parseInterpreter}), each as one contiguous
     * allocation, then the stack block. A dynamic program starts at the interpreter's entry with
     * AT_BASE = the interpreter's base; AT_PHDR, AT_PHENT, AT_PHNUM and AT_ENTRY describe the program
     * (create_elf_fdpic_tables). Stack size: the program's PT_GNU_STACK p_memsz, else the
     * interpreter's, else 128 KiB (load_elf_fdpic_binary).
     */
    public static LoadedImage load(ElfFile elf, ElfFile interp, GuestMemory mem, ImageMapper mapper,
            ExecParams params) throws LoadException {
        if ((elf.interpreter() != null) != (interp != null)) {
            throw new LoadException(Errno.ENOEXEC, "internal: interpreter " + elf.interpreter()
                    + " was not opened");
        }
        InitialStack.checkArgSize(params);
        if (interp != null) {
            Interpreters.checkServes(elf, interp, params.execfnString());
        }
        long[] span = new long[2];
        long bias = place(elf, mem, mapper, "image", span);
        long base = span[0];
        long end = span[1];
        long interpBias = 0;
        if (interp != null) {
            interpBias = place(interp, mem, mapper, "interpreter", new long[2]);
        }
        long hint = elf.stackSizeHint();
        if (hint == 0 && interp != null) {
            hint = interp.stackSizeHint();
        }
        long stackSize = Bits.alignUp(hint == 0 ? DEFAULT_STACK_SIZE : hint, GuestMemory.PAGE_SIZE);
        stackSize = Math.max(stackSize, 2 * GuestMemory.PAGE_SIZE);
        long stack;
        try {
            stack = mapper.mapAnonymous(stackSize, "stack");
        } catch (ErrnoException e) {
            throw new LoadException(e.errno(), "cannot allocate the " + stackSize + "-byte stack (" + e.errno()
                    + ")");
        }
        long phdr = phdrAddress(elf, bias);
        long entry = elf.entry() + bias;
        long[] auxv = {
            Auxv.AT_HWCAP, params.hwcap(),
            Auxv.AT_PAGESZ, GuestMemory.PAGE_SIZE,
            Auxv.AT_CLKTCK, 100,
            Auxv.AT_PHDR, phdr,
            Auxv.AT_PHENT, ElfFile.PHDR_SIZE,
            Auxv.AT_PHNUM, elf.phdrs().size(),
            Auxv.AT_BASE, interp == null ? 0 : interpBias,
            Auxv.AT_FLAGS, 0,
            Auxv.AT_ENTRY, entry,
            Auxv.AT_UID, params.uid(),
            Auxv.AT_EUID, params.uid(),
            Auxv.AT_GID, params.gid(),
            Auxv.AT_EGID, params.gid(),
            Auxv.AT_SECURE, 0,
        };
        long rsp = InitialStack.build(mem, stack, stack + stackSize, params, auxv);
        long start = interp == null ? entry : interp.entry() + interpBias;
        return new LoadedImage(base, end, bias, start, phdr, stack, stack + stackSize, rsp,
                Symbols.read(elf, bias));
    }

    /**
     * Places one ET_DYN file as a single allocation spanning its lowest to highest PT_LOAD address
     * (elf_fdpic_map_file_constdisp_on_uclinux); returns the load bias and stores [start, end) in
     * {@code span}.
     */
    private static long place(ElfFile elf, GuestMemory mem, ImageMapper mapper, String what, long[] span)
            throws LoadException {
        long lo = Long.MAX_VALUE;
        long hi = 0;
        for (ElfFile.Phdr p : elf.phdrs()) {
            if (p.type() == ElfFile.PT_LOAD) {
                lo = Math.min(lo, Bits.alignDown(p.vaddr(), GuestMemory.PAGE_SIZE));
                hi = Math.max(hi, p.vaddr() + p.memsz());
            }
        }
        long size = Bits.alignUp(hi - lo, GuestMemory.PAGE_SIZE);
        long base;
        try {
            base = mapper.mapAnonymous(size, what);
        } catch (ErrnoException e) {
            throw new LoadException(e.errno(), "cannot allocate " + size + " contiguous bytes for the " + what
                    + " (" + e.errno() + "); nommu allocations are limited to 4 MiB and need contiguous free RAM"
                    + " (try a larger --mem)");
        }
        long bias = base - lo;
        copySegments(elf, mem, bias);
        span[0] = base;
        span[1] = base + size;
        return bias;
    }

    private static void copySegments(ElfFile elf, GuestMemory mem, long bias) {
        byte[] whole = elf.source().array();
        byte[] buf = whole == null ? new byte[64 * 1024] : null;
        for (ElfFile.Phdr p : elf.phdrs()) {
            if (p.type() != ElfFile.PT_LOAD) {
                continue;
            }
            if (whole != null) {   // an image in memory (the exec image cache): one copy, straight into RAM
                long n = Math.max(0, Math.min(p.filesz(), whole.length - p.offset()));
                mem.write(p.vaddr() + bias, whole, (int) p.offset(), (int) n);
                continue;
            }
            long done = 0;
            while (done < p.filesz()) {
                int n = (int) Math.min(buf.length, p.filesz() - done);
                int got = elf.source().read(p.offset() + done, buf, 0, n);
                if (got <= 0) {
                    break;   // validated earlier; a shrinking file leaves zeros
                }
                mem.write(p.vaddr() + bias + done, buf, 0, got);
                done += got;
            }
            // bss (p_memsz beyond p_filesz) is already zero: the mapping is fresh anonymous memory
        }
    }

    /** AT_PHDR: PT_PHDR's address, else where the PT_LOAD covering e_phoff puts the headers. */
    private static long phdrAddress(ElfFile elf, long bias) {
        for (ElfFile.Phdr p : elf.phdrs()) {
            if (p.type() == ElfFile.PT_PHDR) {
                return p.vaddr() + bias;
            }
        }
        for (ElfFile.Phdr p : elf.phdrs()) {
            if (p.type() == ElfFile.PT_LOAD && elf.phoff() >= p.offset() && elf.phoff() < p.offset() + p.filesz()) {
                return p.vaddr() + (elf.phoff() - p.offset()) + bias;
            }
        }
        return 0;
    }

    /** Errno for a failed execve, for callers that report it as a syscall error. */
    public static Errno errnoOf(LoadException e) {
        return e.errno();
    }
}
