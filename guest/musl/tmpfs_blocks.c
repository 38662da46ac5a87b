/* st_blocks on tmpfs (/dev/shm): what du adds up (busybox's "du -l" test). A directory holds no pages
 * (0 blocks, whatever its size says), a regular file the 4 KiB pages that hold its bytes (8 blocks
 * each: a 3-byte file is 8, 5000 bytes 16, 64 KiB 128), an empty file 0, a symbolic link with a short
 * target 0 (kept in the inode) and a long one 8 (one page). Prints no paths. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[64];

static void show(const char *what, const char *name) {
    char p[128];
    struct stat st;
    snprintf(p, sizeof p, "%s%s%s", dir, *name ? "/" : "", name);
    if (lstat(p, &st) != 0) { perror("lstat"); exit(1); }
    printf("%-34s st_blocks %ld\n", what, (long)st.st_blocks);
}

static void file(const char *name, size_t n) {
    char p[128];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    static char buf[65536];
    memset(buf, 'x', sizeof buf);
    if (fd < 0 || write(fd, buf, n) != (ssize_t)n) { perror("write"); exit(1); }
    close(fd);
}

int main(void) {
    strcpy(dir, "/dev/shm/flatland_blocks_XXXXXX");
    if (!mkdtemp(dir)) { perror("mkdtemp"); return 1; }
    file("empty", 0);
    file("three", 3);
    file("k5", 5000);
    file("k64", 65536);
    char p[128], q[128];
    snprintf(p, sizeof p, "%s/short", dir);
    symlink("three", p);
    char longname[201];
    memset(longname, 'a', 200);
    longname[200] = 0;
    snprintf(q, sizeof q, "%s/long", dir);
    symlink(longname, q);
    snprintf(p, sizeof p, "%s/sub", dir);
    mkdir(p, 0755);
    show("directory with 7 entries", "");
    show("empty directory", "sub");
    show("empty file", "empty");
    show("3-byte file", "three");
    show("5000-byte file", "k5");
    show("65536-byte file", "k64");
    show("symlink, 5-byte target", "short");
    show("symlink, 200-byte target", "long");
    const char *names[] = {"empty", "three", "k5", "k64", "short", "long"};
    for (unsigned i = 0; i < 6; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        unlink(p);
    }
    snprintf(p, sizeof p, "%s/sub", dir);
    rmdir(p);
    rmdir(dir);
    return 0;
}
