/* mount/umount2 of tmpfs (as root), flock, creat, sync, syncfs. The blocking flock pairs with a second
 * process (vfork+exec of this program); its wait is ended by the parent's close, never by time. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "vfs_util.h"

static char mnt[80], sub[128], file[128];

static int in_mounts(const char *point) {
    static char buf[65536];
    int fd = open("/proc/mounts", O_RDONLY);
    int n = 0, r;
    while ((r = read(fd, buf + n, sizeof buf - 1 - n)) > 0) {
        n += r;
    }
    close(fd);
    buf[n] = 0;
    char needle[128];
    snprintf(needle, sizeof needle, " %s tmpfs ", point);
    return strstr(buf, needle) != 0;
}

static void show_dir(const char *label, const char *p, dev_t parent) {
    struct stat st;
    struct statfs sf;
    if (stat(p, &st) != 0 || statfs(p, &sf) != 0) {
        printf("%s: -1 %s\n", label, vfs_errname(errno));
        return;
    }
    printf("%s: mode %o own dev %d tmpfs %d listed %d\n", label, st.st_mode & 07777, st.st_dev != parent,
           sf.f_type == 0x01021994, in_mounts(p));
}

int main(int argc, char **argv) {
    setvbuf(stdout, 0, _IOLBF, 0);
    if (argc == 4 && strcmp(argv[1], "child") == 0) {
        int fd = open(argv[2], O_RDONLY);
        int sync = atoi(argv[3]);
        SHOW("  child flock EX|NB", flock(fd, LOCK_EX | LOCK_NB));
        write(sync, "r", 1);
        SHOW("  child flock EX (waits)", flock(fd, LOCK_EX));
        return 0;
    }
    umask(022);
    snprintf(mnt, sizeof mnt, "/tmp/flatland-mnt-%d", (int)getpid());
    snprintf(sub, sizeof sub, "%s/sub", mnt);
    snprintf(file, sizeof file, "%s/file", mnt);
    mkdir(mnt, 0755);
    struct stat st;
    stat("/tmp", &st);
    dev_t parent = st.st_dev;

    printf("== mount / umount2\n");
    show_dir("before", mnt, parent);
    SHOW("mount tmpfs mode=0700", mount("none", mnt, "tmpfs", 0, "mode=0700,size=1m"));
    show_dir("mounted", mnt, parent);
    int fd = open(file, O_RDWR | O_CREAT, 0644);
    SHOW("write inside", write(fd, "in tmpfs", 8));
    close(fd);
    mkdir(sub, 0755);
    SHOW("umount2 a subdirectory", umount2(sub, 0));
    SHOW("umount2 missing", umount2("/tmp/flatland-no-such-dir", 0));
    SHOW("umount2 bad flag", umount2(mnt, 0x10));
    SHOW("umount2 EXPIRE|FORCE", umount2(mnt, MNT_EXPIRE | MNT_FORCE));
    SHOW("mount unknown type", mount("none", mnt, "flatland-nosuchfs", 0, 0));
    SHOW("mount on missing", mount("none", "/tmp/flatland-no-such-dir", "tmpfs", 0, 0));
    SHOW("mount on a file", mount("none", file, "tmpfs", 0, 0));
    SHOW("mount over it again (stacked)", mount("none", mnt, "tmpfs", 0, "mode=0755"));
    show_dir("stacked", mnt, parent);
    SHOW("file hidden", access(file, F_OK));
    SHOW("umount2 the top one", umount2(mnt, 0));
    show_dir("first again", mnt, parent);
    SHOW("file back", access(file, F_OK));
    SHOW("read-only mount on sub", mount("none", sub, "tmpfs", MS_RDONLY, 0));
    struct statfs sf;
    statfs(sub, &sf);
    printf("ST_RDONLY %ld\n", (long)(sf.f_flags & 1));
    char in_sub[160];
    snprintf(in_sub, sizeof in_sub, "%s/x", sub);
    SHOW("create on it", open(in_sub, O_CREAT | O_WRONLY, 0600));
    SHOW("mkdir on it", mkdir(in_sub, 0700));
    SHOW("umount2 the parent of a mount", umount2(mnt, 0));
    SHOW("umount2 sub", umount2(sub, 0));
    SHOW("mount nosuid,nodev,noexec on sub", mount("none", sub, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, 0));
    statfs(sub, &sf);
    printf("f_flags %#lx\n", (unsigned long)sf.f_flags);
    SHOW("mount noatime on top", mount("none", sub, "tmpfs", MS_NOATIME | MS_RDONLY, 0));
    statfs(sub, &sf);
    printf("f_flags %#lx\n", (unsigned long)sf.f_flags);
    SHOW("umount2 top", umount2(sub, 0));
    SHOW("umount2 sub", umount2(sub, 0));
    SHOW("umount2", umount2(mnt, 0));
    show_dir("after", mnt, parent);
    SHOW("file gone with the mount", access(file, F_OK));
    SHOW("umount2 again", umount2(mnt, 0));

    printf("== creat, sync, syncfs\n");
    fd = SHOWFD("creat", creat(file, 0600));
    SHOW("write", write(fd, "abc", 3));
    char rb[4];
    SHOW("read on O_WRONLY", read(fd, rb, 1));
    close(fd);
    fd = SHOWFD("creat again truncates", creat(file, 0600));
    SHOW("size", (fstat(fd, &st), st.st_size));
    stat(file, &st);
    printf("mode %o\n", st.st_mode & 07777);
    sync();
    SHOW("syncfs", syncfs(fd));
    SHOW("syncfs bad fd", syncfs(999));
    close(fd);

    printf("== flock\n");
    int a = open(file, O_RDONLY | O_CLOEXEC), b = open(file, O_RDONLY | O_CLOEXEC);
    SHOW("a EX", flock(a, LOCK_EX));
    SHOW("a EX again", flock(a, LOCK_EX | LOCK_NB));
    SHOW("b EX|NB", flock(b, LOCK_EX | LOCK_NB));
    SHOW("b SH|NB", flock(b, LOCK_SH | LOCK_NB));
    struct flock fl = {.l_type = F_RDLCK, .l_whence = SEEK_SET};
    SHOW("fcntl lock beside it", fcntl(b, F_SETLK, &fl));
    int a2 = dup(a);
    SHOW("unlock through a dup", flock(a2, LOCK_UN));
    SHOW("b SH|NB", flock(b, LOCK_SH | LOCK_NB));
    SHOW("a SH|NB", flock(a, LOCK_SH | LOCK_NB));
    SHOW("a EX|NB (converts, loses SH)", flock(a, LOCK_EX | LOCK_NB));
    SHOW("b EX|NB", flock(b, LOCK_EX | LOCK_NB));
    SHOW("a SH|NB", flock(a, LOCK_SH | LOCK_NB));
    SHOW("bad op", flock(a, 0));
    SHOW("bad op LOCK_SH|LOCK_EX", flock(a, LOCK_SH | LOCK_EX));
    SHOW("bad fd", flock(999, LOCK_SH));
    int op = open(file, O_PATH);
    SHOW("O_PATH", flock(op, LOCK_SH));
    close(op);
    close(a);
    close(a2);
    int sync[2];
    pipe(sync);
    char sfd[16];
    snprintf(sfd, sizeof sfd, "%d", sync[1]);
    fflush(stdout);
    pid_t c = vfork();
    if (c == 0) {
        execl(argv[0], argv[0], "child", file, sfd, (char *)0);
        _exit(127);
    }
    char ch;
    read(sync[0], &ch, 1);
    close(b);   /* the last reference to b's description: its lock goes, the child's wait ends */
    int status;
    waitpid(c, &status, 0);
    printf("child: %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);

    unlink(file);
    rmdir(sub);
    SHOW("rmdir", rmdir(mnt));
    return 0;
}
