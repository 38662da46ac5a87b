/*
 * nommu.md §7 item 14 and §3.1: clone without CLONE_VM. nommu Linux allows it: the child gets a new
 * mm whose mapping list is empty (nommu dup_mmap copies no VMAs) but runs in the same physical
 * memory, so it can only use a stack of its own. Hence, in the child: /proc/self/maps is empty, a
 * munmap of the parent's mapping is EINVAL, and a store is seen by the parent. MMU Linux copies the
 * address space instead: maps not empty, munmap works on the copy, the store stays in the copy.
 * The flag rules are the same on both: CLONE_SIGHAND without CLONE_VM and CLONE_THREAD without
 * CLONE_SIGHAND are EINVAL.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../common/nt.h"
#include "nt_sys.h"

static char child_stack[64 * 1024] __attribute__((aligned(16)));
static volatile int shared_word;
static char *parent_map;
static volatile int child_munmap_errno = -1;   /* written by the child: seen only if memory is shared */
static volatile long child_maps_bytes = -1;

static int child(void *arg) {
    int fd = open("/proc/self/maps", O_RDONLY);
    static char buf[8192];
    long n, total = 0;
    if (fd >= 0) {
        while ((n = read(fd, buf, sizeof buf)) > 0) total += n;
        close(fd);
    }
    int r = nt_munmap(parent_map, 4096);
    shared_word = 42;
    child_munmap_errno = r == 0 ? 0 : errno;
    child_maps_bytes = total;
    /* exit status: 0 = maps empty and munmap EINVAL (nommu); bit 0: maps not empty; bit 1: munmap ok */
    return (total > 0 ? 1 : 0) | (r == 0 ? 2 : 0);
}

int main(void) {
    parent_map = nt_mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    parent_map[0] = 'p';
    errno = 0;
    int pid = clone(child, child_stack + sizeof child_stack, SIGCHLD, NULL);
    NT_RESULT(14, "clone_without_vm", pid > 0);
    int st = 0;
    if (pid > 0) waitpid(pid, &st, 0);
    int code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    NT_FACT(14, "child_maps_empty", code >= 0 && !(code & 1));
    printf("14.child_munmap_parent_region: %s\n", code < 0 ? "E?" : (code & 2) ? "ok" : "EINVAL");
    NT_FACT(14, "child_store_seen_by_parent", shared_word == 42);
    NT_FACT(14, "parent_region_still_mapped", nt_munmap(parent_map, 4096) == 0);

    errno = 0;
    pid = clone(child, child_stack + sizeof child_stack, CLONE_SIGHAND | SIGCHLD, NULL);
    if (pid > 0) waitpid(pid, NULL, 0);
    NT_RESULT(14, "sighand_without_vm", pid > 0);
    errno = 0;
    pid = clone(child, child_stack + sizeof child_stack, CLONE_THREAD | CLONE_VM | SIGCHLD, NULL);
    NT_RESULT(14, "thread_without_sighand", pid > 0);
    return 0;
}
