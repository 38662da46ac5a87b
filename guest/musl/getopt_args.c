// args: -v -n 42 -abc --ignored -o out.txt file1 -- -notanoption file2
/* getopt parsing of a fixed argument vector: flags, clustered options, required arguments, unknown
 * options (message to stderr), "--" ending options, and the remaining operands. */
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv) {
    int c, verbose = 0, n = 0;
    const char *out = "(none)";
    while ((c = getopt(argc, argv, "vn:abo:")) != -1) {
        switch (c) {
        case 'v': verbose++; break;
        case 'n': n = 0; for (const char *p = optarg; *p >= '0' && *p <= '9'; p++) n = n * 10 + (*p - '0'); break;
        case 'a': case 'b': printf("flag %c\n", c); break;
        case 'o': out = optarg; break;
        case '?': printf("unknown option char=%c optopt=%c\n", c, optopt); break;
        default: printf("unexpected %d\n", c);
        }
    }
    printf("verbose=%d n=%d out=%s optind=%d\n", verbose, n, out, optind);
    for (int i = optind; i < argc; i++) printf("operand [%s]\n", argv[i]);
    return 0;
}
