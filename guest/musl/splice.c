/* splice, tee and vmsplice: pipe to pipe, file to pipe and back (with and without offsets), unix
 * stream sockets to and from a pipe, tee without consuming, vmsplice both ways, a splice that
 * waits for a thread's write, and the error cases in fs/splice.c's order. Prints return values,
 * errno names and the bytes moved. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <unistd.h>
#include "../common/errname.h"

static long sp(int fi, loff_t *oi, int fo, loff_t *oo, size_t len, unsigned fl) {
    return syscall(SYS_splice, fi, oi, fo, oo, len, fl);
}

static long te(int fi, int fo, size_t len, unsigned fl) {
    return syscall(SYS_tee, fi, fo, len, fl);
}

static long vm(int fd, const struct iovec *iov, unsigned long n, unsigned fl) {
    return syscall(SYS_vmsplice, fd, iov, n, fl);
}

/* Reads what a pipe holds (non-blocking) and prints it. */
static void drain(const char *tag, int fd) {
    char b[256];
    int fl = fcntl(fd, F_GETFL);
    fcntl(fd, F_SETFL, fl | O_NONBLOCK);
    long n = read(fd, b, sizeof b);
    fcntl(fd, F_SETFL, fl);
    if (n < 0) {
        printf("  %s: empty (%s)\n", tag, gt_errname(errno));
    } else {
        printf("  %s: %ld '%.*s'\n", tag, n, (int)n, b);
    }
}

static void on_alarm(int sig) {
    (void)sig;
}

/* Arms a 50 ms one-shot SIGALRM whose handler (no SA_RESTART) ends a wait with EINTR. */
static void arm(void) {
    struct itimerval it = {{0, 0}, {0, 50000}};
    setitimer(ITIMER_REAL, &it, NULL);
}

static int wpipe[2];

static void *writer(void *arg) {
    (void)arg;
    usleep(30000);
    write(wpipe[1], "late data", 9);
    return NULL;
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    signal(SIGPIPE, SIG_IGN);
    int a[2], b[2];
    pipe(a);
    pipe(b);

    printf("-- pipe to pipe\n");
    write(a[1], "hello world", 11);
    gt_show("splice a->b 5", sp(a[0], NULL, b[1], NULL, 5, 0));
    drain("b", b[0]);
    gt_show("splice a->b 100 MOVE|MORE", sp(a[0], NULL, b[1], NULL, 100, SPLICE_F_MOVE | SPLICE_F_MORE));
    drain("b", b[0]);
    drain("a", a[0]);

    printf("-- tee\n");
    write(a[1], "abcdef", 6);
    gt_show("tee a->b 4", te(a[0], b[1], 4, 0));
    gt_show("tee a->b 100", te(a[0], b[1], 100, 0));
    drain("b", b[0]);
    drain("a", a[0]);

    printf("-- file\n");
    char path[] = "/tmp/splice.XXXXXX";
    int f = mkstemp(path);
    write(f, "0123456789abcdefghij", 20);
    lseek(f, 0, SEEK_SET);
    loff_t off = 3;
    gt_show("splice file@3 -> a 10", sp(f, &off, a[1], NULL, 10, 0));
    printf("  off %lld pos %ld\n", (long long)off, (long)lseek(f, 0, SEEK_CUR));
    drain("a", a[0]);
    gt_show("splice file -> a 4", sp(f, NULL, a[1], NULL, 4, 0));
    printf("  pos %ld\n", (long)lseek(f, 0, SEEK_CUR));
    drain("a", a[0]);
    off = 18;
    gt_show("splice file@18 -> a 10", sp(f, &off, a[1], NULL, 10, 0));
    printf("  off %lld\n", (long long)off);
    drain("a", a[0]);
    off = 20;
    gt_show("splice file@EOF -> a", sp(f, &off, a[1], NULL, 10, 0));
    write(a[1], "XYZ", 3);
    off = 5;
    gt_show("splice a -> file@5", sp(a[0], NULL, f, &off, 10, 0));
    printf("  off %lld pos %ld\n", (long long)off, (long)lseek(f, 0, SEEK_CUR));
    write(a[1], "tail", 4);
    lseek(f, 0, SEEK_END);
    gt_show("splice a -> file 2", sp(a[0], NULL, f, NULL, 2, 0));
    printf("  pos %ld\n", (long)lseek(f, 0, SEEK_CUR));
    drain("a", a[0]);
    char fb[64];
    long n = pread(f, fb, sizeof fb, 0);
    printf("  file: %ld '%.*s'\n", n, (int)n, fb);

    printf("-- socket\n");
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    send(sv[0], "from socket", 11, 0);
    gt_show("splice sock -> a 100", sp(sv[1], NULL, a[1], NULL, 100, 0));
    drain("a", a[0]);
    gt_show("splice empty sock -> a NONBLOCK", sp(sv[1], NULL, a[1], NULL, 100, SPLICE_F_NONBLOCK));
    write(a[1], "to socket", 9);
    gt_show("splice a -> sock 100", sp(a[0], NULL, sv[0], NULL, 100, 0));
    n = recv(sv[1], fb, sizeof fb, MSG_DONTWAIT);
    printf("  sock: %ld '%.*s'\n", n, (int)n, fb);
    write(a[1], "x", 1);
    off = 0;
    gt_show("splice a -> sock@0", sp(a[0], NULL, sv[0], &off, 1, 0));
    gt_show("splice sock@0 -> a", sp(sv[1], &off, a[1], NULL, 1, 0));
    drain("a", a[0]);

    printf("-- vmsplice\n");
    char v1[] = "vm-", v2[] = "splice";
    struct iovec iv[2] = {{v1, 3}, {v2, 6}};
    gt_show("vmsplice -> a", vm(a[1], iv, 2, 0));
    gt_show("vmsplice -> a GIFT", vm(a[1], iv, 1, SPLICE_F_GIFT));
    char r1[4] = {0}, r2[16] = {0};
    struct iovec ov[2] = {{r1, 4}, {r2, 16}};
    gt_show("vmsplice a -> user", vm(a[0], ov, 2, 0));
    printf("  '%.4s' '%s'\n", r1, r2);
    gt_show("vmsplice empty a -> user NONBLOCK", vm(a[0], ov, 2, SPLICE_F_NONBLOCK));
    struct iovec zv = {v1, 0};
    gt_show("vmsplice zero length", vm(a[1], &zv, 1, 0));
    gt_show("vmsplice zero length, regular file", vm(f, &zv, 1, 0));
    gt_show("vmsplice regular file", vm(f, iv, 1, 0));
    gt_show("vmsplice bad flags", vm(a[1], iv, 1, 0x10));
    gt_show("vmsplice bad fd", vm(-1, iv, 1, 0));
    gt_show("vmsplice nr_segs 1025", vm(a[1], iv, 1025, 0));
    gt_show("vmsplice bad iov", vm(a[1], (struct iovec *)8, 1, 0));
    struct iovec bv = {(void *)8, 4};
    gt_show("vmsplice bad base", vm(a[1], &bv, 1, 0));
    gt_show("vmsplice nr_segs 0", vm(a[1], iv, 0, 0));

    printf("-- errors\n");
    gt_show("splice len 0, bad fds", sp(-1, NULL, -1, NULL, 0, 0x100));
    gt_show("splice bad flags", sp(a[0], NULL, b[1], NULL, 1, 0x10));
    gt_show("splice bad in", sp(-1, NULL, b[1], NULL, 1, 0));
    gt_show("splice bad out", sp(a[0], NULL, 99, NULL, 1, 0));
    gt_show("splice off for pipe in", sp(a[0], &off, b[1], NULL, 1, 0));
    gt_show("splice off for pipe out", sp(f, NULL, b[1], &off, 1, 0));
    gt_show("splice off for pipe out, bad off", sp(f, (loff_t *)8, b[1], &off, 1, 0));
    gt_show("splice bad off ptr", sp(f, (loff_t *)8, b[1], NULL, 1, 0));
    gt_show("splice file -> file", sp(f, NULL, f, NULL, 1, 0));
    gt_show("splice same pipe", sp(a[0], NULL, a[1], NULL, 1, 0));
    gt_show("splice from write end", sp(a[1], NULL, b[1], NULL, 1, 0));
    gt_show("splice to read end", sp(a[0], NULL, b[0], NULL, 1, 0));
    gt_show("splice empty pipe NONBLOCK", sp(a[0], NULL, b[1], NULL, 1, SPLICE_F_NONBLOCK));
    gt_show("splice empty pipe -> file NONBLOCK", sp(a[0], NULL, f, NULL, 1, SPLICE_F_NONBLOCK));
    off = -1;
    gt_show("splice file@-1 -> pipe", sp(f, &off, a[1], NULL, 1, 0));
    gt_show("splice huge len file -> pipe", sp(f, NULL, a[1], NULL, (size_t)-1, 0));
    printf("  pos %ld\n", (long)lseek(f, 0, SEEK_CUR));
    gt_show("splice len LONG_MAX from pos > 0", sp(f, NULL, a[1], NULL, 0x7fffffffffffffffUL, 0));
    off = 0;
    gt_show("splice len LONG_MAX at offset 0", sp(f, &off, a[1], NULL, 0x7fffffffffffffffUL, 0));
    printf("  off %lld\n", (long long)off);
    drain("a", a[0]);
    int ap = open(path, O_WRONLY | O_APPEND);
    gt_show("splice pipe -> O_APPEND file", sp(a[0], NULL, ap, NULL, 1, 0));
    close(ap);
    int d = open("/tmp", O_RDONLY | O_DIRECTORY);
    gt_show("splice dir -> pipe", sp(d, NULL, a[1], NULL, 1, 0));
    close(d);
    int ev = eventfd(0, 0);
    gt_show("splice eventfd -> pipe", sp(ev, NULL, a[1], NULL, 8, 0));
    close(ev);
    fcntl(a[0], F_SETFL, O_NONBLOCK);
    gt_show("splice empty O_NONBLOCK pipe", sp(a[0], NULL, b[1], NULL, 1, 0));
    fcntl(a[0], F_SETFL, 0);
    /* a full pipe */
    static char page[4096];
    memset(page, 'p', sizeof page);
    int fills = 0;
    fcntl(b[1], F_SETFL, O_NONBLOCK);
    while (write(b[1], page, sizeof page) > 0) {
        fills++;
    }
    fcntl(b[1], F_SETFL, 0);
    printf("  filled b with %d pages\n", fills);
    off = 0;
    gt_show("splice file -> full pipe NONBLOCK", sp(f, &off, b[1], NULL, 1, SPLICE_F_NONBLOCK));
    write(a[1], "q", 1);
    gt_show("splice a -> full pipe NONBLOCK", sp(a[0], NULL, b[1], NULL, 1, SPLICE_F_NONBLOCK));
    gt_show("tee a -> full pipe NONBLOCK", te(a[0], b[1], 1, SPLICE_F_NONBLOCK));
    gt_show("vmsplice -> full pipe NONBLOCK", vm(b[1], iv, 1, SPLICE_F_NONBLOCK));
    drain("a", a[0]);

    printf("-- tee errors\n");
    gt_show("tee bad flags, len 0", te(a[0], b[1], 0, 0x10));
    gt_show("tee len 0, bad fds", te(-1, -1, 0, 0));
    gt_show("tee bad in", te(-1, b[1], 1, 0));
    gt_show("tee same pipe", te(a[0], a[1], 1, 0));
    gt_show("tee file -> pipe", te(f, a[1], 1, 0));
    gt_show("tee from write end", te(a[1], b[1], 1, 0));
    gt_show("tee empty NONBLOCK", te(a[0], b[1], 1, SPLICE_F_NONBLOCK));

    printf("-- ends\n");
    int c[2], e[2];
    pipe(c);
    pipe(e);
    close(c[1]);
    gt_show("splice no writers -> pipe", sp(c[0], NULL, e[1], NULL, 10, 0));
    gt_show("tee no writers", te(c[0], e[1], 10, 0));
    gt_show("vmsplice no writers -> user", vm(c[0], ov, 2, 0));
    gt_show("splice no writers -> file", sp(c[0], NULL, f, NULL, 10, 0));
    close(e[0]);
    off = 0;
    gt_show("splice file -> pipe without readers", sp(f, &off, e[1], NULL, 1, 0));
    gt_show("vmsplice -> pipe without readers", vm(e[1], iv, 1, 0));
    int g[2];
    pipe(g);
    write(g[1], "z", 1);
    gt_show("splice -> pipe without readers", sp(g[0], NULL, e[1], NULL, 1, 0));
    gt_show("tee -> pipe without readers", te(g[0], e[1], 1, 0));

    printf("-- nonblocking rules\n");
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    int h[2];
    pipe2(h, O_NONBLOCK);
    fills = 0;
    while (write(h[1], page, sizeof page) > 0) {
        fills++;
    }
    printf("  filled an O_NONBLOCK pipe with %d pages\n", fills);
    arm();
    gt_show("vmsplice -> full O_NONBLOCK pipe (waits)", vm(h[1], iv, 1, 0));
    close(h[0]);
    close(h[1]);
    pipe2(h, O_NONBLOCK);
    arm();
    gt_show("vmsplice empty O_NONBLOCK pipe -> user (waits)", vm(h[0], ov, 2, 0));
    close(h[0]);
    close(h[1]);
    int dsv[2];
    socketpair(AF_UNIX, SOCK_DGRAM, 0, dsv);
    arm();
    gt_show("splice empty dgram -> pipe NONBLOCK (waits)", sp(dsv[1], NULL, a[1], NULL, 10, SPLICE_F_NONBLOCK));
    send(dsv[0], "0123456789abcdef", 16, 0);
    send(dsv[0], "second", 6, 0);
    gt_show("splice dgram 10 of 16", sp(dsv[1], NULL, a[1], NULL, 10, 0));
    gt_show("splice dgram next", sp(dsv[1], NULL, a[1], NULL, 10, 0));
    drain("a", a[0]);
    write(a[1], "to dgram", 8);
    gt_show("splice a -> dgram", sp(a[0], NULL, dsv[0], NULL, 100, 0));
    n = recv(dsv[1], fb, sizeof fb, MSG_DONTWAIT);
    printf("  dgram: %ld '%.*s'\n", n, (int)n, fb);
    close(dsv[0]);
    close(dsv[1]);
    send(sv[0], "0123456789abcdef", 16, 0);
    gt_show("splice stream 10 of 16", sp(sv[1], NULL, a[1], NULL, 10, 0));
    gt_show("splice stream rest", sp(sv[1], NULL, a[1], NULL, 10, 0));
    drain("a", a[0]);

    printf("-- waiting\n");
    pipe(wpipe);
    pthread_t th;
    pthread_create(&th, NULL, writer, NULL);
    gt_show("splice waits for data", sp(wpipe[0], NULL, a[1], NULL, 100, 0));
    pthread_join(th, NULL);
    drain("a", a[0]);

    unlink(path);
    return 0;
}
