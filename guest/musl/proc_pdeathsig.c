/* prctl(PR_SET_PDEATHSIG): the signal arrives when the *thread* that created the process exits, even
 * while the parent process lives on (forget_original_parent hands the child to another thread and
 * signals it), and again when the parent process exits; si_code SI_USER and si_pid the parent.
 * The setting is per thread, survives execve, is 0 in a new child, is cleared by an euid change
 * (commit_creds), and a number above 64 is EINVAL.
 * Processes: main spawns "middle"; a thread of middle spawns "grandchild" and then exits; middle exits
 * once the grandchild saw the first signal. Every spawn is vfork+execve of this program. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static int ready[2], go[2], done[2];
static char fds[64];

static pid_t spawn(char *self, char *mode, char *extra) {
    pid_t p = vfork();
    if (p == 0) {
        char *argv[] = {self, mode, fds, extra, NULL};
        execv("/proc/self/exe", argv);
        _exit(127);
    }
    return p;
}

static int pdeathsig(void) {
    int s = -1;
    prctl(PR_GET_PDEATHSIG, &s);
    return s;
}

static char *self;

static void *spawner(void *arg) {
    (void)arg;
    char mid[16];
    snprintf(mid, sizeof mid, "%d", getpid());
    spawn(self, "grandchild", mid);
    char c;
    read(ready[0], &c, 1);   /* the grandchild has set its parent-death signal */
    return NULL;             /* this thread's exit is the first "parent death" */
}

static void wait_usr1(const char *when, pid_t parent) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    siginfo_t si;
    int s = sigwaitinfo(&set, &si);
    printf("grandchild: %s: sig=%d SI_USER=%d si_pid-is-middle=%d\n", when, s, si.si_code == SI_USER,
        si.si_pid == parent);
}

int main(int argc, char **argv) {
    self = argv[0];
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc > 2) {
        sscanf(argv[2], "%d,%d,%d,%d,%d,%d", &ready[0], &ready[1], &go[0], &go[1], &done[0], &done[1]);
        strcpy(fds, argv[2]);
    }
    if (argc > 1 && strcmp(argv[1], "inherit") == 0) {
        printf("new child's pdeathsig: %d\n", pdeathsig());
        return 0;
    }
    if (argc > 1 && strcmp(argv[1], "middle") == 0) {
        pthread_t th;
        pthread_create(&th, NULL, spawner, NULL);
        pthread_join(th, NULL);
        char c;
        read(go[0], &c, 1);
        return 0;   /* the process's exit is the second "parent death" */
    }
    if (argc > 1 && strcmp(argv[1], "grandchild") == 0) {
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, SIGUSR1);
        sigprocmask(SIG_BLOCK, &set, NULL);
        prctl(PR_SET_PDEATHSIG, SIGUSR1);
        char *args[] = {self, "grandchild2", fds, argv[3], NULL};
        execv("/proc/self/exe", args);
        return 127;
    }
    if (argc > 1 && strcmp(argv[1], "grandchild2") == 0) {
        pid_t middle = atoi(argv[3]);
        printf("grandchild: pdeathsig kept across execve: %d\n", pdeathsig() == SIGUSR1);
        printf("grandchild: parent is middle: %d\n", getppid() == middle);
        write(ready[1], "r", 1);
        wait_usr1("parent thread exited", middle);
        printf("grandchild: parent is still middle: %d\n", getppid() == middle);
        write(go[1], "g", 1);
        wait_usr1("parent process exited", middle);
        printf("grandchild: parent is no longer middle: %d\n", getppid() != middle);
        write(done[1], "d", 1);
        return 0;
    }

    pipe(ready);
    pipe(go);
    pipe(done);
    snprintf(fds, sizeof fds, "%d,%d,%d,%d,%d,%d", ready[0], ready[1], go[0], go[1], done[0], done[1]);

    printf("initial pdeathsig: %d\n", pdeathsig());
    errno = 0;
    int r = prctl(PR_SET_PDEATHSIG, 65);
    printf("PR_SET_PDEATHSIG 65: %d %s\n", r, errno == EINVAL ? "EINVAL" : "?");
    prctl(PR_SET_PDEATHSIG, SIGUSR2);
    printf("set SIGUSR2: %d\n", pdeathsig());
    int st;
    pid_t p = spawn(self, "inherit", "");
    waitpid(p, &st, 0);
    seteuid(65534);
    printf("after an euid change: %d\n", pdeathsig());
    seteuid(0);

    p = spawn(self, "middle", "");
    waitpid(p, &st, 0);
    char c;
    read(done[0], &c, 1);
    printf("grandchild done; middle exited: %d\n", WIFEXITED(st) && WEXITSTATUS(st) == 0);
    return 0;
}
