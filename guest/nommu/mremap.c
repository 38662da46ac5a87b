/*
 * nommu.md §7 item 8: mremap (§2.5). nommu resizes in place within the original mapping length and
 * never moves: growth beyond it is ENOMEM even with MREMAP_MAYMOVE, (addr, old_len) must name a whole
 * mapping, MREMAP_FIXED to another address is EINVAL, and a read-only private file mapping (shareable)
 * is EPERM. MMU Linux moves, grows and remaps parts.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include "../common/nt.h"
#include "nt_sys.h"

#define PAGE 4096
#define RW (PROT_READ | PROT_WRITE)
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)
#define FAR ((void *)0x200000000000UL)

int main(void) {
    char *p = nt_mmap(0, 4 * PAGE, RW, ANON, -1, 0);
    p[0] = 'x';
    char *q = nt_mremap(p, 4 * PAGE, 2 * PAGE, 0, 0);
    NT_RESULT(8, "shrink", q != MAP_FAILED);
    NT_FACT(8, "shrink_same_address", q == p);
    q = nt_mremap(p, 2 * PAGE, 4 * PAGE, 0, 0);
    NT_RESULT(8, "regrow_within_original", q != MAP_FAILED);
    NT_FACT(8, "regrow_same_address", q == p);
    q = nt_mremap(p, 4 * PAGE, 8 * PAGE, MREMAP_MAYMOVE, 0);
    NT_RESULT(8, "grow_beyond_original_maymove", q != MAP_FAILED);
    if (q != MAP_FAILED) {
        NT_FACT(8, "grow_kept_contents", q[0] == 'x');
        p = q;
        nt_mremap(p, 8 * PAGE, 4 * PAGE, 0, 0);   /* back to four pages */
    }
    q = nt_mremap(p, PAGE, PAGE, 0, 0);
    NT_RESULT(8, "old_len_not_whole_mapping", q != MAP_FAILED);
    q = nt_mremap(p + PAGE, PAGE, PAGE, 0, 0);
    NT_RESULT(8, "addr_inside_mapping", q != MAP_FAILED);
    q = nt_mremap(p + 100, 4 * PAGE, 4 * PAGE, 0, 0);
    NT_RESULT(8, "addr_unaligned", q != MAP_FAILED);
    q = nt_mremap(p, 4 * PAGE, 0, 0, 0);
    NT_RESULT(8, "new_len_zero", q != MAP_FAILED);
    q = nt_mremap(p, 0, PAGE, 0, 0);
    NT_RESULT(8, "old_len_zero", q != MAP_FAILED);
    q = nt_mremap(p, 4 * PAGE, 4 * PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, FAR);
    NT_RESULT(8, "fixed_other_address", q != MAP_FAILED);
    if (q != MAP_FAILED) {
        NT_FACT(8, "fixed_moved", q == FAR);
        p = q;
    }
    q = nt_mremap(p, 4 * PAGE, 2 * PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, p);
    NT_RESULT(8, "fixed_same_address", q != MAP_FAILED);
    char *u = nt_mmap(0, PAGE, RW, ANON, -1, 0);
    nt_munmap(u, PAGE);
    q = nt_mremap(u, PAGE, PAGE, 0, 0);
    NT_RESULT(8, "unmapped", q != MAP_FAILED);

    char *s = nt_mmap(0, 2 * PAGE, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    q = nt_mremap(s, 2 * PAGE, PAGE, 0, 0);
    NT_RESULT(8, "shared_anonymous_shrink", q != MAP_FAILED);

    char path[] = "/tmp/nt_mremap.XXXXXX";
    int fd = nt_tempfile(path);
    static char buf[2 * PAGE];
    write(fd, buf, sizeof buf);
    char *f = nt_mmap(0, 2 * PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
    q = nt_mremap(f, 2 * PAGE, PAGE, 0, 0);
    NT_RESULT(8, "file_read_only_private", q != MAP_FAILED);
    char *w = nt_mmap(0, 2 * PAGE, RW, MAP_PRIVATE, fd, 0);
    q = nt_mremap(w, 2 * PAGE, PAGE, 0, 0);
    NT_RESULT(8, "file_writable_private", q != MAP_FAILED);
    NT_FACT(8, "file_writable_private_same_address", q == w);
    close(fd);
    unlink(path);
    return 0;
}
