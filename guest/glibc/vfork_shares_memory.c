/* The musl test vfork_shares_memory.c, built against glibc (run with --compat glibc): the same program through
 * glibc's own pthread, posix_spawn and clone3 paths. */
#include "../musl/vfork_shares_memory.c"
