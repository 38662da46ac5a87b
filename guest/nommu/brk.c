/*
 * nommu.md §7 item 10: brk (§2.7, §3.3). On nommu with ELF-FDPIC start_brk = brk = end_brk = the base
 * of the stack block, so brk(0) is the stack block's lowest address and no request moves it: the old
 * value comes back, never an errno. MMU Linux places brk after the image and lets it grow.
 * Addresses are not printed; only how they relate.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../common/nt.h"
#include "nt_sys.h"

static long sys_brk(unsigned long a) {
    errno = 0;
    return syscall(SYS_brk, a);
}

/* The start of the /proc/self/maps line labelled [stack], or 0. Read without stdio or malloc, so
 * that libc's allocator never moves brk behind this test's back. */
static char maps[65536];
static unsigned long stack_start(void) {
    int fd = open("/proc/self/maps", O_RDONLY);
    long n, total = 0;
    while (fd >= 0 && (n = read(fd, maps + total, sizeof maps - 1 - total)) > 0) total += n;
    if (fd >= 0) close(fd);
    maps[total] = 0;
    char *label = strstr(maps, "[stack]");
    if (!label) return 0;
    while (label > maps && label[-1] != '\n') label--;
    return strtoul(label, 0, 16);
}

int main(void) {
    long b = sys_brk(0);
    NT_RESULT(10, "brk0", b > 0);
    NT_FACT(10, "brk0_is_stack_block_base", (unsigned long)b == stack_start());
    long g = sys_brk(b + 65536);
    NT_RESULT(10, "grow", g > 0);
    NT_FACT(10, "grow_moved_brk", g == b + 65536);
    long now = sys_brk(0);
    long h = sys_brk(now + (1L << 40));
    NT_RESULT(10, "grow_huge", h > 0);
    NT_FACT(10, "grow_huge_returns_old_value", h == now);
    long l = sys_brk(b - 4096);
    NT_RESULT(10, "below_start", l > 0);
    NT_FACT(10, "below_start_returns_old_value", l == now);
    long s = sys_brk(b);
    NT_RESULT(10, "back_to_start", s > 0);
    NT_FACT(10, "back_to_start_value", s == b);
    /* libc's allocator copes either way (musl falls back to mmap). */
    char *m = malloc(100000);
    NT_FACT(10, "malloc_works", m != 0);
    return 0;
}
