/* The musl test vfs_etxtbsy.c, built against glibc (run with --compat glibc). */
#include "../musl/vfs_etxtbsy.c"
