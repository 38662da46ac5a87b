/* A pipe within one process: write/read round trip, partial reads, EOF after closing the write end,
 * EPIPE/SIGPIPE ignored after closing the read end, dup2 of a pipe over stdout-like descriptors, fcntl flags. */
#include <stdio.h>
#include <unistd.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>

int main(void) {
    int p[2];
    if (pipe(p) != 0) { perror("pipe"); return 1; }
    printf("pipe ok\n");
    const char *msg = "hello through the pipe";
    printf("write %zd\n", write(p[1], msg, strlen(msg)));
    char buf[64] = {0};
    printf("read5 %zd [%.5s]\n", read(p[0], buf, 5), buf);
    memset(buf, 0, sizeof buf);
    printf("read rest %zd [%s]\n", read(p[0], buf, sizeof buf), buf);
    int fl = fcntl(p[0], F_GETFL);
    fcntl(p[0], F_SETFL, fl | O_NONBLOCK);
    errno = 0;
    ssize_t rr = read(p[0], buf, 1);
    printf("empty nonblocking read %zd EAGAIN=%d\n", rr, errno == EAGAIN);
    int d = dup(p[1]);
    printf("dup > 2: %d\n", d > 2);
    close(p[1]);
    printf("write via dup %zd\n", write(d, "xyz", 3));
    close(d);
    printf("read after writers closed %zd\n", read(p[0], buf, sizeof buf));
    printf("EOF read %zd\n", read(p[0], buf, sizeof buf));
    close(p[0]);
    signal(SIGPIPE, SIG_IGN);
    if (pipe(p) != 0) return 1;
    close(p[0]);
    errno = 0;
    ssize_t wr = write(p[1], "x", 1);
    printf("write to closed pipe %zd EPIPE=%d\n", wr, errno == EPIPE);
    close(p[1]);
    if (pipe2(p, O_CLOEXEC) != 0) return 1;
    printf("pipe2 cloexec=%d\n", (fcntl(p[0], F_GETFD) & FD_CLOEXEC) != 0);
    static char big[200000];
    memset(big, 'q', sizeof big);
    fcntl(p[1], F_SETFL, O_NONBLOCK);
    ssize_t total = 0, w;
    while ((w = write(p[1], big, sizeof big)) > 0) total += w;
    printf("filled pipe: stopped with EAGAIN=%d, capacity>=4096: %d\n", errno == EAGAIN, total >= 4096);
    return 0;
}
