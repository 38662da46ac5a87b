/*
 * nommu.md §7 item 3: anonymous mmap (§2.2, §2.3). Private and shared anonymous mappings are zeroed
 * and page-aligned on both kernels; MAP_UNINITIALIZED is ignored (CONFIG_MMAP_ALLOW_UNINITIALIZED=n),
 * so reused pages are zero too; flags with no effect on nommu are accepted. Protection is not enforced
 * on nommu (§2.6): a PROT_READ or PROT_NONE mapping can be written, where MMU Linux raises SIGSEGV.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "../common/nt.h"
#include "nt_sys.h"

#ifndef MAP_UNINITIALIZED
#define MAP_UNINITIALIZED 0x4000000
#endif
#define PAGE 4096
#define RW (PROT_READ | PROT_WRITE)

static int all_zero(const unsigned char *p, long n) {
    for (long i = 0; i < n; i++) if (p[i]) return 0;
    return 1;
}

static void check(const char *name, size_t len, int prot, int flags) {
    char label[64];
    unsigned char *p = nt_mmap(0, len, prot, flags, -1, 0);
    NT_RESULT(3, name, p != MAP_FAILED);
    if (p == MAP_FAILED) return;
    snprintf(label, sizeof label, "%s_zero", name);
    NT_FACT(3, label, all_zero(p, len));
    snprintf(label, sizeof label, "%s_page_aligned", name);
    NT_FACT(3, label, ((uintptr_t)p & (PAGE - 1)) == 0);
    nt_munmap(p, len);
}

static sigjmp_buf env;
static void on_segv(int sig) { (void)sig; siglongjmp(env, 1); }

/* Writes one byte into a fresh mapping with protection PROT: "yes" when it sticks, "no" on SIGSEGV. */
static void write_to(const char *name, int prot) {
    volatile unsigned char *p = nt_mmap(0, PAGE, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    NT_RESULT(3, name, p != MAP_FAILED);
    if (p == MAP_FAILED) return;
    struct sigaction sa = {0}, old;
    sa.sa_handler = on_segv;
    sigaction(SIGSEGV, &sa, &old);
    int ok;
    if (sigsetjmp(env, 1) == 0) {
        p[5] = 42;
        ok = p[5] == 42;
    } else {
        ok = 0;
    }
    sigaction(SIGSEGV, &old, 0);
    char label[64];
    snprintf(label, sizeof label, "%s_writable", name);
    NT_FACT(3, label, ok);
    nt_munmap((void *)p, PAGE);
}

int main(void) {
    check("private", 3 * PAGE, RW, MAP_PRIVATE | MAP_ANONYMOUS);
    check("shared", 3 * PAGE, RW, MAP_SHARED | MAP_ANONYMOUS);
    check("odd_length", 5000, RW, MAP_PRIVATE | MAP_ANONYMOUS);
    check("one_mib", 1 << 20, RW, MAP_PRIVATE | MAP_ANONYMOUS);
    check("no_effect_flags", 2 * PAGE, RW,
          MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE | MAP_NORESERVE | MAP_STACK | MAP_GROWSDOWN);
    check("locked", PAGE, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED);

    /* Dirty pages, free them, map again with MAP_UNINITIALIZED: still zero. */
    for (int round = 0; round < 2; round++) {
        unsigned char *p = nt_mmap(0, 8 * PAGE, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p != MAP_FAILED) {
            memset(p, 0xA5, 8 * PAGE);
            nt_munmap(p, 8 * PAGE);
        }
    }
    check("uninitialized_flag", 8 * PAGE, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_UNINITIALIZED);

    /* The odd length's tail up to the page end is usable. */
    unsigned char *p = nt_mmap(0, 5000, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p != MAP_FAILED) {
        p[2 * PAGE - 1] = 7;
        NT_FACT(3, "odd_length_last_page_byte", p[2 * PAGE - 1] == 7);
        nt_munmap(p, 5000);
    }
    write_to("prot_read", PROT_READ);
    write_to("prot_none", PROT_NONE);
    return 0;
}
