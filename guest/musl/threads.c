/* POSIX threads in one process: pthread_create/join with results, a mutex-protected shared counter,
 * a condition variable hand-off, thread-local storage (__thread), pthread_once and a barrier-free
 * ordered print after all joins, so the output does not depend on scheduling. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

enum { THREADS = 4, STEPS = 20000 };
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static long counter;
static int turn;
static __thread long tls_value = 7;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static int once_runs;
static void init_once(void) { once_runs++; }

struct job { int id; uint64_t sum; long tls_seen; };

static void *work(void *arg) {
    struct job *j = arg;
    pthread_once(&once, init_once);
    tls_value = 1000 + j->id;
    uint64_t s = 0;
    for (int i = 0; i < STEPS; i++) {
        s += (uint64_t)i * (uint64_t)(j->id + 1);
        if (i % 100 == 0) { pthread_mutex_lock(&lock); counter++; pthread_mutex_unlock(&lock); }
    }
    /* hand-off in id order through the condition variable */
    pthread_mutex_lock(&lock);
    while (turn != j->id) pthread_cond_wait(&cond, &lock);
    turn++;
    pthread_cond_broadcast(&cond);
    pthread_mutex_unlock(&lock);
    j->sum = s;
    j->tls_seen = tls_value;
    return (void *)(intptr_t)(j->id * 10);
}

int main(void) {
    pthread_t t[THREADS];
    struct job jobs[THREADS];
    for (int i = 0; i < THREADS; i++) {
        jobs[i].id = i;
        int rc = pthread_create(&t[i], NULL, work, &jobs[i]);
        if (rc) { printf("pthread_create failed: %d\n", rc); return 1; }
    }
    for (int i = 0; i < THREADS; i++) {
        void *ret;
        pthread_join(t[i], &ret);
        printf("thread %d: sum=%llu tls=%ld returned %ld\n", i, (unsigned long long)jobs[i].sum, jobs[i].tls_seen,
            (long)(intptr_t)ret);
    }
    printf("counter=%ld (expected %d) turn=%d once_runs=%d main tls=%ld\n", counter, THREADS * STEPS / 100, turn,
        once_runs, tls_value);
    return 0;
}
