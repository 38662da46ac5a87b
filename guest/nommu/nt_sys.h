/* Raw memory syscalls for the nommu conformance tests: libc wrappers have checks of their own
 * (musl refuses huge lengths before the kernel sees them), so the tests call the kernel directly. */
#ifndef NT_SYS_H
#define NT_SYS_H
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static inline void *nt_mmap(void *addr, size_t len, int prot, int flags, int fd, long off) {
    errno = 0;
    return (void *)syscall(SYS_mmap, addr, len, prot, flags, fd, off);
}

static inline int nt_munmap(void *addr, size_t len) {
    errno = 0;
    return (int)syscall(SYS_munmap, addr, len);
}

static inline void *nt_mremap(void *old, size_t old_len, size_t new_len, int flags, void *new_addr) {
    errno = 0;
    return (void *)syscall(SYS_mremap, old, old_len, new_len, flags, new_addr);
}

/* The value of the first line of FILE starting with KEY (e.g. "Mem:"), or -1 when absent. Reads
 * with open/read into a static buffer: no malloc, so libc's allocator never maps memory meanwhile. */
static inline long nt_field(const char *file, const char *key) {
    static char buf[16384];
    int fd = open(file, O_RDONLY);
    long n, total = 0;
    if (fd < 0) return -1;
    while ((n = read(fd, buf + total, sizeof buf - 1 - total)) > 0) total += n;
    close(fd);
    buf[total] = 0;
    size_t kl = strlen(key);
    for (char *l = buf; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : 0) {
        if (strncmp(l, key, kl) == 0) return strtol(l + kl, 0, 10);
    }
    return -1;
}
/* Creates a fresh file from TEMPLATE ("/tmp/nt_x.XXXXXX", rewritten in place) with mkstemp, so that
 * runs in parallel never share a file; the name is never printed. */
static inline int nt_tempfile(char *template) {
    return mkstemp(template);
}
#endif
