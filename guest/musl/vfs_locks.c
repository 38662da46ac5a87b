/* fcntl record locks: F_GETLK/F_SETLK/F_SETLKW and F_OFD_*; conflicts between processes (vfork+exec
 * of this program as the other process), splitting and merging, release on close of any descriptor
 * (POSIX) or of the last one (OFD), EDEADLK, EINTR. Every wait is ended by the other side, never by time. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <poll.h>
#include "vfs_util.h"

static char path[96];
static const char *self;

static int lk(int fd, int cmd, short type, short whence, long start, long len) {
    struct flock fl;
    memset(&fl, 0, sizeof fl);
    fl.l_type = type;
    fl.l_whence = whence;
    fl.l_start = start;
    fl.l_len = len;
    return fcntl(fd, cmd, &fl);
}

static const char *tname(int t) {
    return t == F_RDLCK ? "RD" : t == F_WRLCK ? "WR" : t == F_UNLCK ? "UN" : "??";
}

/* F_GETLK (or F_OFD_GETLK) for a write lock on [start, start+len): prints what conflicts. */
static void probe(const char *label, int fd, int cmd, long start, long len, pid_t holder) {
    struct flock fl;
    memset(&fl, 0, sizeof fl);
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    fl.l_start = start;
    fl.l_len = len;
    errno = 0;
    int r = fcntl(fd, cmd, &fl);
    if (r < 0) {
        printf("%s: -1 %s\n", label, vfs_errname(errno));
    } else if (fl.l_type == F_UNLCK) {
        printf("%s: UN\n", label);
    } else {
        printf("%s: %s whence=%d start=%ld len=%ld pid=%s\n", label, tname(fl.l_type), fl.l_whence,
               (long)fl.l_start, (long)fl.l_len,
               fl.l_pid == -1 ? "-1" : fl.l_pid == holder ? "holder" : "other");
    }
}

/* Runs this program as "child MODE ARG..." and returns its pid (vfork + exec). */
static pid_t spawn(const char *mode, int a, int b) {
    char sa[16], sb[16];
    snprintf(sa, sizeof sa, "%d", a);
    snprintf(sb, sizeof sb, "%d", b);
    fflush(stdout);
    pid_t p = vfork();
    if (p == 0) {
        execl(self, self, "child", mode, path, sa, sb, (char *)0);
        _exit(127);
    }
    return p;
}

static int reap(pid_t p) {
    int st;
    waitpid(p, &st, 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static void on_usr1(int s) { (void)s; }

static int child(int argc, char **argv) {
    const char *mode = argv[2];
    snprintf(path, sizeof path, "%s", argv[3]);
    int a = argc > 4 ? atoi(argv[4]) : -1;
    pid_t parent = getppid();
    int fd = open(path, O_RDWR);
    if (strcmp(mode, "probe") == 0) {
        probe("  child getlk [0,5)", fd, F_GETLK, 0, 5, parent);
        probe("  child getlk [10,11)", fd, F_GETLK, 10, 1, parent);
        probe("  child getlk [19,20)", fd, F_GETLK, 19, 1, parent);
        probe("  child getlk [5,10)", fd, F_GETLK, 5, 5, parent);
        SHOW("  child setlk RD [0,5)", lk(fd, F_SETLK, F_RDLCK, SEEK_SET, 0, 5));
        SHOW("  child setlk WR [15,16)", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 15, 1));
        SHOW("  child setlk RD [12,13)", lk(fd, F_SETLK, F_RDLCK, SEEK_SET, 12, 1));
        SHOW("  child setlk WR [5,10)", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 5, 5));
        return 0;
    }
    if (strcmp(mode, "probe2") == 0) {
        probe("  child getlk [12,13)", fd, F_GETLK, 12, 1, parent);
        probe("  child getlk [11,12)", fd, F_GETLK, 11, 1, parent);
        probe("  child getlk [13,18)", fd, F_GETLK, 13, 5, parent);
        probe("  child getlk [25,26)", fd, F_GETLK, 25, 1, parent);
        probe("  child getlk [1000,1001)", fd, F_GETLK, 1000, 1, parent);
        probe("  child getlk [150,200) from END-50", fd, F_GETLK, 150, 50, parent);
        return 0;
    }
    if (strcmp(mode, "probe3") == 0) {
        probe("  child getlk [11,12) after close", fd, F_GETLK, 11, 1, parent);
        probe("  child getlk [1000,1001) after close", fd, F_GETLK, 1000, 1, parent);
        return 0;
    }
    if (strcmp(mode, "wait") == 0) {
        SHOW("  child setlk WR [0,1)", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 1));
        write(a, "r", 1);
        SHOW("  child setlkw WR [0,1)", lk(fd, F_SETLKW, F_WRLCK, SEEK_SET, 0, 1));
        probe("  child getlk [0,1) as owner", fd, F_GETLK, 0, 1, parent);
        return 0;
    }
    if (strcmp(mode, "deadlock") == 0) {
        /* holds byte 1, then waits for byte 0, which the parent holds */
        if (lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 1, 1) != 0) return 2;
        write(a, "r", 1);
        int r = lk(fd, F_SETLKW, F_WRLCK, SEEK_SET, 0, 1);
        if (r == 0) return 0;
        return errno == EDEADLK ? 3 : 4;
    }
    if (strcmp(mode, "intr") == 0) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_usr1;   /* no SA_RESTART: the wait ends with EINTR */
        sigaction(SIGUSR1, &sa, 0);
        write(a, "r", 1);
        errno = 0;
        int r = lk(fd, F_SETLKW, F_WRLCK, SEEK_SET, 0, 1);
        char res = r == -1 && errno == EINTR ? 'I' : r == 0 ? '0' : 'X';
        write(a, &res, 1);
        return 0;
    }
    if (strcmp(mode, "ofdwait") == 0) {
        write(a, "r", 1);
        SHOW("  child ofd setlkw WR [0,10)", lk(fd, F_OFD_SETLKW, F_WRLCK, SEEK_SET, 0, 10));
        return 0;
    }
    return 99;
}

int main(int argc, char **argv) {
    if (argc > 2 && strcmp(argv[1], "child") == 0) {
        setvbuf(stdout, 0, _IOLBF, 0);
        return child(argc, argv);
    }
    setvbuf(stdout, 0, _IOLBF, 0);
    self = argv[0];
    snprintf(path, sizeof path, "/dev/shm/flatland-locks-%d", (int)getpid());
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    char buf[100];
    memset(buf, 'x', sizeof buf);
    write(fd, buf, sizeof buf);

    printf("== argument checks\n");
    SHOW("setlk bad type", lk(fd, F_SETLK, 7, SEEK_SET, 0, 1));
    SHOW("setlk bad whence", lk(fd, F_SETLK, F_WRLCK, 9, 0, 1));
    SHOW("setlk negative start", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, -1, 1));
    SHOW("setlk len<0 before 0", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 2, -5));
    SHOW("setlk overflow", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0x7fffffffffffff00L, 0x1000));
    SHOW("getlk F_UNLCK", lk(fd, F_GETLK, F_UNLCK, SEEK_SET, 0, 1));
    int ro = open(path, O_RDONLY), wo = open(path, O_WRONLY);
    SHOW("setlk WR on O_RDONLY", lk(ro, F_SETLK, F_WRLCK, SEEK_SET, 0, 1));
    SHOW("setlk RD on O_WRONLY", lk(wo, F_SETLK, F_RDLCK, SEEK_SET, 0, 1));
    SHOW("setlk UN on O_RDONLY", lk(ro, F_SETLK, F_UNLCK, SEEK_SET, 0, 1));
    close(ro);   /* POSIX: releases nothing the parent holds yet */
    close(wo);
    int pfd[2];
    pipe(pfd);
    SHOW("setlk on a pipe", lk(pfd[1], F_SETLK, F_WRLCK, SEEK_SET, 0, 1));
    close(pfd[0]);
    close(pfd[1]);
    int op = open(path, O_PATH);
    SHOW("setlk on O_PATH", lk(op, F_SETLK, F_RDLCK, SEEK_SET, 0, 1));
    close(op);
    struct flock ofl;
    memset(&ofl, 0, sizeof ofl);
    ofl.l_type = F_WRLCK;
    ofl.l_len = 1;
    ofl.l_pid = 1;
    SHOW("ofd setlk with l_pid", fcntl(fd, F_OFD_SETLK, &ofl));
    SHOW("ofd getlk with l_pid", fcntl(fd, F_OFD_GETLK, &ofl));

    printf("== POSIX locks against another process\n");
    SHOW("setlk RD [0,5)", lk(fd, F_SETLK, F_RDLCK, SEEK_SET, 0, 5));
    SHOW("setlk WR [10,20)", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 10, 10));
    probe("own getlk [0,100)", fd, F_GETLK, 0, 100, getpid());
    SHOW("setlk WR [0,5) over own RD", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 5));
    SHOW("setlk RD [0,5) back", lk(fd, F_SETLK, F_RDLCK, SEEK_SET, 0, 5));
    printf("child: %d\n", reap(spawn("probe", 0, 0)));

    printf("== split, merge, SEEK_CUR/SEEK_END, to EOF\n");
    SHOW("unlock [12,14)", lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 12, 2));
    lseek(fd, 20, SEEK_SET);
    SHOW("setlk WR SEEK_CUR [20,30)", lk(fd, F_SETLK, F_WRLCK, SEEK_CUR, 0, 10));
    SHOW("setlk WR at 200 to EOF", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 200, 0));
    SHOW("setlk RD SEEK_END-50 len 50", lk(fd, F_SETLK, F_RDLCK, SEEK_END, -50, 50));
    SHOW("setlk RD len -10 from 160", lk(fd, F_SETLK, F_RDLCK, SEEK_SET, 160, -10));
    printf("child: %d\n", reap(spawn("probe2", 0, 0)));

    printf("== closing another descriptor of the file drops the POSIX locks\n");
    int fd2 = open(path, O_RDONLY);
    close(fd2);
    printf("child: %d\n", reap(spawn("probe3", 0, 0)));

    printf("== F_SETLKW waits for the holder\n");
    SHOW("setlk WR [0,1)", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 1));
    int sync[2];
    pipe(sync);
    pid_t c = spawn("wait", sync[1], 0);
    char ch;
    read(sync[0], &ch, 1);
    int ur = lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 1);   /* printed after the child's lines: no race */
    printf("child: %d\n", reap(c));
    printf("unlock [0,1): %d\n", ur);
    close(sync[0]);
    close(sync[1]);

    printf("== EDEADLK\n");
    SHOW("setlk WR [0,1)", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 1));
    pipe(sync);
    c = spawn("deadlock", sync[1], 0);
    read(sync[0], &ch, 1);
    /* The child holds byte 1 and asks for byte 0. Whichever of the two waits second closes the cycle
     * and gets EDEADLK; the other then gets its lock. */
    errno = 0;
    int r = lk(fd, F_SETLKW, F_WRLCK, SEEK_SET, 1, 1);
    int mine = r == -1 && errno == EDEADLK;
    lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 0);
    int cs = reap(c);
    printf("exactly one EDEADLK: %s (parent %s, child exit %s)\n",
           mine + (cs == 3) == 1 ? "yes" : "no", r == 0 || mine ? "ok" : vfs_errname(errno),
           cs == 0 || cs == 3 ? "ok" : "bad");
    close(sync[0]);
    close(sync[1]);

    printf("== F_SETLKW interrupted by a signal\n");
    SHOW("setlk WR [0,1)", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 1));
    pipe(sync);
    c = spawn("intr", sync[1], 0);
    read(sync[0], &ch, 1);
    struct pollfd pf = {sync[0], POLLIN, 0};
    do {
        kill(c, SIGUSR1);   /* again until the child reports: a signal before the wait does not end it */
    } while (poll(&pf, 1, 20) == 0);
    read(sync[0], &ch, 1);
    printf("child setlkw: %s\n", ch == 'I' ? "EINTR" : ch == '0' ? "0" : "other");
    printf("child: %d\n", reap(c));
    close(sync[0]);
    close(sync[1]);
    lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 0);

    printf("== OFD locks\n");
    int a = open(path, O_RDWR | O_CLOEXEC), b = open(path, O_RDWR | O_CLOEXEC);
    SHOW("ofd setlk WR [0,10) on a", lk(a, F_OFD_SETLK, F_WRLCK, SEEK_SET, 0, 10));
    SHOW("ofd setlk WR [5,6) on b", lk(b, F_OFD_SETLK, F_WRLCK, SEEK_SET, 5, 1));
    SHOW("ofd setlk WR [5,6) on a again", lk(a, F_OFD_SETLK, F_WRLCK, SEEK_SET, 5, 1));
    probe("ofd getlk [5,6) on b", b, F_OFD_GETLK, 5, 1, getpid());
    probe("posix getlk [5,6) same process", b, F_GETLK, 5, 1, getpid());
    SHOW("posix setlk WR [50,51) on b", lk(b, F_SETLK, F_WRLCK, SEEK_SET, 50, 1));
    SHOW("ofd setlk WR [50,51) on a", lk(a, F_OFD_SETLK, F_WRLCK, SEEK_SET, 50, 1));
    int a2 = fcntl(a, F_DUPFD_CLOEXEC, 0);   /* not inherited by the child, which would keep the lock */
    close(a);
    probe("ofd getlk after closing a (dup open)", b, F_OFD_GETLK, 5, 1, getpid());
    pipe(sync);
    c = spawn("ofdwait", sync[1], 0);
    read(sync[0], &ch, 1);
    close(a2);   /* the last reference: the OFD lock goes, the child's wait ends */
    printf("child: %d\n", reap(c));
    probe("ofd getlk after last close", b, F_OFD_GETLK, 5, 1, getpid());
    close(sync[0]);
    close(sync[1]);
    close(b);
    close(fd);
    unlink(path);
    return 0;
}
