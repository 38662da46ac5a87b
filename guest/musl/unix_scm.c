#define _GNU_SOURCE
/* AF_UNIX data transfer that needs more than one party: SCM_RIGHTS (a pipe end, a file and a socket
 * travel over a socketpair and work on the other side; MSG_CMSG_CLOEXEC; MSG_CTRUNC when the control
 * buffer is short; EBADF for a bad descriptor; a stream read stops after the message carrying files),
 * SCM_CREDENTIALS with SO_PASSCRED, sendmsg/recvmsg gather and scatter, blocking reads, accept and
 * writes larger than the socket buffer between two threads, EINTR from a signal handler without
 * SA_RESTART, epoll readiness of a listener and a connection, and a vfork child that talks over a
 * socketpair. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../common/gt.h"

#define R(what, expr) do { errno = 0; long r_ = (long)(expr); \
    if (r_ < 0) printf("%s: %ld errno %d\n", what, r_, errno); else printf("%s: %ld\n", what, r_); } while (0)

static int send_fds(int s, const char *data, const int *fds, int n) {
    char ctl[CMSG_SPACE(sizeof(int) * 8)];
    struct iovec iov = {(void *)data, strlen(data)};
    struct msghdr mh = {0};
    mh.msg_iov = &iov;
    mh.msg_iovlen = 1;
    if (n > 0) {
        memset(ctl, 0, sizeof ctl);
        mh.msg_control = ctl;
        mh.msg_controllen = CMSG_SPACE(sizeof(int) * n);
        struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(sizeof(int) * n);
        memcpy(CMSG_DATA(c), fds, sizeof(int) * n);
    }
    return sendmsg(s, &mh, 0);
}

/* Receives into buf; stores up to 8 received descriptors in fds and returns their count in *nfds. */
static int recv_fds(int s, char *buf, int len, int *fds, int *nfds, size_t ctlspace, int flags, int *mflags) {
    char ctl[256];
    struct iovec iov = {buf, len};
    struct msghdr mh = {0};
    mh.msg_iov = &iov;
    mh.msg_iovlen = 1;
    mh.msg_control = ctl;
    mh.msg_controllen = ctlspace;
    int r = recvmsg(s, &mh, flags);
    *nfds = 0;
    *mflags = mh.msg_flags;
    if (r < 0) return r;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
            int n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
            memcpy(fds + *nfds, CMSG_DATA(c), n * sizeof(int));
            *nfds += n;
        }
    }
    printf("  controllen %d\n", (int)mh.msg_controllen);
    return r;
}

static void rights(void) {
    int sv[2], p[2], fds[8], n, mf;
    char buf[64];
    printf("-- SCM_RIGHTS\n");
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    pipe(p);
    char tmpl[] = "/tmp/flatland-scm-XXXXXX";
    int f = mkstemp(tmpl);
    unlink(tmpl);
    write(f, "file contents", 13);
    int two[2] = {p[1], f};
    R("sendmsg 2 fds", send_fds(sv[0], "fds", two, 2));
    close(p[1]);
    close(f);
    memset(buf, 0, sizeof buf);
    R("recvmsg", recv_fds(sv[1], buf, sizeof buf, fds, &n, sizeof(char[256]), 0, &mf));
    printf("got [%s] nfds %d flags %#x\n", buf, n, mf);
    R("write via passed pipe", write(fds[0], "through", 7));
    close(fds[0]);
    memset(buf, 0, sizeof buf);
    R("read pipe", read(p[0], buf, sizeof buf));
    printf("got [%s]\n", buf);
    R("read pipe eof", read(p[0], buf, sizeof buf));
    R("pread passed file", pread(fds[1], buf, 4, 5));
    printf("got [%.4s] offset shared %ld\n", buf, (long)lseek(fds[1], 0, SEEK_CUR));
    printf("cloexec %d\n", fcntl(fds[1], F_GETFD));
    close(fds[1]);
    close(p[0]);
    /* MSG_CMSG_CLOEXEC */
    int one = sv[0];
    R("send a socket", send_fds(sv[0], "s", &one, 1));
    R("recvmsg cloexec", recv_fds(sv[1], buf, sizeof buf, fds, &n, 256, MSG_CMSG_CLOEXEC, &mf));
    printf("nfds %d cloexec %d flags %#x\n", n, fcntl(fds[0], F_GETFD), mf);
    struct stat st;
    fstat(fds[0], &st);
    printf("received socket S_ISSOCK %d\n", S_ISSOCK(st.st_mode));
    R("write via received socket", write(fds[0], "loop", 4));
    memset(buf, 0, sizeof buf);
    R("read", read(sv[1], buf, sizeof buf));
    printf("got [%s]\n", buf);
    close(fds[0]);
    /* a short control buffer: MSG_CTRUNC, the extra descriptors are closed */
    pipe(p);
    int three[3] = {p[0], p[1], p[0]};
    R("send 3", send_fds(sv[0], "xyz", three, 3));
    R("recvmsg short ctl", recv_fds(sv[1], buf, sizeof buf, fds, &n, CMSG_SPACE(sizeof(int)), 0, &mf));
    printf("nfds %d MSG_CTRUNC %d\n", n, (mf & MSG_CTRUNC) != 0);
    close(fds[0]);
    close(p[0]);
    R("write to pipe whose read ends are all closed", write(p[1], "x", 1) < 0 ? -errno : 1);
    close(p[1]);
    /* read(2) of a message with files drops them */
    pipe(p);
    R("send 1", send_fds(sv[0], "r", &p[0], 1));
    close(p[0]);
    R("plain read", read(sv[1], buf, sizeof buf));
    R("pipe read end gone", write(p[1], "x", 1) < 0 ? -errno : 1);
    close(p[1]);
    /* a stream send of no bytes sends nothing, not even the files */
    R("send 0 bytes with an fd", send_fds(sv[0], "", &sv[0], 1));
    R("nothing to read", recv(sv[1], buf, sizeof buf, MSG_DONTWAIT));
    /* bad descriptor */
    int bad = 999;
    R("send bad fd", send_fds(sv[0], "b", &bad, 1));
    /* a stream read stops after the message with files, and joins the ones before */
    R("send plain", send(sv[0], "aa", 2, 0));
    pipe(p);
    R("send with fd", send_fds(sv[0], "bb", &p[0], 1));
    R("send plain", send(sv[0], "cc", 2, 0));
    memset(buf, 0, sizeof buf);
    R("recvmsg joins", recv_fds(sv[1], buf, sizeof buf, fds, &n, 256, 0, &mf));
    printf("got [%s] nfds %d\n", buf, n);
    close(fds[0]);
    memset(buf, 0, sizeof buf);
    R("recvmsg rest", recv_fds(sv[1], buf, sizeof buf, fds, &n, 256, 0, &mf));
    printf("got [%s] nfds %d\n", buf, n);
    close(p[0]);
    close(p[1]);
    /* datagram: gather and scatter */
    int dv[2];
    socketpair(AF_UNIX, SOCK_DGRAM, 0, dv);
    struct iovec out[3] = {{"ab", 2}, {"", 0}, {"cdefg", 5}};
    struct msghdr mh = {0};
    mh.msg_iov = out;
    mh.msg_iovlen = 3;
    R("sendmsg gather", sendmsg(dv[0], &mh, 0));
    char x[3] = {0}, y[8] = {0};
    struct iovec in[2] = {{x, 2}, {y, 8}};
    struct msghdr rh = {0};
    rh.msg_iov = in;
    rh.msg_iovlen = 2;
    R("recvmsg scatter", recvmsg(dv[1], &rh, 0));
    printf("got [%s][%s] flags %#x\n", x, y, rh.msg_flags);
    close(dv[0]);
    close(dv[1]);
    close(sv[0]);
    close(sv[1]);
}

static void creds(void) {
    int sv[2], on = 1;
    char buf[8], ctl[64];
    printf("-- SCM_CREDENTIALS\n");
    socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
    setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof on);
    R("send", send(sv[0], "c", 1, 0));
    struct iovec iov = {buf, sizeof buf};
    struct msghdr mh = {0};
    mh.msg_iov = &iov;
    mh.msg_iovlen = 1;
    mh.msg_control = ctl;
    mh.msg_controllen = sizeof ctl;
    R("recvmsg", recvmsg(sv[1], &mh, 0));
    struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
    printf("controllen %d type %d len %d\n", (int)mh.msg_controllen, c ? c->cmsg_type : -1, c ? (int)c->cmsg_len : -1);
    if (c) {
        struct ucred uc;
        memcpy(&uc, CMSG_DATA(c), sizeof uc);
        printf("pid self %d uid %d gid %d\n", uc.pid == getpid(), uc.uid == getuid(), uc.gid == getgid());
    }
    /* sending explicit credentials: own pid is fine, another is EPERM (for pid) */
    char sctl[CMSG_SPACE(sizeof(struct ucred))];
    memset(sctl, 0, sizeof sctl);
    struct msghdr sh = {0};
    struct iovec siov = {"d", 1};
    sh.msg_iov = &siov;
    sh.msg_iovlen = 1;
    sh.msg_control = sctl;
    sh.msg_controllen = sizeof sctl;
    struct cmsghdr *sc = CMSG_FIRSTHDR(&sh);
    sc->cmsg_level = SOL_SOCKET;
    sc->cmsg_type = SCM_CREDENTIALS;
    sc->cmsg_len = CMSG_LEN(sizeof(struct ucred));
    struct ucred me = {getpid(), getuid(), getgid()};
    memcpy(CMSG_DATA(sc), &me, sizeof me);
    R("send own creds", sendmsg(sv[0], &sh, 0));
    recv(sv[1], buf, sizeof buf, 0);
    me.pid = 0;
    memcpy(CMSG_DATA(sc), &me, sizeof me);
    R("send pid 0", sendmsg(sv[0], &sh, 0));
    sc->cmsg_type = 77;
    R("send bad type", sendmsg(sv[0], &sh, 0));
    sc->cmsg_len = 8;
    R("send short cmsg_len", sendmsg(sv[0], &sh, 0));
    close(sv[0]);
    close(sv[1]);
}

static int lsock;
static struct sockaddr_un laddr;
static socklen_t laddrlen;
static unsigned char big[600000];

static void *server(void *arg) {
    (void)arg;
    int a = accept(lsock, NULL, NULL);
    uint64_t h = GT_FNV_INIT;
    long total = 0;
    char buf[4096];
    for (;;) {
        ssize_t n = read(a, buf, sizeof buf);
        if (n <= 0) break;
        h = gt_fnv(h, buf, n);
        total += n;
    }
    write(a, &total, sizeof total);
    write(a, &h, sizeof h);
    close(a);
    return NULL;
}

static void threads(void) {
    printf("-- threads\n");
    lsock = socket(AF_UNIX, SOCK_STREAM, 0);
    memset(&laddr, 0, sizeof laddr);
    laddr.sun_family = AF_UNIX;
    memcpy(laddr.sun_path + 1, "flatland-scm-threads", 20);
    laddrlen = offsetof(struct sockaddr_un, sun_path) + 21;
    bind(lsock, (struct sockaddr *)&laddr, laddrlen);
    listen(lsock, 1);
    pthread_t th;
    pthread_create(&th, NULL, server, NULL);
    usleep(1000);   /* the server is most likely parked in accept by now; either order works */
    int c = socket(AF_UNIX, SOCK_STREAM, 0);
    R("connect", connect(c, (struct sockaddr *)&laddr, laddrlen));
    gt_seed(7);
    for (size_t i = 0; i < sizeof big; i++) big[i] = (unsigned char)gt_next();
    R("write 600000 (blocks while the reader drains)", write(c, big, sizeof big));
    R("shutdown wr", shutdown(c, SHUT_WR));
    long total = 0;
    uint64_t h = 0;
    R("read total", read(c, &total, sizeof total));
    R("read hash", read(c, &h, sizeof h));
    printf("server saw %ld bytes, hash matches %d\n", total, h == gt_fnv(GT_FNV_INIT, big, sizeof big));
    pthread_join(th, NULL);
    close(c);
    close(lsock);
}

static volatile int alarms;
static void on_alarm(int s) { (void)s; alarms++; }

static void *late_writer(void *arg) {
    usleep(100000);   /* well after the 20 ms timer */
    write(*(int *)arg, "L", 1);
    return NULL;
}

static void eintr(void) {
    printf("-- EINTR\n");
    int sv[2];
    char b;
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    struct sigaction sa = {0};
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it = {{0, 0}, {0, 20000}};
    setitimer(ITIMER_REAL, &it, NULL);
    R("blocking read interrupted", read(sv[0], &b, 1));
    int l = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a = {AF_UNIX};
    bind(l, (struct sockaddr *)&a, sizeof(sa_family_t));
    listen(l, 1);
    setitimer(ITIMER_REAL, &it, NULL);
    R("blocking accept interrupted", accept(l, NULL, NULL));
    close(l);
    /* SA_RESTART: the read goes on after the handler and gets the byte a thread writes later */
    sa.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);
    alarms = 0;
    pthread_t th;
    pthread_create(&th, NULL, late_writer, &sv[1]);
    setitimer(ITIMER_REAL, &it, NULL);
    R("blocking read restarted", read(sv[0], &b, 1));
    printf("handler ran %d byte %c\n", alarms, b);
    pthread_join(th, NULL);
    close(sv[0]);
    close(sv[1]);
}

static void epoll_ready(void) {
    printf("-- epoll\n");
    int l = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
    struct sockaddr_un a = {AF_UNIX}, n;
    bind(l, (struct sockaddr *)&a, sizeof(sa_family_t));
    socklen_t nl = sizeof n;
    getsockname(l, (struct sockaddr *)&n, &nl);
    listen(l, 4);
    int ep = epoll_create1(0);
    struct epoll_event ev = {EPOLLIN, {.u32 = 1}}, out[4];
    R("ctl add listener", epoll_ctl(ep, EPOLL_CTL_ADD, l, &ev));
    R("wait empty", epoll_wait(ep, out, 4, 0));
    int c = socket(AF_UNIX, SOCK_STREAM, 0);
    connect(c, (struct sockaddr *)&n, nl);
    int r = epoll_wait(ep, out, 4, 0);
    printf("wait after connect %d events %#x data %u\n", r, r > 0 ? out[0].events : 0, r > 0 ? out[0].data.u32 : 0);
    int s = accept(l, NULL, NULL);
    struct epoll_event ev2 = {EPOLLIN | EPOLLET, {.u32 = 2}};
    epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev2);
    R("wait after accept", epoll_wait(ep, out, 4, 0));
    write(c, "x", 1);
    r = epoll_wait(ep, out, 4, 0);
    printf("wait after write %d events %#x data %u\n", r, r > 0 ? out[0].events : 0, r > 0 ? out[0].data.u32 : 0);
    R("edge-triggered again", epoll_wait(ep, out, 4, 0));
    close(c);
    r = epoll_wait(ep, out, 4, 0);
    printf("wait after close %d events %#x\n", r, r > 0 ? out[0].events : 0);
    close(s);
    close(l);
    close(ep);
}

static void child(void) {
    printf("-- vfork child\n");
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    pid_t pid = vfork();
    if (pid == 0) {
        char fdarg[16];
        snprintf(fdarg, sizeof fdarg, "%d", sv[1]);
        execl("/proc/self/exe", "unix_scm", "child", fdarg, (char *)NULL);
        _exit(127);
    }
    close(sv[1]);
    char buf[64] = {0};
    R("read from child", read(sv[0], buf, sizeof buf));
    printf("got [%s]\n", buf);
    struct ucred uc;
    socklen_t l = sizeof uc;
    getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &uc, &l);
    printf("peercred pid is self %d\n", uc.pid == getpid());
    int st;
    waitpid(pid, &st, 0);
    printf("child exit %d\n", WEXITSTATUS(st));
    close(sv[0]);
}

int main(int argc, char **argv) {
    if (argc == 3 && strcmp(argv[1], "child") == 0) {
        int fd = atoi(argv[2]);
        return write(fd, "hello from the child", 20) == 20 ? 0 : 1;
    }
    setvbuf(stdout, 0, _IOLBF, 0);
    signal(SIGPIPE, SIG_IGN);
    rights();
    creds();
    threads();
    eintr();
    epoll_ready();
    child();
    return 0;
}
