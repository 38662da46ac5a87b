// build: -Wno-infinite-recursion
// exit: 42
/* The musl test exit_atexit.c, built against glibc (run with --compat glibc): the same program through a
 * different libc exercises other code paths (glibc's ifunc-selected SSE2/SSSE3/SSE4 string routines,
 * its printf and libm, ptmalloc). */
#include "../musl/exit_atexit.c"
