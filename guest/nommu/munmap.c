/*
 * nommu.md §7 item 7: munmap (§2.4). nommu refuses what MMU Linux allows: unmapping nothing, part of
 * a file mapping, a range spanning two mappings or running past a mapping's end (all EINVAL). A hole
 * in an anonymous mapping works on both and frees its pages at once (nommu's Mem: in
 * /proc/self/status drops by the hole; MMU Linux has no Mem: line, so that check prints "n/a").
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "../common/nt.h"
#include "nt_sys.h"

#define PAGE 4096
#define RW (PROT_READ | PROT_WRITE)
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)

int main(void) {
    char *p = nt_mmap(0, 4 * PAGE, RW, ANON, -1, 0);
    NT_RESULT(7, "exact", nt_munmap(p, 4 * PAGE) == 0);
    NT_RESULT(7, "unmapped_range", nt_munmap(p, 4 * PAGE) == 0);
    NT_RESULT(7, "len_zero", nt_munmap(p, 0) == 0);

    p = nt_mmap(0, 4 * PAGE, RW, ANON, -1, 0);
    NT_RESULT(7, "unaligned_start", nt_munmap(p + 100, PAGE) == 0);
    NT_RESULT(7, "unaligned_length_whole", nt_munmap(p, 4 * PAGE - 100) == 0);

    /* Punch a hole in the middle of an anonymous mapping. */
    p = nt_mmap(0, 4 * PAGE, RW, ANON, -1, 0);
    memset(p, 'a', 4 * PAGE);
    long mem_before = nt_field("/proc/self/status", "Mem:");
    NT_RESULT(7, "hole", nt_munmap(p + PAGE, PAGE) == 0);
    long mem_after = nt_field("/proc/self/status", "Mem:");
    if (mem_before < 0) printf("7.hole_frees_page: n/a\n");
    else NT_FACT(7, "hole_frees_page", mem_before - mem_after > PAGE / 2);   /* Mem: also counts vma/region structs */
    NT_FACT(7, "hole_neighbours_kept", p[0] == 'a' && p[2 * PAGE] == 'a' && p[4 * PAGE - 1] == 'a');
    NT_RESULT(7, "spanning_two_mappings", nt_munmap(p, 4 * PAGE) == 0);
    NT_RESULT(7, "lower_piece", nt_munmap(p, PAGE) == 0);
    NT_RESULT(7, "upper_piece", nt_munmap(p + 2 * PAGE, 2 * PAGE) == 0);

    /* Head and tail cuts of an anonymous mapping. */
    p = nt_mmap(0, 4 * PAGE, RW, ANON, -1, 0);
    NT_RESULT(7, "head", nt_munmap(p, PAGE) == 0);
    NT_RESULT(7, "tail", nt_munmap(p + 3 * PAGE, PAGE) == 0);
    NT_RESULT(7, "past_end", nt_munmap(p + 2 * PAGE, 2 * PAGE) == 0);
    NT_RESULT(7, "middle_rest", nt_munmap(p + PAGE, 2 * PAGE) == 0);

    /* File mappings come off whole or not at all. */
    char path[] = "/tmp/nt_munmap.XXXXXX";
    int fd = nt_tempfile(path);
    static char buf[4 * PAGE];
    memset(buf, 'f', sizeof buf);
    write(fd, buf, sizeof buf);
    char *f = nt_mmap(0, 4 * PAGE, RW, MAP_PRIVATE, fd, 0);
    NT_RESULT(7, "file_map", f != MAP_FAILED);
    NT_RESULT(7, "file_tail", nt_munmap(f + 3 * PAGE, PAGE) == 0);
    NT_RESULT(7, "file_head", nt_munmap(f, PAGE) == 0);
    NT_RESULT(7, "file_middle", nt_munmap(f + PAGE, PAGE) == 0);
    char *g = nt_mmap(0, 2 * PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
    NT_RESULT(7, "file_read_only_partial", nt_munmap(g, PAGE) == 0);
    NT_RESULT(7, "file_read_only_whole", nt_munmap(g, 2 * PAGE) == 0);
    close(fd);
    unlink(path);
    return 0;
}
