// build: -Wl,-z,stack-size=262144
/*
 * nommu.md §7 item 16 and §3.3: the initial stack on nommu is one fixed block whose size comes from
 * the program's PT_GNU_STACK p_memsz (the linker's -z stack-size; this program asks for 256 KiB),
 * page-rounded; nothing grows it later. MMU Linux ignores p_memsz and starts with a small stack that
 * grows on demand up to RLIMIT_STACK. The default (no size in PT_GNU_STACK) is checked by proc_auxv.
 */
#include <stdio.h>
#include "../common/nt.h"
#include "nt_stack.h"

int main(void) {
    long size = nt_stack_size();
    NT_FACT(16, "stack_label_present", size > 0);
    NT_FACT(16, "stack_is_pt_gnu_stack_size", size == 262144);
    /* A local variable lives inside the [stack] region either way. */
    volatile char probe[64 * 1024];
    probe[0] = 1;
    NT_FACT(16, "stack_fits_64k_local", probe[0] == 1);
    return 0;
}
