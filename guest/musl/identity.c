/* The uid/gid family and prctl names. Starts as root (Flatland's default identity; run natively as
 * root too), walks the kernel/sys.c rules down to an unprivileged identity and checks which changes
 * are refused. Prints errno names, never pids or addresses. */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "../common/nt.h"

static void ids(const char *what) {
    uid_t r, e, s;
    gid_t gr, ge, gs;
    getresuid(&r, &e, &s);
    getresgid(&gr, &ge, &gs);
    printf("%-28s uid %u/%u/%u gid %u/%u/%u fsuid %d\n", what, r, e, s, gr, ge, gs,
           (int)syscall(SYS_setfsuid, -1));
}

/* Raw syscalls: libc wrappers may retry or broadcast; the kernel's answer is what is checked. */
static long sys(long nr, long a, long b, long c) {
    long r = syscall(nr, a, b, c);
    return r < 0 ? -errno : r;
}

static const char *res(long r) { return r < 0 ? nt_errname((int)-r) : "ok"; }

int main(void) {
    if (getuid() != 0) {
        printf("run this test as root (Flatland starts every process as root)\n");
        return 1;
    }
    ids("start");
    printf("PR_GET_DUMPABLE at start: %ld\n", sys(SYS_prctl, PR_GET_DUMPABLE, 0, 0));
    gid_t gl[3] = {300, 100, 200};
    printf("setgroups(3): %s\n", res(sys(SYS_setgroups, 3, (long)gl, 0)));
    gid_t out[8];
    int n = getgroups(0, NULL);
    printf("getgroups(0): %d\n", n);
    printf("getgroups(1): %s\n", res(sys(SYS_getgroups, 1, (long)out, 0)));
    n = getgroups(8, out);
    printf("getgroups(8): %d:", n);
    for (int i = 0; i < n; i++) printf(" %u", out[i]);
    printf("\n");
    printf("setuid(-1): %s\n", res(sys(SYS_setuid, -1, 0, 0)));
    printf("setresgid(10,20,30): %s\n", res(sys(SYS_setresgid, 10, 20, 30)));
    printf("setresuid(1000,0,2000): %s\n", res(sys(SYS_setresuid, 1000, 0, 2000)));
    ids("after setres*id");
    printf("setfsuid(77) returns %ld\n", sys(SYS_setfsuid, 77, 0, 0));
    printf("setfsuid(-1) returns %ld\n", sys(SYS_setfsuid, -1, 0, 0));
    printf("setreuid(-1,1000): %s\n", res(sys(SYS_setreuid, -1, 1000, 0)));
    ids("after setreuid(-1,1000)");
    printf("setgroups(1) unprivileged: %s\n", res(sys(SYS_setgroups, 1, (long)gl, 0)));
    printf("setgid(20) unprivileged: %s\n", res(sys(SYS_setgid, 20, 0, 0)));
    printf("setgid(99) unprivileged: %s\n", res(sys(SYS_setgid, 99, 0, 0)));
    printf("setuid(0) (saved is 0? no): %s\n", res(sys(SYS_setuid, 0, 0, 0)));
    printf("setuid(1000): %s\n", res(sys(SYS_setuid, 1000, 0, 0)));
    printf("setresuid(-1,3000,-1): %s\n", res(sys(SYS_setresuid, -1, 3000, -1)));
    printf("setreuid(1000,1000): %s\n", res(sys(SYS_setreuid, 1000, 1000, 0)));
    printf("setfsuid(5) unprivileged returns %ld\n", sys(SYS_setfsuid, 5, 0, 0));
    ids("end");

    char name[32];
    printf("PR_GET_DUMPABLE after the uid changes: %ld\n", sys(SYS_prctl, PR_GET_DUMPABLE, 0, 0));
    printf("PR_SET_NAME: %s\n", res(sys(SYS_prctl, PR_SET_NAME, (long)"a-very-long-thread-name", 0)));
    memset(name, 'x', sizeof name);
    long r = sys(SYS_prctl, PR_GET_NAME, (long)name, 0);
    printf("PR_GET_NAME: %s '%s' (byte 15 is %d)\n", res(r), name, name[15]);
    printf("PR_GET_DUMPABLE: %ld\n", sys(SYS_prctl, PR_GET_DUMPABLE, 0, 0));
    printf("PR_SET_DUMPABLE 2: %s\n", res(sys(SYS_prctl, PR_SET_DUMPABLE, 2, 0)));
    printf("PR_SET_DUMPABLE 0: %s\n", res(sys(SYS_prctl, PR_SET_DUMPABLE, 0, 0)));
    printf("PR_GET_DUMPABLE: %ld\n", sys(SYS_prctl, PR_GET_DUMPABLE, 0, 0));
    printf("PR_SET_DUMPABLE 1: %s\n", res(sys(SYS_prctl, PR_SET_DUMPABLE, 1, 0)));
    printf("PR_GET_DUMPABLE: %ld\n", sys(SYS_prctl, PR_GET_DUMPABLE, 0, 0));
    printf("PR_GET_NO_NEW_PRIVS: %ld\n", syscall(SYS_prctl, PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
    printf("PR_SET_NO_NEW_PRIVS 2: %s\n", res(syscall(SYS_prctl, PR_SET_NO_NEW_PRIVS, 2, 0, 0, 0) < 0 ? -errno : 0));
    printf("PR_SET_NO_NEW_PRIVS 1: %s\n", res(syscall(SYS_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ? -errno : 0));
    printf("PR_GET_NO_NEW_PRIVS: %ld\n", syscall(SYS_prctl, PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
    int sig = -1;
    printf("PR_SET_PDEATHSIG 99: %s\n", res(sys(SYS_prctl, PR_SET_PDEATHSIG, 99, 0)));
    printf("PR_SET_PDEATHSIG 10: %s\n", res(sys(SYS_prctl, PR_SET_PDEATHSIG, 10, 0)));
    r = sys(SYS_prctl, PR_GET_PDEATHSIG, (long)&sig, 0);
    printf("PR_GET_PDEATHSIG: %s %d\n", res(r), sig);
    printf("prctl(12345): %s\n", res(sys(SYS_prctl, 12345, 0, 0)));
    return 0;
}
