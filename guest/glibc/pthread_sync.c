/* The musl test pthread_sync.c, built against glibc (run with --compat glibc): the same program through
 * glibc's own pthread, posix_spawn and clone3 paths. */
#include "../musl/pthread_sync.c"
