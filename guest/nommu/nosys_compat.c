// flatland-args: --compat glibc
/* nosys.c under the --compat glibc deviation (nommu.md §7 item 9): mprotect returns 0 after MMU
 * Linux's argument checks; the other calls are still ENOSYS. Same checks, same .mmu. */
#include "nosys.c"
