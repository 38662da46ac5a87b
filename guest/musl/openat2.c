/* openat2(2) through syscall(2) (fs/open.c build_open_how/build_open_flags, fs/namei.c): the size
 * and struct open_how checks in Linux's order (what openat ignores and openat2 rejects), then the
 * RESOLVE_* walks in a scratch directory: NO_SYMLINKS, BENEATH (EXDEV on "..", absolute paths and
 * absolute links leaving the directory), IN_ROOT (the directory as root), NO_MAGICLINKS
 * (/proc/self/{fd/N,cwd,exe}), NO_XDEV (into and out of /proc), and RESOLVE_CACHED on a path just
 * looked up. For each call: the result (file type, first bytes, open flags) or the errno name;
 * never descriptors, pids or names that vary. Expected: native Linux (the differential harness). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "../common/errname.h"

#ifndef SYS_openat2
#define SYS_openat2 437
#endif
#define BADPTR ((void *)1)

#define R_NO_XDEV 0x01
#define R_NO_MAGICLINKS 0x02
#define R_NO_SYMLINKS 0x04
#define R_BENEATH 0x08
#define R_IN_ROOT 0x10
#define R_CACHED 0x20

struct how {
    uint64_t flags;
    uint64_t mode;
    uint64_t resolve;
};

static long oa2(int dirfd, const char *path, void *how, size_t size) {
    return syscall(SYS_openat2, dirfd, path, how, size);
}

/* Prints what the open gave: the file type, the first bytes of a regular file, the access mode,
 * O_LARGEFILE / O_PATH / O_CLOEXEC; closes it. */
static void report(const char *what, long fd, int e) {
    printf("%-52s = ", what);
    if (fd < 0) {
        printf("-1 %s\n", gt_errname(e));
        return;
    }
    struct stat st;
    const char *type = "?";
    if (fstat(fd, &st) == 0) {
        type = S_ISREG(st.st_mode) ? "reg" : S_ISDIR(st.st_mode) ? "dir" : S_ISLNK(st.st_mode) ? "lnk" : "other";
    }
    int fl = fcntl(fd, F_GETFL);
    int fdfl = fcntl(fd, F_GETFD);
    printf("OK %s acc=%d largefile=%d path=%d cloexec=%d", type, fl & O_ACCMODE, (fl & O_LARGEFILE) != 0,
           (fl & O_PATH) != 0, (fdfl & FD_CLOEXEC) != 0);
    if (S_ISREG(st.st_mode) && !(fl & O_PATH) && (fl & O_ACCMODE) != O_WRONLY) {
        char buf[16];
        long n = pread(fd, buf, sizeof buf - 1, 0);
        if (n >= 0) {
            buf[n] = 0;
            for (long i = 0; i < n; i++) {
                if (buf[i] < 32 || buf[i] > 126) buf[i] = '.';
            }
            printf(" data=\"%s\"", buf);
        }
    }
    printf("\n");
    close(fd);
}

static void O(const char *what, int dirfd, const char *path, uint64_t flags, uint64_t mode, uint64_t resolve) {
    struct how h = { flags, mode, resolve };
    errno = 0;
    long fd = oa2(dirfd, path, &h, sizeof h);
    report(what, fd, errno);
}

static int dfd;
static char dir[64];

static void size_checks(void) {
    unsigned char buf[5000];
    memset(buf, 0, sizeof buf);
    struct how *h = (struct how *)buf;
    long r;
#define S(what, call) do { errno = 0; r = (call); report(what, r, errno); } while (0)
    S("size 0", oa2(dfd, "file", h, 0));
    S("size 23", oa2(dfd, "file", h, 23));
    S("size 24", oa2(dfd, "file", h, 24));
    S("size 32 zero tail", oa2(dfd, "file", h, 32));
    S("size 4096 zero tail", oa2(dfd, "file", h, 4096));
    S("size 4097", oa2(dfd, "file", h, 4097));
    S("size 4097, bad path", oa2(dfd, BADPTR, h, 4097));
    S("size 1<<40", oa2(dfd, "file", h, 1ULL << 40));
    buf[30] = 1;
    S("size 32, tail byte 30 set", oa2(dfd, "file", h, 32));
    S("size 24, byte 30 set beyond", oa2(dfd, "file", h, 24));
    buf[30] = 0;
    S("how NULL", oa2(dfd, "file", NULL, 24));
    S("how BADPTR", oa2(dfd, "file", BADPTR, 24));
    S("how NULL, size 23", oa2(dfd, "file", NULL, 23));
    h->flags = 1ULL << 40;
    S("flags 1<<40, path BADPTR", oa2(dfd, BADPTR, h, 24));
    h->flags = 0;
    S("path BADPTR", oa2(dfd, BADPTR, h, 24));
    S("path empty", oa2(dfd, "", h, 24));
#undef S
}

static void flag_checks(void) {
    O("flags 1<<40", dfd, "file", 1ULL << 40, 0, 0);
    O("flags 1<<31", dfd, "file", 1ULL << 31, 0, 0);
    O("flags 0x4000000 (bit 26)", dfd, "file", 0x4000000, 0, 0);
    O("flags O_CLOEXEC", dfd, "file", O_CLOEXEC, 0, 0);
    O("flags O_RDWR|O_APPEND", dfd, "file", O_RDWR | O_APPEND, 0, 0);
    O("flags O_LARGEFILE", dfd, "file", O_LARGEFILE, 0, 0);
    O("mode 0644 without O_CREAT", dfd, "file", O_RDONLY, 0644, 0);
    O("mode 010000 with O_CREAT", dfd, "new1", O_CREAT | O_WRONLY, 010000, 0);
    O("mode 1<<32 with O_CREAT", dfd, "new1", O_CREAT | O_WRONLY, 1ULL << 32, 0);
    O("mode 07777 with O_CREAT", dfd, "new1", O_CREAT | O_WRONLY, 07777, 0);
    struct stat st;
    if (fstatat(dfd, "new1", &st, 0) == 0) printf("  new1 mode&0777=%o\n", st.st_mode & 0777);
    unlinkat(dfd, "new1", 0);
    O("mode 0 with O_CREAT", dfd, "new2", O_CREAT | O_WRONLY, 0, 0);
    unlinkat(dfd, "new2", 0);
    O("resolve 0x40", dfd, "file", 0, 0, 0x40);
    O("resolve 1<<63", dfd, "file", 0, 0, 1ULL << 63);
    O("resolve BENEATH|IN_ROOT", dfd, "file", 0, 0, R_BENEATH | R_IN_ROOT);
    O("O_DIRECTORY|O_CREAT", dfd, "file", O_DIRECTORY | O_CREAT, 0, 0);
    O("O_TMPFILE|O_RDONLY", dfd, ".", O_TMPFILE | O_RDONLY, 0, 0);
    O("__O_TMPFILE without O_DIRECTORY", dfd, ".", (O_TMPFILE & ~O_DIRECTORY) | O_RDWR, 0600, 0);
    O("O_TMPFILE|O_RDWR mode 010000", dfd, ".", O_TMPFILE | O_RDWR, 010000, 0);
    O("O_PATH|O_RDWR", dfd, "file", O_PATH | O_RDWR, 0, 0);
    O("O_PATH|O_LARGEFILE", dfd, "file", O_PATH | O_LARGEFILE, 0, 0);
    O("O_PATH|O_CLOEXEC|O_NOFOLLOW|O_DIRECTORY on sub", dfd, "sub", O_PATH | O_CLOEXEC | O_NOFOLLOW | O_DIRECTORY, 0, 0);
    O("O_PATH mode 0644", dfd, "file", O_PATH, 0644, 0);
    O("O_PATH on file", dfd, "file", O_PATH, 0, 0);
    O("CACHED|O_CREAT", dfd, "file", O_CREAT | O_RDONLY, 0, R_CACHED);
    O("CACHED|O_TRUNC", dfd, "file", O_TRUNC | O_RDWR, 0, R_CACHED);
    O("CACHED|O_TMPFILE", dfd, ".", O_TMPFILE | O_RDWR, 0600, R_CACHED);
    struct stat warm;
    stat(dir, &warm);
    fstatat(dfd, "file", &warm, 0);
    fstatat(dfd, "sub/inner", &warm, 0);
    O("CACHED on a file just looked up", dfd, "file", O_RDONLY, 0, R_CACHED);
    O("CACHED on sub/inner just looked up", dfd, "sub/inner", O_RDONLY, 0, R_CACHED);
    O("bad resolve and bad flags (order)", dfd, "file", 1ULL << 40, 0, 0x40);
    O("bad mode and BENEATH|IN_ROOT (order)", dfd, "file", 0, 1, R_BENEATH | R_IN_ROOT);
}

static void plain(void) {
    O("file", dfd, "file", O_RDONLY, 0, 0);
    O("sub/inner", dfd, "sub/inner", O_RDONLY, 0, 0);
    O("link_rel", dfd, "link_rel", O_RDONLY, 0, 0);
    O("link_abs", dfd, "link_abs", O_RDONLY, 0, 0);
    O("link_up", dfd, "link_up", O_RDONLY, 0, 0);
    O("loop", dfd, "loop", O_RDONLY, 0, 0);
    O("link_rel O_NOFOLLOW", dfd, "link_rel", O_RDONLY | O_NOFOLLOW, 0, 0);
    O("link_rel O_CREAT|O_EXCL", dfd, "link_rel", O_RDWR | O_CREAT | O_EXCL, 0600, 0);
    O("file/", dfd, "file/", O_RDONLY, 0, 0);
    O("sub/", dfd, "sub/", O_RDONLY | O_DIRECTORY, 0, 0);
    O(".", dfd, ".", O_RDONLY, 0, 0);
    O(". O_CREAT", dfd, ".", O_RDONLY | O_CREAT, 0600, 0);
    O("sub/.. O_DIRECTORY", dfd, "sub/..", O_RDONLY | O_DIRECTORY, 0, 0);
    O("missing/x", dfd, "missing/x", O_RDONLY, 0, 0);
    O("file/x", dfd, "file/x", O_RDONLY, 0, 0);
    O("dirfd 999", 999, "file", O_RDONLY, 0, 0);
    O("dirfd -5", -5, "file", O_RDONLY, 0, 0);
    O("dirfd 999 absolute /proc/self/status", 999, "/proc/self/status", O_RDONLY, 0, 0);
    int ffd = openat(dfd, "file", O_RDONLY);
    O("dirfd a regular file", ffd, "x", O_RDONLY, 0, 0);
    close(ffd);
}

static void no_symlinks(void) {
    O("NO_SYMLINKS file", dfd, "file", O_RDONLY, 0, R_NO_SYMLINKS);
    O("NO_SYMLINKS link_rel", dfd, "link_rel", O_RDONLY, 0, R_NO_SYMLINKS);
    O("NO_SYMLINKS link_dir/inner", dfd, "link_dir/inner", O_RDONLY, 0, R_NO_SYMLINKS);
    O("NO_SYMLINKS link_rel O_NOFOLLOW", dfd, "link_rel", O_RDONLY | O_NOFOLLOW, 0, R_NO_SYMLINKS);
    O("NO_SYMLINKS dangling O_CREAT", dfd, "dangling", O_RDWR | O_CREAT, 0600, R_NO_SYMLINKS);
    O("NO_SYMLINKS loop", dfd, "loop", O_RDONLY, 0, R_NO_SYMLINKS);
    O("NO_SYMLINKS /proc/self/status", AT_FDCWD, "/proc/self/status", O_RDONLY, 0, R_NO_SYMLINKS);
}

static void beneath(void) {
    O("BENEATH file", dfd, "file", O_RDONLY, 0, R_BENEATH);
    O("BENEATH sub/../file", dfd, "sub/../file", O_RDONLY, 0, R_BENEATH);
    O("BENEATH ..", dfd, "..", O_RDONLY, 0, R_BENEATH);
    O("BENEATH sub/../../x", dfd, "sub/../../x", O_RDONLY, 0, R_BENEATH);
    O("BENEATH absolute /proc/self/status", dfd, "/proc/self/status", O_RDONLY, 0, R_BENEATH);
    O("BENEATH absolute, dirfd 999", 999, "/proc/self/status", O_RDONLY, 0, R_BENEATH);
    O("BENEATH link_rel", dfd, "link_rel", O_RDONLY, 0, R_BENEATH);
    O("BENEATH link_abs", dfd, "link_abs", O_RDONLY, 0, R_BENEATH);
    O("BENEATH link_up", dfd, "link_up", O_RDONLY, 0, R_BENEATH);
    O("BENEATH link_dotdot", dfd, "link_dotdot", O_RDONLY, 0, R_BENEATH);
    O("BENEATH sub/link_parent_file", dfd, "sub/link_parent_file", O_RDONLY, 0, R_BENEATH);
    O("BENEATH link_root", dfd, "link_root", O_RDONLY, 0, R_BENEATH);
    O("BENEATH link_abs O_NOFOLLOW", dfd, "link_abs", O_RDONLY | O_NOFOLLOW, 0, R_BENEATH);
    O("BENEATH missing/..", dfd, "missing/..", O_RDONLY, 0, R_BENEATH);
    O("BENEATH dangling O_CREAT", dfd, "dangling", O_RDWR | O_CREAT, 0600, R_BENEATH);
    unlinkat(dfd, "nothere", 0);
    int sub = openat(dfd, "sub", O_RDONLY | O_DIRECTORY);
    O("BENEATH (dirfd sub) link_parent_file", sub, "link_parent_file", O_RDONLY, 0, R_BENEATH);
    O("BENEATH (dirfd sub) inner", sub, "inner", O_RDONLY, 0, R_BENEATH);
    close(sub);
    if (chdir(dir) == 0) {
        O("BENEATH (AT_FDCWD) file", AT_FDCWD, "file", O_RDONLY, 0, R_BENEATH);
        O("BENEATH (AT_FDCWD) ../x", AT_FDCWD, "../x", O_RDONLY, 0, R_BENEATH);
        chdir("/");
    }
}

static void in_root(void) {
    O("IN_ROOT file", dfd, "file", O_RDONLY, 0, R_IN_ROOT);
    O("IN_ROOT /file", dfd, "/file", O_RDONLY, 0, R_IN_ROOT);
    O("IN_ROOT ../../file", dfd, "../../file", O_RDONLY, 0, R_IN_ROOT);
    O("IN_ROOT /../sub/inner", dfd, "/../sub/inner", O_RDONLY, 0, R_IN_ROOT);
    O("IN_ROOT link_abs", dfd, "link_abs", O_RDONLY, 0, R_IN_ROOT);
    O("IN_ROOT link_root", dfd, "link_root", O_RDONLY, 0, R_IN_ROOT);
    O("IN_ROOT link_root_file", dfd, "link_root_file", O_RDONLY, 0, R_IN_ROOT);
    O("IN_ROOT link_up", dfd, "link_up", O_RDONLY, 0, R_IN_ROOT);
    O("IN_ROOT /proc/self/status", dfd, "/proc/self/status", O_RDONLY, 0, R_IN_ROOT);
    O("IN_ROOT absolute, dirfd 999", 999, "/file", O_RDONLY, 0, R_IN_ROOT);
    O("IN_ROOT dangling_abs O_CREAT", dfd, "dangling_abs", O_RDWR | O_CREAT, 0600, R_IN_ROOT);
    O("  made inside the root: made_by_in_root", dfd, "made_by_in_root", O_RDONLY, 0, 0);
    unlinkat(dfd, "made_by_in_root", 0);
}

static void magic(void) {
    char p[64];
    snprintf(p, sizeof p, "/proc/self/fd/%d", dfd);
    O("/proc/self/fd/DFD", AT_FDCWD, p, O_RDONLY, 0, 0);
    O("NO_MAGICLINKS /proc/self/fd/DFD", AT_FDCWD, p, O_RDONLY, 0, R_NO_MAGICLINKS);
    snprintf(p, sizeof p, "/proc/self/fd/%d/file", dfd);
    O("/proc/self/fd/DFD/file", AT_FDCWD, p, O_RDONLY, 0, 0);
    O("NO_MAGICLINKS /proc/self/fd/DFD/file", AT_FDCWD, p, O_RDONLY, 0, R_NO_MAGICLINKS);
    O("NO_SYMLINKS /proc/self/fd/DFD/file", AT_FDCWD, p, O_RDONLY, 0, R_NO_SYMLINKS);
    O("NO_XDEV /proc/self/fd/DFD/file", AT_FDCWD, p, O_RDONLY, 0, R_NO_XDEV);
    O("NO_MAGICLINKS /proc/self/status", AT_FDCWD, "/proc/self/status", O_RDONLY, 0, R_NO_MAGICLINKS);
    O("NO_MAGICLINKS /proc/self/cwd", AT_FDCWD, "/proc/self/cwd", O_RDONLY, 0, R_NO_MAGICLINKS);
    O("/proc/self/cwd", AT_FDCWD, "/proc/self/cwd", O_RDONLY, 0, 0);
    O("NO_MAGICLINKS /proc/self/exe", AT_FDCWD, "/proc/self/exe", O_RDONLY, 0, R_NO_MAGICLINKS);
    O("NO_MAGICLINKS /proc/self/root/proc", AT_FDCWD, "/proc/self/root/proc", O_RDONLY, 0, R_NO_MAGICLINKS);
    int proc = open("/proc", O_RDONLY | O_DIRECTORY);
    O("BENEATH (dirfd /proc) self/cwd", proc, "self/cwd", O_RDONLY, 0, R_BENEATH);
    O("IN_ROOT (dirfd /proc) self/cwd", proc, "self/cwd", O_RDONLY, 0, R_IN_ROOT);
    O("BENEATH (dirfd /proc) self/status", proc, "self/status", O_RDONLY, 0, R_BENEATH);
    close(proc);
}

static void no_xdev(void) {
    int root = open("/", O_RDONLY | O_DIRECTORY);
    int proc = open("/proc", O_RDONLY | O_DIRECTORY);
    O("NO_XDEV (dirfd /) proc/self/status", root, "proc/self/status", O_RDONLY, 0, R_NO_XDEV);
    O("NO_XDEV (dirfd /) proc", root, "proc", O_RDONLY, 0, R_NO_XDEV);
    O("NO_XDEV (dirfd /) proc O_PATH", root, "proc", O_PATH, 0, R_NO_XDEV);
    O("NO_XDEV /proc/self/status", AT_FDCWD, "/proc/self/status", O_RDONLY, 0, R_NO_XDEV);
    O("NO_XDEV (dirfd /proc) self/status", proc, "self/status", O_RDONLY, 0, R_NO_XDEV);
    O("NO_XDEV (dirfd /proc) .", proc, ".", O_RDONLY, 0, R_NO_XDEV);
    O("NO_XDEV (dirfd /proc) ..", proc, "..", O_RDONLY, 0, R_NO_XDEV);
    O("NO_XDEV (dirfd /proc) self/cwd", proc, "self/cwd", O_RDONLY, 0, R_NO_XDEV);
    O("NO_XDEV (dirfd /proc) self/../self/status", proc, "self/../self/status", O_RDONLY, 0, R_NO_XDEV);
    O("NO_XDEV (dirfd /proc) self/root", proc, "self/root", O_RDONLY, 0, R_NO_XDEV);
    O("(dirfd /proc) .. without NO_XDEV", proc, "..", O_RDONLY | O_DIRECTORY, 0, 0);
    O("NO_XDEV file in scratch dir", dfd, "file", O_RDONLY, 0, R_NO_XDEV);
    O("NO_XDEV link_rel in scratch dir", dfd, "link_rel", O_RDONLY, 0, R_NO_XDEV);
    close(root);
    close(proc);
}

static void setup(void) {
    snprintf(dir, sizeof dir, "/tmp/oa2test.%d", (int)getpid());
    umask(022);
    mkdir(dir, 0755);
    dfd = open(dir, O_RDONLY | O_DIRECTORY);
    int f = openat(dfd, "file", O_CREAT | O_WRONLY | O_TRUNC, 0644);
    write(f, "hello", 5);
    close(f);
    mkdirat(dfd, "sub", 0755);
    f = openat(dfd, "sub/inner", O_CREAT | O_WRONLY | O_TRUNC, 0644);
    write(f, "inner", 5);
    close(f);
    char t[160];
    symlinkat("file", dfd, "link_rel");
    snprintf(t, sizeof t, "%s/file", dir);
    symlinkat(t, dfd, "link_abs");
    snprintf(t, sizeof t, "../%s/file", strrchr(dir, '/') + 1);
    symlinkat(t, dfd, "link_up");
    symlinkat("sub/../file", dfd, "link_dotdot");
    symlinkat("loop", dfd, "loop");
    symlinkat("nothere", dfd, "dangling");
    symlinkat("/made_by_in_root", dfd, "dangling_abs");
    symlinkat("sub", dfd, "link_dir");
    symlinkat("/", dfd, "link_root");
    symlinkat("/file", dfd, "link_root_file");
    symlinkat("../file", dfd, "sub/link_parent_file");
}

static void cleanup(void) {
    static const char *names[] = { "file", "sub/inner", "sub/link_parent_file", "link_rel", "link_abs", "link_up",
        "link_dotdot", "loop", "dangling", "dangling_abs", "link_dir", "link_root", "link_root_file", "nothere",
        "made_by_in_root", "new1", "new2" };
    for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++) {
        unlinkat(dfd, names[i], 0);
    }
    unlinkat(dfd, "sub", AT_REMOVEDIR);
    close(dfd);
    if (rmdir(dir) != 0) printf("rmdir: %s\n", gt_errname(errno));
}

int main(void) {
    setup();
    size_checks();
    flag_checks();
    plain();
    no_symlinks();
    beneath();
    in_root();
    magic();
    no_xdev();
    cleanup();
    return 0;
}
