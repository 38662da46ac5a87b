package dev.flatland.loader;

import dev.flatland.abi.Errno;
import java.util.List;

/**
 * Decides at execve time whether a dynamically linked program can start on nommu with its
 * interpreter alone. On x86-64 an ld.so places every further shared object with MAP_FIXED (glibc's
 * _dl_map_segments; musl's map_library, whose no-MAP_FIXED fallback DL_NOMMU_SUPPORT exists only
 * for FDPIC targets), and nommu mmap refuses MAP_FIXED (reference/nommu.md §7 item 1). So the
 * program runs only when every DT_NEEDED entry names the interpreter itself: its DT_SONAME, or for
 * an interpreter without DT_SONAME (musl's libc.so, which is its own ld.so) one of the names musl's
 * load_library answers with itself (libc, libpthread, librt, libm, libdl, libutil, libxnet).
 *
 * <p>Flatland deviation: Linux would start such a program and its ld.so would then fail; Flatland
 * refuses the execve with ENOEXEC and a one-line reason, so that the cause is named where it is
 * known (glibc's dynamically linked /bin/sh is the common case).
 */
final class Interpreters {
    /** musl ldso/dynlink.c load_library: "lib" + one of these + "." is the implementation itself. */
    private static final List<String> MUSL_BUILTIN = List.of("c", "pthread", "rt", "m", "dl", "util", "xnet");

    private Interpreters() {
    }

    /** ENOEXEC unless {@code interp} provides every DT_NEEDED library of {@code elf}. */
    static void checkServes(ElfFile elf, ElfFile interp, String name) throws LoadException {
        DynamicSection prog = DynamicSection.read(elf);
        DynamicSection ld = DynamicSection.read(interp);
        for (String lib : prog.needed()) {
            if (!provides(ld, lib)) {
                throw new LoadException(Errno.ENOEXEC, name + ": dynamically linked against " + lib
                        + ", which its interpreter " + elf.interpreter() + " would have to map at a fixed address"
                        + " (MAP_FIXED, which nommu does not have); rebuild it with -static-pie, or with musl-gcc");
            }
        }
    }

    static boolean provides(DynamicSection ld, String lib) {
        if (ld.soname() != null) {
            return lib.equals(ld.soname());
        }
        if (!ld.needed().isEmpty() || !lib.startsWith("lib")) {
            return false;
        }
        int dot = lib.indexOf('.');
        return dot > 3 && MUSL_BUILTIN.contains(lib.substring(3, dot));
    }
}
