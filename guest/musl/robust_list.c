/* get_robust_list(2) through syscall(2): the head set_robust_list stored (compared with the pointer,
 * not printed), len = sizeof(struct robust_list_head) = 24, for pid 0, the own pid and tid, a vfork
 * child (same credentials), and the error cases. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../common/errname.h"

struct rlh {
    void *next;
    long offset;
    void *pending;
};

static struct rlh mine = {&mine, 0, 0};

int main(void) {
    void *head = (void *)1;
    size_t len = 1;
    gt_show("set_robust_list", syscall(SYS_set_robust_list, &mine, sizeof mine));
    gt_show("get_robust_list 0", syscall(SYS_get_robust_list, 0, &head, &len));
    printf("  head is mine: %d len %zu\n", head == &mine, len);
    head = 0;
    len = 0;
    gt_show("get_robust_list getpid", syscall(SYS_get_robust_list, getpid(), &head, &len));
    printf("  head is mine: %d len %zu\n", head == &mine, len);
    gt_show("get_robust_list gettid", syscall(SYS_get_robust_list, (int)syscall(SYS_gettid), &head, &len));
    printf("  head is mine: %d len %zu\n", head == &mine, len);
    gt_show("set_robust_list bad len", syscall(SYS_set_robust_list, &mine, 23));
    gt_show("get_robust_list pid -1", syscall(SYS_get_robust_list, -1, &head, &len));
    gt_show("get_robust_list pid 99999999", syscall(SYS_get_robust_list, 99999999, &head, &len));
    gt_show("get_robust_list bad head ptr", syscall(SYS_get_robust_list, 0, (void *)8, &len));
    len = 7;
    gt_show("get_robust_list bad len ptr", syscall(SYS_get_robust_list, 0, &head, (void *)8));
    gt_show("get_robust_list bad both, bad pid", syscall(SYS_get_robust_list, -5, (void *)8, (void *)8));
    /* a vfork child shares the parent's memory: it asks for the parent's head and its own */
    static volatile long r0, null0, r1, r2, same1;
    static void *h0 = (void *)1;
    static size_t l0;
    static void *h1;
    static size_t l1;
    pid_t parent = getpid();
    pid_t c = vfork();
    if (c == 0) {
        r0 = syscall(SYS_get_robust_list, 0, &h0, &l0);
        null0 = h0 == 0;
        r1 = syscall(SYS_get_robust_list, parent, &h1, &l1);
        same1 = h1 == &mine;
        r2 = syscall(SYS_set_robust_list, (void *)0, 24);
        _exit(0);
    }
    int st;
    waitpid(c, &st, 0);
    printf("child: get own = %ld head is NULL %ld len %zu\n", r0, null0, l0);
    printf("child: get parent = %ld head is mine %ld len %zu; set = %ld\n", r1, same1, l1, r2);
    gt_show("get_robust_list reaped child", syscall(SYS_get_robust_list, c, &head, &len));
    /* ptrace_may_access(PTRACE_MODE_READ_REALCREDS): a child that gave up root (all three uids
     * 1000) may read its own head but not its root parent's (run as root, as the tests are) */
    static volatile long u, r3, r4;
    c = vfork();
    if (c == 0) {
        u = syscall(SYS_setresuid, 1000, 1000, 1000);
        r3 = syscall(SYS_get_robust_list, parent, &h1, &l1);
        r4 = errno;
        errno = 0;
        r4 = r3 < 0 ? r4 : 0;
        long own = syscall(SYS_get_robust_list, 0, &h1, &l1);
        _exit(own == 0 ? 0 : 1);
    }
    waitpid(c, &st, 0);
    printf("uid 1000 child: setresuid = %ld, get root parent = %ld %s, get own ok %d\n", u, r3,
           r3 < 0 ? gt_errname((int)r4) : "", WIFEXITED(st) && WEXITSTATUS(st) == 0);
    return 0;
}
