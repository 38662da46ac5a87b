/* Pseudo-terminals: posix_openpt/grantpt/unlockpt/ptsname (TIOCGPTN, TIOCSPTLCK, TIOCGPTLCK), the
 * slave locked until unlockpt (EIO), canonical input with echo and ERASE from the master, OPOST on the
 * slave's output, raw mode, poll on both ends, FIONREAD, TCGETS through the master, and the ends of a
 * pty's life: master reads EIO once every slave fd is closed (after what was queued), POLLHUP, the
 * /dev/pts entry gone after the master closes. pty_session.c covers sessions and signals.
 * Nothing printed depends on the pty's number. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <termios.h>
#include <unistd.h>

static const char *en(int e) {
    switch (e) {
    case 0: return "0";
    case EIO: return "EIO";
    case EAGAIN: return "EAGAIN";
    case ENOENT: return "ENOENT";
    case EINVAL: return "EINVAL";
    case ENOTTY: return "ENOTTY";
    case EBADF: return "EBADF";
    default: return strerror(e);
    }
}

#define T(label, expr) do { errno = 0; long r_ = (long)(expr); int e_ = errno; \
    printf("%s: %ld %s\n", label, r_ < 0 ? -1L : r_, en(r_ < 0 ? e_ : 0)); } while (0)

/* Prints bytes with C escapes, so CR, LF and control characters are visible. */
static void show(const char *label, const char *b, long n) {
    printf("%s: [", label);
    for (long i = 0; i < n; i++) {
        unsigned char c = b[i];
        if (c == '\r') printf("\\r");
        else if (c == '\n') printf("\\n");
        else if (c == '\b') printf("\\b");
        else if (c < 32 || c >= 127) printf("\\x%02x", c);
        else putchar(c);
    }
    printf("] %ld\n", n);
}

/* Reads until want bytes arrived or nothing came for a second. */
static long rd(int fd, char *b, long want) {
    long got = 0;
    while (got < want) {
        struct pollfd p = {fd, POLLIN, 0};
        if (poll(&p, 1, 1000) <= 0) break;
        long n = read(fd, b + got, want - got);
        if (n <= 0) break;
        got += n;
    }
    return got;
}

static int revents(int fd, int events) {
    struct pollfd p = {fd, (short)events, 0};
    int r = poll(&p, 1, 0);
    return r < 0 ? -1 : p.revents;
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    char buf[256];
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    printf("posix_openpt: %d\n", m >= 0);
    int lock = -1;
    T("TIOCGPTLCK", ioctl(m, TIOCGPTLCK, &lock));
    printf("locked at first: %d\n", lock);
    T("grantpt", grantpt(m));
    char *name = strdup(ptsname(m));
    unsigned ptn = 12345;
    T("TIOCGPTN", ioctl(m, TIOCGPTN, &ptn));
    char expect[64];
    snprintf(expect, sizeof expect, "/dev/pts/%u", ptn);
    printf("ptsname is /dev/pts/<TIOCGPTN>: %d\n", strcmp(name, expect) == 0);
    T("open slave while locked", open(name, O_RDWR | O_NOCTTY));
    T("unlockpt", unlockpt(m));
    T("TIOCGPTLCK after", ioctl(m, TIOCGPTLCK, &lock));
    printf("locked after unlockpt: %d\n", lock);
    struct stat st;
    T("stat slave", stat(name, &st));
    printf("slave is chr 136: %d minor==ptn: %d\n", S_ISCHR(st.st_mode), major(st.st_rdev) == 136 && minor(st.st_rdev) == ptn);
    T("stat /dev/ptmx", stat("/dev/ptmx", &st));
    printf("ptmx: chr %d major %u minor %u\n", S_ISCHR(st.st_mode), major(st.st_rdev), minor(st.st_rdev));
    printf("isatty(master): %d\n", isatty(m));

    fcntl(m, F_SETFL, O_NONBLOCK);
    T("master read, slave never opened", read(m, buf, sizeof buf));
    printf("master poll before slave: %#x\n", revents(m, POLLIN | POLLOUT));
    fcntl(m, F_SETFL, 0);

    int s = open(name, O_RDWR | O_NOCTTY);
    printf("open slave: %d\n", s >= 0);
    printf("isatty(slave): %d\n", isatty(s));
    printf("ttyname matches: %d\n", ttyname(s) && strcmp(ttyname(s), name) == 0);
    printf("slave poll empty: %#x\n", revents(s, POLLIN | POLLOUT));
    printf("master poll empty: %#x\n", revents(m, POLLIN | POLLOUT));

    /* Canonical mode: a partial line is not readable, echo goes back to the master at once. */
    T("master write partial", write(m, "abc", 3));
    show("echo of partial", buf, rd(m, buf, 3));
    printf("slave poll partial line: %#x\n", revents(s, POLLIN));
    int avail = -1;
    ioctl(s, FIONREAD, &avail);
    printf("slave FIONREAD partial: %d\n", avail);
    T("master write erase+rest", write(m, "\x7f" "d\n", 3));
    show("echo of erase", buf, rd(m, buf, 7));
    printf("slave poll line: %#x\n", revents(s, POLLIN));
    ioctl(s, FIONREAD, &avail);
    printf("slave FIONREAD line: %d\n", avail);
    long n = read(s, buf, sizeof buf);
    show("slave read", buf, n);

    /* Output processing: ONLCR turns LF into CR LF on the master side. */
    T("slave write", write(s, "out\nx", 5));
    printf("master poll with output: %#x\n", revents(m, POLLIN));
    ioctl(m, FIONREAD, &avail);
    printf("master FIONREAD: %d\n", avail);
    show("master read", buf, rd(m, buf, 6));

    /* The master sees the slave's termios (tty_mode_ioctl works on the pair's slave). */
    struct termios t;
    T("tcgetattr master", tcgetattr(m, &t));
    printf("master sees ICANON %d ECHO %d ONLCR %d\n", !!(t.c_lflag & ICANON), !!(t.c_lflag & ECHO), !!(t.c_oflag & ONLCR));
    printf("initial termios: iflag %#o oflag %#o cflag %#o lflag %#o speed %d\n", t.c_iflag, t.c_oflag, t.c_cflag,
            t.c_lflag, (int)cfgetospeed(&t));
    for (int i = 0; i < 17; i++) printf("%s%d", i ? " " : "initial c_cc: ", t.c_cc[i]);
    printf("\n");
    cfmakeraw(&t);
    T("tcsetattr slave raw", tcsetattr(s, TCSANOW, &t));
    T("tcgetattr master again", tcgetattr(m, &t));
    printf("master sees raw: ICANON %d ECHO %d OPOST %d\n", !!(t.c_lflag & ICANON), !!(t.c_lflag & ECHO), !!(t.c_oflag & OPOST));
    T("master write raw", write(m, "r\x7f\x03\n", 4));
    show("slave raw read", buf, rd(s, buf, 4));
    T("slave write raw", write(s, "a\nb", 3));
    show("master raw read", buf, rd(m, buf, 3));

    /* Window size set through the master is the slave's. */
    struct winsize ws = {30, 90, 0, 0};
    T("TIOCSWINSZ master", ioctl(m, TIOCSWINSZ, &ws));
    memset(&ws, 0, sizeof ws);
    T("TIOCGWINSZ slave", ioctl(s, TIOCGWINSZ, &ws));
    printf("winsize: %d x %d\n", ws.ws_row, ws.ws_col);
    T("TIOCGPGRP master, no session", ioctl(m, TIOCGPGRP, &avail));
    T("TIOCGSID slave, not ctty", ioctl(s, TIOCGSID, &avail));

    /* A second slave fd keeps the pty open; once both close the master drains, then reads EIO. */
    int s2 = open(name, O_RDWR | O_NOCTTY);
    printf("second slave: %d\n", s2 >= 0);
    write(s, "z", 1);
    close(s);
    printf("master poll, one slave left: %#x\n", revents(m, POLLIN));
    close(s2);
    printf("master poll, slaves closed: %#x\n", revents(m, POLLIN | POLLOUT));
    T("master read queued", read(m, buf, sizeof buf));
    T("master read after", read(m, buf, sizeof buf));
    T("master write after", write(m, "q", 1));
    printf("master poll after drain: %#x\n", revents(m, POLLIN | POLLOUT));

    /* A slave can be opened again while the master lives. */
    s = open(name, O_RDWR | O_NOCTTY);
    printf("reopen slave: %d\n", s >= 0);
    printf("master poll, slave back: %#x\n", revents(m, POLLIN | POLLOUT));

    /* Closing the master hangs the slave up. */
    close(m);
    printf("slave poll after master close: %#x\n", revents(s, POLLIN | POLLOUT));
    T("slave read after master close", read(s, buf, sizeof buf));
    T("slave write after master close", write(s, "x", 1));
    close(s);
    T("open slave after master close", open(name, O_RDWR | O_NOCTTY));
    T("stat slave after master close", stat(name, &st));
    T("TIOCGPTN on a regular fd", ioctl(1, TIOCGPTN, &ptn));
    return 0;
}
