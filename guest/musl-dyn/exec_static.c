// exit: 3
/* execve from a dynamic program into a static one: the dynamic image and its interpreter are given
 * up and the static-PIE target/guest/musl/exit_code (which prints a line and exits 3) replaces them.
 * The harness runs this with argv[0] = .../target/guest/musl-dyn/exec_static. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv) {
    char path[4096];
    const char *at = strstr(argv[0], "/musl-dyn/");
    if (!at || (size_t)(at - argv[0]) + 32 > sizeof path) {
        printf("unexpected argv[0]\n");
        return 1;
    }
    snprintf(path, sizeof path, "%.*s/musl/exit_code", (int)(at - argv[0]), argv[0]);
    printf("dynamic program execs the static exit_code\n");
    fflush(stdout);
    char *args[] = {path, NULL};
    execve(path, args, environ);
    perror("execve");
    return 1;
}
