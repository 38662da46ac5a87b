/* tmpfs at /dev/shm: create, write, read back, lseek, ftruncate, rename, mkdir/readdir, symlink, unlink, rmdir. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "../common/gt.h"

static char dir[64];

static char *at(const char *name) {
    static char buf[4][128];
    static int i;
    i = (i + 1) & 3;
    snprintf(buf[i], sizeof buf[i], "%s/%s", dir, name);
    return buf[i];
}

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(void) {
    snprintf(dir, sizeof dir, "/dev/shm/flatland-shm-%d", (int)getpid());
    GT_CHECK(mkdir(dir, 0755) == 0, "mkdir %s: %s\n", dir, strerror(errno));
    GT_CHECK(mkdir(dir, 0755) == -1 && errno == EEXIST, "mkdir twice\n");

    int fd = open(at("a"), O_CREAT | O_RDWR | O_EXCL, 0640);
    GT_CHECK(fd >= 0, "open a\n");
    GT_CHECK(open(at("a"), O_CREAT | O_RDWR | O_EXCL, 0640) == -1 && errno == EEXIST, "O_EXCL\n");
    const char msg[] = "hello, tmpfs\n";
    GT_CHECK(write(fd, msg, sizeof msg - 1) == (ssize_t)(sizeof msg - 1), "write\n");
    GT_CHECK(lseek(fd, 0, SEEK_CUR) == 13, "pos\n");
    GT_CHECK(lseek(fd, 100, SEEK_SET) == 100, "seek past end\n");
    GT_CHECK(write(fd, "Z", 1) == 1, "write at 100\n");
    struct stat st;
    GT_CHECK(fstat(fd, &st) == 0 && st.st_size == 101 && S_ISREG(st.st_mode) && (st.st_mode & 0777) == (0640 & ~022),
             "fstat size %ld mode %o\n", (long)st.st_size, st.st_mode);
    char buf[200];
    GT_CHECK(pread(fd, buf, sizeof buf, 0) == 101, "pread\n");
    GT_CHECK(memcmp(buf, msg, 13) == 0 && buf[50] == 0 && buf[100] == 'Z', "contents\n");
    GT_CHECK(ftruncate(fd, 5) == 0 && fstat(fd, &st) == 0 && st.st_size == 5, "ftruncate\n");
    GT_CHECK(ftruncate(fd, 8) == 0 && pread(fd, buf, 8, 0) == 8 && memcmp(buf, "hello\0\0\0", 8) == 0, "regrow\n");
    close(fd);

    GT_CHECK(rename(at("a"), at("b")) == 0, "rename\n");
    GT_CHECK(access(at("a"), F_OK) == -1 && errno == ENOENT, "old name gone\n");
    GT_CHECK(stat(at("b"), &st) == 0 && st.st_size == 8, "new name\n");
    GT_CHECK(mkdir(at("sub"), 0700) == 0, "mkdir sub\n");
    GT_CHECK(symlink("b", at("link")) == 0, "symlink\n");
    GT_CHECK(readlink(at("link"), buf, sizeof buf) == 1 && buf[0] == 'b', "readlink\n");
    GT_CHECK(lstat(at("link"), &st) == 0 && S_ISLNK(st.st_mode), "lstat link\n");
    GT_CHECK(stat(at("link"), &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 8, "stat through link\n");
    fd = open(at("link"), O_RDONLY);
    GT_CHECK(fd >= 0 && read(fd, buf, 5) == 5 && memcmp(buf, "hello", 5) == 0, "read through link\n");
    close(fd);
    GT_CHECK(rmdir(at("b")) == -1 && errno == ENOTDIR, "rmdir file\n");
    GT_CHECK(unlink(at("sub")) == -1 && errno == EISDIR, "unlink dir\n");
    fd = open(at("sub/inner"), O_CREAT | O_WRONLY, 0600);
    GT_CHECK(fd >= 0, "create inner\n");
    close(fd);
    GT_CHECK(rmdir(at("sub")) == -1 && errno == ENOTEMPTY, "rmdir non-empty\n");
    GT_CHECK(rename(at("sub"), at("sub/inner2")) == -1 && errno == EINVAL, "rename into itself\n");
    GT_CHECK(open(at("missing/x"), O_CREAT | O_WRONLY, 0600) == -1 && errno == ENOENT, "missing parent\n");
    GT_CHECK(open(at("b/x"), O_RDONLY) == -1 && errno == ENOTDIR, "file as dir\n");

    DIR *d = opendir(dir);
    GT_CHECK(d != NULL, "opendir\n");
    char *names[16];
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL && n < 16) {
        names[n++] = strdup(e->d_name);
    }
    if (d) closedir(d);
    qsort(names, n, sizeof names[0], cmp);
    for (int i = 0; i < n; i++) {
        printf("entry %s\n", names[i]);
        free(names[i]);
    }

    GT_CHECK(unlink(at("sub/inner")) == 0 && rmdir(at("sub")) == 0, "cleanup sub\n");
    GT_CHECK(unlink(at("link")) == 0 && unlink(at("b")) == 0, "cleanup files\n");
    GT_CHECK(rmdir(dir) == 0, "rmdir dir\n");
    GT_CHECK(access(dir, F_OK) == -1 && errno == ENOENT, "gone\n");
    return gt_done("shm_tmpfs");
}
