/* A SIGCHLD that arrives while the parent sleeps in vfork (waiting for its child to exec or exit)
 * does not interrupt vfork: Linux's wait_for_vfork_done is killable only, so vfork returns the
 * child's pid and the handler runs afterwards. (hush met this as "vfork: Interrupted system call".) */
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t chld;
static void on_chld(int sig) { (void)sig; chld++; }

static void nap(long ms) {
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0) {}
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "nap") == 0) {
        nap(50);
        return 3;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_chld;
    sigaction(SIGCHLD, &sa, NULL);

    pid_t first;
    char *args[] = {argv[0], "nap", NULL};
    if (posix_spawn(&first, argv[0], NULL, NULL, args, NULL) != 0) {
        perror("posix_spawn");
        return 1;
    }
    /* The vfork child outlives the first child: its SIGCHLD reaches the parent mid-vfork. */
    pid_t second = vfork();
    if (second == 0) {
        nap(400);
        _exit(7);
    }
    printf("vfork returned a pid: %s\n", second > 0 ? "yes" : "no (error)");
    int st1 = 0, st2 = 0;
    waitpid(first, &st1, 0);
    waitpid(second, &st2, 0);
    printf("first child status %d, vfork child status %d\n", WEXITSTATUS(st1), WEXITSTATUS(st2));
    printf("SIGCHLD handler ran: %s\n", chld > 0 ? "yes" : "no");
    return 0;
}
