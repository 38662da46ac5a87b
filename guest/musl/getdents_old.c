/* The old getdents(2) (nr 78) through syscall(2): struct linux_dirent with d_type in the record's
 * last byte and a NUL after the name; reclen = ALIGN(18 + namelen + 2, 8). Lists a fresh tmpfs-like
 * directory under /tmp in small and large buffers, sorted by name (inode numbers and d_off values
 * are not printed), and the error cases. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "../common/errname.h"

static char names[64][64];
static int nnames;

static int cmp(const void *a, const void *b) {
    return strcmp((const char *)a, (const char *)b);
}

/* Walks the records of one call: checks the layout and collects "name:type". */
static void walk(const char *buf, long n) {
    long off = 0;
    while (off < n) {
        unsigned short reclen;
        memcpy(&reclen, buf + off + 16, 2);
        const char *name = buf + off + 18;
        size_t len = strlen(name);
        int want = (int)((18 + len + 2 + 7) & ~7UL);
        if (reclen != want) {
            printf("  bad reclen %u for %s (want %d)\n", reclen, name, want);
        }
        snprintf(names[nnames], sizeof names[nnames], "%s:%d", name, buf[off + reclen - 1]);
        nnames++;
        off += reclen;
    }
}

static void list(const char *dir, unsigned count) {
    static char buf[4096];
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    long r;
    int calls = 0;
    nnames = 0;
    while ((r = syscall(SYS_getdents, fd, buf, count)) > 0) {
        walk(buf, r);
        calls++;
    }
    gt_show("  last getdents", r);
    qsort(names, (size_t)nnames, sizeof names[0], cmp);
    printf("  count %u: %d entries, %s one call\n", count, nnames, calls > 1 ? "more than" : "in");
    for (int i = 0; i < nnames; i++) {
        printf("    %s\n", names[i]);
    }
    close(fd);
}

int main(void) {
    char dir[] = "/tmp/gdold.XXXXXX";
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    char p[128];
    const char *files[] = {"a", "bb", "ccccccc", "dddddddd", "a-rather-long-file-name-of-40-characters"};
    for (int i = 0; i < 5; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, files[i]);
        close(open(p, O_CREAT | O_WRONLY, 0644));
    }
    snprintf(p, sizeof p, "%s/sub", dir);
    mkdir(p, 0755);
    snprintf(p, sizeof p, "%s/link", dir);
    symlink("a", p);

    printf("-- list\n");
    list(dir, 4096);
    list(dir, 64);
    static char buf[4096];
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    printf("-- errors\n");
    gt_show("getdents count 0", syscall(SYS_getdents, fd, buf, 0));
    gt_show("getdents count 20", syscall(SYS_getdents, fd, buf, 20));
    gt_show("getdents count 2^31", syscall(SYS_getdents, fd, buf, 0x80000000u));
    gt_show("getdents bad buffer", syscall(SYS_getdents, fd, (void *)8, 4096));
    gt_show("getdents bad fd", syscall(SYS_getdents, -1, buf, 4096));
    gt_show("getdents closed fd", syscall(SYS_getdents, 99, buf, 4096));
    snprintf(p, sizeof p, "%s/a", dir);
    int ffd = open(p, O_RDONLY);
    gt_show("getdents regular file", syscall(SYS_getdents, ffd, buf, 4096));
    gt_show("getdents regular file, bad buffer", syscall(SYS_getdents, ffd, (void *)8, 4096));
    close(ffd);
    /* to the end, then 0 */
    long r;
    while ((r = syscall(SYS_getdents, fd, buf, sizeof buf)) > 0) {
    }
    gt_show("getdents at end", r);
    gt_show("getdents at end, count 0", syscall(SYS_getdents, fd, buf, 0));
    close(fd);

    for (int i = 0; i < 5; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, files[i]);
        unlink(p);
    }
    snprintf(p, sizeof p, "%s/link", dir);
    unlink(p);
    snprintf(p, sizeof p, "%s/sub", dir);
    rmdir(p);
    /* an empty directory that was removed: no entries at all */
    fd = open(p, O_RDONLY | O_DIRECTORY);
    gt_show("open removed dir", fd);
    rmdir(dir);
    return 0;
}
