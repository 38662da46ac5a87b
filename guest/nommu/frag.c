// flatland-args: --mem 32M
/*
 * nommu.md §7 item 11 and §2.9, issue 3 acceptance 6: fragmentation. Map 1 MiB blocks until memory
 * runs out (at most 1024), unmap every other one, then ask for 4 MiB: on nommu no contiguous 4 MiB
 * (order-10) block is left, so mmap fails ENOMEM although more than 4 MiB is free. MMU Linux maps it.
 * Flatland runs it with 32 MiB of guest RAM.
 */
#include <stdio.h>
#include <sys/mman.h>
#include "../common/nt.h"
#include "nt_sys.h"

#define CHUNK (1L << 20)
static void *chunks[1024];

int main(void) {
    int n = 0;
    while (n < 1024) {
        void *p = nt_mmap(0, CHUNK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) break;
        chunks[n++] = p;
    }
    for (int i = 0; i < n; i += 2) nt_munmap(chunks[i], CHUNK);
    void *big = nt_mmap(0, 4 * CHUNK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    NT_RESULT(11, "fragmented_mmap_4M", big != MAP_FAILED);
    NT_FACT(11, "fragmented_memfree_above_4M", nt_field("/proc/meminfo", "MemFree:") > 4096);
    return 0;
}
