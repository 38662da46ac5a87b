/*
 * nommu.md §7 items 17 and 16, §3.4: the auxiliary vector of a static program and its default
 * stack. The FDPIC loader writes AT_HWCAP, AT_PAGESZ (4096), AT_CLKTCK (100), AT_PHDR/PHENT/PHNUM,
 * AT_BASE (0: no interpreter), AT_FLAGS, AT_ENTRY, the ids, AT_SECURE, AT_EXECFN and AT_PLATFORM;
 * Flatland adds AT_RANDOM (16 bytes, glibc needs it) as a documented superset, and MMU Linux has it
 * too. Without a size in PT_GNU_STACK the nommu stack block is 128 KiB; MMU Linux's initial stack
 * region is larger (128 KiB of expansion room plus the argument pages).
 */
#include <elf.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>
#include "../common/nt.h"
#include "nt_stack.h"

extern char _start[];

int main(void) {
    NT_FACT(17, "at_base_zero", getauxval(AT_BASE) == 0);
    NT_FACT(17, "at_pagesz_4096", getauxval(AT_PAGESZ) == 4096);
    NT_FACT(17, "at_clktck_100", getauxval(AT_CLKTCK) == 100);
    NT_FACT(17, "at_hwcap_present", getauxval(AT_HWCAP) != 0);
    const Elf64_Phdr *ph = (const void *)getauxval(AT_PHDR);
    unsigned long phnum = getauxval(AT_PHNUM);
    int loads = 0;
    for (unsigned long i = 0; ph && i < phnum; i++) loads += ph[i].p_type == PT_LOAD;
    NT_FACT(17, "at_phdr_phent_phnum", getauxval(AT_PHENT) == sizeof(Elf64_Phdr) && loads > 0);
    NT_FACT(17, "at_entry_is_start", getauxval(AT_ENTRY) == (unsigned long)_start);
    NT_FACT(17, "at_ids_match", getauxval(AT_UID) == getuid() && getauxval(AT_EUID) == geteuid()
            && getauxval(AT_GID) == getgid() && getauxval(AT_EGID) == getegid());
    NT_FACT(17, "at_secure_zero", getauxval(AT_SECURE) == 0);
    const char *fn = (const char *)getauxval(AT_EXECFN);
    size_t n = fn ? strlen(fn) : 0;
    NT_FACT(17, "at_execfn_names_program", n >= 10 && strcmp(fn + n - 10, "/proc_auxv") == 0);
    const char *plat = (const char *)getauxval(AT_PLATFORM);
    NT_FACT(17, "at_platform_x86_64", plat && strcmp(plat, "x86_64") == 0);
    const unsigned char *rnd = (const void *)getauxval(AT_RANDOM);
    int nonzero = 0;
    for (int i = 0; rnd && i < 16; i++) nonzero |= rnd[i];
    NT_FACT(17, "at_random_16_bytes", rnd != NULL && nonzero);
    long size = nt_stack_size();
    NT_FACT(16, "default_stack_128k", size == 131072);
    return 0;
}
