#define _GNU_SOURCE
/* AF_UNIX names and connections within one process: bind to a path (S_IFSOCK node, mode from the
 * umask, EADDRINUSE, unlink), to the abstract namespace and by autobind; listen/connect/accept and
 * accept4 (a connect completes before accept), getsockname/getpeername/accept addresses, SO_PEERCRED
 * and SO_ACCEPTCONN, connect errors (ENOENT, ECONNREFUSED, EPROTOTYPE, EISCONN, EAGAIN on a full
 * backlog), ECONNRESET after a listener closes with a pending connection, datagram addressing
 * (sendto/recvfrom, connect, EPERM, ECONNREFUSED), and poll on a listener. Paths live in a fresh
 * directory under /tmp (host) and /dev/shm (tmpfs under Flatland); no name is ever printed. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define R(what, expr) do { errno = 0; long r_ = (long)(expr); \
    if (r_ < 0) printf("%s: %ld errno %d\n", what, r_, errno); else printf("%s: %ld\n", what, r_); } while (0)
#define OK(what, expr) do { errno = 0; long r_ = (long)(expr); \
    if (r_ < 0) printf("%s: -1 errno %d\n", what, errno); else printf("%s: ok\n", what); } while (0)

static socklen_t mkaddr(struct sockaddr_un *sa, const char *path) {
    memset(sa, 0, sizeof *sa);
    sa->sun_family = AF_UNIX;
    strcpy(sa->sun_path, path);
    return offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1;
}

static socklen_t mkabstract(struct sockaddr_un *sa, const char *name) {
    memset(sa, 0, sizeof *sa);
    sa->sun_family = AF_UNIX;
    memcpy(sa->sun_path + 1, name, strlen(name));
    return offsetof(struct sockaddr_un, sun_path) + 1 + strlen(name);
}

/* Prints what getsockname/getpeername says: its length relative to the expected name and whether the bytes match. */
static void showname(const char *what, int fd, int peer, const struct sockaddr_un *want, socklen_t wantlen) {
    struct sockaddr_un sa;
    socklen_t l = sizeof sa;
    memset(&sa, 0x55, sizeof sa);
    int r = peer ? getpeername(fd, (struct sockaddr *)&sa, &l) : getsockname(fd, (struct sockaddr *)&sa, &l);
    if (r != 0) { printf("%s: -1 errno %d\n", what, errno); return; }
    printf("%s: len %s%d same %d\n", what, want ? "want" : "", want ? (int)l - (int)wantlen : (int)l,
           want ? memcmp(&sa, want, wantlen) == 0 : sa.sun_family == AF_UNIX);
}

static void showpoll(const char *what, struct pollfd *p) {
    p->revents = 0;
    int n = poll(p, 1, 0);
    printf("%s %d revents %#x\n", what, n, p->revents);
}

static void paths(const char *dir, const char *label) {
    char path[100], other[100];
    struct sockaddr_un sa, sb;
    struct stat st;
    printf("-- path bind in %s\n", label);
    snprintf(path, sizeof path, "%s/s", dir);
    snprintf(other, sizeof other, "%s/file", dir);
    socklen_t len = mkaddr(&sa, path);
    int srv = socket(AF_UNIX, SOCK_STREAM, 0);
    OK("bind", bind(srv, (struct sockaddr *)&sa, len));
    OK("stat", stat(path, &st));
    printf("S_ISSOCK %d mode %o size %ld\n", S_ISSOCK(st.st_mode), st.st_mode & 0777, (long)st.st_size);
    R("open socket node", open(path, O_RDONLY));
    OK("bind again", bind(srv, (struct sockaddr *)&sa, len));
    int s2 = socket(AF_UNIX, SOCK_STREAM, 0);
    OK("bind taken", bind(s2, (struct sockaddr *)&sa, len));
    showname("getsockname", srv, 0, &sa, len);
    /* a name without the NUL in the length is the same name */
    showname("getsockname short", srv, 0, &sa, len);
    int c = socket(AF_UNIX, SOCK_STREAM, 0);
    OK("connect before listen", connect(c, (struct sockaddr *)&sa, len));
    OK("listen", listen(srv, 1));
    int v = -1;
    socklen_t vl = sizeof v;
    getsockopt(srv, SOL_SOCKET, SO_ACCEPTCONN, &v, &vl);
    printf("SO_ACCEPTCONN %d\n", v);
    OK("listen again", listen(srv, 1));
    struct pollfd p = {srv, POLLIN | POLLOUT, 0};
    showpoll("listener poll", &p);
    OK("connect", connect(c, (struct sockaddr *)&sa, len - 1));
    showpoll("listener poll", &p);
    OK("connect again", connect(c, (struct sockaddr *)&sa, len));
    R("write before accept", write(c, "early", 5));
    struct sockaddr_un peer;
    socklen_t pl = sizeof peer;
    memset(&peer, 0x55, sizeof peer);
    int a = accept(srv, (struct sockaddr *)&peer, &pl);
    printf("accept ok %d addrlen %d family %d\n", a >= 0, (int)pl, peer.sun_family);
    char buf[32] = {0};
    R("read accepted", read(a, buf, sizeof buf));
    printf("got [%s]\n", buf);
    showname("accepted getsockname", a, 0, &sa, len);
    showname("client getpeername", c, 1, &sa, len);
    showname("client getsockname", c, 0, NULL, 0);
    struct ucred uc;
    socklen_t ul = sizeof uc;
    OK("peercred", getsockopt(a, SOL_SOCKET, SO_PEERCRED, &uc, &ul));
    printf("accepted peer pid self %d uid %d\n", uc.pid == getpid(), uc.uid == getuid());
    ul = sizeof uc;
    OK("peercred client", getsockopt(c, SOL_SOCKET, SO_PEERCRED, &uc, &ul));
    printf("client peer pid self %d uid %d\n", uc.pid == getpid(), uc.uid == getuid());
    fcntl(srv, F_SETFL, O_NONBLOCK);
    R("accept empty", accept(srv, NULL, NULL));
    R("accept4 bad flags", accept4(srv, NULL, NULL, 1));
    /* backlog 1 holds two pending connections (the queue is full only above the backlog) */
    int c2 = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int c3 = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int c4 = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
    OK("connect 2", connect(c2, (struct sockaddr *)&sa, len));
    OK("connect 3", connect(c3, (struct sockaddr *)&sa, len));
    OK("connect 4 backlog full", connect(c4, (struct sockaddr *)&sa, len));
    R("write pending", write(c2, "x", 1));
    int a2 = accept4(srv, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
    printf("accept4 cloexec %d nonblock %d\n", (fcntl(a2, F_GETFD) & FD_CLOEXEC) != 0,
           (fcntl(a2, F_GETFL) & O_NONBLOCK) != 0);
    close(a2);
    close(srv);
    R("read after listener closed", read(c3, buf, sizeof buf));
    R("read again", read(c3, buf, sizeof buf));
    R("write after listener closed", send(c3, "x", 1, MSG_NOSIGNAL));
    int s5 = socket(AF_UNIX, SOCK_STREAM, 0);
    OK("connect stale node", connect(s5, (struct sockaddr *)&sa, len));
    OK("unlink", unlink(path));
    OK("connect unlinked", connect(s5, (struct sockaddr *)&sa, len));
    int fd = open(other, O_CREAT | O_WRONLY, 0600);
    close(fd);
    len = mkaddr(&sb, other);
    OK("connect regular file", connect(s5, (struct sockaddr *)&sb, len));
    OK("bind regular file", bind(s5, (struct sockaddr *)&sb, len));
    unlink(other);
    len = mkaddr(&sb, "/nonexistent-dir/s");
    OK("bind missing dir", bind(s5, (struct sockaddr *)&sb, len));
    sb.sun_family = AF_INET;
    OK("bind wrong family", bind(s5, (struct sockaddr *)&sb, len));
    sb.sun_family = AF_UNIX;
    OK("bind len 1", bind(s5, (struct sockaddr *)&sb, 1));
    OK("bind len 111", bind(s5, (struct sockaddr *)&sb, 111));
    OK("bind len 200", bind(s5, (struct sockaddr *)&sb, 200));
    int d = socket(AF_UNIX, SOCK_DGRAM, 0);
    len = mkaddr(&sb, path);
    OK("dgram bind", bind(d, (struct sockaddr *)&sb, len));
    OK("stream connect to dgram", connect(s5, (struct sockaddr *)&sb, len));
    unlink(path);
    close(d);
    close(c); close(c2); close(c3); close(c4); close(a); close(s2); close(s5);
}

static void abstract_names(void) {
    struct sockaddr_un sa, sb;
    printf("-- abstract\n");
    socklen_t len = mkabstract(&sa, "flatland-test-unix-conn");
    int srv = socket(AF_UNIX, SOCK_SEQPACKET, 0);
    OK("bind", bind(srv, (struct sockaddr *)&sa, len));
    int s2 = socket(AF_UNIX, SOCK_SEQPACKET, 0);
    OK("bind taken", bind(s2, (struct sockaddr *)&sa, len));
    OK("bind shorter name", bind(s2, (struct sockaddr *)&sa, len - 1));
    showname("getsockname", srv, 0, &sa, len);
    OK("listen", listen(srv, 4));
    int c = socket(AF_UNIX, SOCK_SEQPACKET, 0);
    OK("connect", connect(c, (struct sockaddr *)&sa, len));
    int a = accept(srv, NULL, NULL);
    R("send", send(c, "packet-one", 10, 0));
    R("send", send(c, "two", 3, 0));
    char buf[32] = {0};
    R("recv", recv(a, buf, sizeof buf, 0));
    printf("got [%s]\n", buf);
    memset(buf, 0, sizeof buf);
    R("recv", recv(a, buf, sizeof buf, 0));
    printf("got [%s]\n", buf);
    showname("peer of accepted", a, 1, &sb, 0);
    int st = socket(AF_UNIX, SOCK_STREAM, 0);
    OK("stream to seqpacket", connect(st, (struct sockaddr *)&sa, len));
    close(srv);
    int s3 = socket(AF_UNIX, SOCK_SEQPACKET, 0);
    OK("bind freed name", bind(s3, (struct sockaddr *)&sa, len));
    close(s3);
    OK("connect to closed name", connect(st, (struct sockaddr *)&sa, len));
    int au = socket(AF_UNIX, SOCK_DGRAM, 0);
    sb.sun_family = AF_UNIX;
    OK("autobind", bind(au, (struct sockaddr *)&sb, sizeof(sa_family_t)));
    struct sockaddr_un n;
    socklen_t nl = sizeof n;
    getsockname(au, (struct sockaddr *)&n, &nl);
    int hex = 1;
    for (int i = 1; i < 6; i++) hex &= strchr("0123456789abcdef", n.sun_path[i]) != NULL;
    printf("autobind len %d first NUL %d hex %d\n", (int)nl, n.sun_path[0] == 0, hex);
    OK("autobind again", bind(au, (struct sockaddr *)&sb, sizeof(sa_family_t)));
    close(au); close(st); close(a); close(c); close(s2);
}

static void dgram_names(void) {
    struct sockaddr_un sa, sb, from;
    char buf[32];
    printf("-- dgram addressing\n");
    socklen_t la = mkabstract(&sa, "flatland-dgram-a");
    socklen_t lb = mkabstract(&sb, "flatland-dgram-b");
    int a = socket(AF_UNIX, SOCK_DGRAM, 0), b = socket(AF_UNIX, SOCK_DGRAM, 0), u = socket(AF_UNIX, SOCK_DGRAM, 0);
    OK("bind a", bind(a, (struct sockaddr *)&sa, la));
    OK("bind b", bind(b, (struct sockaddr *)&sb, lb));
    R("sendto a", sendto(b, "from-b", 6, 0, (struct sockaddr *)&sa, la));
    R("sendto a unbound", sendto(u, "from-u", 6, 0, (struct sockaddr *)&sa, la));
    socklen_t fl = sizeof from;
    memset(buf, 0, sizeof buf);
    R("recvfrom", recvfrom(a, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl));
    printf("got [%s] fromlen %d same %d\n", buf, (int)fl, fl == lb && memcmp(&from, &sb, lb) == 0);
    fl = sizeof from;
    memset(buf, 0, sizeof buf);
    R("recvfrom", recvfrom(a, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl));
    printf("got [%s] fromlen %d\n", buf, (int)fl);
    OK("connect a->b", connect(a, (struct sockaddr *)&sb, lb));
    showname("getpeername", a, 1, &sb, lb);
    R("send connected", send(a, "hi", 2, 0));
    R("recv", recv(b, buf, sizeof buf, 0));
    OK("connect b->a", connect(b, (struct sockaddr *)&sa, la));
    R("u sendto a (connected to b)", sendto(u, "x", 1, 0, (struct sockaddr *)&sa, la));
    R("sendto missing", sendto(u, "x", 1, 0, (struct sockaddr *)&sa, la - 2));
    struct sockaddr_un un = {0};
    un.sun_family = AF_UNSPEC;
    OK("disconnect", connect(a, (struct sockaddr *)&un, sizeof un.sun_family));
    R("send disconnected", send(a, "x", 1, 0));
    R("sendto stream-type address", sendto(a, "x", 1, MSG_NOSIGNAL, (struct sockaddr *)&sb, 1));
    static char big[300000];
    memset(big, 1, sizeof big);
    R("send too big", sendto(a, big, sizeof big, 0, (struct sockaddr *)&sb, lb));
    close(b);
    R("sendto closed b", sendto(u, "x", 1, 0, (struct sockaddr *)&sb, lb));
    close(a);
    close(u);
}

int main(void) {
    setvbuf(stdout, 0, _IOLBF, 0);
    umask(022);
    char tmpl[] = "/tmp/flatland-unix-XXXXXX";
    char *dir = mkdtemp(tmpl);
    if (!dir) { perror("mkdtemp"); return 1; }
    paths(dir, "/tmp");
    rmdir(dir);
    char shm[] = "/dev/shm/flatland-unix-XXXXXX";
    dir = mkdtemp(shm);
    if (!dir) { perror("mkdtemp"); return 1; }
    paths(dir, "/dev/shm");
    rmdir(dir);
    abstract_names();
    dgram_names();
    return 0;
}
