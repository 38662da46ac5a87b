/* rt_sigqueueinfo and rt_tgsigqueueinfo (kernel/signal.c do_rt_sigqueueinfo, do_rt_tgsigqueueinfo): the
 * caller's siginfo arrives as given (si_signo replaced by the signal argument); a nonnegative si_code or
 * SI_TKILL is EPERM unless the target pid is the calling thread's own id; another process can be
 * signalled; unknown targets are ESRCH, tid/tgid <= 0 EINVAL, a thread of another group ESRCH. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int ready[2];

static long sq(pid_t pid, int sig, int code, int value) {
    siginfo_t si;
    memset(&si, 0, sizeof si);
    si.si_signo = SIGUSR2;   /* replaced by the kernel with sig */
    si.si_code = code;
    si.si_pid = 4242;
    si.si_uid = 77;
    si.si_value.sival_int = value;
    return syscall(SYS_rt_sigqueueinfo, pid, sig, &si);
}

static long tgsq(pid_t tgid, pid_t tid, int sig, int code, int value) {
    siginfo_t si;
    memset(&si, 0, sizeof si);
    si.si_code = code;
    si.si_pid = 4242;
    si.si_value.sival_int = value;
    return syscall(SYS_rt_tgsigqueueinfo, tgid, tid, sig, &si);
}

static const char *res(long r) {
    if (r == 0) return "ok";
    switch (errno) {
    case EPERM: return "EPERM";
    case ESRCH: return "ESRCH";
    case EINVAL: return "EINVAL";
    case EAGAIN: return "EAGAIN";
    default: return "E?";
    }
}

static void take(const char *who) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    siginfo_t si;
    int s = sigwaitinfo(&set, &si);
    printf("%s: sig=%d code=%d pid=%d value=%d\n", who, s, si.si_code, (int)si.si_pid, si.si_value.sival_int);
}

static pid_t main_tid;
static pthread_t waiter;
static volatile pid_t waiter_tid;

static void *thread_main(void *arg) {
    (void)arg;
    pid_t me = (pid_t)syscall(SYS_gettid);
    /* from a thread whose id is not the pid, even the own process may not get a forged SI_USER */
    printf("thread: own process, SI_USER: %s\n", res(sq(getpid(), SIGUSR1, SI_USER, 1)));
    printf("thread: own thread id, SI_USER: %s\n", res(tgsq(getpid(), me, SIGUSR1, SI_USER, 2)));
    take("thread got");
    waiter_tid = me;   /* main goes on only now: the output stays in one order */
    take("thread got");
    return NULL;
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IONBF, 0);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, NULL);   /* inherited by the thread and across execve */
    if (argc > 1 && strcmp(argv[1], "child") == 0) {
        write(3, "r", 1);
        take("child got");
        return 0;
    }
    main_tid = getpid();
    printf("self SI_QUEUE: %s\n", res(sq(getpid(), SIGUSR1, SI_QUEUE, 10)));
    take("self got");
    printf("self SI_USER (pid is the caller's tid): %s\n", res(sq(getpid(), SIGUSR1, SI_USER, 11)));
    take("self got");
    printf("self SI_TKILL: %s\n", res(sq(getpid(), SIGUSR1, SI_TKILL, 12)));
    take("self got");
    printf("signal 0: %s\n", res(sq(getpid(), 0, SI_QUEUE, 0)));
    printf("pid 0: %s\n", res(sq(0, SIGUSR1, SI_QUEUE, 0)));
    printf("pid -1: %s\n", res(sq(-1, SIGUSR1, SI_QUEUE, 0)));
    printf("bad signal 65: %s\n", res(sq(getpid(), 65, SI_QUEUE, 0)));

    pipe(ready);
    pid_t p = vfork();
    if (p == 0) {
        dup2(ready[1], 3);
        char *args[] = {argv[0], "child", NULL};
        execv("/proc/self/exe", args);
        _exit(127);
    }
    char c;
    read(ready[0], &c, 1);
    printf("child SI_USER: %s\n", res(sq(p, SIGUSR1, SI_USER, 20)));
    printf("child SI_KERNEL: %s\n", res(sq(p, SIGUSR1, SI_KERNEL, 21)));
    const char *q = res(sq(p, SIGUSR1, SI_QUEUE, 22));
    int st;
    waitpid(p, &st, 0);
    printf("child SI_QUEUE: %s\n", q);
    printf("reaped child: %s\n", res(sq(p, SIGUSR1, SI_QUEUE, 23)));
    printf("tgsigqueueinfo to the reaped child: %s\n", res(tgsq(p, p, SIGUSR1, SI_QUEUE, 24)));

    pthread_create(&waiter, NULL, thread_main, NULL);
    while (waiter_tid == 0) {
        sched_yield();
    }
    printf("tgsigqueueinfo tid 0: %s\n", res(tgsq(getpid(), 0, SIGUSR1, SI_QUEUE, 0)));
    printf("tgsigqueueinfo tgid 0: %s\n", res(tgsq(0, waiter_tid, SIGUSR1, SI_QUEUE, 0)));
    printf("tgsigqueueinfo thread, SI_USER: %s\n", res(tgsq(getpid(), waiter_tid, SIGUSR1, SI_USER, 30)));
    printf("tgsigqueueinfo thread, wrong tgid: %s\n", res(tgsq(getpid() + 100000, waiter_tid, SIGUSR1, SI_QUEUE, 31)));
    const char *r = res(tgsq(getpid(), waiter_tid, SIGUSR1, SI_QUEUE, 32));
    pthread_join(waiter, NULL);
    printf("tgsigqueueinfo thread, SI_QUEUE: %s\n", r);
    return 0;
}
