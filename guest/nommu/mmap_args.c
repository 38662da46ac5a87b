/*
 * nommu.md §7 items 1 and 2: mmap argument checks (§2.1). Every call goes through syscall(2), not
 * libc's mmap, so that libc's own checks (musl rejects huge lengths itself) do not hide the kernel's.
 * MMU Linux honours MAP_FIXED, MAP_FIXED_NOREPLACE and MAP_SHARED_VALIDATE; nommu rejects MAP_FIXED
 * always, ignores the hint (no EEXIST) and accepts only MAP_PRIVATE or MAP_SHARED as the map type.
 */
#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "../common/nt.h"

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif
#ifndef MAP_SHARED_VALIDATE
#define MAP_SHARED_VALIDATE 0x03
#endif

#define RW (PROT_READ | PROT_WRITE)
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)
/* Far from this machine's PIE (0x55...) and mmap (0x7f...) areas, and far above any nommu RAM. */
#define FAR ((void *)0x200000000000UL)

static void *sys_mmap(void *addr, size_t len, int prot, int flags, int fd, long off) {
    errno = 0;
    return (void *)syscall(SYS_mmap, addr, len, prot, flags, fd, off);
}

int main(void) {
    void *p;

    /* Item 1: MAP_FIXED, hints, MAP_FIXED_NOREPLACE, MAP_SHARED_VALIDATE. */
    p = sys_mmap(FAR, 4096, RW, ANON | MAP_FIXED, -1, 0);
    NT_RESULT(1, "fixed_free_address", p != MAP_FAILED);
    if (p != MAP_FAILED) munmap(p, 4096);

    void *a = sys_mmap(0, 4096, RW, ANON, -1, 0);
    p = sys_mmap(a, 4096, RW, ANON | MAP_FIXED, -1, 0);
    NT_RESULT(1, "fixed_over_own_mapping", p != MAP_FAILED);

    p = sys_mmap(a, 4096, RW, ANON | MAP_FIXED_NOREPLACE, -1, 0);
    NT_RESULT(1, "fixed_noreplace_taken", p != MAP_FAILED);
    if (p != MAP_FAILED) {
        NT_FACT(1, "fixed_noreplace_taken_other_address", p != a);
        munmap(p, 4096);
    }

    p = sys_mmap(FAR, 4096, RW, ANON | MAP_FIXED_NOREPLACE, -1, 0);
    NT_RESULT(1, "fixed_noreplace_free", p != MAP_FAILED);
    if (p != MAP_FAILED) {
        NT_FACT(1, "fixed_noreplace_free_at_hint", p == FAR);
        munmap(p, 4096);
    }

    p = sys_mmap(FAR, 4096, RW, ANON, -1, 0);
    NT_RESULT(1, "hint", p != MAP_FAILED);
    if (p != MAP_FAILED) {
        NT_FACT(1, "hint_honoured", p == FAR);
        munmap(p, 4096);
    }

    p = sys_mmap(0, 4096, RW, MAP_SHARED_VALIDATE | MAP_ANONYMOUS, -1, 0);
    NT_RESULT(1, "shared_validate_anon", p != MAP_FAILED);
    if (p != MAP_FAILED) munmap(p, 4096);

    int exe = open("/proc/self/exe", O_RDONLY);
    p = sys_mmap(0, 4096, PROT_READ, MAP_SHARED_VALIDATE, exe, 0);
    NT_RESULT(1, "shared_validate_file", p != MAP_FAILED);
    if (p != MAP_FAILED) munmap(p, 4096);
    close(exe);

    p = sys_mmap(0, 4096, RW, MAP_ANONYMOUS, -1, 0);       /* neither PRIVATE nor SHARED */
    NT_RESULT(1, "no_map_type", p != MAP_FAILED);

    /* Item 2: length, offset, fd, overflow. */
    p = sys_mmap(0, 0, RW, ANON, -1, 0);
    NT_RESULT(2, "len_zero", p != MAP_FAILED);

    p = sys_mmap(0, 4096, RW, ANON, -1, 100);
    NT_RESULT(2, "offset_unaligned", p != MAP_FAILED);

    p = sys_mmap(0, 4096, PROT_READ, MAP_PRIVATE, 999, 0);
    NT_RESULT(2, "bad_fd", p != MAP_FAILED);

    p = sys_mmap(0, 4096, PROT_READ, MAP_PRIVATE, -1, 0);   /* fd -1 without MAP_ANONYMOUS */
    NT_RESULT(2, "fd_minus_one_not_anon", p != MAP_FAILED);

    p = sys_mmap(0, (size_t)-1, RW, ANON, -1, 0);            /* PAGE_ALIGN overflows to 0 */
    NT_RESULT(2, "len_page_align_overflow", p != MAP_FAILED);

    p = sys_mmap(0, (size_t)1 << 62, RW, ANON, -1, 0);       /* above TASK_SIZE */
    NT_RESULT(2, "len_huge", p != MAP_FAILED);

    /* An offset near the largest off_t. MMU Linux: file_mmap_ok() refuses it, EOVERFLOW. nommu has
     * no file_mmap_ok(), and its own "pgoff + pages overflows" check (EOVERFLOW, §2.1 step 8) cannot
     * trigger from x86-64 sys_mmap (pgoff < 2^52); the private copy's kernel_read() then fails in
     * rw_verify_area() because pos + count overflows loff_t: EINVAL. */
    int fd = open("/proc/self/exe", O_RDONLY);
    p = sys_mmap(0, 8192, PROT_READ, MAP_PRIVATE, fd, (long)0x7ffffffffffff000L);
    NT_RESULT(2, "pgoff_overflow", p != MAP_FAILED);
    close(fd);

    /* Order: a bad offset is reported before a bad fd, a bad fd before MAP_FIXED. */
    p = sys_mmap(0, 4096, PROT_READ, MAP_PRIVATE, 999, 100);
    NT_RESULT(2, "order_offset_before_fd", p != MAP_FAILED);
    p = sys_mmap(FAR, 4096, PROT_READ, MAP_PRIVATE | MAP_FIXED, 999, 0);
    NT_RESULT(2, "order_fd_before_fixed", p != MAP_FAILED);
    return 0;
}
