/*
 * nommu /proc formats (not differential: MMU Linux prints Vm* lines and [heap]/[vdso]).
 * Prints /proc/self/maps, the Slack: line before and after a 20 KiB mmap with vm.nr_trim_pages = 0,
 * /proc/buddyinfo and the MmapCopy: line. ProcNommuTest checks the output against nommu.md §2.8.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static char buf[16384];

static void dump(const char *path) {
    int fd = open(path, O_RDONLY);
    ssize_t n, total = 0;
    if (fd < 0) { printf("open %s failed\n", path); return; }
    while ((n = read(fd, buf + total, sizeof buf - 1 - total)) > 0) total += n;
    close(fd);
    buf[total] = 0;
}

static void line(const char *path, const char *key) {
    dump(path);
    char *p = strstr(buf, key);
    if (!p) { printf("%s: no %s\n", path, key); return; }
    char *e = strchr(p, '\n');
    printf("%.*s\n", (int)(e ? e - p : (long)strlen(p)), p);
}

int main(void) {
    dump("/proc/self/maps");
    printf("=== maps\n%s=== end\n", buf);
    line("/proc/self/status", "Slack:");
    int fd = open("/proc/sys/vm/nr_trim_pages", O_WRONLY);
    if (fd < 0 || write(fd, "0\n", 2) != 2) printf("nr_trim_pages write failed\n");
    if (fd >= 0) close(fd);
    line("/proc/sys/vm/nr_trim_pages", "");
    void *p = mmap(0, 20480, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("mmap %s\n", p == MAP_FAILED ? "failed" : "ok");
    line("/proc/self/status", "Slack:");
    line("/proc/self/status", "Mem:");
    line("/proc/self/status", "Shared:");
    dump("/proc/buddyinfo");
    printf("=== buddyinfo\n%s=== end\n", buf);
    line("/proc/meminfo", "MmapCopy:");
    return 0;
}
