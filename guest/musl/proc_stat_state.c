/* /proc/PID/stat and status report the task state (S while blocked in pause, T when stopped, Z before
 * the parent reaps it) and the real process group and session (fields 5 and 6). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int stat_fields(pid_t pid, char *state, long *pgrp, long *sid) {
    char path[64], buf[512];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    char *p = strrchr(buf, ')');
    if (!p) return -1;
    int ppid;
    return sscanf(p + 2, "%c %d %ld %ld", state, &ppid, pgrp, sid) == 4 ? 0 : -1;
}

static char status_state(pid_t pid) {
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "r");
    char s = '?';
    while (f && fgets(line, sizeof line, f)) {
        if (strncmp(line, "State:\t", 7) == 0) s = line[7];
    }
    if (f) fclose(f);
    return s;
}

/* Waits (bounded) until the child's state is not R: natively it may still be on its way into pause. */
static char settled_state(pid_t pid) {
    char st = '?';
    long pg, sid;
    for (int i = 0; i < 2000; i++) {
        if (stat_fields(pid, &st, &pg, &sid) == 0 && st != 'R') break;
        struct timespec ts = {0, 1000000};
        nanosleep(&ts, 0);
    }
    return st;
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "pause") == 0) {
        for (;;) pause();
    }
    if (argc > 1 && strcmp(argv[1], "exit") == 0) {
        _exit(3);
    }
    char st;
    long pg, sid;
    stat_fields(getpid(), &st, &pg, &sid);
    printf("self: state=%c pgrp=getpgrp:%d session=getsid:%d status=%c\n", st, pg == getpgrp(),
           sid == getsid(0), status_state(getpid()));

    pid_t c = vfork();
    if (c == 0) {
        setpgid(0, 0);
        execl("/proc/self/exe", argv[0], "pause", (char *)0);
        _exit(127);
    }
    st = settled_state(c);
    stat_fields(c, &st, &pg, &sid);
    printf("paused child: state=%c status=%c own pgrp=%d session=parent's:%d\n", st, status_state(c),
           pg == c, sid == getsid(0));
    kill(c, SIGSTOP);
    int ws;
    waitpid(c, &ws, WUNTRACED);
    stat_fields(c, &st, &pg, &sid);
    printf("stopped child: waitpid stopped=%d state=%c status=%c\n", WIFSTOPPED(ws), st, status_state(c));
    kill(c, SIGKILL);
    waitpid(c, &ws, 0);
    printf("killed child reaped: signaled=%d sig=%d\n", WIFSIGNALED(ws), WTERMSIG(ws));

    c = vfork();
    if (c == 0) {
        execl("/proc/self/exe", argv[0], "exit", (char *)0);
        _exit(127);
    }
    st = settled_state(c);
    printf("exited child before wait: state=%c status=%c\n", st, status_state(c));
    waitpid(c, &ws, 0);
    printf("reaped: exit=%d stat gone=%d\n", WEXITSTATUS(ws), stat_fields(c, &st, &pg, &sid) == -1);
    return 0;
}
