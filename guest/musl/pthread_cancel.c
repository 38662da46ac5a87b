/* pthread_cancel of a thread blocked in a cancellation point (pause-like wait in read on a pipe),
 * with a cleanup handler, and pthread_join reporting PTHREAD_CANCELED. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static int fds[2];
static int cleaned;
static void cleanup(void *arg) { (void)arg; cleaned = 1; }

static void *blocker(void *arg) {
    (void)arg;
    char c;
    pthread_cleanup_push(cleanup, NULL);
    read(fds[0], &c, 1);   /* never gets data: a cancellation point */
    pthread_cleanup_pop(0);
    return NULL;
}

int main(void) {
    if (pipe(fds) != 0) return 1;
    pthread_t t;
    pthread_create(&t, NULL, blocker, NULL);
    usleep(1000);
    pthread_cancel(t);
    void *r;
    pthread_join(t, &r);
    printf("joined: canceled=%d cleanup ran=%d\n", r == PTHREAD_CANCELED, cleaned);
    return 0;
}
