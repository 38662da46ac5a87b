// exit: 5
/* Writes to stdout and stderr through stdio (buffered and unbuffered) and write(2), then exits 5. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void) {
    for (int i = 0; i < 50; i++) {
        printf("out line %d\n", i);
        fprintf(stderr, "err line %d\n", i);
    }
    const char *raw = "raw write to fd 2\n";
    if (write(2, raw, strlen(raw)) != (ssize_t)strlen(raw)) return 1;
    if (write(1, "raw write to fd 1\n", 18) != 18) return 1;
    perror("perror with errno 0");
    fprintf(stderr, "%s", "no newline at the end");
    return 5;
}
