#define _GNU_SOURCE
/* wait4/waitid variants: waitid with WNOWAIT leaves the zombie for a later wait4, WNOHANG with a
 * running child returns 0 (waitid: si_pid 0), waiting for one pid while another child runs, the child
 * sees the parent as getppid(), ECHILD with no children, and an orphan is re-parented (its getppid
 * changes away from the dead parent; it reports through a pipe inherited from the top process). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;
static char *self;

static pid_t spawn(char *mode, char *arg) {
    char *args[] = {self, mode, arg, NULL};
    pid_t pid = vfork();
    if (pid == 0) {
        execve(self, args, environ);
        _exit(127);
    }
    return pid;
}

int main(int argc, char **argv) {
    self = argv[0];
    if (argc > 2 && !strcmp(argv[1], "exit")) return atoi(argv[2]);
    if (argc > 2 && !strcmp(argv[1], "ppid")) return getppid() == atoi(argv[2]) ? 11 : 12;
    if (argc > 2 && !strcmp(argv[1], "wait-pipe")) {   /* block until the parent closes the pipe */
        char c;
        return read(atoi(argv[2]), &c, 1) == 0 ? 3 : 4;
    }
    if (argc > 2 && !strcmp(argv[1], "orphan-parent")) {   /* spawn the orphan, then die at once */
        char buf[32];
        snprintf(buf, sizeof buf, "%d", (int)getpid());
        spawn("orphan", buf);
        _exit(0);
    }
    if (argc > 2 && !strcmp(argv[1], "orphan")) {
        int orig = atoi(argv[2]);
        for (int i = 0; i < 100000 && getppid() == orig; i++) usleep(100);
        dprintf(9, "orphan: parent changed away from the dead parent: %d\n", getppid() != orig);
        return 0;
    }

    int st;
    siginfo_t si;
    pid_t a = spawn("exit", "5");
    memset(&si, 0xff, sizeof si);
    int r = waitid(P_PID, a, &si, WEXITED | WNOWAIT);
    printf("waitid WNOWAIT: r=%d signo=%d code=%d pid-ok=%d status=%d\n", r, si.si_signo, si.si_code, si.si_pid == a,
        si.si_status);
    r = wait4(a, &st, 0, NULL) == a;
    printf("wait4 after WNOWAIT: pid-ok=%d status=%d\n", r, WEXITSTATUS(st));

    int p[2];
    pipe2(p, O_CLOEXEC);
    fcntl(p[0], F_SETFD, 0);
    char fdnum[16];
    snprintf(fdnum, sizeof fdnum, "%d", p[0]);
    pid_t slow = spawn("wait-pipe", fdnum);
    close(p[0]);
    fflush(stdout);
    printf("WNOHANG while running: %d\n", waitpid(slow, &st, WNOHANG));
    memset(&si, 0xff, sizeof si);
    r = waitid(P_ALL, 0, &si, WEXITED | WNOHANG);
    printf("waitid WNOHANG while running: r=%d si_pid=%d si_signo=%d\n", r, si.si_pid, si.si_signo);
    char mypid[16];
    snprintf(mypid, sizeof mypid, "%d", (int)getpid());
    pid_t c = spawn("ppid", mypid);
    r = waitpid(c, &st, 0) == c;
    printf("waitpid(other child): pid-ok=%d status=%d (getppid matched: 11)\n", r, WEXITSTATUS(st));
    close(p[1]);
    r = waitpid(-1, &st, 0) == slow;
    printf("slow child: pid-ok=%d status=%d\n", r, WEXITSTATUS(st));
    errno = 0;
    r = waitpid(-1, &st, 0);
    printf("no children: %d %s\n", r, strerror(errno));

    int q[2];
    pipe2(q, O_CLOEXEC);
    dup2(q[1], 9);
    close(q[1]);
    pid_t op = spawn("orphan-parent", "x");
    waitpid(op, &st, 0);
    close(9);
    char buf[128] = {0};
    size_t got = 0;
    ssize_t n;
    while ((n = read(q[0], buf + got, sizeof buf - 1 - got)) > 0) got += (size_t)n;
    printf("%s", buf);
    return 0;
}
