/* The size of the [stack] region in /proc/self/maps, or -1 (nommu.md §7 items 12 and 16). Reads
 * with open/read into a static buffer, so nothing is allocated meanwhile. */
#ifndef NT_STACK_H
#define NT_STACK_H
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static inline long nt_stack_size(void) {
    static char buf[65536];
    int fd = open("/proc/self/maps", O_RDONLY);
    long n, total = 0;
    if (fd < 0) return -1;
    while ((n = read(fd, buf + total, sizeof buf - 1 - total)) > 0) total += n;
    close(fd);
    buf[total] = 0;
    for (char *l = buf; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : 0) {
        char *nl = strchr(l, '\n');
        char *tag = strstr(l, "[stack]");
        if (tag && (!nl || tag < nl)) {
            char *end;
            unsigned long lo = strtoul(l, &end, 16);
            unsigned long hi = strtoul(end + 1, 0, 16);
            return (long)(hi - lo);
        }
    }
    return -1;
}
#endif
