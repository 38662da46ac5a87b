/* vfork: the child runs in the parent's memory, so its writes to globals and to the parent's stack
 * variables are visible to the parent afterwards, and the parent does not run until the child _exits. */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile int global_value = 1;
static volatile int child_done;

int main(void) {
    volatile int local_value = 10;
    pid_t pid = vfork();
    if (pid == 0) {
        global_value = 2;
        local_value = 20;
        child_done = 1;
        _exit(5);
    }
    if (pid < 0) { perror("vfork"); return 1; }
    /* The parent resumes only after the child's _exit, so child_done is already set. */
    printf("parent resumed after child: child_done=%d\n", child_done);
    printf("global_value=%d local_value=%d\n", global_value, local_value);
    int st;
    pid_t w = waitpid(pid, &st, 0);
    printf("waitpid returned the child: %d, exited=%d status=%d\n", w == pid, WIFEXITED(st), WEXITSTATUS(st));
    printf("second waitpid: %d\n", waitpid(pid, &st, WNOHANG));
    return 0;
}
