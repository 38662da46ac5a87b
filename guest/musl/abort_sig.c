// exit: 134
/* abort() kills the process with SIGABRT (status 128+6 = 134). musl's abort blocks signals with
 * rt_sigprocmask and raises SIGABRT with tkill; output written before is flushed by hand. */
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    printf("before abort\n");
    fflush(stdout);
    fprintf(stderr, "aborting now\n");
    abort();
}
