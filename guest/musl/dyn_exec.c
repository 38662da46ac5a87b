/* execve from a static program into a dynamic one: this static-PIE vforks and execs the dynamic PIE
 * target/guest/musl-dyn/hello (PT_INTERP /lib/ld-musl-x86_64.so.1), waits for it and prints its status,
 * then execs it directly, replacing itself. The harness runs this with argv[0] = .../target/guest/musl/dyn_exec. */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv) {
    char path[4096];
    const char *at = strstr(argv[0], "/musl/dyn_exec");
    if (!at || (size_t)(at - argv[0]) + 32 > sizeof path) {
        printf("unexpected argv[0]\n");
        return 1;
    }
    snprintf(path, sizeof path, "%.*s/musl-dyn/hello", (int)(at - argv[0]), argv[0]);
    char *args[] = {path, "one", "two", NULL};
    fflush(stdout);
    pid_t pid = vfork();
    if (pid == 0) {
        execve(path, args, environ);
        _exit(127);
    }
    int st = 0;
    if (pid < 0 || waitpid(pid, &st, 0) != pid) {
        perror("vfork/waitpid");
        return 1;
    }
    printf("child exited %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    fflush(stdout);
    args[1] = NULL;
    execve(path, args, environ);
    perror("execve");
    return 1;
}
