/* open(O_PATH|O_NOFOLLOW) on a symbolic link opens the link itself (fs/namei.c: the last component
 * is not followed, and O_PATH needs no permission to the object): fstat and fstatat(AT_EMPTY_PATH)
 * report a link, readlinkat(fd, "") reads it, read is EBADF; without O_PATH the same open is ELOOP.
 * In a fresh directory under /tmp (names are not printed). Expected: native Linux. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "../common/errname.h"

static const char *kind(mode_t m) {
    return S_ISLNK(m) ? "link" : S_ISREG(m) ? "regular" : S_ISDIR(m) ? "directory" : "other";
}

int main(void) {
    char dir[] = "/tmp/opath_linkXXXXXX";
    if (!mkdtemp(dir) || chdir(dir) != 0) {
        perror("mkdtemp");
        return 1;
    }
    int w = open("target", O_CREAT | O_WRONLY, 0644);
    gt_show("create target", w);
    gt_show("write target", write(w, "0123456789", 10));
    close(w);
    gt_show("symlink", symlink("target", "link"));
    gt_show("symlink dangling", symlink("missing", "dangling"));

    const char *names[] = {"link", "dangling"};
    for (int i = 0; i < 2; i++) {
        char what[64];
        snprintf(what, sizeof what, "open %s O_PATH|O_NOFOLLOW", names[i]);
        int fd = open(names[i], O_PATH | O_NOFOLLOW);
        gt_show(what, fd >= 0 ? 0 : -1);
        if (fd < 0) continue;
        struct stat st;
        gt_show("  fstat", fstat(fd, &st));
        printf("  fstat kind %s size %lld\n", kind(st.st_mode), (long long)st.st_size);
        gt_show("  fstatat AT_EMPTY_PATH", fstatat(fd, "", &st, AT_EMPTY_PATH));
        printf("  fstatat kind %s\n", kind(st.st_mode));
        char buf[64];
        long n = readlinkat(fd, "", buf, sizeof buf);
        gt_show("  readlinkat \"\"", n);
        if (n > 0) printf("  reads %.*s\n", (int)n, buf);
        gt_show("  read", read(fd, buf, 1));
        gt_show("  fchdir", fchdir(fd));
        int fl = fcntl(fd, F_GETFL);
        printf("  O_PATH kept %d\n", fl >= 0 && (fl & O_PATH) != 0);
        close(fd);
    }
    gt_show("open link O_RDONLY|O_NOFOLLOW", open("link", O_RDONLY | O_NOFOLLOW));
    gt_show("open link O_PATH (follows)", open("link", O_PATH) >= 0 ? 0 : -1);
    gt_show("open dangling O_PATH (follows)", open("dangling", O_PATH));

    unlink("link");
    unlink("dangling");
    unlink("target");
    if (chdir("/") != 0 || rmdir(dir) != 0) perror("cleanup");
    return 0;
}
