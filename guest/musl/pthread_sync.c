/* pthread synchronisation: 8 threads on one mutex-protected counter, a condition-variable broadcast
 * releasing waiting threads, a reader-writer lock, a barrier, thread-local storage and join results.
 * Everything printed is computed after the joins, so the output does not depend on scheduling. */
#include <pthread.h>
#include <stdint.h>
#include <sched.h>
#include <stdio.h>

enum { N = 8, STEPS = 2000 };
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static pthread_barrier_t barrier;
static long counter;
static int go, waiting;
static long table[N];
static __thread int my_id = -1;
static int serial_count;
static long rw_sum[N];

static void *worker(void *arg) {
    int id = (int)(intptr_t)arg;
    my_id = id;
    for (int i = 0; i < STEPS; i++) {
        pthread_mutex_lock(&lock);
        counter++;
        pthread_mutex_unlock(&lock);
    }
    pthread_mutex_lock(&lock);
    waiting++;
    while (!go) pthread_cond_wait(&cond, &lock);
    pthread_mutex_unlock(&lock);
    pthread_rwlock_wrlock(&rw);
    table[id] = (long)id * id;
    pthread_rwlock_unlock(&rw);
    if (pthread_barrier_wait(&barrier) == PTHREAD_BARRIER_SERIAL_THREAD) {
        pthread_mutex_lock(&lock);
        serial_count++;
        pthread_mutex_unlock(&lock);
    }
    pthread_rwlock_rdlock(&rw);
    long s = 0;
    for (int i = 0; i < N; i++) s += table[i];
    pthread_rwlock_unlock(&rw);
    rw_sum[id] = s;
    return (void *)(intptr_t)(my_id * 100);
}

int main(void) {
    pthread_t t[N];
    pthread_barrier_init(&barrier, NULL, N);
    for (int i = 0; i < N; i++) {
        if (pthread_create(&t[i], NULL, worker, (void *)(intptr_t)i) != 0) { printf("create failed\n"); return 1; }
    }
    for (;;) {   /* wait until every thread sleeps on the condition variable, then broadcast */
        pthread_mutex_lock(&lock);
        int w = waiting;
        if (w == N) { go = 1; pthread_cond_broadcast(&cond); }
        pthread_mutex_unlock(&lock);
        if (w == N) break;
        sched_yield();
    }
    long ret_sum = 0;
    for (int i = 0; i < N; i++) {
        void *r;
        pthread_join(t[i], &r);
        ret_sum += (long)(intptr_t)r;
    }
    int rw_ok = 1;
    for (int i = 0; i < N; i++) rw_ok &= rw_sum[i] == 140;
    printf("counter=%ld (expected %d)\n", counter, N * STEPS);
    printf("join results sum=%ld (expected %d)\n", ret_sum, 100 * N * (N - 1) / 2);
    printf("barrier serial threads=%d, rwlock sums all 140: %d\n", serial_count, rw_ok);
    printf("main thread tls my_id=%d\n", my_id);
    pthread_barrier_destroy(&barrier);
    return 0;
}
