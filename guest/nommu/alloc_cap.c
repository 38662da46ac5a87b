/*
 * nommu.md §7 item 11: the largest single allocation and trimming (§2.3, §2.9). nommu backs every
 * mapping at once with one contiguous buddy block, so anything above 2^10 pages (4 MiB) is ENOMEM, and
 * malloc of more fails too. vm.nr_trim_pages (a nommu-only sysctl, default 1) returns a block's
 * power-of-two excess to the allocator; with 0 the excess stays allocated, which /proc/meminfo's
 * MmapCopy: (mmap_pages_allocated, mm/nommu.c do_mmap_private) shows: a 20 KiB mapping takes 32 KiB.
 * MMU Linux maps all these sizes lazily and has neither the sysctl nor MmapCopy:.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "../common/nt.h"
#include "nt_sys.h"

#define RW (PROT_READ | PROT_WRITE)
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)
#define MIB (1L << 20)
#define TRIM "/proc/sys/vm/nr_trim_pages"

static void map(const char *name, long len) {
    void *p = nt_mmap(0, len, RW, ANON, -1, 0);
    NT_RESULT(11, name, p != MAP_FAILED);
    if (p != MAP_FAILED) nt_munmap(p, len);
}

static int set_trim(const char *v) {
    int fd = open(TRIM, O_WRONLY);
    int ok = fd >= 0 && write(fd, v, strlen(v)) == (ssize_t)strlen(v);
    if (fd >= 0) close(fd);
    return ok;
}

/* MmapCopy: growth in kB while a LEN-byte anonymous mapping exists. */
static long mmapcopy_kb_for(long len) {
    long before = nt_field("/proc/meminfo", "MmapCopy:");
    void *p = nt_mmap(0, len, RW, ANON, -1, 0);
    long during = nt_field("/proc/meminfo", "MmapCopy:");
    if (p != MAP_FAILED) nt_munmap(p, len);
    return during - before;
}

int main(void) {
    map("mmap_4M", 4 * MIB);
    map("mmap_4M_plus_page", 4 * MIB + 4096);
    map("mmap_64M", 64 * MIB);
    errno = 0;
    void *m = malloc(5 * MIB);
    NT_RESULT(11, "malloc_5M", m != 0);
    free(m);
    m = malloc(3 * MIB);
    NT_RESULT(11, "malloc_3M", m != 0);
    free(m);

    int fd = open(TRIM, O_RDONLY);
    NT_RESULT(11, "nr_trim_pages_file", fd >= 0);
    if (fd < 0) return 0;
    char buf[32] = {0};
    read(fd, buf, sizeof buf - 1);
    close(fd);
    printf("11.nr_trim_pages_default: %s", buf);
    NT_FACT(11, "meminfo_has_mmapcopy", nt_field("/proc/meminfo", "MmapCopy:") >= 0);
    printf("11.trim1_20k_takes_kb: %ld\n", mmapcopy_kb_for(20480));
    if (!set_trim("0\n")) {
        printf("11.nr_trim_pages_write: %s\n", nt_errname(errno));
        return 0;
    }
    printf("11.trim0_20k_takes_kb: %ld\n", mmapcopy_kb_for(20480));
    printf("11.trim0_16k_takes_kb: %ld\n", mmapcopy_kb_for(16384));
    set_trim("1\n");
    printf("11.trim1_again_20k_takes_kb: %ld\n", mmapcopy_kb_for(20480));
    return 0;
}
