// exit: 3
/* main returns 3: the exit status must reach the host unchanged; stdout is flushed at exit. */
#include <stdio.h>

int main(void) {
    printf("about to return 3\n");
    return 3;
}
