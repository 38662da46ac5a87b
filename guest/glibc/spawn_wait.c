/* Child processes the nommu way (no fork): vfork+execve of /proc/self/exe, posix_spawn, a pipe from child to
 * parent, and waitpid statuses for a normal exit, an exit code and death by a signal. */
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static void report(const char *what, int status) {
    if (WIFEXITED(status)) printf("%s: exited with %d\n", what, WEXITSTATUS(status));
    else if (WIFSIGNALED(status)) printf("%s: killed by signal %d\n", what, WTERMSIG(status));
    else printf("%s: status %#x\n", what, status);
}

int main(int argc, char **argv) {
    if (argc > 1) {   /* child modes */
        if (!strcmp(argv[1], "exit")) return atoi(argv[2]);
        if (!strcmp(argv[1], "signal")) { signal(SIGTERM, SIG_DFL); raise(SIGTERM); return 99; }
        if (!strcmp(argv[1], "write")) { printf("child writes to the pipe: %s\n", argv[2]); return 0; }
        return 100;
    }
    char *exe = "/proc/self/exe";
    pid_t pid = vfork();
    if (pid == 0) {
        char *args[] = {"spawn_wait", "exit", "7", NULL};
        execve(exe, args, environ);
        _exit(127);
    }
    int st;
    if (pid < 0) { perror("vfork"); return 1; }
    waitpid(pid, &st, 0);
    report("vfork+execve exit 7", st);

    char *sargs[] = {"spawn_wait", "signal", NULL};
    if (posix_spawn(&pid, exe, NULL, NULL, sargs, environ) != 0) { printf("posix_spawn failed\n"); return 1; }
    waitpid(pid, &st, 0);
    report("posix_spawn raise(SIGTERM)", st);

    int p[2];
    if (pipe(p) != 0) return 1;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, p[1], 1);
    posix_spawn_file_actions_addclose(&fa, p[0]);
    char *wargs[] = {"spawn_wait", "write", "hello-parent", NULL};
    if (posix_spawn(&pid, exe, &fa, NULL, wargs, environ) != 0) { printf("posix_spawn failed\n"); return 1; }
    close(p[1]);
    char buf[128] = {0};
    size_t got = 0;
    ssize_t n;
    while ((n = read(p[0], buf + got, sizeof buf - 1 - got)) > 0) got += (size_t)n;
    close(p[0]);
    waitpid(pid, &st, 0);
    printf("parent read %zu bytes: %s", got, buf);
    report("posix_spawn with dup2", st);
    printf("waitpid with no children: %d\n", waitpid(-1, &st, WNOHANG));
    return 0;
}
