// exit: 3
/* glibc: main returns 3 after output; the status must reach the host unchanged. */
#include <stdio.h>

int main(void) {
    printf("glibc returning 3\n");
    return 3;
}
