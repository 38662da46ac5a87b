/* utimensat/futimens/utimes/utime and chown/lchown/fchown/fchownat on files in /tmp, checked by
 * stat: explicit times, UTIME_OMIT, AT_SYMLINK_NOFOLLOW on a link, invalid nanoseconds, numeric
 * owners. Run as root (Flatland's default identity). Prints no paths or current times. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>
#include <utime.h>
#include "../common/nt.h"

static void show(const char *what, const char *path, int follow) {
    struct stat st;
    int r = follow ? stat(path, &st) : lstat(path, &st);
    if (r != 0) { printf("%s: stat %s\n", what, nt_errname(errno)); return; }
    printf("%s: atime %lld.%09ld mtime %lld.%09ld uid %u gid %u\n", what, (long long)st.st_atim.tv_sec,
           st.st_atim.tv_nsec, (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec, st.st_uid, st.st_gid);
}

int main(void) {
    char dir[] = "/tmp/fl-utimes-XXXXXX";
    if (!mkdtemp(dir)) { perror("mkdtemp"); return 1; }
    char file[64], link[64];
    snprintf(file, sizeof file, "%s/f", dir);
    snprintf(link, sizeof link, "%s/l", dir);
    int fd = open(file, O_CREAT | O_RDWR, 0644);
    symlink("f", link);

    struct timespec ts[2] = {{1000000000, 123456789}, {1500000000, 987654321}};
    NT_RESULT(0, "utimensat", utimensat(AT_FDCWD, file, ts, 0) == 0);
    show("after utimensat", file, 1);
    struct timespec omit[2] = {{7, UTIME_OMIT}, {1600000000, 5}};
    NT_RESULT(0, "utimensat omit atime", utimensat(AT_FDCWD, file, omit, 0) == 0);
    show("after omit", file, 1);
    struct timespec bad[2] = {{1, 1000000000}, {1, 0}};
    NT_RESULT(0, "utimensat nsec 1e9", utimensat(AT_FDCWD, file, bad, 0) == 0);
    NT_RESULT(0, "utimensat bad flag", utimensat(AT_FDCWD, file, ts, 0x4) == 0);
    NT_RESULT(0, "utimensat missing", utimensat(AT_FDCWD, "/tmp/fl-no-such-dir/x", ts, 0) == 0);
    struct timespec lt[2] = {{1200000000, 0}, {1300000000, 0}};
    NT_RESULT(0, "utimensat nofollow", utimensat(AT_FDCWD, link, lt, AT_SYMLINK_NOFOLLOW) == 0);
    show("link itself", link, 0);
    show("target unchanged", file, 1);
    struct timespec ft[2] = {{1100000000, 1}, {1100000000, 2}};
    NT_RESULT(0, "futimens", futimens(fd, ft) == 0);
    show("after futimens", file, 1);
    struct timeval tv[2] = {{1400000000, 250000}, {1400000001, 750000}};
    NT_RESULT(0, "utimes", utimes(file, tv) == 0);
    show("after utimes", file, 1);
    struct timeval badtv[2] = {{1, 1000000}, {1, 0}};
    NT_RESULT(0, "utimes usec 1e6", utimes(file, badtv) == 0);
    struct utimbuf ub = {1450000000, 1460000000};
    NT_RESULT(0, "utime", utime(file, &ub) == 0);
    show("after utime", file, 1);

    NT_RESULT(0, "chown", chown(file, 1234, 5678) == 0);
    show("after chown", file, 1);
    NT_RESULT(0, "chown keep uid", chown(file, -1, 42) == 0);
    show("after chown -1", file, 1);
    NT_RESULT(0, "lchown", lchown(link, 77, 88) == 0);
    show("link owner", link, 0);
    show("target owner", file, 1);
    NT_RESULT(0, "fchown", fchown(fd, 0, 0) == 0);
    show("after fchown", file, 1);
    NT_RESULT(0, "fchownat empty path", fchownat(fd, "", 3, 4, AT_EMPTY_PATH) == 0);
    show("after fchownat", file, 1);
    NT_RESULT(0, "fchownat bad flag", fchownat(AT_FDCWD, file, 1, 1, 0x2) == 0);
    NT_RESULT(0, "chown missing", chown("/tmp/fl-no-such-dir/x", 1, 1) == 0);

    close(fd);
    unlink(link);
    unlink(file);
    rmdir(dir);
    return 0;
}
