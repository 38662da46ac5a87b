/* What a process run from a "#!" script is called: its comm (/proc/self/comm, prctl PR_GET_NAME) is
 * the script's file name, not the interpreter's (begin_new_exec sets comm from bprm->filename, which
 * binfmt_script leaves alone), while /proc/self/exe is the interpreter. busybox pidof finds a running
 * script by that comm (its testsuite's "pidof this"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static const char *base(const char *p) {
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

int main(int argc, char **argv) {
    if (argc > 2 && !strcmp(argv[1], "--as-interpreter")) {
        const char *script = argv[2];
        char comm[32] = "";
        FILE *f = fopen("/proc/self/comm", "r");
        if (f) { if (!fgets(comm, sizeof comm, f)) comm[0] = 0; fclose(f); }
        comm[strcspn(comm, "\n")] = 0;
        char name[17] = "";
        prctl(PR_GET_NAME, name);
        char exe[4096], self[4096];
        ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
        exe[n < 0 ? 0 : n] = 0;
        char *r = realpath(getenv("INTERP"), self);
        const char *execfn = (const char *)getauxval(AT_EXECFN);
        printf("comm is the script's name (first 15 bytes): %s\n", strncmp(comm, base(script), 15) == 0 && strlen(comm) <= 15 ? "yes" : "no");
        printf("PR_GET_NAME is the same: %s\n", strcmp(name, comm) == 0 ? "yes" : "no");
        printf("/proc/self/exe is the interpreter: %s\n", r && strcmp(exe, self) == 0 ? "yes" : "no");
        printf("AT_EXECFN is the script path: %s\n", execfn && strcmp(execfn, script) == 0 ? "yes" : "no");
        return 0;
    }
    char path[] = "/tmp/flatland_comm_script_XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) { perror("mkstemp"); return 1; }
    char content[4200];
    int len = snprintf(content, sizeof content, "#!%s --as-interpreter\n", argv[0]);
    write(fd, content, len);
    close(fd);
    chmod(path, 0755);
    setenv("INTERP", argv[0], 1);
    fflush(stdout);
    pid_t pid = vfork();
    if (pid == 0) {
        char *args[] = {"script-argv0", NULL};
        execve(path, args, environ);
        _exit(127);
    }
    int st;
    waitpid(pid, &st, 0);
    unlink(path);
    printf("script exit status %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    return 0;
}
