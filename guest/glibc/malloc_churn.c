/* The musl test malloc_churn.c, built against glibc (run with --compat glibc): the same program through a
 * different libc exercises other code paths (glibc's ifunc-selected SSE2/SSSE3/SSE4 string routines,
 * its printf and libm, ptmalloc). */
#include "../musl/malloc_churn.c"
