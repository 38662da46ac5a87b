/* statfs/fstatfs, fallocate, renameat2 (NOREPLACE, EXCHANGE), O_TMPFILE with linkat (AT_EMPTY_PATH and
 * /proc/self/fd), faccessat2 flags, O_PATH and O_NOFOLLOW corner cases, AT_EMPTY_PATH in the *at calls.
 * tmpfs is /dev/shm (tmpfs on the native host as under Flatland); the host tree is /tmp. */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "vfs_util.h"

#ifndef FALLOC_FL_KEEP_SIZE
#define FALLOC_FL_KEEP_SIZE 0x01
#define FALLOC_FL_PUNCH_HOLE 0x02
#endif
#ifndef FALLOC_FL_COLLAPSE_RANGE
#define FALLOC_FL_COLLAPSE_RANGE 0x08
#define FALLOC_FL_ZERO_RANGE 0x10
#define FALLOC_FL_INSERT_RANGE 0x20
#endif
#define RENAME_NOREPLACE_ 1
#define RENAME_EXCHANGE_ 2
#define AT_EACCESS_ 0x200

static char dir[80], hdir[80];

static char *at(const char *name) {
    static char buf[8][128];
    static int i;
    i = (i + 1) & 7;
    snprintf(buf[i], sizeof buf[i], "%s/%s", dir, name);
    return buf[i];
}

static char *hat(const char *name) {
    static char buf[4][128];
    static int i;
    i = (i + 1) & 3;
    snprintf(buf[i], sizeof buf[i], "%s/%s", hdir, name);
    return buf[i];
}

static long rename2(const char *a, const char *b, int flags) {
    return syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, flags);
}

static long faccess2(int dfd, const char *p, int mode, int flags) {
    return syscall(SYS_faccessat2, dfd, p, mode, flags);
}

static void put(const char *p, const char *text) {
    int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    write(fd, text, strlen(text));
    close(fd);
}

static void show_content(const char *label, const char *p) {
    char b[64];
    int fd = open(p, O_RDONLY);
    if (fd < 0) {
        printf("%s: -1 %s\n", label, vfs_errname(errno));
        return;
    }
    struct stat st;
    fstat(fd, &st);
    int n = read(fd, b, sizeof b);
    close(fd);
    printf("%s: %s \"%.*s\"\n", label, S_ISDIR(st.st_mode) ? "dir" : "file", n > 0 ? n : 0, b);
}

static void show_statfs(const char *label, int r, struct statfs *s) {
    if (r != 0) {
        printf("%s: -1 %s\n", label, vfs_errname(errno));
        return;
    }
    printf("%s: type=%#lx bsize=%ld namelen=%ld frsize=%ld rdonly=%ld valid=%ld blocks>=bfree>=bavail=%d\n", label,
           (unsigned long)s->f_type, (long)s->f_bsize, (long)s->f_namelen, (long)s->f_frsize,
           (long)(s->f_flags & 1), (long)!!(s->f_flags & 0x20),
           s->f_blocks >= s->f_bfree && s->f_bfree >= s->f_bavail);
}

static long fsize(int fd) {
    struct stat st;
    return fstat(fd, &st) == 0 ? (long)st.st_size : -1;
}

static int count_entries(const char *p) {
    DIR *d = opendir(p);
    int n = 0;
    while (readdir(d)) {
        n++;
    }
    closedir(d);
    return n;
}

int main(void) {
    umask(022);
    snprintf(dir, sizeof dir, "/dev/shm/flatland-fsops-%d", (int)getpid());
    snprintf(hdir, sizeof hdir, "/tmp/flatland-fsops-%d", (int)getpid());
    mkdir(dir, 0755);
    mkdir(hdir, 0755);
    struct statfs sf;

    printf("== statfs / fstatfs\n");
    show_statfs("statfs /dev/shm", statfs("/dev/shm", &sf), &sf);
    put(at("f"), "hello");
    int fd = open(at("f"), O_RDWR);
    show_statfs("fstatfs tmpfs file", fstatfs(fd, &sf), &sf);
    show_statfs("statfs /proc", statfs("/proc", &sf), &sf);
    int p[2];
    pipe(p);
    show_statfs("fstatfs pipe", fstatfs(p[0], &sf), &sf);
    show_statfs("statfs missing", statfs(at("missing"), &sf), &sf);
    show_statfs("statfs file/x", statfs(at("f/x"), &sf), &sf);
    show_statfs("fstatfs bad fd", fstatfs(999, &sf), &sf);
    int op = open(at("f"), O_PATH);
    show_statfs("fstatfs O_PATH", fstatfs(op, &sf), &sf);
    close(op);
    SHOW("statfs EFAULT", syscall(SYS_statfs, "/dev/shm", (void *)8));

    printf("== fallocate on tmpfs\n");
    SHOW("mode 0 [0,8192)", fallocate(fd, 0, 0, 8192));
    printf("size %ld\n", fsize(fd));
    SHOW("KEEP_SIZE [8192,12288)", fallocate(fd, FALLOC_FL_KEEP_SIZE, 8192, 4096));
    printf("size %ld\n", fsize(fd));
    SHOW("mode 0 [100,200) inside", fallocate(fd, 0, 100, 100));
    printf("size %ld\n", fsize(fd));
    pwrite(fd, "0123456789", 10, 100);
    SHOW("PUNCH_HOLE|KEEP_SIZE [102,105)", fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 102, 3));
    char b[16];
    pread(fd, b, 10, 100);
    for (int i = 0; i < 10; i++) {
        b[i] = b[i] ? b[i] : '.';
    }
    printf("bytes %.10s size %ld\n", b, fsize(fd));
    SHOW("PUNCH_HOLE beyond EOF", fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 10000, 100));
    printf("size %ld\n", fsize(fd));
    SHOW("PUNCH_HOLE without KEEP_SIZE", fallocate(fd, FALLOC_FL_PUNCH_HOLE, 0, 1));
    SHOW("ZERO_RANGE", fallocate(fd, FALLOC_FL_ZERO_RANGE, 0, 1));
    SHOW("COLLAPSE_RANGE", fallocate(fd, FALLOC_FL_COLLAPSE_RANGE, 0, 4096));
    SHOW("INSERT_RANGE|KEEP_SIZE", fallocate(fd, FALLOC_FL_INSERT_RANGE | FALLOC_FL_KEEP_SIZE, 0, 4096));
    SHOW("unknown mode bit", fallocate(fd, 0x1000, 0, 1));
    SHOW("len 0", fallocate(fd, 0, 0, 0));
    SHOW("offset -1", fallocate(fd, 0, -1, 1));
    SHOW("offset+len overflows", fallocate(fd, 0, 0x7fffffffffffff00L, 0x1000));
    int ro = open(at("f"), O_RDONLY);
    SHOW("O_RDONLY", fallocate(ro, 0, 0, 1));
    close(ro);
    SHOW("pipe write end", fallocate(p[1], 0, 0, 1));
    SHOW("pipe read end", fallocate(p[0], 0, 0, 1));
    int dn = open("/dev/null", O_WRONLY);
    SHOW("/dev/null", fallocate(dn, 0, 0, 1));
    close(dn);
    int dd = open(dir, O_RDONLY | O_DIRECTORY);
    SHOW("directory", fallocate(dd, 0, 0, 1));
    SHOW("bad fd", fallocate(999, 0, 0, 1));
    close(p[0]);
    close(p[1]);
    close(fd);

    printf("== renameat2\n");
    put(at("a"), "A");
    put(at("b"), "B");
    mkdir(at("d"), 0755);
    mkdir(at("d/sub"), 0755);
    mkdir(at("e"), 0755);
    put(at("e/in-e"), "E");
    SHOW("NOREPLACE onto existing", rename2(at("a"), at("b"), RENAME_NOREPLACE_));
    SHOW("NOREPLACE to new", rename2(at("a"), at("a2"), RENAME_NOREPLACE_));
    SHOW("NOREPLACE missing source", rename2(at("a"), at("a3"), RENAME_NOREPLACE_));
    SHOW("NOREPLACE onto itself", rename2(at("a2"), at("a2"), RENAME_NOREPLACE_));
    SHOW("EXCHANGE a2 b", rename2(at("a2"), at("b"), RENAME_EXCHANGE_));
    show_content("a2", at("a2"));
    show_content("b", at("b"));
    SHOW("EXCHANGE with missing target", rename2(at("a2"), at("nothing"), RENAME_EXCHANGE_));
    SHOW("EXCHANGE|NOREPLACE", rename2(at("a2"), at("b"), RENAME_EXCHANGE_ | RENAME_NOREPLACE_));
    SHOW("unknown flag", rename2(at("a2"), at("b"), 8));
    SHOW("EXCHANGE same name", rename2(at("b"), at("b"), RENAME_EXCHANGE_));
    SHOW("EXCHANGE file and dir e", rename2(at("b"), at("e"), RENAME_EXCHANGE_));
    show_content("b", at("b"));
    show_content("b/in-e", at("b/in-e"));
    show_content("e", at("e"));
    struct stat s1, s2;
    SHOW("EXCHANGE dir d/sub and file a2", rename2(at("d/sub"), at("a2"), RENAME_EXCHANGE_));
    stat(dir, &s1);
    stat(at("d"), &s2);
    printf("nlink top %ld d %ld\n", (long)s1.st_nlink, (long)s2.st_nlink);
    show_content("d/sub", at("d/sub"));
    SHOW("EXCHANGE dir with its own subdir", rename2(at("a2"), at("a2/nothing-here"), RENAME_EXCHANGE_));
    mkdir(at("a2/x"), 0755);
    SHOW("EXCHANGE dir with its own subdir", rename2(at("a2"), at("a2/x"), RENAME_EXCHANGE_));
    SHOW("EXCHANGE across mounts", rename2(at("b"), hat("x"), RENAME_EXCHANGE_));
    put(hat("h1"), "h1");
    put(hat("h2"), "h2");
    SHOW("host NOREPLACE onto existing", rename2(hat("h1"), hat("h2"), RENAME_NOREPLACE_));
    SHOW("host NOREPLACE to new", rename2(hat("h1"), hat("h3"), RENAME_NOREPLACE_));
    show_content("h3", hat("h3"));

    printf("== O_TMPFILE\n");
    int before = count_entries(dir);
    int t = SHOWFD("O_TMPFILE|O_RDWR", open(dir, O_TMPFILE | O_RDWR, 0640));
    struct stat st;
    fstat(t, &st);
    printf("fstat: reg %d mode %o nlink %ld\n", S_ISREG(st.st_mode), st.st_mode & 0777, (long)st.st_nlink);
    SHOW("write", write(t, "tmp", 3));
    printf("entries unchanged: %d\n", count_entries(dir) == before);
    SHOW("linkat AT_EMPTY_PATH", linkat(t, "", AT_FDCWD, at("named"), AT_EMPTY_PATH));
    stat(at("named"), &st);
    printf("named: nlink %ld size %ld\n", (long)st.st_nlink, (long)st.st_size);
    SHOW("linkat again", linkat(t, "", AT_FDCWD, at("named2"), AT_EMPTY_PATH));
    fstat(t, &st);
    printf("nlink %ld\n", (long)st.st_nlink);
    SHOW("linkat onto existing", linkat(t, "", AT_FDCWD, at("named"), AT_EMPTY_PATH));
    SHOW("linkat without AT_EMPTY_PATH", linkat(t, "", AT_FDCWD, at("named3"), 0));
    close(t);
    int x = SHOWFD("O_TMPFILE|O_EXCL", open(dir, O_TMPFILE | O_EXCL | O_WRONLY, 0600));
    SHOW("linkat of O_EXCL tmpfile", linkat(x, "", AT_FDCWD, at("nope"), AT_EMPTY_PATH));
    close(x);
    int y = open(dir, O_TMPFILE | O_RDWR, 0600);
    write(y, "via proc", 8);
    char proc[64];
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", y);
    SHOW("linkat /proc/self/fd/N no follow", linkat(AT_FDCWD, proc, AT_FDCWD, at("viaproc"), 0));
    SHOW("linkat /proc/self/fd/N AT_SYMLINK_FOLLOW", linkat(AT_FDCWD, proc, AT_FDCWD, at("viaproc"), AT_SYMLINK_FOLLOW));
    show_content("viaproc", at("viaproc"));
    close(y);
    SHOW("O_TMPFILE O_RDONLY", open(dir, O_TMPFILE | O_RDONLY, 0600));
    SHOW("O_TMPFILE|O_CREAT", open(dir, O_TMPFILE | O_CREAT | O_RDWR, 0600));
    SHOW("__O_TMPFILE without O_DIRECTORY", open(dir, (O_TMPFILE & ~O_DIRECTORY) | O_RDWR, 0600));
    SHOW("O_TMPFILE on a file", open(at("named"), O_TMPFILE | O_RDWR, 0600));
    SHOW("O_TMPFILE in a missing dir", open(at("missing"), O_TMPFILE | O_RDWR, 0600));
    SHOW("linkat AT_EMPTY_PATH of a directory", linkat(dd, "", AT_FDCWD, at("dirlink"), AT_EMPTY_PATH));
    SHOW("linkat AT_EMPTY_PATH of a file", (fd = open(at("f"), O_RDONLY), linkat(fd, "", AT_FDCWD, at("f-link"), AT_EMPTY_PATH)));
    close(fd);
    stat(at("f"), &st);
    printf("f nlink %ld\n", (long)st.st_nlink);

    printf("== faccessat2\n");
    symlink("missing-target", at("dangling"));
    put(at("plain"), "x");
    put(at("exec"), "x");
    chmod(at("exec"), 0744);
    SHOW("dangling F_OK", faccess2(AT_FDCWD, at("dangling"), F_OK, 0));
    SHOW("dangling F_OK NOFOLLOW", faccess2(AT_FDCWD, at("dangling"), F_OK, AT_SYMLINK_NOFOLLOW));
    SHOW("dangling W_OK NOFOLLOW", faccess2(AT_FDCWD, at("dangling"), W_OK, AT_SYMLINK_NOFOLLOW));
    SHOW("plain X_OK AT_EACCESS", faccess2(AT_FDCWD, at("plain"), X_OK, AT_EACCESS_));
    SHOW("plain R_OK|W_OK AT_EACCESS", faccess2(AT_FDCWD, at("plain"), R_OK | W_OK, AT_EACCESS_));
    SHOW("exec X_OK AT_EACCESS", faccess2(AT_FDCWD, at("exec"), X_OK, AT_EACCESS_));
    fd = open(at("exec"), O_RDONLY);
    SHOW("fd \"\" X_OK AT_EMPTY_PATH", faccess2(fd, "", X_OK, AT_EMPTY_PATH));
    SHOW("fd \"\" without AT_EMPTY_PATH", faccess2(fd, "", F_OK, 0));
    close(fd);
    fd = open(at("plain"), O_PATH);
    SHOW("O_PATH fd \"\" X_OK AT_EMPTY_PATH", faccess2(fd, "", X_OK, AT_EMPTY_PATH));
    close(fd);
    SHOW("bad flag", faccess2(AT_FDCWD, at("plain"), F_OK, 0x8000));
    SHOW("bad mode", faccess2(AT_FDCWD, at("plain"), 8, 0));
    SHOW("faccessat2 dir X_OK", faccess2(AT_FDCWD, dir, X_OK, 0));

    printf("== O_PATH and O_NOFOLLOW\n");
    symlink("plain", at("link"));
    SHOW("O_NOFOLLOW on a link", open(at("link"), O_RDONLY | O_NOFOLLOW));
    SHOW("O_NOFOLLOW through a dir link", (symlink(dir, at("dirlink2")), open(at("dirlink2/plain"), O_RDONLY | O_NOFOLLOW)) >= 0);
    int l = SHOWFD("O_PATH|O_NOFOLLOW on a link", open(at("link"), O_PATH | O_NOFOLLOW));
    fstat(l, &st);
    printf("fstat: link %d size %ld\n", S_ISLNK(st.st_mode), (long)st.st_size);
    SHOW("read", read(l, b, 1));
    char lt[32];
    SHOW("readlinkat(fd, \"\")", readlinkat(l, "", lt, sizeof lt));
    close(l);
    int o = SHOWFD("O_PATH file", open(at("plain"), O_PATH | O_RDWR | O_TRUNC | O_CREAT, 0600));
    SHOW("F_GETFL has O_PATH, not O_RDWR", (fcntl(o, F_GETFL) & (O_PATH | O_ACCMODE)) == O_PATH);
    SHOW("content kept (no O_TRUNC)", (stat(at("plain"), &st), st.st_size));
    SHOW("read", read(o, b, 1));
    SHOW("write", write(o, "x", 1));
    SHOW("lseek", lseek(o, 0, SEEK_SET));
    SHOW("fchmod", fchmod(o, 0600));
    SHOW("fchown", fchown(o, -1, -1));
    SHOW("fsync", fsync(o));
    SHOW("ftruncate", ftruncate(o, 0));
    SHOW("ioctl FIONREAD", ioctl(o, 0x541b, &x));
    SHOW("futimens", futimens(o, NULL));
    SHOW("utimensat AT_EMPTY_PATH", utimensat(o, "", NULL, AT_EMPTY_PATH));
    SHOW("fstat", fstat(o, &st));
    SHOW("dup", (x = dup(o)) >= 0);
    close(x);
    SHOW("fchownat AT_EMPTY_PATH", fchownat(o, "", -1, -1, AT_EMPTY_PATH));
    SHOW("fstatat AT_EMPTY_PATH", fstatat(o, "", &st, AT_EMPTY_PATH));
    SHOW("fstatat \"\" without the flag", fstatat(o, "", &st, 0));
    SHOW("fcntl F_SETFL", fcntl(o, F_SETFL, O_NONBLOCK));
    SHOW("fcntl F_SETFD", fcntl(o, F_SETFD, FD_CLOEXEC));
    SHOW("fcntl F_GETFD", fcntl(o, F_GETFD));
    close(o);
    int od = SHOWFD("O_PATH dir", open(dir, O_PATH | O_DIRECTORY));
    SHOW("openat relative to it", (x = openat(od, "plain", O_RDONLY)) >= 0);
    close(x);
    SHOW("getdents64 on it", syscall(SYS_getdents64, od, b, sizeof b));
    SHOW("openat(fd, \"\")", openat(od, "", O_RDONLY));
    SHOW("fchdir", fchdir(od));
    char cwd[128];
    printf("cwd is the dir: %d\n", getcwd(cwd, sizeof cwd) && strcmp(cwd, dir) == 0);
    chdir("/");
    close(od);
    SHOW("O_DIRECTORY on a file", open(at("plain"), O_RDONLY | O_DIRECTORY));
    SHOW("O_DIRECTORY|O_PATH on a file", open(at("plain"), O_PATH | O_DIRECTORY));
    SHOW("O_PATH on missing", open(at("missing"), O_PATH));
    SHOW("O_CREAT|O_EXCL on a dangling link", open(at("dangling"), O_CREAT | O_EXCL | O_WRONLY, 0600));
    SHOW("O_CREAT on a dangling link creates the target", (x = open(at("dangling"), O_CREAT | O_WRONLY, 0600)) >= 0);
    close(x);
    SHOW("target exists now", access(at("missing-target"), F_OK));

    close(dd);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "%s", dir);
    const char *names[] = {"f", "b/in-e", "b", "e", "a2/x", "a2", "d/sub", "d", "named", "named2", "viaproc",
                           "f-link", "dangling", "plain", "exec", "link", "dirlink2", "missing-target", 0};
    for (int i = 0; names[i]; i++) {
        if (unlink(at(names[i])) != 0) {
            rmdir(at(names[i]));
        }
    }
    SHOW("tmpfs dir empty again", rmdir(dir));
    unlink(hat("h2"));
    unlink(hat("h3"));
    SHOW("host dir empty again", rmdir(hdir));
    return 0;
}
