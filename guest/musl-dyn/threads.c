/* pthreads in a dynamic PIE: ld.so sets up the initial thread's TLS block, and pthread_create in
 * libc.so allocates each new thread's TLS and stack (mmap; the guard mprotect may fail with ENOSYS on
 * nommu, which musl tolerates). Four workers add to a mutex-protected total and a __thread counter,
 * then signal a condition variable; the results are deterministic. */
#include <pthread.h>
#include <stdio.h>
#include "../common/gt.h"

#define NTHREADS 4
#define ROUNDS 2000

static __thread long mine = 100;      /* initialised TLS: every thread starts from the image's value */
static __thread char scratch[256];    /* zero-initialised TLS */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static long total;
static int finished;

static void *worker(void *arg) {
    long id = (long)arg;
    GT_CHECK(mine == 100 && scratch[255] == 0, "thread %ld: TLS not initialised from the image", id);
    for (int i = 0; i < ROUNDS; i++) {
        mine += id;
        pthread_mutex_lock(&lock);
        total += id;
        pthread_mutex_unlock(&lock);
    }
    scratch[0] = (char)id;
    pthread_mutex_lock(&lock);
    finished++;
    pthread_cond_signal(&cond);
    pthread_mutex_unlock(&lock);
    return (void *)(mine + scratch[0]);
}

int main(void) {
    pthread_t t[NTHREADS];
    for (long i = 0; i < NTHREADS; i++) {
        GT_CHECK(pthread_create(&t[i], NULL, worker, (void *)(i + 1)) == 0, "pthread_create %ld", i);
    }
    pthread_mutex_lock(&lock);
    while (finished < NTHREADS) pthread_cond_wait(&cond, &lock);
    pthread_mutex_unlock(&lock);
    long sum = 0;
    for (int i = 0; i < NTHREADS; i++) {
        void *r;
        pthread_join(t[i], &r);
        printf("thread %d returned %ld\n", i + 1, (long)r);
        sum += (long)r;
    }
    printf("total %ld, main's TLS still %ld\n", total, mine);
    GT_CHECK(total == (long)ROUNDS * (1 + 2 + 3 + 4), "total");
    GT_CHECK(mine == 100, "main's TLS changed");
    return gt_done("musl-dyn/threads");
}
