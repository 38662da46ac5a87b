/* The smallest glibc static-PIE program: start-up (IRELATIVE relocations, TLS set-up, AT_RANDOM for
 * the stack protector), stdio and exit. */
#include <stdio.h>

int main(int argc, char **argv) {
    printf("hello from glibc static-PIE, argc=%d\n", argc);
    (void)argv;
    return 0;
}
