/* The musl test unix_scm.c, built against glibc (run with --compat glibc): glibc's socket wrappers
 * (cancellation points, accept4/recvmsg through their own paths) on the same AF_UNIX behaviours. */
#include "../musl/unix_scm.c"
