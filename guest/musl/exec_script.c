/* execve of a "#!" script whose interpreter is this program (interpreter, its one optional argument,
 * the script path, then the remaining arguments), and execve errors: an over-long argument (E2BIG),
 * a file of garbage with execute permission (ENOEXEC), a file without it (EACCES), a missing file. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static int run(const char *path, char **args) {
    pid_t pid = vfork();
    if (pid == 0) {
        execve(path, args, environ);
        _exit(100 + errno);
    }
    int st;
    waitpid(pid, &st, 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static char script[64];

static char *make_file(const char *content, int mode) {
    strcpy(script, "/tmp/flatland_exec_XXXXXX");
    int fd = mkstemp(script);
    if (fd < 0) { perror("mkstemp"); exit(1); }
    write(fd, content, strlen(content));
    close(fd);
    chmod(script, mode);
    return script;
}

int main(int argc, char **argv) {
    if (argc > 1 && !strcmp(argv[1], "--interp-arg")) {   /* running as the interpreter */
        printf("interpreter got %d args: arg1=%s script-path-matches=%d", argc, argv[1],
            argc > 2 && !strcmp(argv[2], getenv("SCRIPT")));
        for (int i = 3; i < argc; i++) printf(" [%s]", argv[i]);
        printf("\n");
        return 7;
    }
    char content[512];
    snprintf(content, sizeof content, "#!%s --interp-arg\nthis line is not read\n", argv[0]);
    char *path = make_file(content, 0755);
    setenv("SCRIPT", path, 1);
    char *sargs[] = {"ignored-argv0", "x", "y z", NULL};
    fflush(stdout);
    printf("script exit status %d\n", run(path, sargs));
    unlink(path);

    static char big[200 * 1024];
    memset(big, 'a', sizeof big - 1);
    char *bargs[] = {argv[0], big, NULL};
    printf("200 KiB argument: %s\n", strerror(run(argv[0], bargs) - 100));

    path = make_file("\x01\x02garbage, not an executable\n", 0755);
    char *gargs[] = {"garbage", NULL};
    printf("garbage file: %s\n", strerror(run(path, gargs) - 100));
    chmod(path, 0644);
    printf("no execute permission: %s\n", strerror(run(path, gargs) - 100));
    unlink(path);
    printf("missing file: %s\n", strerror(run("/nonexistent/program", gargs) - 100));
    return 0;
}
