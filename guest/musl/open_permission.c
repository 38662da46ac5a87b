/* Permission checks at open(2) (fs/namei.c may_open and generic_permission): as root every file opens
 * for reading and writing (CAP_DAC_OVERRIDE); an unprivileged process gets the owner, group or other
 * bits that apply to it, O_TRUNC needs write permission, O_CREAT of a new file needs write permission
 * on the directory, O_EXCL on an existing file is EEXIST first, O_PATH needs none. busybox's
 * testsuite checks "cp" refuses a file it cannot read (setuidgid 1 busybox cp ...). Run as root
 * (Flatland's default identity); the unprivileged part runs in a child (vfork + execve of
 * /proc/self/exe) that becomes uid 1, gid 1. Prints errno names, never paths. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../common/nt.h"

extern char **environ;
static char dir[64];

static void try_open(const char *what, const char *name, int flags) {
    char p[128];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    int fd = open(p, flags, 0644);
    printf("%-44s %s\n", what, fd >= 0 ? "ok" : nt_errname(errno));
    if (fd >= 0) close(fd);
}

static void make(const char *name, int mode, int uid, int gid) {
    char p[128];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0 || write(fd, "x\n", 2) != 2) { perror("make"); exit(1); }
    close(fd);
    if (chown(p, uid, gid) || chmod(p, mode)) { perror("chown/chmod"); exit(1); }
}

static int as_user(void) {
    gid_t g = 1;
    if (setgroups(1, &g) || setgid(1) || setuid(1)) { perror("setuid"); return 1; }
    printf("-- as uid %d gid %d\n", (int)getuid(), (int)getgid());
    try_open("0400 root:root, O_RDONLY", "r_root", O_RDONLY);
    try_open("0004 root:root, O_RDONLY (other r)", "o_read", O_RDONLY);
    try_open("0004 root:root, O_WRONLY", "o_read", O_WRONLY);
    try_open("0040 root:1, O_RDONLY (group r)", "g_read", O_RDONLY);
    try_open("0040 root:1, O_RDWR", "g_read", O_RDWR);
    try_open("0200 1:1, O_WRONLY (owner w)", "u_write", O_WRONLY);
    try_open("0200 1:1, O_RDONLY", "u_write", O_RDONLY);
    try_open("0200 1:1, O_RDWR", "u_write", O_RDWR);
    try_open("0044 1:1, O_RDONLY (owner bits win)", "u_none", O_RDONLY);
    try_open("0444 1:1, O_RDONLY|O_TRUNC", "u_ro", O_RDONLY | O_TRUNC);
    try_open("0000 root:root, O_PATH", "none", O_PATH);
    try_open("0400 root:root, O_CREAT|O_EXCL (exists)", "r_root", O_WRONLY | O_CREAT | O_EXCL);
    try_open("0400 root:root, O_CREAT (exists)", "r_root", O_WRONLY | O_CREAT);
    try_open("new file in 0755 root dir, O_CREAT", "new", O_WRONLY | O_CREAT);
    try_open("new file in 0777 subdir, O_CREAT", "open/new", O_WRONLY | O_CREAT);
    try_open("new file in 0777 subdir, O_CREAT again", "open/new", O_WRONLY | O_CREAT);
    return 0;
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc > 2 && !strcmp(argv[1], "--user")) {
        snprintf(dir, sizeof dir, "%s", argv[2]);
        return as_user();
    }
    strcpy(dir, "/tmp/flatland_perm_XXXXXX");
    if (!mkdtemp(dir)) { perror("mkdtemp"); return 1; }
    chmod(dir, 0755);
    make("r_root", 0400, 0, 0);
    make("o_read", 0004, 0, 0);
    make("g_read", 0040, 0, 1);
    make("u_write", 0200, 1, 1);
    make("u_none", 0044, 1, 1);
    make("u_ro", 0444, 1, 1);
    make("none", 0000, 0, 0);
    char sub[96];
    snprintf(sub, sizeof sub, "%s/open", dir);
    mkdir(sub, 0777);
    chmod(sub, 0777);
    printf("-- as root\n");
    try_open("0000 root:root, O_RDWR", "none", O_RDWR);
    try_open("0000 root:root, O_RDONLY|O_TRUNC", "none", O_RDONLY | O_TRUNC);
    try_open("0200 1:1, O_RDONLY", "u_write", O_RDONLY);
    pid_t pid = vfork();
    if (pid == 0) {
        char *args[] = {"open_permission", "--user", dir, NULL};
        execve("/proc/self/exe", args, environ);
        _exit(127);
    }
    int st;
    waitpid(pid, &st, 0);
    printf("child exit status %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    const char *names[] = {"r_root", "o_read", "g_read", "u_write", "u_none", "u_ro", "none", "new", "open/new"};
    for (unsigned i = 0; i < sizeof names / sizeof *names; i++) {
        char p[128];
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        unlink(p);
    }
    rmdir(sub);
    rmdir(dir);
    return 0;
}
