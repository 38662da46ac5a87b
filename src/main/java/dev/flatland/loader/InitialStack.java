package dev.flatland.loader;

import dev.flatland.abi.Auxv;
import dev.flatland.abi.Errno;
import dev.flatland.memory.GuestMemory;
import java.nio.charset.StandardCharsets;

/**
 * Builds the initial process stack at the top of the stack block (fs/binfmt_elf_fdpic.c
 * create_elf_fdpic_tables, with the string order of fs/exec.c): from the top down a NULL word,
 * AT_EXECFN's string, the environment strings, the argument strings (argv[0] lowest), the platform
 * string, the 16 AT_RANDOM bytes, then 16-byte aligned: argc, argv[], NULL, envp[], NULL, auxv
 * pairs ending in AT_NULL. RSP points at argc and is 16-byte aligned.
 */
final class InitialStack {
    /** MAX_ARG_PAGES (32) pages of argument and environment strings. */
    static final long MAX_ARG_BYTES = 32 * GuestMemory.PAGE_SIZE;

    private InitialStack() {
    }

    /** E2BIG when the strings exceed 128 KiB (bprm->p starts one pointer below MAX_ARG_PAGES). */
    static void checkArgSize(ExecParams p) throws LoadException {
        long total = p.execfn().length + 1L;
        for (byte[] a : p.argv()) {
            total += a.length + 1L;
        }
        for (byte[] e : p.envp()) {
            total += e.length + 1L;
        }
        if (total > MAX_ARG_BYTES - 8) {
            throw new LoadException(Errno.E2BIG, "argument list too long: arguments and environment take "
                    + total + " bytes, the limit is " + (MAX_ARG_BYTES - 8) + " (MAX_ARG_PAGES)");
        }
    }

    static long build(GuestMemory mem, long stackStart, long stackEnd, ExecParams p, long[] auxvHead)
            throws LoadException {
        long sp = stackEnd - 8;
        mem.write64(sp, 0);
        sp = putString(mem, sp, p.execfn());
        long execfn = sp;
        int envc = p.envp().size();
        int argc = p.argv().size();
        long[] envPtr = new long[envc];
        for (int i = envc - 1; i >= 0; i--) {
            sp = putString(mem, sp, p.envp().get(i));
            envPtr[i] = sp;
        }
        long[] argPtr = new long[argc];
        for (int i = argc - 1; i >= 0; i--) {
            sp = putString(mem, sp, p.argv().get(i));
            argPtr[i] = sp;
        }
        sp = putString(mem, sp, p.platform().getBytes(StandardCharsets.US_ASCII));
        long platform = sp;
        sp = (sp - 16) & -16L;
        mem.write(sp, p.random(), 0, 16);
        long random = sp;

        long[] auxv = new long[auxvHead.length + 8];
        System.arraycopy(auxvHead, 0, auxv, 0, auxvHead.length);
        int k = auxvHead.length;
        auxv[k++] = Auxv.AT_RANDOM;
        auxv[k++] = random;
        auxv[k++] = Auxv.AT_EXECFN;
        auxv[k++] = execfn;
        auxv[k++] = Auxv.AT_PLATFORM;
        auxv[k++] = platform;
        auxv[k++] = Auxv.AT_NULL;
        auxv[k] = 0;

        long words = 1 + (argc + 1) + (envc + 1) + auxv.length;
        sp = (sp - words * 8) & -16L;
        if (sp < stackStart + 1024) {
            throw new LoadException(Errno.E2BIG, "arguments and environment do not fit in the "
                    + (stackEnd - stackStart) + "-byte stack (raise it with -Wl,-z,stack-size=N)");
        }
        long q = sp;
        mem.write64(q, argc);
        q += 8;
        for (long a : argPtr) {
            mem.write64(q, a);
            q += 8;
        }
        mem.write64(q, 0);
        q += 8;
        for (long e : envPtr) {
            mem.write64(q, e);
            q += 8;
        }
        mem.write64(q, 0);
        q += 8;
        for (long v : auxv) {
            mem.write64(q, v);
            q += 8;
        }
        return sp;
    }

    private static long putString(GuestMemory mem, long sp, byte[] s) {
        sp -= s.length + 1L;
        mem.write(sp, s, 0, s.length);
        mem.write8(sp + s.length, 0);
        return sp;
    }
}
