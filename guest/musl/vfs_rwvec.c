/* Vectored and positional I/O: readv/writev, preadv/pwritev, preadv2/pwritev2 (offset -1, RWF_APPEND,
 * RWF_NOAPPEND, bad flags), pwrite on O_APPEND, ESPIPE on pipes; close_range (plain and
 * CLOSE_RANGE_CLOEXEC); open(O_CREAT) at RLIMIT_NOFILE creating nothing; dup family limits. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>
#include "vfs_util.h"

#ifndef RWF_HIPRI
#define RWF_HIPRI 0x01
#define RWF_DSYNC 0x02
#define RWF_SYNC 0x04
#define RWF_NOWAIT 0x08
#define RWF_APPEND 0x10
#endif
#define RWF_NOAPPEND_ 0x20
#define CLOSE_RANGE_UNSHARE_ 2
#define CLOSE_RANGE_CLOEXEC_ 4

static char path[96];

static long preadv2_(int fd, const struct iovec *iov, int cnt, long off, int flags) {
    return syscall(SYS_preadv2, fd, iov, cnt, off, 0L, flags);
}

static long pwritev2_(int fd, const struct iovec *iov, int cnt, long off, int flags) {
    return syscall(SYS_pwritev2, fd, iov, cnt, off, 0L, flags);
}

/* The whole file as text, "[size] bytes". */
static void show_file(const char *label, int fd) {
    char b[256];
    long n = pread(fd, b, sizeof b - 1, 0);
    if (n < 0) {
        printf("%s: -1 %s\n", label, vfs_errname(errno));
        return;
    }
    b[n] = 0;
    printf("%s: [%ld] %s pos=%ld\n", label, n, b, (long)lseek(fd, 0, SEEK_CUR));
}

int main(void) {
    snprintf(path, sizeof path, "/dev/shm/flatland-rwvec-%d", (int)getpid());
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    char a[8] = "AAAA", b[8] = "BBBBBB", c[8] = "CC";
    struct iovec w[3] = {{a, 4}, {b, 6}, {c, 2}};

    printf("== writev, pwritev, preadv\n");
    SHOW("writev", writev(fd, w, 3));
    SHOW("pwritev at 2", pwritev(fd, w + 2, 1, 2));
    show_file("file", fd);
    char r1[3], r2[5];
    struct iovec r[2] = {{r1, 3}, {r2, 5}};
    SHOW("preadv at 1", preadv(fd, r, 2, 1));
    printf("got %.3s|%.5s pos=%ld\n", r1, r2, (long)lseek(fd, 0, SEEK_CUR));
    SHOW("preadv at 10", preadv(fd, r, 2, 10));
    SHOW("preadv at EOF", preadv(fd, r, 2, 100));
    SHOW("preadv negative offset", preadv(fd, r, 2, -1));
    SHOW("pwritev negative offset", pwritev(fd, w, 1, -5));
    SHOW("preadv bad count", preadv(fd, r, -1, 0));
    SHOW("preadv 1025 vectors", preadv(fd, r, 1025, 0));
    SHOW("preadv zero vectors", preadv(fd, r, 0, 0));
    struct iovec bad = {(void *)8, 4};
    SHOW("preadv EFAULT", preadv(fd, &bad, 1, 0));

    printf("== preadv2 / pwritev2\n");
    lseek(fd, 4, SEEK_SET);
    SHOW("preadv2 offset -1 (position 4)", preadv2_(fd, r, 2, -1, 0));
    printf("got %.3s|%.5s pos=%ld\n", r1, r2, (long)lseek(fd, 0, SEEK_CUR));
    SHOW("preadv2 at 0 flags HIPRI", preadv2_(fd, r, 1, 0, RWF_HIPRI));
    printf("got %.3s pos=%ld\n", r1, (long)lseek(fd, 0, SEEK_CUR));
    SHOW("preadv2 offset -2", preadv2_(fd, r, 1, -2, 0));
    SHOW("preadv2 unknown flag", preadv2_(fd, r, 1, 0, 0x10000));
    SHOW("pwritev2 unknown flag", pwritev2_(fd, w, 1, 0, 0x10000));
    SHOW("pwritev2 DSYNC at 0", pwritev2_(fd, w + 2, 1, 0, RWF_DSYNC));
    SHOW("pwritev2 SYNC at 1", pwritev2_(fd, w + 2, 1, 1, RWF_SYNC));
    show_file("file", fd);
    SHOW("pwritev2 RWF_APPEND at 0", pwritev2_(fd, w + 2, 1, 0, RWF_APPEND));
    show_file("file", fd);
    lseek(fd, 3, SEEK_SET);
    SHOW("pwritev2 offset -1 (position 3)", pwritev2_(fd, w, 1, -1, 0));
    show_file("file", fd);
    SHOW("pwritev2 offset -1 RWF_APPEND", pwritev2_(fd, w, 1, -1, RWF_APPEND));
    show_file("file", fd);
    SHOW("pwritev2 APPEND|NOAPPEND", pwritev2_(fd, w, 1, 0, RWF_APPEND | RWF_NOAPPEND_));

    printf("== O_APPEND and positional writes\n");
    int ap = open(path, O_RDWR | O_APPEND);
    SHOW("pwrite at 0 on O_APPEND", pwrite(ap, "x", 1, 0));
    show_file("file", ap);
    SHOW("pwritev at 0 on O_APPEND", pwritev(ap, w + 2, 1, 0));
    SHOW("pwritev2 at 0 RWF_NOAPPEND on O_APPEND", pwritev2_(ap, w + 2, 1, 0, RWF_NOAPPEND_));
    show_file("file", ap);
    close(ap);

    printf("== pipes\n");
    int p[2];
    pipe(p);
    SHOW("pwritev on a pipe", pwritev(p[1], w, 1, 0));
    SHOW("pwritev2 -1 on a pipe", pwritev2_(p[1], w, 3, -1, 0));
    SHOW("preadv on a pipe", preadv(p[0], r, 2, 0));
    SHOW("preadv2 -1 on a pipe", preadv2_(p[0], r, 2, -1, 0));
    printf("got %.3s|%.5s\n", r1, r2);
    SHOW("preadv2 -1 NOWAIT on a pipe", preadv2_(p[0], r, 2, -1, RWF_NOWAIT));
    SHOW("preadv2 -1 NOWAIT on an empty pipe", preadv2_(p[0], r, 2, -1, RWF_NOWAIT));
    SHOW("readv write end", readv(p[1], r, 1));
    close(p[0]);
    close(p[1]);

    printf("== close_range\n");
    int base = open("/dev/null", O_RDONLY);
    for (int i = 1; i < 6; i++) {
        dup2(base, base + i);
    }
    SHOW("close_range bad flags", syscall(SYS_close_range, base, base + 5, 1));
    SHOW("close_range first > last", syscall(SYS_close_range, base + 3, base + 2, 0));
    SHOW("close_range CLOEXEC [+1,+2]", syscall(SYS_close_range, base + 1, base + 2, CLOSE_RANGE_CLOEXEC_));
    for (int i = 0; i < 6; i++) {
        printf("  fd base+%d: %s\n", i, fcntl(base + i, F_GETFD) < 0 ? "closed" : fcntl(base + i, F_GETFD) ? "cloexec" : "open");
    }
    SHOW("close_range [+3,+4]", syscall(SYS_close_range, base + 3, base + 4, 0));
    SHOW("close_range UNSHARE [+5,~0]", syscall(SYS_close_range, base + 5, ~0u, CLOSE_RANGE_UNSHARE_));
    for (int i = 0; i < 6; i++) {
        printf("  fd base+%d: %s\n", i, fcntl(base + i, F_GETFD) < 0 ? "closed" : fcntl(base + i, F_GETFD) ? "cloexec" : "open");
    }
    SHOW("close_range of nothing open", syscall(SYS_close_range, 5000, 6000, 0));
    syscall(SYS_close_range, base, base + 2, 0);

    printf("== RLIMIT_NOFILE\n");
    struct rlimit rl = {base + 2, base + 2};
    char p2[128];
    snprintf(p2, sizeof p2, "%s-emfile", path);
    SHOW("setrlimit", setrlimit(RLIMIT_NOFILE, &rl));
    int f1 = open("/dev/null", O_RDONLY);   /* base */
    int f2 = open("/dev/null", O_RDONLY);   /* base + 1: the last one allowed */
    printf("opened two: %d\n", f1 == base && f2 == base + 1);
    SHOW("open O_CREAT at the limit", open(p2, O_RDWR | O_CREAT, 0600));
    SHOW("the file was not created", access(p2, F_OK));
    SHOW("dup at the limit", dup(f1));
    SHOW("dup2 to the limit", dup2(f1, base + 2));
    SHOW("F_DUPFD from the limit", fcntl(f1, F_DUPFD, base + 2));
    SHOW("pipe at the limit", pipe(p));
    close(f2);
    SHOW("pipe with one free", pipe(p));
    close(f1);
    unlink(path);
    return 0;
}
