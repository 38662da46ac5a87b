// build: -lm
/* The musl test ldbl_exp_log.c, built against glibc (run with --compat glibc): the same program through a
 * different libc exercises other code paths (glibc's ifunc-selected SSE2/SSSE3/SSE4 string routines,
 * its printf and libm, ptmalloc). */
#include "../musl/ldbl_exp_log.c"
