/* sendfile(2) and copy_file_range(2): offset-pointer and file-position semantics, short counts at
 * end of file, a pipe as the output, and the errno of the refused combinations. The files live
 * in /dev/shm (tmpfs on Linux and in Flatland) under fixed names and are removed at the end. */
#define _GNU_SOURCE
#include "../common/gt.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/sendfile.h>
#include <unistd.h>

static const char *err(long r) {
    return r < 0 ? strerror(errno) : "ok";
}

int main(void) {
    char path[64], path2[64];
    snprintf(path, sizeof path, "/dev/shm/flatland-sendfile-a");
    snprintf(path2, sizeof path2, "/dev/shm/flatland-sendfile-b");
    int in = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    static char data[100000];
    gt_seed(7);
    for (unsigned i = 0; i < sizeof data; i++) {
        data[i] = (char)gt_next();
    }
    write(in, data, sizeof data);

    /* To a pipe with an offset pointer: in's position does not move; *offset does. */
    int p[2];
    pipe(p);
    off_t off = 10;
    lseek(in, 5, SEEK_SET);
    ssize_t n = sendfile(p[1], in, &off, 1000);
    char buf[2000];
    ssize_t r = read(p[0], buf, sizeof buf);
    printf("sendfile offset: %zd off=%lld pos=%lld read=%zd same=%d\n", n, (long long)off,
           (long long)lseek(in, 0, SEEK_CUR), r, memcmp(buf, data + 10, 1000) == 0);

    /* Without an offset: reads at and advances in's position. */
    n = sendfile(p[1], in, NULL, 500);
    r = read(p[0], buf, sizeof buf);
    printf("sendfile position: %zd pos=%lld same=%d\n", n, (long long)lseek(in, 0, SEEK_CUR),
           memcmp(buf, data + 5, 500) == 0);

    /* At the end of the file: a short count, then 0. */
    off = sizeof data - 100;
    n = sendfile(p[1], in, &off, 1000);
    read(p[0], buf, sizeof buf);
    printf("sendfile eof: %zd off=%lld\n", n, (long long)off);
    n = sendfile(p[1], in, &off, 1000);
    printf("sendfile past eof: %zd\n", n);

    /* File to file, more than a pipe holds. */
    int out = open(path2, O_RDWR | O_CREAT | O_TRUNC, 0600);
    off = 0;
    n = sendfile(out, in, &off, sizeof data);
    static char back[100000];
    pread(out, back, sizeof back, 0);
    printf("sendfile file: %zd off=%lld fnv=%016llx match=%d\n", n, (long long)off,
           (unsigned long long)gt_fnv(GT_FNV_INIT, back, sizeof back),
           memcmp(back, data, sizeof data) == 0);

    /* Refused: O_APPEND output, a negative offset, a pipe as input, a write-only input. */
    int app = open(path2, O_WRONLY | O_APPEND);
    off = 0;
    printf("sendfile append: %s\n", err(sendfile(app, in, &off, 10)));
    off = -1;
    printf("sendfile negative offset: %s\n", err(sendfile(out, in, &off, 10)));
    write(p[1], "abc", 3);
    printf("sendfile from pipe: %s\n", err(sendfile(out, p[0], NULL, 3)));
    printf("sendfile from write-only: %s\n", err(sendfile(out, app, NULL, 3)));
    printf("sendfile bad fd: %s\n", err(sendfile(out, 99, NULL, 3)));

    /* copy_file_range: offsets as sendfile's; flags must be 0. */
    ftruncate(out, 0);
    loff_t oi = 100, oo = 0;
    n = copy_file_range(in, &oi, out, &oo, 5000, 0);
    pread(out, back, 5000, 0);
    printf("copy_file_range: %zd oi=%lld oo=%lld match=%d\n", n, (long long)oi, (long long)oo,
           memcmp(back, data + 100, 5000) == 0);
    lseek(in, 0, SEEK_SET);
    lseek(out, 0, SEEK_SET);
    n = copy_file_range(in, NULL, out, NULL, 300, 0);
    printf("copy_file_range positions: %zd in=%lld out=%lld\n", n, (long long)lseek(in, 0, SEEK_CUR),
           (long long)lseek(out, 0, SEEK_CUR));
    printf("copy_file_range flags: %s\n", err(copy_file_range(in, NULL, out, NULL, 10, 1)));
    printf("copy_file_range to pipe: %s\n", err(copy_file_range(in, NULL, p[1], NULL, 10, 0)));
    printf("copy_file_range append: %s\n", err(copy_file_range(in, NULL, app, NULL, 10, 0)));
    unlink(path);
    unlink(path2);
    return 0;
}
