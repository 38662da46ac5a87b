/* A dynamic PIE started through musl's ld.so (PT_INTERP /lib/ld-musl-x86_64.so.1): stdio, malloc,
 * strtod/qsort/snprintf all come from libc.so, which ld.so is. The auxiliary vector a dynamic program
 * gets differs from a static one: AT_BASE is the interpreter's load address (nonzero), AT_ENTRY is
 * the program's own _start and AT_PHDR its program headers (binfmt_elf / binfmt_elf_fdpic). */
#include <elf.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include "../common/gt.h"

extern char _start[];

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    printf("hello from a dynamic PIE, argc=%d\n", argc);
    GT_CHECK(getauxval(AT_BASE) != 0, "AT_BASE is 0 in a dynamic program");
    GT_CHECK(getauxval(AT_ENTRY) == (unsigned long)_start, "AT_ENTRY is not the program's _start");
    const ElfW(Phdr) *ph = (const void *)getauxval(AT_PHDR);
    GT_CHECK(getauxval(AT_PHNUM) > 2 && ph[0].p_type == PT_PHDR, "AT_PHDR is not the program's headers");
    int interp = 0;
    for (unsigned long i = 0; i < getauxval(AT_PHNUM); i++) {
        if (ph[i].p_type == PT_INTERP) {
            const char *base = (const char *)ph - ph[0].p_vaddr;
            interp = strcmp(base + ph[i].p_vaddr, "/lib/ld-musl-x86_64.so.1") == 0;
        }
    }
    GT_CHECK(interp, "PT_INTERP is not musl's ld.so");
    GT_CHECK(getauxval(AT_PAGESZ) == 4096, "AT_PAGESZ");

    /* malloc churn through libc.so's allocator */
    gt_seed(7);
    void *slot[64] = {0};
    uint64_t h = GT_FNV_INIT;
    for (int i = 0; i < 4000; i++) {
        unsigned k = gt_below(64);
        free(slot[k]);
        size_t n = 1 + gt_below(i % 10 == 0 ? 70000 : 300);
        slot[k] = malloc(n);
        GT_CHECK(slot[k] != NULL, "malloc(%zu)", n);
        memset(slot[k], (int)(n & 0xff), n);
        unsigned char c = ((unsigned char *)slot[k])[n - 1];
        h = gt_fnv(h, &c, 1);
    }
    for (int k = 0; k < 64; k++) free(slot[k]);
    printf("malloc churn fnv %016llx\n", (unsigned long long)h);

    double v[32];
    char buf[64];
    for (int i = 0; i < 32; i++) {
        snprintf(buf, sizeof buf, "%d.%03de%d", (int)gt_below(1000), (int)gt_below(1000), (int)gt_below(20) - 10);
        v[i] = strtod(buf, NULL);
    }
    qsort(v, 32, sizeof v[0], cmp);
    printf("min %.6g max %.6g median %.10e\n", v[0], v[31], v[16]);
    return gt_done("musl-dyn/hello");
}
