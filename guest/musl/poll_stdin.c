// stdin: guest/musl/poll_stdin.txt
/* poll and select on stdin fed from a file (a regular file is always ready), then reading it to
 * the end: readiness stays (end of file is readable). */
#include <poll.h>
#include <stdio.h>
#include <sys/select.h>
#include <unistd.h>

int main(void) {
    struct pollfd p = {.fd = 0, .events = POLLIN};
    int r = poll(&p, 1, 1000);
    printf("poll stdin: %d revents %#x\n", r, p.revents);
    char b[64];
    ssize_t n = read(0, b, sizeof b);
    printf("read: %zd\n", n);
    r = poll(&p, 1, 1000);
    printf("poll at eof: %d revents %#x\n", r, p.revents);
    fd_set rs;
    FD_ZERO(&rs);
    FD_SET(0, &rs);
    struct timeval tv = {1, 0};
    r = select(1, &rs, NULL, NULL, &tv);
    printf("select at eof: %d set %d\n", r, FD_ISSET(0, &rs));
    printf("read at eof: %zd\n", read(0, b, sizeof b));
    return 0;
}
