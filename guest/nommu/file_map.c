/*
 * nommu.md §7 items 4, 5 and 6: file mappings (§2.1 step 9, §2.2).
 * A disk file (under /tmp, which is the host's disk under Flatland) has only the COPY capability on
 * nommu: MAP_SHARED is ENODEV and a private mapping is a snapshot taken at mmap time. A tmpfs file
 * (/dev/shm) has DIRECT as well: MAP_SHARED works inside EOF and is the file's own pages. Read-only
 * private mappings of the same disk-file range share one region (same address, even in another
 * process); an overlapping, non-subset one is EINVAL. MMU Linux maps all of these.
 * With the argument "child PATH ADDR" the program is the exec'd child of check 6.other_process.
 */
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../common/nt.h"
#include "nt_sys.h"

#define PAGE 4096
#define FILE_SIZE (3 * PAGE + 100)

static void *sys_mmap(void *addr, size_t len, int prot, int flags, int fd, long off) {
    errno = 0;
    return (void *)syscall(SYS_mmap, addr, len, prot, flags, fd, off);
}

static int sys_munmap(void *addr, size_t len) {
    errno = 0;
    return (int)syscall(SYS_munmap, addr, len);
}

static unsigned char pattern(long i) { return (unsigned char)(i * 7 + 3); }

static int all_zero(const unsigned char *p, long n) {
    for (long i = 0; i < n; i++) if (p[i]) return 0;
    return 1;
}

static sigjmp_buf env;
/* Written by the vfork child, which shares this memory until it exits. */
static void *volatile vfork_addr;
static void on_sigbus(int sig) { (void)sig; siglongjmp(env, 1); }

/* Check 6.other_process, in the exec'd child: the parent's read-only mapping of page 0..1 is at ADDR. */
static int child(const char *path, const char *addr) {
    int fd = open(path, O_RDONLY);
    void *p = sys_mmap(0, 2 * PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
    NT_RESULT(6, "other_process_map", p != MAP_FAILED);
    if (p != MAP_FAILED) NT_FACT(6, "other_process_same_address", (uintptr_t)p == strtoull(addr, 0, 16));
    return 0;
}

static void disk_file(char *path) {
    unsigned char buf[FILE_SIZE];
    for (long i = 0; i < FILE_SIZE; i++) buf[i] = pattern(i);
    int fd = nt_tempfile(path);
    if (fd < 0 || write(fd, buf, FILE_SIZE) != FILE_SIZE) { printf("setup: %s\n", nt_errname(errno)); exit(1); }
    int ro = open(path, O_RDONLY);
    int wo = open(path, O_WRONLY);
    void *p;

    /* Item 4 on a disk file. */
    p = sys_mmap(0, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    NT_RESULT(4, "disk_shared_rw", p != MAP_FAILED);
    if (p != MAP_FAILED) sys_munmap(p, PAGE);
    p = sys_mmap(0, PAGE, PROT_READ, MAP_SHARED, ro, 0);
    NT_RESULT(4, "disk_shared_read_only", p != MAP_FAILED);
    if (p != MAP_FAILED) sys_munmap(p, PAGE);
    p = sys_mmap(0, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0);
    NT_RESULT(4, "disk_shared_write_on_rdonly_fd", p != MAP_FAILED);
    p = sys_mmap(0, PAGE, PROT_READ, MAP_PRIVATE, wo, 0);
    NT_RESULT(4, "wronly_private", p != MAP_FAILED);
    p = sys_mmap(0, PAGE, PROT_WRITE, MAP_SHARED, wo, 0);
    NT_RESULT(4, "wronly_shared_prot_write", p != MAP_FAILED);
    int dir = open("/tmp", O_RDONLY | O_DIRECTORY);
    p = sys_mmap(0, PAGE, PROT_READ, MAP_PRIVATE, dir, 0);
    NT_RESULT(4, "directory", p != MAP_FAILED);
    close(dir);

    /* Item 5: a private mapping of a disk file. */
    unsigned char *m = sys_mmap(0, FILE_SIZE, PROT_READ, MAP_PRIVATE, ro, 0);
    NT_RESULT(5, "private_read_only", m != MAP_FAILED);
    if (m != MAP_FAILED) {
        NT_FACT(5, "private_contents", m[0] == pattern(0) && m[FILE_SIZE - 1] == pattern(FILE_SIZE - 1));
        NT_FACT(5, "private_tail_past_eof_zero", all_zero(m + FILE_SIZE, 4 * PAGE - FILE_SIZE));
        unsigned char b = 0xAA;
        pwrite(fd, &b, 1, 10);
        NT_FACT(5, "private_sees_later_file_write", m[10] == 0xAA);
        b = pattern(10);
        pwrite(fd, &b, 1, 10);
        sys_munmap(m, FILE_SIZE);
    }
    m = sys_mmap(0, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    NT_RESULT(5, "private_writable", m != MAP_FAILED);
    if (m != MAP_FAILED) {
        m[20] = 0x55;
        unsigned char b = 0;
        pread(fd, &b, 1, 20);
        NT_FACT(5, "private_write_reaches_file", b == 0x55);
        sys_munmap(m, 2 * PAGE);
    }
    /* A whole page past EOF: SIGBUS on MMU Linux, zeroed copy on nommu. */
    m = sys_mmap(0, 5 * PAGE, PROT_READ, MAP_PRIVATE, ro, 0);
    NT_RESULT(5, "private_beyond_eof", m != MAP_FAILED);
    if (m != MAP_FAILED) {
        struct sigaction sa = {0}, old;
        sa.sa_handler = on_sigbus;
        sigaction(SIGBUS, &sa, &old);
        volatile unsigned char v = 1;
        if (sigsetjmp(env, 1) == 0) {
            v = m[4 * PAGE + 8];
            printf("5.page_past_eof: %s\n", v == 0 ? "zero" : "nonzero");
        } else {
            printf("5.page_past_eof: SIGBUS\n");
        }
        sigaction(SIGBUS, &old, 0);
        sys_munmap(m, 5 * PAGE);
    }

    /* Item 6: sharing of read-only private mappings. */
    void *a = sys_mmap(0, 2 * PAGE, PROT_READ, MAP_PRIVATE, ro, 0);
    void *b = sys_mmap(0, 2 * PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
    NT_RESULT(6, "same_range_again", a != MAP_FAILED && b != MAP_FAILED);
    NT_FACT(6, "same_range_same_address", a == b);
    void *c = sys_mmap(0, PAGE, PROT_READ, MAP_PRIVATE, ro, PAGE);
    NT_RESULT(6, "subset", c != MAP_FAILED);
    NT_FACT(6, "subset_inside_existing", (char *)c == (char *)a + PAGE);
    void *d = sys_mmap(0, 2 * PAGE, PROT_READ, MAP_PRIVATE, ro, PAGE);
    NT_RESULT(6, "overlap_not_subset", d != MAP_FAILED);
    void *e = sys_mmap(0, 3 * PAGE, PROT_READ, MAP_PRIVATE, ro, 0);
    NT_RESULT(6, "superset", e != MAP_FAILED);
    void *w = sys_mmap(0, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    NT_RESULT(6, "writable_same_range", w != MAP_FAILED);
    NT_FACT(6, "writable_gets_own_copy", w != a);
    if (w != MAP_FAILED) sys_munmap(w, 2 * PAGE);

    pid_t pid = vfork();
    if (pid == 0) {
        vfork_addr = sys_mmap(0, 2 * PAGE, PROT_READ, MAP_PRIVATE, ro, 0);
        _exit(0);
    }
    waitpid(pid, 0, 0);
    NT_FACT(6, "vfork_child_same_address", vfork_addr == a);

    char hex[32];
    snprintf(hex, sizeof hex, "%lx", (unsigned long)(uintptr_t)a);
    fflush(stdout);
    pid = vfork();
    if (pid == 0) {
        char *argv[] = {"file_map", "child", (char *)path, hex, 0};
        execv("/proc/self/exe", argv);
        _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    NT_FACT(6, "other_process_exit_0", WIFEXITED(status) && WEXITSTATUS(status) == 0);

    /* Once every sharer is gone the region is free: a different range of the file maps. */
    /* (On nommu munmap finds the first mapping, in start order, that ends above the address, so
     * the subset mapping c can only go once the mappings starting at a are gone.) */
    if (d != MAP_FAILED) sys_munmap(d, 2 * PAGE);
    if (e != MAP_FAILED) sys_munmap(e, 3 * PAGE);
    if (vfork_addr != MAP_FAILED) sys_munmap(vfork_addr, 2 * PAGE);
    if (b != MAP_FAILED) sys_munmap(b, 2 * PAGE);
    if (a != MAP_FAILED) sys_munmap(a, 2 * PAGE);
    NT_RESULT(6, "unmap_subset_last", c == MAP_FAILED || sys_munmap(c, PAGE) == 0);
    d = sys_mmap(0, 2 * PAGE, PROT_READ, MAP_PRIVATE, ro, PAGE);
    NT_RESULT(6, "after_all_unmapped", d != MAP_FAILED);
    close(ro);
    close(wo);
    close(fd);
    unlink(path);
}

static void tmpfs_file(void) {
    char path[] = "/dev/shm/nt_file_map.XXXXXX";
    int fd = nt_tempfile(path);
    if (fd < 0) { printf("setup: %s\n", nt_errname(errno)); exit(1); }
    void *p;

    p = sys_mmap(0, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    NT_RESULT(4, "tmpfs_shared_empty_file", p != MAP_FAILED);
    if (p != MAP_FAILED) sys_munmap(p, PAGE);
    ftruncate(fd, 2 * PAGE);
    char *s = sys_mmap(0, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    NT_RESULT(4, "tmpfs_shared_after_ftruncate", s != MAP_FAILED);
    if (s != MAP_FAILED) {
        NT_FACT(4, "tmpfs_shared_zero", all_zero((unsigned char *)s, 2 * PAGE));
        memcpy(s + 5000, "hello", 5);
        char b[6] = {0};
        pread(fd, b, 5, 5000);
        NT_FACT(4, "tmpfs_map_write_seen_by_read", memcmp(b, "hello", 5) == 0);
        pwrite(fd, "world", 5, 100);
        NT_FACT(4, "tmpfs_write_seen_in_map", memcmp(s + 100, "world", 5) == 0);
        char *t = sys_mmap(0, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, PAGE);
        NT_RESULT(4, "tmpfs_shared_second_page", t != MAP_FAILED);
        if (t != MAP_FAILED) {
            NT_FACT(4, "tmpfs_second_is_same_pages", t == s + PAGE);
            t[1] = 'x';
            NT_FACT(4, "tmpfs_two_maps_coherent", s[PAGE + 1] == 'x');
        }
        char *ro = sys_mmap(0, PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
        NT_RESULT(5, "tmpfs_private_read_only", ro != MAP_FAILED);
        if (ro != MAP_FAILED) {
            pwrite(fd, "again", 5, 200);
            NT_FACT(5, "tmpfs_private_read_only_sees_later_write", memcmp(ro + 200, "again", 5) == 0);
            sys_munmap(ro, PAGE);
        }
        char *rw = sys_mmap(0, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
        NT_RESULT(5, "tmpfs_private_writable", rw != MAP_FAILED);
        if (rw != MAP_FAILED) {
            pwrite(fd, "later", 5, 300);
            NT_FACT(5, "tmpfs_private_writable_sees_later_write", memcmp(rw + 300, "later", 5) == 0);
            sys_munmap(rw, PAGE);
        }
        /* Shrinking a ramfs file under a shared mapping: ramfs_nommu_check_mappings says ETXTBSY. */
        errno = 0;
        int r = ftruncate(fd, PAGE);
        printf("4.tmpfs_shrink_under_shared_map: %s\n", r == 0 ? "ok" : errno == ETXTBSY ? "ETXTBSY" : nt_errname(errno));
        if (r == 0) ftruncate(fd, 2 * PAGE);
        sys_munmap(s, 2 * PAGE);     /* first: on nommu t lies inside s, and munmap finds s for it */
        if (t != MAP_FAILED) sys_munmap(t, PAGE);
        errno = 0;
        NT_RESULT(4, "tmpfs_shrink_after_unmap", ftruncate(fd, PAGE) == 0 && ftruncate(fd, 2 * PAGE) == 0);
    }
    p = sys_mmap(0, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    NT_RESULT(4, "tmpfs_shared_beyond_eof", p != MAP_FAILED);
    if (p != MAP_FAILED) sys_munmap(p, 3 * PAGE);
    p = sys_mmap(0, PAGE, PROT_READ, MAP_SHARED, fd, 2 * PAGE);
    NT_RESULT(4, "tmpfs_shared_offset_at_eof", p != MAP_FAILED);
    if (p != MAP_FAILED) sys_munmap(p, PAGE);
    /* Growing an empty ramfs file reserves one contiguous block for a shared mapping
     * (ramfs_nommu_expand_for_mapping): beyond the 4 MiB buddy limit ftruncate is EFBIG. */
    char big_path[] = "/dev/shm/nt_file_map_big.XXXXXX";
    int big = nt_tempfile(big_path);
    errno = 0;
    NT_RESULT(4, "tmpfs_ftruncate_empty_4M", ftruncate(big, 4 << 20) == 0);
    ftruncate(big, 0);
    errno = 0;
    NT_RESULT(4, "tmpfs_ftruncate_empty_5M", ftruncate(big, 5 << 20) == 0);
    close(big);
    unlink(big_path);
    /* tmpfs offers DIRECT: overlapping read-only private mappings need no region match. */
    void *a = sys_mmap(0, PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
    void *b = sys_mmap(0, 2 * PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
    NT_RESULT(6, "tmpfs_overlap_not_subset", a != MAP_FAILED && b != MAP_FAILED);
    close(fd);
    unlink(path);
}

static void devices(void) {
    int z = open("/dev/zero", O_RDWR);
    void *p = sys_mmap(0, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, z, 0);
    NT_RESULT(4, "dev_zero_shared", p != MAP_FAILED);
    unsigned char *q = sys_mmap(0, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, z, 0);
    NT_RESULT(4, "dev_zero_private", q != MAP_FAILED);
    if (q != MAP_FAILED) NT_FACT(4, "dev_zero_private_zero", all_zero(q, PAGE));
    close(z);
    int fds[2];
    pipe(fds);
    p = sys_mmap(0, PAGE, PROT_READ, MAP_PRIVATE, fds[0], 0);
    NT_RESULT(4, "pipe_private", p != MAP_FAILED);
    p = sys_mmap(0, PAGE, PROT_READ, MAP_SHARED, fds[0], 0);
    NT_RESULT(4, "pipe_shared", p != MAP_FAILED);
}

int main(int argc, char **argv) {
    if (argc == 4 && strcmp(argv[1], "child") == 0) return child(argv[2], argv[3]);
    char path[] = "/tmp/nt_file_map.XXXXXX";
    disk_file(path);
    tmpfs_file();
    devices();
    return 0;
}
