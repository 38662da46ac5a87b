/*
 * Fragmentation on nommu (issue 3 acceptance 6): fill RAM with 1 MiB anonymous mappings, unmap
 * every other one, then ask for 4 MiB. With no two free 1 MiB buddies adjacent, the 4 MiB
 * (order-10) request fails with ENOMEM although MemFree is larger. ProcNommuTest runs it with
 * --mem 32M and checks both lines. Native Linux (MMU) would succeed: not a differential test.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define CHUNK (1 << 20)

static void *chunks[1024];
static char buf[4096];

int main(void) {
    int n = 0;
    while (n < 1024) {
        void *p = mmap(0, CHUNK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) break;
        chunks[n++] = p;
    }
    int freed = 0;
    for (int i = 0; i < n; i += 2) {
        munmap(chunks[i], CHUNK);
        freed++;
    }
    printf("chunks %d freed %d\n", n, freed);
    errno = 0;
    void *big = mmap(0, 4 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("mmap4M: %s\n", big == MAP_FAILED ? (errno == ENOMEM ? "ENOMEM" : strerror(errno)) : "ok");
    int fd = open("/proc/meminfo", O_RDONLY);
    ssize_t len = fd >= 0 ? read(fd, buf, sizeof buf - 1) : -1;
    buf[len > 0 ? len : 0] = 0;
    char *mf = strstr(buf, "MemFree:");
    printf("%.*s\n", mf ? (int)(strchr(mf, '\n') - mf) : 0, mf ? mf : "");
    fd = open("/proc/buddyinfo", O_RDONLY);
    len = fd >= 0 ? read(fd, buf, sizeof buf - 1) : -1;
    buf[len > 0 ? len : 0] = 0;
    printf("%s", buf);
    return 0;
}
