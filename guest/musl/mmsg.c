/* sendmmsg/recvmmsg through syscall(2) (musl's x86-64 sendmmsg is a sendmsg loop, so the libc
 * wrappers would not reach the kernel): unix datagram and stream socketpairs, msg_len, partial
 * batches, MSG_WAITFORONE, the timeout, a blocking batch finished by a vfork child, and the error
 * cases with their order. Prints return values, errno names and the bytes moved. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <pthread.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include "../common/errname.h"

#ifndef MSG_WAITFORONE
#define MSG_WAITFORONE 0x10000
#endif

static long smm(int fd, struct mmsghdr *v, unsigned n, unsigned flags) {
    return syscall(SYS_sendmmsg, fd, v, n, flags);
}

static long rmm(int fd, struct mmsghdr *v, unsigned n, unsigned flags, struct timespec *to) {
    return syscall(SYS_recvmmsg, fd, v, n, flags, to);
}

#define N 4
static struct mmsghdr mv[N];
static struct iovec iov[N][2];
static char rbuf[N][32];

/* Sets up N outgoing messages "m0-aa", "m1-bbb", ... each in two iovecs. */
static void out_msgs(void) {
    static char a[N][8], b[N][8];
    memset(mv, 0, sizeof mv);
    for (int i = 0; i < N; i++) {
        snprintf(a[i], sizeof a[i], "m%d-", i);
        memset(b[i], 'a' + i, (size_t)(i + 2));
        b[i][i + 2] = 0;
        iov[i][0].iov_base = a[i];
        iov[i][0].iov_len = strlen(a[i]);
        iov[i][1].iov_base = b[i];
        iov[i][1].iov_len = strlen(b[i]);
        mv[i].msg_hdr.msg_iov = iov[i];
        mv[i].msg_hdr.msg_iovlen = 2;
        mv[i].msg_len = 0xdead;
    }
}

static void in_msgs(size_t len) {
    memset(mv, 0, sizeof mv);
    memset(rbuf, 0, sizeof rbuf);
    for (int i = 0; i < N; i++) {
        iov[i][0].iov_base = rbuf[i];
        iov[i][0].iov_len = len;
        mv[i].msg_hdr.msg_iov = iov[i];
        mv[i].msg_hdr.msg_iovlen = 1;
        mv[i].msg_len = 0xdead;
    }
}

static void lens(const char *tag) {
    printf("  %s msg_len:", tag);
    for (int i = 0; i < N; i++) {
        printf(" %u", mv[i].msg_len);
    }
    printf("\n");
}

static void got(int n) {
    for (int i = 0; i < n; i++) {
        printf("  [%d] len %u '%.*s' flags %#x\n", i, mv[i].msg_len, (int)mv[i].msg_len, rbuf[i],
               mv[i].msg_hdr.msg_flags);
    }
}

static void dgram(void) {
    int sv[2];
    printf("-- dgram\n");
    gt_show("socketpair", socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
    out_msgs();
    gt_show("sendmmsg 3", smm(sv[0], mv, 3, 0));
    lens("send");
    out_msgs();
    gt_show("sendmmsg 0", smm(sv[0], mv, 0, 0));
    in_msgs(32);
    gt_show("recvmmsg 2", rmm(sv[1], mv, 2, 0, NULL));
    got(2);
    lens("recv");
    in_msgs(4);
    gt_show("recvmmsg trunc DONTWAIT 4", rmm(sv[1], mv, 4, MSG_DONTWAIT, NULL));
    got(1);
    lens("recv");
    in_msgs(32);
    gt_show("recvmmsg empty DONTWAIT", rmm(sv[1], mv, 4, MSG_DONTWAIT, NULL));
    gt_show("recvmmsg 0", rmm(sv[1], mv, 0, MSG_DONTWAIT, NULL));
    /* MSG_WAITFORONE: one datagram queued, the rest are not waited for */
    out_msgs();
    gt_show("sendmmsg 1", smm(sv[0], mv, 1, 0));
    in_msgs(32);
    gt_show("recvmmsg WAITFORONE", rmm(sv[1], mv, 4, MSG_WAITFORONE, NULL));
    got(1);
    /* timeout: valid, zero and invalid */
    out_msgs();
    gt_show("sendmmsg 4", smm(sv[0], mv, 4, 0));
    struct timespec to = {5, 0};
    in_msgs(32);
    gt_show("recvmmsg WAITFORONE|timeout 4", rmm(sv[1], mv, 4, MSG_WAITFORONE, &to));
    got(4);
    printf("  timeout left <= 5s: %d\n", to.tv_sec < 5 || (to.tv_sec == 5 && to.tv_nsec == 0));
    out_msgs();
    gt_show("sendmmsg 2", smm(sv[0], mv, 2, 0));
    struct timespec z = {0, 0};
    in_msgs(32);
    gt_show("recvmmsg zero timeout", rmm(sv[1], mv, 4, 0, &z));
    got(1);
    printf("  timeout after: %ld %ld\n", (long)z.tv_sec, z.tv_nsec);
    in_msgs(32);
    gt_show("recvmmsg rest DONTWAIT", rmm(sv[1], mv, 4, MSG_DONTWAIT, NULL));
    got(1);
    struct timespec bad = {0, 1000000000};
    gt_show("recvmmsg nsec 1e9", rmm(sv[1], mv, 4, 0, &bad));
    struct timespec neg = {-1, 0};
    gt_show("recvmmsg sec -1", rmm(sv[1], mv, 4, 0, &neg));
    gt_show("recvmmsg bad timeout ptr", rmm(sv[1], mv, 4, 0, (struct timespec *)8));
    gt_show("recvmmsg bad timeout, bad fd", rmm(-1, mv, 4, 0, &bad));
    gt_show("recvmmsg CMSG_COMPAT", rmm(sv[1], mv, 4, 0x80000000u, NULL));
    gt_show("sendmmsg CMSG_COMPAT", smm(sv[0], mv, 4, 0x80000000u));
    gt_show("sendmmsg bad fd", smm(-1, mv, 1, 0));
    gt_show("recvmmsg bad fd", rmm(-1, mv, 1, 0, NULL));
    gt_show("sendmmsg not a socket", smm(1, mv, 1, 0));
    gt_show("recvmmsg not a socket", rmm(0, mv, 1, MSG_DONTWAIT, NULL));
    gt_show("sendmmsg bad vec", smm(sv[0], (struct mmsghdr *)8, 2, 0));
    gt_show("recvmmsg bad vec", rmm(sv[1], (struct mmsghdr *)8, 2, MSG_DONTWAIT, NULL));
    /* an error on the second message: the count of the first */
    out_msgs();
    mv[1].msg_hdr.msg_iov = (struct iovec *)8;
    gt_show("sendmmsg 2nd bad iov", smm(sv[0], mv, 3, 0));
    lens("send");
    out_msgs();
    mv[1].msg_hdr.msg_iovlen = 5000;
    gt_show("sendmmsg 2nd EMSGSIZE", smm(sv[0], mv, 3, 0));
    out_msgs();
    mv[0].msg_hdr.msg_iovlen = 5000;
    gt_show("sendmmsg 1st EMSGSIZE", smm(sv[0], mv, 3, 0));
    in_msgs(32);
    mv[1].msg_hdr.msg_iov = (struct iovec *)8;
    gt_show("recvmmsg 2nd bad iov", rmm(sv[1], mv, 4, MSG_DONTWAIT, NULL));
    got(1);
    int e = 0;
    socklen_t el = sizeof e;
    gt_show("getsockopt SO_ERROR", getsockopt(sv[1], SOL_SOCKET, SO_ERROR, &e, &el));
    printf("  so_error %s\n", e ? gt_errname(e) : "0");
    in_msgs(32);
    gt_show("recvmmsg drain", rmm(sv[1], mv, 4, MSG_DONTWAIT, NULL));
    got(1);
    mv[0].msg_hdr.msg_iov = (struct iovec *)8;
    gt_show("recvmmsg 1st bad iov, empty", rmm(sv[1], mv, 4, MSG_DONTWAIT, NULL));
    /* a huge vlen is cut to UIO_MAXIOV for sendmmsg: only what the array holds is read here */
    out_msgs();
    gt_show("sendmmsg vlen 2 on closed peer", (close(sv[1]), smm(sv[0], mv, 2, MSG_NOSIGNAL)));
    close(sv[0]);
}

static void stream(void) {
    int sv[2];
    printf("-- stream\n");
    gt_show("socketpair", socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
    out_msgs();
    gt_show("sendmmsg 4", smm(sv[0], mv, 4, 0));
    lens("send");
    in_msgs(7);
    gt_show("recvmmsg 3 x7", rmm(sv[1], mv, 3, 0, NULL));
    got(3);
    in_msgs(32);
    gt_show("recvmmsg WAITFORONE rest", rmm(sv[1], mv, 4, MSG_WAITFORONE, NULL));
    got(1);
    gt_show("shutdown peer write", shutdown(sv[0], SHUT_WR));
    in_msgs(32);
    gt_show("recvmmsg at EOF", rmm(sv[1], mv, 4, 0, NULL));
    lens("recv");
    signal(SIGPIPE, SIG_IGN);
    out_msgs();
    gt_show("sendmmsg after SHUT_WR", smm(sv[0], mv, 2, 0));
    close(sv[0]);
    close(sv[1]);
}

/* A blocking recvmmsg of 3 without MSG_WAITFORONE waits for all 3: a thread sends the last two
 * one at a time (whenever it runs, the result is the same three datagrams). */
static int bsv[2];

static void *late(void *arg) {
    static char x[] = "late-1", y[] = "late-2";
    (void)arg;
    usleep(20000);
    send(bsv[0], x, 6, 0);
    usleep(20000);
    send(bsv[0], y, 6, 0);
    return NULL;
}

static void blocking(void) {
    pthread_t th;
    printf("-- blocking\n");
    gt_show("socketpair", socketpair(AF_UNIX, SOCK_DGRAM, 0, bsv));
    out_msgs();
    gt_show("sendmmsg 1", smm(bsv[0], mv, 1, 0));
    pthread_create(&th, NULL, late, NULL);
    in_msgs(32);
    gt_show("recvmmsg 3", rmm(bsv[1], mv, 3, 0, NULL));
    got(3);
    pthread_join(th, NULL);
    close(bsv[0]);
    close(bsv[1]);
}

/* sendmmsg of two 300000-byte stream messages: far more than the send buffer holds, so each waits
 * for a reader thread to make room and is sent whole (unix_stream_sendmsg). */
static int ssv[2];
static unsigned long rsum;
static long rgot;

static void *reader(void *arg) {
    static char b[8192];
    (void)arg;
    while (rgot < 600000) {
        long n = read(ssv[1], b, sizeof b);
        if (n <= 0) {
            break;
        }
        for (long i = 0; i < n; i++) {
            rsum = rsum * 31 + (unsigned char)b[i];
        }
        rgot += n;
    }
    return NULL;
}

static void stream_big(void) {
    static char big[2][300000];
    static struct iovec biv[2][3];
    static struct mmsghdr bv[2];
    pthread_t th;
    printf("-- stream big\n");
    gt_show("socketpair", socketpair(AF_UNIX, SOCK_STREAM, 0, ssv));
    for (int m = 0; m < 2; m++) {
        for (int i = 0; i < 300000; i++) {
            big[m][i] = (char)('a' + (i * 7 + m) % 26);
        }
        /* three pieces per message, so the rest of a message starts inside an iovec */
        biv[m][0].iov_base = big[m];
        biv[m][0].iov_len = 1000;
        biv[m][1].iov_base = big[m] + 1000;
        biv[m][1].iov_len = 200000;
        biv[m][2].iov_base = big[m] + 201000;
        biv[m][2].iov_len = 99000;
        bv[m].msg_hdr.msg_iov = biv[m];
        bv[m].msg_hdr.msg_iovlen = 3;
    }
    pthread_create(&th, NULL, reader, NULL);
    gt_show("sendmmsg 2 x 300000", smm(ssv[0], bv, 2, 0));
    printf("  msg_len: %u %u\n", bv[0].msg_len, bv[1].msg_len);
    pthread_join(th, NULL);
    unsigned long want = 0;
    for (int m = 0; m < 2; m++) {
        for (int i = 0; i < 300000; i++) {
            want = want * 31 + (unsigned char)big[m][i];
        }
    }
    printf("  reader got %ld bytes, checksum %s\n", rgot, rsum == want ? "matches" : "DIFFERS");
    close(ssv[0]);
    close(ssv[1]);
}

/* A blocking recvmmsg of 3 with 1 datagram queued, interrupted by a signal whose handler has no
 * SA_RESTART: the datagram already received is the result (do_recvmmsg returns the count). */
static volatile sig_atomic_t hits;

static void on_alarm(int sig) {
    (void)sig;
    hits++;
}

static void interrupted(void) {
    int sv[2];
    printf("-- interrupted\n");
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    gt_show("socketpair", socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
    out_msgs();
    gt_show("sendmmsg 1", smm(sv[0], mv, 1, 0));
    struct itimerval it = {{0, 0}, {0, 50000}};
    setitimer(ITIMER_REAL, &it, NULL);
    in_msgs(32);
    gt_show("recvmmsg 3, signal after 1", rmm(sv[1], mv, 3, 0, NULL));
    got(1);
    printf("  handler ran %d\n", (int)hits);
    /* do_recvmmsg keeps the error that ended the batch (-ERESTARTSYS, 512) as the socket error */
    int e = 0;
    socklen_t el = sizeof e;
    gt_show("getsockopt SO_ERROR", getsockopt(sv[1], SOL_SOCKET, SO_ERROR, &e, &el));
    printf("  so_error %d\n", e);
    /* nothing queued: the signal ends the wait with EINTR */
    setitimer(ITIMER_REAL, &it, NULL);
    in_msgs(32);
    gt_show("recvmmsg 3, signal before any", rmm(sv[1], mv, 3, 0, NULL));
    printf("  handler ran %d\n", (int)hits);
    close(sv[0]);
    close(sv[1]);
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    dgram();
    stream();
    blocking();
    stream_big();
    interrupted();
    return 0;
}
