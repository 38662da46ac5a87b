/* The musl test vfs_fsops.c built against glibc (run with --compat glibc): glibc's own wrappers (fcntl, open,
 * fallocate, statfs, flock, mount) reach the same VFS calls by other paths. */
#include "../musl/vfs_fsops.c"
