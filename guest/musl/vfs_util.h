/* Shared by the vfs_* guest tests: report a call's outcome as "label: rc" or "label: -1 ENAME". */
#ifndef VFS_UTIL_H
#define VFS_UTIL_H
#include <errno.h>
#include <stdio.h>
#include <string.h>

static const char *vfs_errname(int e) {
    switch (e) {
    case EPERM: return "EPERM"; case ENOENT: return "ENOENT"; case EINTR: return "EINTR";
    case EIO: return "EIO"; case ENXIO: return "ENXIO"; case EBADF: return "EBADF";
    case EAGAIN: return "EAGAIN"; case ENOMEM: return "ENOMEM"; case EACCES: return "EACCES";
    case EFAULT: return "EFAULT"; case EBUSY: return "EBUSY"; case EEXIST: return "EEXIST";
    case EXDEV: return "EXDEV"; case ENODEV: return "ENODEV"; case ENOTDIR: return "ENOTDIR";
    case EISDIR: return "EISDIR"; case EINVAL: return "EINVAL"; case EMFILE: return "EMFILE";
    case ENOTTY: return "ENOTTY"; case EFBIG: return "EFBIG"; case ENOSPC: return "ENOSPC";
    case ESPIPE: return "ESPIPE"; case EROFS: return "EROFS"; case EPIPE: return "EPIPE";
    case EDEADLK: return "EDEADLK"; case ENAMETOOLONG: return "ENAMETOOLONG"; case ENOSYS: return "ENOSYS";
    case ENOTEMPTY: return "ENOTEMPTY"; case ELOOP: return "ELOOP"; case EOVERFLOW: return "EOVERFLOW";
    case EOPNOTSUPP: return "EOPNOTSUPP"; case ETXTBSY: return "ETXTBSY";
    default: { static char b[16]; snprintf(b, sizeof b, "E#%d", e); return b; }
    }
}

/* Prints "label: r" for r >= 0, else "label: -1 ENAME" (errno read right after the call). */
__attribute__((unused)) static long vfs_show(const char *label, long r) {
    if (r < 0) {
        printf("%s: -1 %s\n", label, vfs_errname(errno));
    } else {
        printf("%s: %ld\n", label, r);
    }
    return r;
}
/* As vfs_show, but a descriptor prints as "fd" (its number depends on what the harness left open). */
__attribute__((unused)) static long vfs_showfd(const char *label, long r) {
    if (r < 0) {
        printf("%s: -1 %s\n", label, vfs_errname(errno));
    } else {
        printf("%s: fd\n", label);
    }
    return r;
}
#define SHOWFD(label, call) (errno = 0, vfs_showfd(label, (long)(call)))
#define SHOW(label, call) (errno = 0, vfs_show(label, (long)(call)))
#endif
