/* File I/O on a temporary file under /tmp made with mkstemp (unique name, never printed): write, lseek,
 * read, pread/pwrite, fstat size, ftruncate, rename, stdio fopen/fprintf/fscanf/fseek/ftell, unlink. */
#include "../common/gt.h"
#include <fcntl.h>
#include <unistd.h>
#include <string.h>
#include <sys/stat.h>
#include <errno.h>

int main(void) {
    char path[] = "/tmp/flatland-fileio-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) { perror("mkstemp"); return 1; }
    static char buf[70000], back[70000];
    for (unsigned i = 0; i < sizeof buf; i++) buf[i] = (char)(i * 31 + (i >> 8));
    ssize_t w = write(fd, buf, sizeof buf);
    printf("write %zd\n", w);
    printf("lseek end %ld\n", (long)lseek(fd, 0, SEEK_END));
    printf("lseek set %ld\n", (long)lseek(fd, 1000, SEEK_SET));
    ssize_t r = read(fd, back, 500);
    printf("read %zd match=%d\n", r, memcmp(back, buf + 1000, 500) == 0);
    printf("lseek cur %ld\n", (long)lseek(fd, 0, SEEK_CUR));
    printf("pwrite %zd\n", pwrite(fd, "PATCH", 5, 20));
    memset(back, 0, sizeof back);
    printf("pread %zd [%.5s] cur-unchanged=%d\n", pread(fd, back, 5, 20), back, lseek(fd, 0, SEEK_CUR) == 1500);
    struct stat st;
    fstat(fd, &st);
    printf("size %lld regular=%d\n", (long long)st.st_size, S_ISREG(st.st_mode));
    printf("ftruncate %d\n", ftruncate(fd, 12345));
    fstat(fd, &st);
    printf("size after truncate %lld\n", (long long)st.st_size);
    printf("read after truncate %zd\n", read(fd, back, 10));
    close(fd);
    char path2[sizeof path + 8];
    snprintf(path2, sizeof path2, "%s.moved", path);
    printf("rename %d\n", rename(path, path2));
    int gone = access(path, F_OK) != 0;
    printf("old gone %d errno=ENOENT %d\n", gone, errno == ENOENT);
    FILE *f = fopen(path2, "r+");
    if (!f) { perror("fopen"); return 1; }
    fseek(f, 0, SEEK_SET);
    fprintf(f, "%d %s %.3f\n", 12345, "stdio", 2.5);
    fflush(f);
    printf("ftell %ld\n", ftell(f));
    rewind(f);
    int i; char word[16]; double d;
    printf("fscanf %d", fscanf(f, "%d %15s %lf", &i, word, &d));
    printf(" -> %d %s %g\n", i, word, d);
    fseek(f, 0, SEEK_END);
    printf("size via ftell %ld\n", ftell(f));
    fclose(f);
    f = fopen(path2, "a");
    fputs("appended\n", f);
    fclose(f);
    stat(path2, &st);
    printf("size after append %lld\n", (long long)st.st_size);
    printf("unlink %d\n", unlink(path2));
    int missing = open(path2, O_RDONLY);
    printf("open missing: %d errno=ENOENT %d\n", missing, errno == ENOENT);
    return 0;
}
