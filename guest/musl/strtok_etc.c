// build: -Wno-stringop-truncation
/* strtok, strtok_r, strsep, strncpy (padding), strncat, strcat, strdup, strndup, strcasecmp, strerror-free. */
#include "../common/gt.h"
#include <string.h>
#include <strings.h>

int main(void) {
    char line[] = "  alpha, beta;;gamma  delta,,epsilon ;zeta  ";
    for (char *t = strtok(line, " ,;"); t; t = strtok(NULL, " ,;")) printf("tok [%s]\n", t);
    char l2[] = "a=1&b=2&&c=3&d";
    char *save, *save2;
    for (char *kv = strtok_r(l2, "&", &save); kv; kv = strtok_r(NULL, "&", &save)) {
        char *k = strtok_r(kv, "=", &save2), *v = strtok_r(NULL, "=", &save2);
        printf("kv [%s]=[%s]\n", k, v ? v : "(none)");
    }
    char l3[] = "x,,y,z,";
    char *p = l3, *f;
    while ((f = strsep(&p, ",")) != NULL) printf("sep [%s]\n", f);
    char dst[16];
    memset(dst, 'Z', sizeof dst);
    strncpy(dst, "abc", 8);
    for (int i = 0; i < 16; i++) printf("%02x", (unsigned char)dst[i]);
    printf("\n");
    char cat[64] = "head";
    strcat(cat, "-mid");
    strncat(cat, "-tail-long-long", 5);
    printf("cat [%s] %zu\n", cat, strlen(cat));
    char *d = strdup("duplicate me"), *nd = strndup("duplicate me", 5);
    printf("dup [%s] [%s]\n", d, nd);
    free(d); free(nd);
    printf("casecmp %d %d %d %d\n", strcasecmp("HeLLo", "hello") == 0, strncasecmp("ABCx", "abcy", 3) == 0,
        strcasecmp("a", "B") < 0, strcasecmp("Zed", "alpha") > 0);
    char big[200];
    for (int i = 0; i < 26; i++) {
        memset(big, 0, sizeof big);
        for (int j = 0; j <= i * 3; j++) big[j] = (char)('A' + (j * 7 + i) % 26);
        char *tok = strtok(big, "AEIOU");
        int count = 0; size_t total = 0;
        while (tok) { count++; total += strlen(tok); tok = strtok(NULL, "AEIOU"); }
        printf("len %d: %d tokens, %zu chars\n", i * 3 + 1, count, total);
    }
    char s1[] = "Hello", s2[8];
    printf("stpcpy end=%d memccpy=%d\n", (int)(stpcpy(s2, s1) - s2), (int)((char *)memccpy(s2, "abcdef", 'c', 6) - s2));
    return 0;
}
