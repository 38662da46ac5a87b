// build: -Wno-infinite-recursion
// exit: 42
/* exit(42) from a nested call runs atexit handlers in reverse order and flushes buffered stdio. */
#include <stdio.h>
#include <stdlib.h>

static void first(void) { printf("atexit first (runs last)\n"); }
static void second(void) { printf("atexit second (runs first)\n"); }
static void leave(int depth) { if (depth <= 0) exit(42); leave(depth - 1); printf("not reached\n"); }

int main(void) {
    atexit(first);
    atexit(second);
    printf("buffered line without explicit flush");
    printf("\n");
    fputs("partial line at exit", stdout);
    leave(5);
    return 0;
}
