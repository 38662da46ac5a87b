/*
 * nommu.md §7 item 9: the memory syscalls nommu does not have (§2.6, sys_ni: ENOSYS). Run in strict
 * mode here; nosys_compat.c runs the same program with --compat glibc, where mprotect succeeds after
 * MMU Linux's argument checks (unaligned address EINVAL, range not fully mapped ENOMEM) and the
 * others stay ENOSYS. MMU Linux implements them all.
 */
#include <sys/mman.h>
#include <sys/uio.h>
#include "../common/nt.h"
#include "nt_sys.h"

#define PAGE 4096

static long sys(long n, long a, long b, long c, long d, long e) {
    errno = 0;
    return syscall(n, a, b, c, d, e);
}

int main(void) {
    char *p = nt_mmap(0, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    long a = (long)p;
    NT_RESULT(9, "mprotect", sys(SYS_mprotect, a, PAGE, PROT_READ, 0, 0) == 0);
    NT_RESULT(9, "mprotect_unaligned", sys(SYS_mprotect, a + 1, PAGE, PROT_READ, 0, 0) == 0);
    nt_munmap(p + 3 * PAGE, PAGE);
    NT_RESULT(9, "mprotect_partly_unmapped", sys(SYS_mprotect, a, 4 * PAGE, PROT_READ | PROT_WRITE, 0, 0) == 0);
    NT_RESULT(9, "mprotect_back_rw", sys(SYS_mprotect, a, PAGE, PROT_READ | PROT_WRITE, 0, 0) == 0);
    p[0] = 1;
    NT_RESULT(9, "madvise", sys(SYS_madvise, a, PAGE, MADV_NORMAL, 0, 0) == 0);
    NT_RESULT(9, "mlock", sys(SYS_mlock, a, PAGE, 0, 0, 0) == 0);
    NT_RESULT(9, "munlock", sys(SYS_munlock, a, PAGE, 0, 0, 0) == 0);
    NT_RESULT(9, "mlock2", sys(SYS_mlock2, a, PAGE, 0, 0, 0) == 0);
    NT_RESULT(9, "mlockall_bad_flags", sys(SYS_mlockall, 0, 0, 0, 0, 0) == 0);
    NT_RESULT(9, "munlockall", sys(SYS_munlockall, 0, 0, 0, 0, 0) == 0);
    unsigned char vec[4];
    NT_RESULT(9, "mincore", sys(SYS_mincore, a, PAGE, (long)vec, 0, 0) == 0);
    NT_RESULT(9, "msync", sys(SYS_msync, a, PAGE, MS_SYNC, 0, 0) == 0);
    NT_RESULT(9, "remap_file_pages", sys(SYS_remap_file_pages, a, PAGE, 0, 0, 0) == 0);
    char src[8] = "abcdefg", dst[8] = {0};
    struct iovec l = {dst, 8}, r = {src, 8};
    NT_RESULT(9, "process_vm_readv", sys(SYS_process_vm_readv, getpid(), (long)&l, 1, (long)&r, 1) == 8);
    return 0;
}
