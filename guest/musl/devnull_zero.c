/* /dev: null, zero, full (ENOSPC), urandom lengths, stat of the devices, readdir not needed. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include "../common/gt.h"

static void show(const char *path) {
    struct stat st;
    if (stat(path, &st) != 0) {
        printf("%s: %s\n", path, strerror(errno));
        return;
    }
    printf("%s: chr=%d mode=%o rdev=%u:%u\n", path, S_ISCHR(st.st_mode), st.st_mode & 07777,
           major(st.st_rdev), minor(st.st_rdev));
}

int main(void) {
    static char buf[65536];
    memset(buf, 0x5a, sizeof buf);
    int z = open("/dev/zero", O_RDONLY);
    GT_CHECK(z >= 0, "open zero\n");
    GT_CHECK(read(z, buf, sizeof buf) == (ssize_t)sizeof buf, "read zero\n");
    int allzero = 1;
    for (size_t i = 0; i < sizeof buf; i++) allzero &= buf[i] == 0;
    GT_CHECK(allzero, "zeros\n");
    close(z);

    int n = open("/dev/null", O_RDWR);
    GT_CHECK(n >= 0, "open null\n");
    GT_CHECK(write(n, buf, 1000) == 1000, "write null\n");
    GT_CHECK(read(n, buf, 10) == 0, "read null EOF\n");
    GT_CHECK(lseek(n, 123, SEEK_SET) == 0, "lseek null\n");
    close(n);

    int f = open("/dev/full", O_WRONLY);
    GT_CHECK(f >= 0, "open full\n");
    errno = 0;
    GT_CHECK(write(f, "x", 1) == -1 && errno == ENOSPC, "write full: %s\n", strerror(errno));
    close(f);
    f = open("/dev/full", O_RDONLY);
    buf[0] = 1;
    GT_CHECK(read(f, buf, 16) == 16 && buf[0] == 0, "read full\n");
    close(f);

    int u = open("/dev/urandom", O_RDONLY);
    GT_CHECK(u >= 0, "open urandom\n");
    int lens[] = {1, 7, 64, 4096};
    for (int i = 0; i < 4; i++) {
        printf("urandom read %d -> %zd\n", lens[i], read(u, buf, lens[i]));
    }
    close(u);

    FILE *w = fopen("/dev/null", "w");
    GT_CHECK(w != NULL && fprintf(w, "discard %d\n", 42) > 0 && fclose(w) == 0, "stdio null\n");

    show("/dev/null");
    show("/dev/zero");
    show("/dev/full");
    show("/dev/random");
    show("/dev/urandom");
    errno = 0;
    GT_CHECK(open("/dev/nonexistent-flatland", O_RDONLY) == -1 && errno == ENOENT, "missing\n");
    char link[64];
    ssize_t k = readlink("/dev/fd", link, sizeof link - 1);
    GT_CHECK(k > 0, "readlink /dev/fd\n");
    if (k > 0) { link[k] = 0; printf("/dev/fd -> %s\n", link); }
    return gt_done("devnull_zero");
}
