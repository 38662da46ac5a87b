/* mount(2) and umount2(2) of tmpfs, as root: the new mount hides the directory under it and shows in
 * /proc/mounts and /proc/self/mountinfo with its options; MS_RDONLY (EROFS), MS_REMOUNT (EBUSY to
 * read-only with a file open for writing), MS_NOEXEC (execve and access(X_OK) EACCES, PROT_EXEC file
 * mmap EPERM), MS_NOSUID/MS_NODEV in the options; umount2 EBUSY for an open file, a cwd or a
 * submount, MNT_DETACH; stacked mounts; the errnos ENOENT, ENOTDIR, ENODEV, EINVAL, EPERM.
 * Needs root natively (CAP_SYS_ADMIN). The temporary directory's name is never printed ("D"). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *en(int e) {
    switch (e) {
    case 0: return "0";
    case ENOENT: return "ENOENT";
    case ENOTDIR: return "ENOTDIR";
    case ENODEV: return "ENODEV";
    case EINVAL: return "EINVAL";
    case EBUSY: return "EBUSY";
    case EPERM: return "EPERM";
    case EROFS: return "EROFS";
    case EACCES: return "EACCES";
    case EEXIST: return "EEXIST";
    default: return strerror(e);
    }
}

#define T(label, expr) do { errno = 0; long r_ = (long)(expr); int e_ = errno; \
    printf("%s: %s\n", label, r_ < 0 ? en(e_) : "ok"); } while (0)

static char d[64], sub[96], file[96], exe[96];
static char text[16384];

static void slurp(const char *path) {
    int fd = open(path, O_RDONLY);
    long n = fd < 0 ? 0 : read(fd, text, sizeof text - 1);
    text[n < 0 ? 0 : n] = 0;
    if (fd >= 0) close(fd);
}

/* Prints the /proc/mounts and mountinfo lines of mounts at point, D for the directory's name. */
static void show(const char *label, const char *point, const char *name) {
    slurp("/proc/mounts");
    int n = 0;
    for (char *l = strtok(text, "\n"); l; l = strtok(NULL, "\n")) {
        char src[64], mp[128], rest[512];
        if (sscanf(l, "%63s %127s %511[^\n]", src, mp, rest) == 3 && strcmp(mp, point) == 0) {
            printf("%s: mounts: %s %s %s\n", label, src, name, rest);
            n++;
        }
    }
    slurp("/proc/self/mountinfo");
    for (char *l = strtok(text, "\n"); l; l = strtok(NULL, "\n")) {
        char mm[32], root[128], mp[128], rest[512];
        if (sscanf(l, "%*d %*d %31s %127s %127s %511[^\n]", mm, root, mp, rest) == 4 && strcmp(mp, point) == 0)
            printf("%s: mountinfo: %s %s %s\n", label, root, name, rest);
    }
    if (n == 0) printf("%s: not mounted\n", label);
}

static int exec_child(const char *path) {
    pid_t p = vfork();
    if (p == 0) {
        char *argv[] = {(char *)path, "exit7", NULL};
        execv(path, argv);
        _exit(errno == EACCES ? 100 : 101);
    }
    int st;
    waitpid(p, &st, 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void copy_self(const char *to) {
    int in = open("/proc/self/exe", O_RDONLY);
    int out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0755);
    char buf[8192];
    long n;
    while ((n = read(in, buf, sizeof buf)) > 0) write(out, buf, n);
    close(in);
    close(out);
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "exit7") == 0) return 7;
    setvbuf(stdout, NULL, _IONBF, 0);
    strcpy(d, "/tmp/mntXXXXXX");
    if (!mkdtemp(d)) return 2;
    snprintf(sub, sizeof sub, "%s/sub", d);
    snprintf(file, sizeof file, "%s/hidden", d);
    snprintf(exe, sizeof exe, "%s/prog", d);
    close(open(file, O_WRONLY | O_CREAT, 0644));
    struct stat st;

    T("mount missing", mount("none", "/tmp/no/such/dir", "tmpfs", 0, NULL));
    T("mount on a file", mount("none", file, "tmpfs", 0, NULL));
    T("mount unknown type", mount("none", d, "nosuchfs", 0, NULL));
    T("mount bad option", mount("none", d, "tmpfs", 0, "bogus=1"));
    T("remount not a mount", mount("none", d, "tmpfs", MS_REMOUNT, NULL));
    T("umount2 not a mount", umount2(d, 0));
    T("umount2 missing", umount2("/tmp/no/such/dir", 0));
    T("umount2 bad flags", umount2(d, 0x100));
    T("umount2 expire+detach", umount2(d, MNT_EXPIRE | MNT_DETACH));

    T("mount tmpfs", mount("none", d, "tmpfs", 0, "size=1m,mode=0750"));
    show("fresh", d, "D");
    stat(d, &st);
    printf("root mode %o\n", st.st_mode);
    T("stat hidden file", stat(file, &st));
    int fd = open(file, O_RDWR | O_CREAT, 0644);
    T("umount2 with an open file", umount2(d, 0));
    T("remount ro with a writer", mount("none", d, "tmpfs", MS_REMOUNT | MS_RDONLY, NULL));
    close(fd);
    T("chdir into it", chdir(d));
    T("umount2 with a cwd inside", umount2(d, 0));
    T("chdir out", chdir("/"));
    T("mkdir sub", mkdir(sub, 0755));
    T("mount on sub", mount("tmpfs", sub, "tmpfs", MS_NOSUID | MS_NODEV, NULL));
    show("sub", sub, "D/sub");
    T("umount2 with a submount", umount2(d, 0));
    T("umount2 sub", umount2(sub, 0));
    T("remount ro", mount("none", d, "tmpfs", MS_REMOUNT | MS_RDONLY, NULL));
    show("ro", d, "D");
    T("create on ro", open(file, O_WRONLY | O_CREAT | O_TRUNC, 0644));
    T("mkdir existing on ro", mkdir(sub, 0755));
    T("mkdir new on ro", mkdir(exe, 0755));
    T("remount rw noexec", mount("none", d, "tmpfs", MS_REMOUNT | MS_NOEXEC, "mode=0700"));
    show("noexec", d, "D");
    copy_self(exe);
    printf("exec on noexec: %s\n", exec_child(exe) == 100 ? "EACCES" : "ran");
    T("access X_OK on noexec", access(exe, X_OK));
    T("access R_OK on noexec", access(exe, R_OK));
    fd = open(exe, O_RDONLY);
    void *p = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);
    printf("mmap PROT_EXEC on noexec: %s\n", p == MAP_FAILED ? en(errno) : "ok");
    p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
    printf("mmap PROT_READ on noexec: %s\n", p == MAP_FAILED ? en(errno) : "ok");
    if (p != MAP_FAILED) munmap(p, 4096);
    close(fd);
    T("remount exec", mount("none", d, "tmpfs", MS_REMOUNT, NULL));
    show("exec", d, "D");
    printf("exec after remount: exit %d\n", exec_child(exe));

    /* Stacked: a second tmpfs on top; unmounting it shows the first again. */
    T("mount on top", mount("top", d, "tmpfs", MS_RDONLY, NULL));
    show("stacked", d, "D");
    T("prog hidden by the top mount", stat(exe, &st));
    T("umount2 top", umount2(d, 0));
    T("prog back", stat(exe, &st));

    /* MNT_DETACH while busy: the open file still works, the path shows the host directory again. */
    T("mount sub again", mount("tmpfs", sub, "tmpfs", 0, NULL));
    fd = open(exe, O_RDONLY);
    T("umount2 detach", umount2(d, MNT_DETACH));
    show("detached", d, "D");
    show("detached sub", sub, "D/sub");
    char c4[4];
    printf("open file still reads: %ld\n", read(fd, c4, 4));
    close(fd);
    T("hidden file back", stat(file, &st));
    T("umount2 again", umount2(d, 0));

    /* Without CAP_SYS_ADMIN: EPERM. */
    pid_t pid = vfork();
    if (pid == 0) {
        if (setresuid(65534, 65534, 65534) != 0) _exit(3);
        int r1 = mount("none", d, "tmpfs", 0, NULL) == 0 ? 0 : errno;
        int r2 = umount2("/proc", 0) == 0 ? 0 : errno;
        _exit((r1 == EPERM) + 2 * (r2 == EPERM) + 10);
    }
    int s;
    waitpid(pid, &s, 0);
    printf("unprivileged: mount EPERM %d umount2 EPERM %d\n", (WEXITSTATUS(s) - 10) & 1, ((WEXITSTATUS(s) - 10) >> 1) & 1);

    unlink(file);
    T("rmdir", rmdir(d));
    return 0;
}
