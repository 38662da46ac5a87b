/* The VFS calls on the host tree (/tmp, hostfs under Flatland): statfs passed through, mkfifo and FIFO
 * opens, renameat2 NOREPLACE and EXCHANGE, fallocate (mode 0, KEEP_SIZE, PUNCH_HOLE, ZERO_RANGE). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "vfs_util.h"

#ifndef FALLOC_FL_KEEP_SIZE
#define FALLOC_FL_KEEP_SIZE 0x01
#define FALLOC_FL_PUNCH_HOLE 0x02
#endif
#ifndef FALLOC_FL_ZERO_RANGE
#define FALLOC_FL_ZERO_RANGE 0x10
#endif

static char dir[80];

static char *at(const char *name) {
    static char buf[4][128];
    static int i;
    i = (i + 1) & 3;
    snprintf(buf[i], sizeof buf[i], "%s/%s", dir, name);
    return buf[i];
}

static void put(const char *p, const char *text) {
    int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    write(fd, text, strlen(text));
    close(fd);
}

static void show_content(const char *label, const char *p) {
    char b[64];
    int fd = open(p, O_RDONLY);
    int n = fd < 0 ? -1 : read(fd, b, sizeof b);
    close(fd);
    printf("%s: \"%.*s\"\n", label, n > 0 ? n : 0, b);
}

static void show_statfs(const char *label, struct statfs *a, struct statfs *b) {
    printf("%s: type=%#lx bsize=%ld namelen=%ld frsize=%ld flags=%#lx same fsid as path %d\n", label,
           (unsigned long)a->f_type, (long)a->f_bsize, (long)a->f_namelen, (long)a->f_frsize,
           (unsigned long)a->f_flags, !memcmp(&a->f_fsid, &b->f_fsid, sizeof a->f_fsid));
}

int main(void) {
    umask(022);
    snprintf(dir, sizeof dir, "/tmp/flatland-hostfs-%d", (int)getpid());
    mkdir(dir, 0755);

    printf("== statfs\n");
    struct statfs s1, s2;
    SHOW("statfs", statfs(dir, &s1));
    put(at("f"), "0123456789");
    int fd = open(at("f"), O_RDWR);
    SHOW("fstatfs", fstatfs(fd, &s2));
    show_statfs("dir", &s1, &s2);
    show_statfs("file", &s2, &s1);
    printf("blocks>=bfree>=bavail %d\n", s1.f_blocks >= s1.f_bfree && s1.f_bfree >= s1.f_bavail);

    printf("== fallocate\n");
    SHOW("mode 0 to 8192", fallocate(fd, 0, 0, 8192));
    struct stat st;
    fstat(fd, &st);
    printf("size %ld\n", (long)st.st_size);
    SHOW("KEEP_SIZE beyond", fallocate(fd, FALLOC_FL_KEEP_SIZE, 8192, 4096));
    fstat(fd, &st);
    printf("size %ld\n", (long)st.st_size);
    SHOW("PUNCH_HOLE|KEEP_SIZE [2,4)", fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 2, 2));
    SHOW("ZERO_RANGE|KEEP_SIZE [6,7)", fallocate(fd, FALLOC_FL_ZERO_RANGE | FALLOC_FL_KEEP_SIZE, 6, 1));
    SHOW("ZERO_RANGE [8190,9000)", fallocate(fd, FALLOC_FL_ZERO_RANGE, 8190, 810));
    char b[16];
    pread(fd, b, 10, 0);
    for (int i = 0; i < 10; i++) {
        b[i] = b[i] ? b[i] : '.';
    }
    fstat(fd, &st);
    printf("bytes %.10s size %ld\n", b, (long)st.st_size);
    SHOW("PUNCH_HOLE alone", fallocate(fd, FALLOC_FL_PUNCH_HOLE, 0, 1));
    close(fd);

    printf("== renameat2\n");
    put(at("a"), "A");
    put(at("b"), "B");
    SHOW("NOREPLACE onto existing", syscall(SYS_renameat2, AT_FDCWD, at("a"), AT_FDCWD, at("b"), 1));
    SHOW("EXCHANGE", syscall(SYS_renameat2, AT_FDCWD, at("a"), AT_FDCWD, at("b"), 2));
    show_content("a", at("a"));
    show_content("b", at("b"));
    SHOW("EXCHANGE with missing", syscall(SYS_renameat2, AT_FDCWD, at("a"), AT_FDCWD, at("zz"), 2));
    SHOW("NOREPLACE to new", syscall(SYS_renameat2, AT_FDCWD, at("a"), AT_FDCWD, at("c"), 1));
    show_content("c", at("c"));

    printf("== mkfifo on the host tree\n");
    umask(0);
    SHOW("mkfifo 0660", mkfifo(at("p"), 0660));
    umask(022);
    stat(at("p"), &st);
    printf("fifo %d mode %o\n", S_ISFIFO(st.st_mode), st.st_mode & 07777);
    SHOW("mkfifo again", mkfifo(at("p"), 0600));
    SHOWFD("O_WRONLY|O_NONBLOCK without a reader", open(at("p"), O_WRONLY | O_NONBLOCK));
    int rw = SHOWFD("O_RDWR", open(at("p"), O_RDWR));
    int w = SHOWFD("O_WRONLY|O_NONBLOCK with a reader", open(at("p"), O_WRONLY | O_NONBLOCK));
    SHOW("write", write(w, "fifo!", 5));
    SHOW("read", read(rw, b, sizeof b));
    fstat(w, &st);
    printf("fstat fifo %d\n", S_ISFIFO(st.st_mode));
    close(w);
    close(rw);

    const char *names[] = {"f", "b", "c", "p", 0};
    for (int i = 0; names[i]; i++) {
        unlink(at(names[i]));
    }
    SHOW("rmdir", rmdir(dir));
    return 0;
}
