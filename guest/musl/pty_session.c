/* Pseudo-terminals with sessions: a session leader that opens a slave without O_NOCTTY gets it as
 * its controlling terminal (/dev/tty, TIOCGSID, TIOCGPGRP through the master); Ctrl-C written to
 * the master becomes SIGINT for the slave's foreground group (echo "^C" first); TIOCSWINSZ on the
 * master sends SIGWINCH; TIOCSCTTY/TIOCNOTTY with their EPERM/ENOTTY cases; closing the master
 * sends SIGHUP to the session leader. Children come from vfork and re-execute this program.
 * Output compares ids, never prints them. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

static const char *en(int e) {
    switch (e) {
    case 0: return "0";
    case EIO: return "EIO";
    case EPERM: return "EPERM";
    case ENXIO: return "ENXIO";
    case ENOTTY: return "ENOTTY";
    case EINVAL: return "EINVAL";
    default: return strerror(e);
    }
}

#define T(label, expr) do { errno = 0; long r_ = (long)(expr); int e_ = errno; \
    printf("%s: %ld %s\n", label, r_ < 0 ? -1L : (r_ > 0 ? 1L : 0L), en(r_ < 0 ? e_ : 0)); } while (0)

static void show(const char *label, const char *b, long n) {
    printf("%s: [", label);
    for (long i = 0; i < n; i++) {
        unsigned char c = b[i];
        if (c == '\r') printf("\\r");
        else if (c == '\n') printf("\\n");
        else if (c < 32 || c >= 127) printf("\\x%02x", c);
        else putchar(c);
    }
    printf("] %ld\n", n);
}

static long rd(int fd, char *b, long want) {
    long got = 0;
    while (got < want) {
        struct pollfd p = {fd, POLLIN, 0};
        if (poll(&p, 1, 5000) <= 0) break;
        long n = read(fd, b + got, want - got);
        if (n <= 0) break;
        got += n;
    }
    return got;
}

static char *self;
static volatile sig_atomic_t winch;
static void on_winch(int s) { (void)s; winch++; }

/* Session leader with the slave as its controlling terminal; answers "size" and waits for ^C. */
static int child_fg(const char *name) {
    signal(SIGINT, SIG_DFL);     /* a job started in the background by a shell inherits SIGINT ignored */
    setsid();
    int s = open(name, O_RDWR);
    int sid = -1, pg = -1;
    printf("child: tcgetsid is self: %d\n", ioctl(s, TIOCGSID, &sid) == 0 && sid == getpid());
    printf("child: foreground is self: %d\n", ioctl(s, TIOCGPGRP, &pg) == 0 && pg == getpid());
    int t = open("/dev/tty", O_RDWR);
    printf("child: /dev/tty opens: %d\n", t >= 0);
    close(t);
    signal(SIGWINCH, on_winch);
    write(s, "ready\n", 6);
    char line[64];
    for (;;) {
        long n = read(s, line, sizeof line);
        if (n <= 0) {
            printf("child: read ended %ld %s\n", n, en(n < 0 ? errno : 0));
            return 3;
        }
        if (n == 5 && memcmp(line, "size\n", 5) == 0) {
            struct winsize ws;
            ioctl(s, TIOCGWINSZ, &ws);
            printf("child: winch=%d size %d x %d\n", (int)winch, ws.ws_row, ws.ws_col);
            write(s, "ok\n", 3);
        }
    }
}

/* TIOCSCTTY and TIOCNOTTY, first outside and then as a session leader. */
static int child_ctty(const char *name) {
    int s = open(name, O_RDWR | O_NOCTTY);
    T("ctty: TIOCSCTTY not leader", ioctl(s, TIOCSCTTY, 0));
    setsid();
    T("ctty: /dev/tty without one", open("/dev/tty", O_RDWR));
    int sid = -1;
    T("ctty: TIOCGSID not ctty", ioctl(s, TIOCGSID, &sid));
    T("ctty: TIOCNOTTY not ctty", ioctl(s, TIOCNOTTY));
    T("ctty: TIOCSCTTY", ioctl(s, TIOCSCTTY, 0));
    T("ctty: TIOCSCTTY again", ioctl(s, TIOCSCTTY, 0));
    T("ctty: /dev/tty", open("/dev/tty", O_RDWR));
    printf("ctty: TIOCGSID is self: %d\n", ioctl(s, TIOCGSID, &sid) == 0 && sid == getpid());
    signal(SIGHUP, SIG_IGN);
    T("ctty: TIOCNOTTY", ioctl(s, TIOCNOTTY));
    T("ctty: /dev/tty after TIOCNOTTY", open("/dev/tty", O_RDWR));
    T("ctty: TIOCSCTTY after TIOCNOTTY", ioctl(s, TIOCSCTTY, 0));
    return 0;
}

/* Session leader on the slave; the master's close hangs it up (SIGHUP). */
static int child_hup(const char *name) {
    signal(SIGHUP, SIG_DFL);     /* likewise for nohup */
    setsid();
    int s = open(name, O_RDWR);
    write(s, "ready\n", 6);
    for (;;) pause();
    return 0;
}

static int openpty_(char **name) {
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    grantpt(m);
    unlockpt(m);
    *name = strdup(ptsname(m));
    fcntl(m, F_SETFD, FD_CLOEXEC);   /* children must not keep the master open */
    return m;
}

static pid_t spawn(const char *mode, const char *name) {
    pid_t p = vfork();
    if (p == 0) {
        char *argv[] = {self, (char *)mode, (char *)name, NULL};
        execv("/proc/self/exe", argv);
        _exit(127);
    }
    return p;
}

static void status(const char *label, int st) {
    if (WIFSIGNALED(st)) printf("%s: killed by %d\n", label, WTERMSIG(st));
    else printf("%s: exit %d\n", label, WEXITSTATUS(st));
}

int main(int argc, char **argv) {
    self = argv[0];
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc == 3 && strcmp(argv[1], "fg") == 0) return child_fg(argv[2]);
    if (argc == 3 && strcmp(argv[1], "ctty") == 0) return child_ctty(argv[2]);
    if (argc == 3 && strcmp(argv[1], "hup") == 0) return child_hup(argv[2]);

    char buf[256], *name;
    int st;
    int m = openpty_(&name);
    pid_t c = spawn("fg", name);
    show("master: child says", buf, rd(m, buf, 7));
    int pg = -1, sid = -1;
    printf("master: TIOCGPGRP is child: %d\n", ioctl(m, TIOCGPGRP, &pg) == 0 && pg == c);
    printf("master: TIOCGSID is child: %d\n", ioctl(m, TIOCGSID, &sid) == 0 && sid == c);
    struct winsize ws = {40, 100, 0, 0};
    T("master: TIOCSWINSZ", ioctl(m, TIOCSWINSZ, &ws));
    T("master: TIOCSWINSZ same size", ioctl(m, TIOCSWINSZ, &ws));
    write(m, "size\n", 5);
    show("master: echo and answer", buf, rd(m, buf, 10));
    write(m, "\x03", 1);
    waitpid(c, &st, 0);
    status("fg child", st);
    show("master: after ^C", buf, rd(m, buf, 2));
    T("master: read after the child died", read(m, buf, sizeof buf));
    close(m);

    m = openpty_(&name);
    c = spawn("ctty", name);
    waitpid(c, &st, 0);
    status("ctty child", st);
    close(m);

    m = openpty_(&name);
    c = spawn("hup", name);
    show("master: hup child says", buf, rd(m, buf, 7));
    close(m);
    waitpid(c, &st, 0);
    status("hup child", st);
    return 0;
}
