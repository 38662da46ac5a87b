/* ETXTBSY (fs/exec.c deny_write_access, include/linux/fs.h get_write_access): while a program
 * runs, its file cannot be opened for writing, opened with O_TRUNC or truncated; while a file is
 * open for writing it cannot be executed, directly or as a "#!" script. Reading, and everything
 * after the program exits or the writer's last descriptor closes, works. The program copies itself
 * to a fresh directory under /tmp and runs the copy with vfork + execve. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "vfs_util.h"

static char dir[64], prog[96], script[96];

static void copy_self(void) {
    int in = open("/proc/self/exe", O_RDONLY);
    int out = open(prog, O_WRONLY | O_CREAT | O_EXCL, 0755);
    char buf[65536];
    long n;
    while ((n = read(in, buf, sizeof buf)) > 0) {
        write(out, buf, n);
    }
    close(in);
    close(out);
}

/* vfork + execve of PATH with one argument; in the parent, returns the child's pid. The child exits
 * with the execve errno when it fails. */
static pid_t run(const char *path, const char *arg, int stdin_fd) {
    pid_t p = vfork();
    if (p == 0) {
        if (stdin_fd >= 0) {
            dup2(stdin_fd, 0);
        }
        char *argv[] = {(char *)path, (char *)arg, NULL};
        execv(path, argv);
        _exit(errno);
    }
    return p;
}

static void report(const char *label, pid_t p) {
    int st;
    waitpid(p, &st, 0);
    int code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    printf("%s: exit %s\n", label, code == 7 ? "7 (ran)" : code == 0 ? "0" : vfs_errname(code));
}

static void open_close(const char *label, const char *path, int flags) {
    int fd = open(path, flags);
    vfs_showfd(label, fd);
    if (fd >= 0) {
        close(fd);
    }
}

int main(int argc, char **argv) {
    if (argc >= 2 && strcmp(argv[1], "wait") == 0) {
        char c;
        while (read(0, &c, 1) > 0) {
        }
        return 0;
    }
    if (argc != 1 && strcmp(argv[1], "run") != 0 && strcmp(argv[1], "wait") != 0) {
        return 2;   /* never recurse into the test */
    }
    if (argc >= 2 && strcmp(argv[1], "run") == 0) {   /* also through "#!prog run": argv = prog run script x */
        return 7;
    }
    setvbuf(stdout, NULL, _IONBF, 0);
    strcpy(dir, "/tmp/etxtbsy.XXXXXX");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    snprintf(prog, sizeof prog, "%s/prog", dir);
    snprintf(script, sizeof script, "%s/script", dir);
    copy_self();
    struct stat before, after;
    stat(prog, &before);

    /* A running program's file. */
    int pfd[2];
    pipe2(pfd, O_CLOEXEC);    /* the waiter must not hold the write end itself */
    pid_t waiter = run(prog, "wait", pfd[0]);
    close(pfd[0]);
    open_close("running: open O_WRONLY", prog, O_WRONLY);
    open_close("running: open O_RDWR", prog, O_RDWR);
    open_close("running: open O_RDONLY|O_TRUNC", prog, O_RDONLY | O_TRUNC);
    open_close("running: open O_WRONLY|O_CREAT", prog, O_WRONLY | O_CREAT);
    open_close("running: open O_RDONLY", prog, O_RDONLY);
    vfs_show("running: truncate", truncate(prog, 0));
    stat(prog, &after);
    printf("running: size unchanged: %d\n", after.st_size == before.st_size);
    open_close("running: /proc/self/exe O_WRONLY", "/proc/self/exe", O_WRONLY);
    report("second copy runs while the first does", run(prog, "run", -1));
    close(pfd[1]);
    report("waiter", waiter);
    open_close("exited: open O_WRONLY", prog, O_WRONLY);

    /* A file open for writing. */
    int w = open(prog, O_WRONLY);
    report("open for writing: execve", run(prog, "run", -1));
    int w2 = dup(w);
    close(w);
    report("dup still open: execve", run(prog, "run", -1));
    close(w2);
    report("closed: execve", run(prog, "run", -1));
    int r = open(prog, O_RDONLY);
    report("open for reading: execve", run(prog, "run", -1));
    close(r);

    /* A "#!" script open for writing, and one whose interpreter is open for writing. */
    int s = open(script, O_WRONLY | O_CREAT | O_EXCL, 0755);
    dprintf(s, "#!%s run\n", prog);
    report("script open for writing: execve", run(script, "x", -1));
    close(s);
    report("script closed: execve", run(script, "x", -1));
    w = open(prog, O_RDWR);
    report("script's interpreter open for writing: execve", run(script, "x", -1));
    close(w);

    unlink(script);
    unlink(prog);
    rmdir(dir);
    return 0;
}
