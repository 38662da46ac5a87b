/* The musl test threads.c, built against glibc (run with --compat glibc): glibc's pthread_create needs
 * mprotect for the stack guard page and uses its own futex-based locks. */
#include "../musl/threads.c"
