/* FIFOs on tmpfs (mkfifo, mknod and its other types) with fifo_open's rules, pipe2 flags and
 * F_GETPIPE_SZ/F_SETPIPE_SZ. Blocking opens pair with a second process (vfork+exec of this program);
 * the only wait ended by a signal is repeated until the other side reports, so nothing depends on time. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>
#include "vfs_util.h"

static char dir[80];
static const char *self;

static char *at(const char *name) {
    static char buf[4][128];
    static int i;
    i = (i + 1) & 3;
    snprintf(buf[i], sizeof buf[i], "%s/%s", dir, name);
    return buf[i];
}

static pid_t spawn(const char *mode, const char *p, int fd) {
    char sfd[16];
    snprintf(sfd, sizeof sfd, "%d", fd);
    fflush(stdout);
    pid_t c = vfork();
    if (c == 0) {
        execl(self, self, "child", mode, p, sfd, (char *)0);
        _exit(127);
    }
    return c;
}

static int reap(pid_t p) {
    int st;
    waitpid(p, &st, 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static void on_usr1(int s) { (void)s; }

static const char *type(mode_t m) {
    return S_ISFIFO(m) ? "fifo" : S_ISREG(m) ? "reg" : S_ISSOCK(m) ? "sock" : S_ISDIR(m) ? "dir" : "other";
}

static void show_stat(const char *label, const char *p) {
    struct stat st;
    if (stat(p, &st) != 0) {
        printf("%s: -1 %s\n", label, vfs_errname(errno));
    } else {
        printf("%s: %s %o nlink=%ld size=%ld\n", label, type(st.st_mode), st.st_mode & 07777, (long)st.st_nlink,
               (long)st.st_size);
    }
}

static int child(char **argv) {
    const char *mode = argv[2], *p = argv[3];
    int fd = atoi(argv[4]);
    if (strcmp(mode, "writer") == 0) {
        int w = open(p, O_WRONLY);   /* waits for the parent's reader */
        write(w, "from the child\n", 15);
        close(w);
        return w >= 0 ? 0 : 1;
    }
    if (strcmp(mode, "reader") == 0) {
        int r = open(p, O_RDONLY);   /* waits for the parent's writer */
        char b[64];
        int n = read(r, b, sizeof b);
        printf("  child read %d: %.*s", n, n > 0 ? n : 0, b);
        return r >= 0 ? 0 : 1;
    }
    if (strcmp(mode, "intr") == 0) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_usr1;   /* no SA_RESTART */
        sigaction(SIGUSR1, &sa, 0);
        write(fd, "r", 1);
        errno = 0;
        int r = open(p, O_RDONLY);
        char res = r == -1 && errno == EINTR ? 'I' : r >= 0 ? 'o' : 'X';
        write(fd, &res, 1);
        return 0;
    }
    return 99;
}

int main(int argc, char **argv) {
    setvbuf(stdout, 0, _IOLBF, 0);
    if (argc > 4 && strcmp(argv[1], "child") == 0) {
        return child(argv);
    }
    self = argv[0];
    umask(022);
    snprintf(dir, sizeof dir, "/dev/shm/flatland-fifo-%d", (int)getpid());
    mkdir(dir, 0755);

    printf("== mkfifo and mknod\n");
    SHOW("mkfifo", mkfifo(at("f"), 0666));
    show_stat("stat f", at("f"));
    SHOW("mkfifo again", mkfifo(at("f"), 0666));
    SHOW("mknod S_IFIFO", mknod(at("g"), S_IFIFO | 0640, 0));
    show_stat("stat g", at("g"));
    SHOW("mknod S_IFREG", mknod(at("r"), S_IFREG | 0600, 0));
    show_stat("stat r", at("r"));
    SHOW("mknod type 0", mknod(at("z"), 0644, 0));
    show_stat("stat z", at("z"));
    SHOW("mknod S_IFSOCK", mknod(at("s"), S_IFSOCK | 0600, 0));
    show_stat("stat s", at("s"));
    SHOWFD("open socket node", open(at("s"), O_RDONLY));
    SHOW("mknod S_IFDIR", mknod(at("d"), S_IFDIR | 0755, 0));
    SHOW("mknod bad type", mknod(at("b"), 0170000 | 0644, 0));
    SHOW("mknodat in missing dir", mknodat(AT_FDCWD, at("nodir/x"), S_IFIFO | 0600, 0));
    SHOW("mknod over a file", mknod(at("r"), S_IFIFO | 0600, 0));
    SHOW("mkfifo trailing slash", mkfifo(at("t/"), 0600));

    printf("== non-blocking opens\n");
    SHOWFD("open O_WRONLY|O_NONBLOCK, no reader", open(at("f"), O_WRONLY | O_NONBLOCK));
    int rd = SHOWFD("open O_RDONLY|O_NONBLOCK", open(at("f"), O_RDONLY | O_NONBLOCK));
    char b[64];
    SHOW("read, never a writer", read(rd, b, sizeof b));
    struct pollfd pf = {rd, POLLIN, 0};
    poll(&pf, 1, 0);
    printf("poll before any writer: %#x\n", pf.revents);
    int wr = SHOWFD("open O_WRONLY|O_NONBLOCK with a reader", open(at("f"), O_WRONLY | O_NONBLOCK));
    SHOW("write", write(wr, "hello", 5));
    poll(&pf, 1, 0);
    printf("poll with data: %#x\n", pf.revents);
    SHOW("read", read(rd, b, sizeof b));
    SHOW("read empty with writer", read(rd, b, sizeof b));
    struct stat fs, ps;
    fstat(wr, &fs);
    stat(at("f"), &ps);
    printf("fstat: %s %o same inode %d\n", type(fs.st_mode), fs.st_mode & 0777, fs.st_ino == ps.st_ino);
    SHOW("lseek", lseek(rd, 0, SEEK_SET));
    SHOW("F_GETPIPE_SZ", fcntl(rd, F_GETPIPE_SZ));
    SHOW("F_GETFL & O_ACCMODE|O_NONBLOCK", fcntl(wr, F_GETFL) & (O_ACCMODE | O_NONBLOCK));
    close(wr);
    poll(&pf, 1, 0);
    printf("poll after the writer left: %#x\n", pf.revents);
    SHOW("read after the writer left", read(rd, b, sizeof b));
    close(rd);

    printf("== O_RDWR never waits; the data goes with the last close\n");
    int rw = SHOWFD("open O_RDWR", open(at("g"), O_RDWR));
    SHOW("write", write(rw, "kept?", 5));
    int rw2 = open(at("g"), O_RDWR | O_NONBLOCK);
    SHOW("read through a second O_RDWR", read(rw2, b, 2));
    close(rw);
    SHOW("read rest with one open left", read(rw2, b, sizeof b));
    SHOW("write again", write(rw2, "lost", 4));
    close(rw2);
    rw = open(at("g"), O_RDWR | O_NONBLOCK);
    SHOW("read after all closed", read(rw, b, sizeof b));
    close(rw);

    printf("== blocking opens pair up with another process\n");
    pid_t c = spawn("writer", at("f"), -1);
    rd = open(at("f"), O_RDONLY);
    int n = read(rd, b, sizeof b);
    printf("parent read %d: %.*s", n, n > 0 ? n : 0, b);
    close(rd);
    printf("child: %d\n", reap(c));
    c = spawn("reader", at("f"), -1);
    wr = open(at("f"), O_WRONLY);
    write(wr, "from the parent\n", 16);
    close(wr);
    printf("child: %d\n", reap(c));

    printf("== a blocked FIFO open is interrupted by a signal\n");
    int sync[2];
    pipe(sync);
    c = spawn("intr", at("f"), sync[1]);
    char ch;
    read(sync[0], &ch, 1);
    struct pollfd sp = {sync[0], POLLIN, 0};
    do {
        kill(c, SIGUSR1);
    } while (poll(&sp, 1, 20) == 0);
    read(sync[0], &ch, 1);
    printf("child open: %s\n", ch == 'I' ? "EINTR" : ch == 'o' ? "opened" : "other");
    printf("child: %d\n", reap(c));
    SHOWFD("then O_WRONLY|O_NONBLOCK has no reader", open(at("f"), O_WRONLY | O_NONBLOCK));
    close(sync[0]);
    close(sync[1]);

    printf("== unlinked FIFO stays usable\n");
    rw = open(at("f"), O_RDWR);
    SHOW("unlink", unlink(at("f")));
    SHOW("write", write(rw, "abc", 3));
    SHOW("read", read(rw, b, sizeof b));
    close(rw);

    printf("== pipe2 flags\n");
    int p[2];
    SHOW("pipe2 bad flag", pipe2(p, O_APPEND));
    SHOW("pipe2 O_CLOEXEC|O_NONBLOCK", pipe2(p, O_CLOEXEC | O_NONBLOCK));
    printf("F_GETFD %d %d, O_NONBLOCK %d %d\n", fcntl(p[0], F_GETFD), fcntl(p[1], F_GETFD),
           !!(fcntl(p[0], F_GETFL) & O_NONBLOCK), !!(fcntl(p[1], F_GETFL) & O_NONBLOCK));
    SHOW("read empty non-blocking", read(p[0], b, 1));
    close(p[0]);
    close(p[1]);
    SHOW("pipe2 0", pipe2(p, 0));
    printf("F_GETFD %d, O_NONBLOCK %d, accmode %d %d\n", fcntl(p[0], F_GETFD), !!(fcntl(p[0], F_GETFL) & O_NONBLOCK),
           fcntl(p[0], F_GETFL) & O_ACCMODE, fcntl(p[1], F_GETFL) & O_ACCMODE);

    printf("== F_GETPIPE_SZ / F_SETPIPE_SZ\n");
    SHOW("F_GETPIPE_SZ", fcntl(p[0], F_GETPIPE_SZ));
    SHOW("F_SETPIPE_SZ 4096", fcntl(p[1], F_SETPIPE_SZ, 4096));
    SHOW("F_SETPIPE_SZ 5000", fcntl(p[1], F_SETPIPE_SZ, 5000));
    SHOW("F_SETPIPE_SZ 0", fcntl(p[1], F_SETPIPE_SZ, 0));
    SHOW("F_SETPIPE_SZ 1", fcntl(p[0], F_SETPIPE_SZ, 1));
    SHOW("F_SETPIPE_SZ 1 MiB", fcntl(p[0], F_SETPIPE_SZ, 1 << 20));
    SHOW("F_SETPIPE_SZ 2^31 + 1", fcntl(p[0], F_SETPIPE_SZ, 0x80000001u));
    SHOW("F_GETPIPE_SZ", fcntl(p[1], F_GETPIPE_SZ));
    SHOW("F_SETPIPE_SZ 4096", fcntl(p[1], F_SETPIPE_SZ, 4096));
    fcntl(p[1], F_SETFL, O_NONBLOCK);
    static char big[10000];
    memset(big, 'p', sizeof big);
    SHOW("write 5000 into a one-page pipe", write(p[1], big, 5000));
    SHOW("write 1 more", write(p[1], big, 1));
    SHOW("F_SETPIPE_SZ 8192 while full", fcntl(p[1], F_SETPIPE_SZ, 8192));
    SHOW("write 4096 more", write(p[1], big, 4096));
    SHOW("F_SETPIPE_SZ 4096 holding 8192", fcntl(p[1], F_SETPIPE_SZ, 4096));
    SHOW("read 10000", read(p[0], big, sizeof big));
    int fd = open(at("r"), O_RDWR);
    SHOW("F_GETPIPE_SZ on a file", fcntl(fd, F_GETPIPE_SZ));
    SHOW("F_SETPIPE_SZ on a file", fcntl(fd, F_SETPIPE_SZ, 4096));
    close(fd);
    close(p[0]);
    close(p[1]);

    unlink(at("g"));
    unlink(at("r"));
    unlink(at("z"));
    unlink(at("s"));
    SHOW("rmdir", rmdir(dir));
    return 0;
}
