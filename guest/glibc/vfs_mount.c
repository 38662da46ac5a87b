/* The musl test vfs_mount.c built against glibc (run with --compat glibc): glibc's own wrappers (fcntl, open,
 * fallocate, statfs, flock, mount) reach the same VFS calls by other paths. */
#include "../musl/vfs_mount.c"
