/*
 * For MountOptionTest: prints the first line of argv[1], then tries to create argv[2] and write
 * "created" into it, printing "create: ok" or "create: ERRNAME". Not differential (needs --mount/--tmpfs).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 3) return 2;
    char buf[256];
    int fd = open(argv[1], O_RDONLY);
    ssize_t n = fd >= 0 ? read(fd, buf, sizeof buf - 1) : -1;
    buf[n > 0 ? n : 0] = 0;
    printf("read: %s\n", fd >= 0 ? strtok(buf, "\n") ? buf : "" : strerror(errno));
    if (fd >= 0) close(fd);
    fd = open(argv[2], O_CREAT | O_WRONLY | O_TRUNC, 0644);
    const char *e = errno == EROFS ? "EROFS" : errno == ENOENT ? "ENOENT" : strerror(errno);
    if (fd >= 0 && write(fd, "created\n", 8) == 8) {
        printf("create: ok\n");
        close(fd);
        fd = open(argv[2], O_RDONLY);
        n = read(fd, buf, sizeof buf - 1);
        buf[n > 0 ? n : 0] = 0;
        printf("reread: %s", buf);
    } else {
        printf("create: %s\n", e);
    }
    return 0;
}
