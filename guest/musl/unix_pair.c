#define _GNU_SOURCE
/* AF_UNIX socketpair within one process: stream, datagram and seqpacket pairs; read/write/send/recv
 * with MSG_PEEK, MSG_DONTWAIT, MSG_TRUNC; shutdown; EPIPE with and without SIGPIPE (MSG_NOSIGNAL);
 * fstat (S_IFSOCK), /proc/self/fd link text, getsockopt SO_TYPE/SO_ERROR/SO_PEERCRED/SO_DOMAIN/
 * SO_ACCEPTCONN and the buffer sizes; socket() argument errors. Errors print as errno numbers. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define R(what, expr) do { errno = 0; long r_ = (long)(expr); \
    if (r_ < 0) printf("%s: %ld errno %d\n", what, r_, errno); else printf("%s: %ld\n", what, r_); } while (0)

static volatile int sigpipes;
static void on_pipe(int s) { (void)s; sigpipes++; }

static int sockopt(int fd, int name) {
    int v = -12345;
    socklen_t l = sizeof v;
    if (getsockopt(fd, SOL_SOCKET, name, &v, &l) != 0) return -errno;
    return v;
}

static void pollmask(const char *what, int fd) {
    struct pollfd p = {fd, POLLIN | POLLOUT | POLLRDHUP, 0};
    int n = poll(&p, 1, 0);
    printf("%s: poll %d revents %#x\n", what, n, p.revents);
}

static void stream(int type, const char *name) {
    int sv[2];
    char buf[64];
    printf("-- %s\n", name);
    R("socketpair", socketpair(AF_UNIX, type, 0, sv));
    pollmask("fresh", sv[0]);
    R("write a", write(sv[0], "hello", 5));
    R("send a", send(sv[0], " world", 6, 0));
    pollmask("data", sv[1]);
    int q = -1;
    R("FIONREAD", ioctl(sv[1], FIONREAD, &q));
    printf("queued %d\n", q);
    memset(buf, 0, sizeof buf);
    R("peek", recv(sv[1], buf, 3, MSG_PEEK));
    printf("peeked [%s]\n", buf);
    memset(buf, 0, sizeof buf);
    R("read", read(sv[1], buf, sizeof buf));
    printf("got [%s]\n", buf);
    memset(buf, 0, sizeof buf);
    R("read rest", recv(sv[1], buf, sizeof buf, MSG_DONTWAIT));
    printf("got [%s]\n", buf);
    R("dontwait empty", recv(sv[1], buf, sizeof buf, MSG_DONTWAIT));
    R("trunc send", send(sv[0], "0123456789", 10, 0));
    R("trunc recv", recv(sv[1], buf, 4, MSG_TRUNC));
    R("after trunc", recv(sv[1], buf, sizeof buf, MSG_DONTWAIT));
    R("zero send", send(sv[0], "", 0, 0));
    R("zero recv", recv(sv[1], buf, sizeof buf, MSG_DONTWAIT));
    R("shutdown bad", shutdown(sv[0], 7));
    R("shutdown wr", shutdown(sv[0], SHUT_WR));
    pollmask("peer after shut_wr", sv[1]);
    pollmask("self after shut_wr", sv[0]);
    R("read eof", read(sv[1], buf, sizeof buf));
    R("write after shut_wr nosig", send(sv[0], "x", 1, MSG_NOSIGNAL));
    printf("sigpipes %d\n", sigpipes);
    R("write after shut_wr", write(sv[0], "x", 1));
    printf("sigpipes %d\n", sigpipes);
    R("reverse write", write(sv[1], "back", 4));
    R("reverse read", read(sv[0], buf, sizeof buf));
    R("close 1", close(sv[1]));
    pollmask("after peer close", sv[0]);
    R("read closed peer", read(sv[0], buf, sizeof buf));
    R("write closed peer", write(sv[0], "y", 1));
    printf("sigpipes %d\n", sigpipes);
    R("so_error", sockopt(sv[0], SO_ERROR));
    close(sv[0]);
    sigpipes = 0;
}

static void dgram(void) {
    int sv[2];
    char buf[64];
    printf("-- dgram\n");
    R("socketpair", socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
    pollmask("fresh", sv[0]);
    R("send 1", send(sv[0], "one", 3, 0));
    R("send 2", send(sv[0], "second", 6, 0));
    R("send 0", send(sv[0], "", 0, 0));
    pollmask("data", sv[1]);
    int q = -1;
    R("FIONREAD", ioctl(sv[1], FIONREAD, &q));
    printf("next datagram %d\n", q);
    memset(buf, 0, sizeof buf);
    R("recv 1 short", recv(sv[1], buf, 2, 0));
    printf("got [%s]\n", buf);
    memset(buf, 0, sizeof buf);
    R("recv 2 trunc", recv(sv[1], buf, 3, MSG_TRUNC));
    printf("got [%s]\n", buf);
    R("recv 0", recv(sv[1], buf, sizeof buf, 0));
    R("recv empty", recv(sv[1], buf, sizeof buf, MSG_DONTWAIT));
    struct msghdr mh = {0};
    struct iovec iov = {buf, 2};
    mh.msg_iov = &iov;
    mh.msg_iovlen = 1;
    R("send 3", send(sv[0], "abcdef", 6, 0));
    R("recvmsg trunc", recvmsg(sv[1], &mh, 0));
    printf("msg_flags MSG_TRUNC %d namelen %d\n", (mh.msg_flags & MSG_TRUNC) != 0, (int)mh.msg_namelen);
    R("shutdown rd", shutdown(sv[1], SHUT_RD));
    R("recv after shut_rd", recv(sv[1], buf, sizeof buf, MSG_DONTWAIT));
    R("send to shut_rd", send(sv[0], "z", 1, MSG_DONTWAIT | MSG_NOSIGNAL));
    close(sv[1]);
    R("send to closed", send(sv[0], "z", 1, MSG_NOSIGNAL));
    R("send to closed again", send(sv[0], "z", 1, MSG_NOSIGNAL));
    close(sv[0]);
}

static void info(void) {
    int sv[2];
    struct stat st;
    char link[64], path[64];
    printf("-- info\n");
    R("socketpair cloexec nonblock", socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0, sv));
    printf("fd flags cloexec %d nonblock %d rdwr %d\n", (fcntl(sv[0], F_GETFD) & FD_CLOEXEC) != 0,
           (fcntl(sv[0], F_GETFL) & O_NONBLOCK) != 0, (fcntl(sv[0], F_GETFL) & O_ACCMODE) == O_RDWR);
    R("nonblock read", read(sv[0], link, 1));
    R("fstat", fstat(sv[0], &st));
    printf("S_ISSOCK %d perm %o size %ld nlink %ld\n", S_ISSOCK(st.st_mode), st.st_mode & 07777, (long)st.st_size,
           (long)st.st_nlink);
    snprintf(path, sizeof path, "/proc/self/fd/%d", sv[0]);
    ssize_t n = readlink(path, link, sizeof link - 1);
    link[n > 0 ? n : 0] = 0;
    printf("link starts socket:[ %d ends ] %d\n", strncmp(link, "socket:[", 8) == 0, n > 0 && link[n - 1] == ']');
    printf("SO_TYPE %d SO_DOMAIN %d SO_PROTOCOL %d SO_ACCEPTCONN %d SO_ERROR %d\n", sockopt(sv[0], SO_TYPE),
           sockopt(sv[0], SO_DOMAIN), sockopt(sv[0], SO_PROTOCOL), sockopt(sv[0], SO_ACCEPTCONN),
           sockopt(sv[0], SO_ERROR));
    printf("SO_SNDBUF>0 %d SO_RCVBUF>0 %d SO_PASSCRED %d\n", sockopt(sv[0], SO_SNDBUF) > 0,
           sockopt(sv[0], SO_RCVBUF) > 0, sockopt(sv[0], SO_PASSCRED));
    int v = 8192;
    R("set SO_SNDBUF", setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &v, sizeof v));
    printf("SO_SNDBUF after set %d\n", sockopt(sv[0], SO_SNDBUF));
    R("set SO_RCVBUF", setsockopt(sv[0], SOL_SOCKET, SO_RCVBUF, &v, sizeof v));
    printf("SO_RCVBUF after set %d\n", sockopt(sv[0], SO_RCVBUF));
    v = 1;
    R("set SO_REUSEADDR", setsockopt(sv[0], SOL_SOCKET, SO_REUSEADDR, &v, sizeof v));
    R("set SO_KEEPALIVE", setsockopt(sv[0], SOL_SOCKET, SO_KEEPALIVE, &v, sizeof v));
    R("set SO_PASSCRED", setsockopt(sv[0], SOL_SOCKET, SO_PASSCRED, &v, sizeof v));
    printf("SO_PASSCRED %d\n", sockopt(sv[0], SO_PASSCRED));
    R("set short optlen", setsockopt(sv[0], SOL_SOCKET, SO_REUSEADDR, &v, 2));
    R("set unknown level", setsockopt(sv[0], 6, 1, &v, sizeof v));
    R("get unknown name", sockopt(sv[0], 9999));
    struct ucred uc;
    socklen_t l = sizeof uc;
    R("SO_PEERCRED", getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &uc, &l));
    printf("peercred len %d pid self %d uid self %d gid self %d\n", (int)l, uc.pid == getpid(), uc.uid == getuid(),
           uc.gid == getgid());
    int small = -1;
    l = 2;
    R("SO_TYPE short optlen", getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &small, &l));
    printf("short len %d value low byte %d\n", (int)l, small & 0xff);
    l = -1;
    R("SO_TYPE negative optlen", getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &small, &l));
    struct sockaddr_un sa;
    l = sizeof sa;
    memset(&sa, 0x55, sizeof sa);
    R("getsockname pair", getsockname(sv[0], (struct sockaddr *)&sa, &l));
    printf("name len %d family %d\n", (int)l, sa.sun_family);
    l = sizeof sa;
    R("getpeername pair", getpeername(sv[0], (struct sockaddr *)&sa, &l));
    printf("peer len %d family %d\n", (int)l, sa.sun_family);
    R("lseek", lseek(sv[0], 0, SEEK_SET));
    R("getsockopt on a closed fd", getsockopt(99, SOL_SOCKET, SO_TYPE, &small, &l));
    l = 0;
    R("getsockopt optlen 0", getsockopt(sv[0], SOL_SOCKET, SO_TYPE, NULL, &l));
    printf("optlen after %d\n", (int)l);
    struct msghdr mh = {0};
    mh.msg_iovlen = 2000;
    R("sendmsg iovlen 2000", sendmsg(sv[0], &mh, 0));
    mh.msg_iovlen = 0;
    R("sendmsg empty", sendmsg(sv[0], &mh, 0));
    R("recvmsg empty", recvmsg(sv[1], &mh, MSG_DONTWAIT));
    int p[2];
    pipe(p);
    R("getsockopt on pipe", getsockopt(p[0], SOL_SOCKET, SO_TYPE, &small, &l));
    R("shutdown on pipe", shutdown(p[0], SHUT_RD));
    close(p[0]);
    close(p[1]);
    close(sv[0]);
    close(sv[1]);
}

static void errors(void) {
    int sv[2];
    printf("-- errors\n");
    R("socket bad type", socket(AF_UNIX, 9, 0));
    R("socket bad flags", socket(AF_UNIX, SOCK_STREAM | 0x100, 0));
    R("socket bad protocol", socket(AF_UNIX, SOCK_STREAM, 7));
    R("socket protocol 1", close(socket(AF_UNIX, SOCK_STREAM, 1)));
    R("socket raw", close(socket(AF_UNIX, SOCK_RAW, 0)));
    R("socket bad family", socket(200, SOCK_STREAM, 0));
    R("socket family 45", socket(45, SOCK_STREAM, 0));
    R("socketpair raw", socketpair(AF_UNIX, SOCK_RAW, 0, sv));
    int s = socket(AF_UNIX, SOCK_RAW, 0);
    printf("raw SO_TYPE %d\n", sockopt(s, SO_TYPE));
    close(s);
    R("socketpair bad flags", socketpair(AF_UNIX, SOCK_STREAM | 0x100, 0, sv));
    s = socket(AF_UNIX, SOCK_STREAM, 0);
    char b[4];
    R("unconnected stream read", read(s, b, 4));
    R("unconnected stream write", write(s, "x", 1));
    R("unconnected stream send nosig", send(s, "x", 1, MSG_NOSIGNAL));
    printf("sigpipes %d\n", sigpipes);
    R("unconnected shutdown", shutdown(s, SHUT_RDWR));
    struct sockaddr_un sa;
    socklen_t l = sizeof sa;
    R("unconnected getpeername", getpeername(s, (struct sockaddr *)&sa, &l));
    R("accept unlistened", accept(s, 0, 0));
    R("listen unbound", listen(s, 1));
    close(s);
    s = socket(AF_UNIX, SOCK_SEQPACKET, 0);
    R("unconnected seqpacket read", read(s, b, 4));
    R("unconnected seqpacket send", send(s, "x", 1, MSG_NOSIGNAL));
    close(s);
    s = socket(AF_UNIX, SOCK_DGRAM, 0);
    R("unconnected dgram send", send(s, "x", 1, MSG_NOSIGNAL));
    R("unconnected dgram recv", recv(s, b, 4, MSG_DONTWAIT));
    R("dgram listen", listen(s, 1));
    R("dgram accept", accept(s, 0, 0));
    close(s);
}

int main(void) {
    signal(SIGPIPE, on_pipe);
    setvbuf(stdout, 0, _IOLBF, 0);
    stream(SOCK_STREAM, "stream");
    stream(SOCK_SEQPACKET, "seqpacket");
    dgram();
    info();
    errors();
    return 0;
}
