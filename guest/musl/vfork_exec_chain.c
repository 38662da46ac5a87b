// timeout: 300
/* A chain of N generations (argv[1], default 1000): each generation vforks, the child execs this
 * program again with N-1 and the parent waits for it. The last generation exits with 42, every parent
 * checks that status and passes it up, so the first generation knows the whole chain ran. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 1000;
    int top = argc <= 2;
    if (n <= 0) return 42;
    char num[16];
    snprintf(num, sizeof num, "%d", n - 1);
    char *args[] = {argv[0], num, "child", NULL};
    pid_t pid = vfork();
    if (pid == 0) {
        execve("/proc/self/exe", args, environ);
        _exit(127);
    }
    if (pid < 0) { perror("vfork"); return 1; }
    int st;
    if (waitpid(pid, &st, 0) != pid) { perror("waitpid"); return 2; }
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 42) {
        printf("generation %d: child status %#x\n", n, st);
        return 3;
    }
    if (top) printf("chain of %d vfork+execve+wait generations completed\n", n);
    return top ? 0 : 42;
}
