/* setjmp/longjmp: from nested calls and recursion, values 0->1, volatile locals, sigsetjmp/siglongjmp
 * restoring the signal mask. */
#include "../common/gt.h"
#include <setjmp.h>
#include <signal.h>

static jmp_buf env;
static int depth_reached;

static void dive(int d, int target) {
    volatile char pad[64];
    pad[d % 64] = (char)d;
    depth_reached = d + pad[d % 64] - d;
    if (d == target) longjmp(env, d * 10);
    if (d > 1000) return;
    dive(d + 1, target);
}

int main(void) {
    for (int t = 0; t < 200; t += 13) {
        volatile int tries = 0;
        int r = setjmp(env);
        tries++;
        if (r == 0) dive(0, t);
        printf("target %d: setjmp returned %d after %d tries, depth %d\n", t, r, tries, depth_reached);
    }
    int r = setjmp(env);
    if (r == 0) longjmp(env, 0);
    printf("longjmp(0) gives %d\n", r);
    sigjmp_buf senv;
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    if (sigsetjmp(senv, 1) == 0) {
        sigprocmask(SIG_BLOCK, &set, NULL);
        sigprocmask(SIG_BLOCK, NULL, &old);
        printf("blocked before siglongjmp: %d\n", sigismember(&old, SIGUSR1));
        siglongjmp(senv, 5);
    }
    sigprocmask(SIG_BLOCK, NULL, &old);
    printf("after siglongjmp: blocked=%d\n", sigismember(&old, SIGUSR1));
    volatile long acc = 0;
    for (int i = 0; i < 1000; i++) {
        jmp_buf e;
        if (setjmp(e) == 0) { acc += i; if (i % 3 == 0) longjmp(e, 1); acc += 1; }
        else acc -= 2;
    }
    printf("loop acc %ld\n", acc);
    return 0;
}
