/* What "no MMU" means for a program. On a nommu Linux (and under Flatland) fork() fails with EINVAL,
 * mmap(MAP_FIXED) fails with EINVAL, and the heap set up by brk never grows. Natively, on an ordinary
 * MMU Linux, all three work; the program says which behaviour it sees. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    pid_t pid = fork();
    if (pid == 0) _exit(0);
    if (pid < 0) {
        printf("fork():          fails with %s -> nommu behaviour (use vfork+exec or posix_spawn instead)\n",
            errno == EINVAL ? "EINVAL" : strerror(errno));
    } else {
        waitpid(pid, NULL, 0);
        printf("fork():          works -> MMU behaviour (a nommu kernel returns EINVAL)\n");
    }

    void *hint = (void *)0x7e0000000000;
    void *p = mmap(hint, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if (p == MAP_FAILED) {
        printf("mmap(MAP_FIXED): fails with %s -> nommu behaviour (no address translation to honour it)\n",
            errno == EINVAL ? "EINVAL" : strerror(errno));
    } else {
        printf("mmap(MAP_FIXED): works -> MMU behaviour\n");
        munmap(p, 4096);
    }

    /* The raw brk system call: musl's sbrk() refuses to move the break at all, so ask the kernel directly. */
    unsigned long cur = (unsigned long)syscall(SYS_brk, 0);
    unsigned long got = (unsigned long)syscall(SYS_brk, cur + 64 * 1024);
    if (got != cur + 64 * 1024) {
        printf("brk(+64 KiB):    the break stays put -> nommu behaviour (the heap never grows; malloc uses mmap)\n");
    } else {
        printf("brk(+64 KiB):    the break moves -> MMU behaviour\n");
        syscall(SYS_brk, cur);
    }
    return 0;
}
