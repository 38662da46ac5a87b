/* Hello from a static-PIE program: prints its arguments and a few facts about its process. */
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv) {
    printf("Hello from Flatland! This is an unmodified x86-64 Linux program (musl, static-PIE).\n");
    printf("I was started with %d argument(s):", argc - 1);
    for (int i = 1; i < argc; i++) printf(" \"%s\"", argv[i]);
    printf("\nMy process id is %d and my parent's is %d.\n", (int)getpid(), (int)getppid());
    return 0;
}
