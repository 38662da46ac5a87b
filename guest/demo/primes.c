/* A sieve of Eratosthenes: counts the primes below 2 million (or argv[1]) and prints some of them. CPU-bound, so it
 * shows how fast the emulator runs a tight integer loop. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    long limit = argc > 1 ? atol(argv[1]) : 2000000;
    if (limit < 10) limit = 10;
    unsigned char *composite = calloc((size_t)limit, 1);
    if (!composite) { perror("calloc"); return 1; }
    long count = 0, last = 0;
    for (long i = 2; i < limit; i++) {
        if (composite[i]) continue;
        count++; last = i;
        if (count <= 20) printf("%ld%s", i, count == 20 ? "\n" : " ");
        for (long j = i * i; j < limit; j += i) composite[j] = 1;
    }
    printf("There are %ld primes below %ld; the largest is %ld.\n", count, limit, last);
    free(composite);
    return 0;
}
