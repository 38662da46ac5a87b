// stdin: guest/musl/poll_stdin.txt
/* poll and select on stdin (the harness feeds it through a pipe that it closes, so POLLIN and
 * POLLHUP come in either order: only "readable", POLLIN or POLLHUP, is printed), then at the end
 * of the input, which stays readable (read returns 0). */
#include <poll.h>
#include <stdio.h>
#include <sys/select.h>
#include <unistd.h>

int main(void) {
    struct pollfd p = {.fd = 0, .events = POLLIN};
    int r = poll(&p, 1, 1000);
    printf("poll stdin: %d readable %d\n", r, (p.revents & (POLLIN | POLLHUP)) != 0);
    char b[64];
    ssize_t n = read(0, b, sizeof b);
    printf("read: %zd\n", n);
    r = poll(&p, 1, 1000);
    printf("poll at eof: %d readable %d\n", r, (p.revents & (POLLIN | POLLHUP)) != 0);
    fd_set rs;
    FD_ZERO(&rs);
    FD_SET(0, &rs);
    struct timeval tv = {1, 0};
    r = select(1, &rs, NULL, NULL, &tv);
    printf("select at eof: %d set %d\n", r, FD_ISSET(0, &rs));
    printf("read at eof: %zd\n", read(0, b, sizeof b));
    return 0;
}
