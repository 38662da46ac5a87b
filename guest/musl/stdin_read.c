// stdin: guest/musl/stdin_read.txt
/* Reads all of stdin (fed by the harness): byte, word and line counts, each line reversed, a checksum,
 * then checks that a further read returns EOF. */
#include "../common/gt.h"
#include <string.h>
#include <ctype.h>

int main(void) {
    char line[512];
    long lines = 0, words = 0, bytes = 0;
    uint64_t h = GT_FNV_INIT;
    while (fgets(line, sizeof line, stdin)) {
        size_t n = strlen(line);
        bytes += (long)n; lines++;
        h = gt_fnv(h, line, n);
        int in = 0;
        for (size_t i = 0; i < n; i++) { if (isspace((unsigned char)line[i])) in = 0; else if (!in) { in = 1; words++; } }
        if (n && line[n - 1] == '\n') line[--n] = 0;
        for (size_t i = 0; i < n / 2; i++) { char t = line[i]; line[i] = line[n - 1 - i]; line[n - 1 - i] = t; }
        printf("%3ld: %s\n", lines, line);
    }
    printf("lines=%ld words=%ld bytes=%ld checksum=%016llx eof=%d getchar=%d\n", lines, words, bytes,
        (unsigned long long)h, feof(stdin) != 0, getchar());
    return 0;
}
