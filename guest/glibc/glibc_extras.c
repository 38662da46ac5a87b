// build: -D_GNU_SOURCE
/* glibc-only interfaces: asprintf, open_memstream, fmemopen, getline on a memory stream, qsort_r,
 * strfromd, reallocarray, strverscmp, memmem, rawmemchr, strchrnul, printf %m and %'d in the C locale. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>

static int cmp_r(const void *a, const void *b, void *arg) {
    int dir = *(int *)arg, x = *(const int *)a, y = *(const int *)b;
    return dir * ((x > y) - (x < y));
}

int main(void) {
    char *s;
    int n = asprintf(&s, "%s-%d-%.3f", "asprintf", 42, 3.14159);
    printf("asprintf %d [%s]\n", n, s);
    free(s);
    char *mem; size_t len;
    FILE *f = open_memstream(&mem, &len);
    for (int i = 0; i < 100; i++) fprintf(f, "line %d\n", i);
    fclose(f);
    printf("open_memstream len=%zu last=[%.8s]\n", len, mem + len - 8);
    FILE *r = fmemopen(mem, len, "r");
    char *line = NULL; size_t cap = 0; ssize_t got; int lines = 0; size_t total = 0;
    while ((got = getline(&line, &cap, r)) > 0) { lines++; total += (size_t)got; }
    printf("getline lines=%d bytes=%zu\n", lines, total);
    fclose(r); free(line); free(mem);
    int v[] = {5, 3, 9, 1, 7, 2, 8};
    int dir = -1;
    qsort_r(v, 7, sizeof *v, cmp_r, &dir);
    printf("qsort_r desc:");
    for (int i = 0; i < 7; i++) printf(" %d", v[i]);
    printf("\n");
    char buf[64];
    strfromd(buf, sizeof buf, "%.10g", 2.0 / 3);
    printf("strfromd %s\n", buf);
    int *arr = reallocarray(NULL, 10, sizeof *arr);
    errno = 0;
    volatile size_t many = (size_t)1 << 62;
    void *huge = reallocarray(NULL, many, 16);
    int enomem = errno == ENOMEM;
    printf("reallocarray ok=%d overflow-null=%d ENOMEM=%d\n", arr != NULL, huge == NULL, enomem);
    free(arr);
    printf("strverscmp %d %d\n", strverscmp("file9", "file10") < 0, strverscmp("1.2.10", "1.2.9") > 0);
    const char *hay = "needle in a haystack with needles";
    printf("memmem %ld rawmemchr %ld strchrnul %ld\n", (long)((char *)memmem(hay, strlen(hay), "needles", 7) - hay),
        (long)((char *)rawmemchr(hay, 'y') - hay), (long)(strchrnul(hay, 'Q') - hay));
    errno = ENOENT;
    printf("%%m: %m\n");
    printf("grouping in C locale: %'d\n", 1234567);
    return 0;
}
