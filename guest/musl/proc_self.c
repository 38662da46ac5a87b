/* /proc/self: status Name/Pid/PPid lines agree with getpid/getppid, cmdline is argv, comm, fd links, exe. */
// args: alpha "two words" ""
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "../common/gt.h"

static char buf[65536];

static ssize_t slurp(const char *path) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) return -1;
    ssize_t total = 0, n;
    while ((n = read(fd, buf + total, sizeof buf - 1 - total)) > 0) total += n;
    close(fd);
    buf[total] = 0;
    return total;
}

static long field(const char *name) {
    size_t len = strlen(name);
    for (char *p = buf; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
        if (strncmp(p, name, len) == 0 && p[len] == ':') return strtol(p + len + 1, NULL, 10);
    }
    return -12345;
}

int main(int argc, char **argv) {
    GT_CHECK(slurp("/proc/self/status") > 0, "status\n");
    char name[64] = "";
    sscanf(strstr(buf, "Name:"), "Name:\t%63s", name);
    printf("Name: %s\n", name);
    GT_CHECK(field("Pid") == getpid(), "Pid\n");
    GT_CHECK(field("Tgid") == getpid(), "Tgid\n");
    GT_CHECK(field("PPid") == getppid(), "PPid\n");
    GT_CHECK(field("Uid") == (long)getuid(), "Uid\n");
    GT_CHECK(strstr(buf, "State:\tR (running)\n") != NULL, "State\n");

    ssize_t n = slurp("/proc/self/cmdline");
    int count = 0;
    for (ssize_t i = 0; i < n; i += strlen(buf + i) + 1) {
        if (count > 0) printf("cmdline[%d] = \"%s\"\n", count, buf + i);
        GT_CHECK(count < argc && strcmp(buf + i, argv[count]) == 0, "arg %d\n", count);
        count++;
    }
    GT_CHECK(count == argc, "argc %d vs %d\n", count, argc);

    GT_CHECK(slurp("/proc/self/comm") > 0, "comm\n");
    printf("comm: %s", buf);

    char self[32], link[256];
    ssize_t k = readlink("/proc/self", self, sizeof self - 1);
    GT_CHECK(k > 0, "readlink self\n");
    self[k > 0 ? k : 0] = 0;
    GT_CHECK(atoi(self) == getpid(), "self is pid\n");
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/comm", (int)getpid());
    GT_CHECK(slurp(path) > 0 && strncmp(buf, "proc_self", 9) == 0, "/proc/PID/comm\n");

    k = readlink("/proc/self/exe", link, sizeof link - 1);
    GT_CHECK(k > 0, "readlink exe\n");
    link[k > 0 ? k : 0] = 0;
    char *real = realpath(argv[0], NULL);
    GT_CHECK(real != NULL && strcmp(link, real) == 0, "exe %s vs %s\n", link, real ? real : "?");
    free(real);
    struct stat a, b;
    GT_CHECK(stat("/proc/self/exe", &a) == 0 && stat(argv[0], &b) == 0 && a.st_ino == b.st_ino, "stat exe\n");

    int fd = open("guest/musl/proc_self.c", O_RDONLY);
    GT_CHECK(fd >= 0, "open source\n");
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    k = readlink(path, link, sizeof link - 1);
    link[k > 0 ? k : 0] = 0;
    char cwd[200];
    GT_CHECK(getcwd(cwd, sizeof cwd) != NULL, "getcwd\n");
    GT_CHECK(k > 0 && strncmp(link, cwd, strlen(cwd)) == 0 && strcmp(link + strlen(cwd), "/guest/musl/proc_self.c") == 0,
             "fd link %s\n", link);
    int fd2 = open(path, O_RDONLY);
    GT_CHECK(fd2 >= 0 && read(fd2, buf, 14) == 14 && strncmp(buf, "/* /proc/self:", 14) == 0, "reopen via fd link\n");
    close(fd2);
    close(fd);
    k = readlink("/proc/self/cwd", link, sizeof link - 1);
    link[k > 0 ? k : 0] = 0;
    GT_CHECK(k > 0 && strcmp(link, cwd) == 0, "cwd link\n");
    GT_CHECK(open("/proc/self/nonexistent", O_RDONLY) == -1 && errno == ENOENT, "missing\n");
    return gt_done("proc_self");
}
