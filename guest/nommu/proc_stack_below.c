/*
 * nommu.md §7 item 16 and §3.3: the initial stack is one fixed block and "writes below it are not
 * caught": nothing guards the memory under the block, so an access there simply reaches whatever
 * lies below (another allocation or free RAM) and no signal is raised, with or without an
 * RLIMIT_STACK. On MMU Linux the [stack] VMA grows down on demand: an access just below it extends
 * the VMA (no fault), and once RLIMIT_STACK forbids more growth the same access is SIGSEGV.
 * To stay harmless each probe writes back the value it read (a single-threaded program, so nothing
 * else can change that word in between); a fault is caught on an alternate stack with siglongjmp.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <sys/resource.h>
#include "../common/nt.h"
#include "nt_stack.h"

static sigjmp_buf jb;
static volatile int faulted;
static char altstack[64 * 1024];

static void on_segv(int sig) {
    (void)sig;
    faulted = 1;
    siglongjmp(jb, 1);
}

/* Reads the word at addr and writes the same value back; returns 1 when either access faulted. */
static int probe(unsigned long addr) {
    faulted = 0;
    if (sigsetjmp(jb, 1) == 0) {
        volatile long *p = (volatile long *)addr;
        long v = *p;
        *p = v;
    }
    return faulted;
}

/* The low end of the [stack] region (its size comes from nt_stack.h's reading of the same line). */
static unsigned long stack_low(void) {
    long size = nt_stack_size();
    static char buf[65536];
    int fd = open("/proc/self/maps", O_RDONLY);
    long n, total = 0;
    while ((n = read(fd, buf + total, sizeof buf - 1 - total)) > 0) total += n;
    close(fd);
    buf[total] = 0;
    for (char *l = buf; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : 0) {
        char *nl = strchr(l, '\n');
        char *tag = strstr(l, "[stack]");
        if (tag && (!nl || tag < nl)) return size > 0 ? strtoul(l, 0, 16) : 0;
    }
    return 0;
}

int main(void) {
    stack_t ss = {.ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 0};
    sigaltstack(&ss, NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_segv;
    sa.sa_flags = SA_ONSTACK | SA_NODEFER;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);

    unsigned long low = stack_low();
    NT_FACT(16, "stack_found", low != 0);
    NT_FACT(16, "write_just_below_stack_faults", probe(low - 64));
    unsigned long low2 = stack_low();
    NT_FACT(16, "stack_grew_over_it", low2 < low);

    /* No more room to grow: RLIMIT_STACK's soft limit set to the stack's present size. */
    struct rlimit rl;
    getrlimit(RLIMIT_STACK, &rl);
    rl.rlim_cur = nt_stack_size();
    NT_RESULT(16, "setrlimit_stack_to_its_size", setrlimit(RLIMIT_STACK, &rl) == 0);
    NT_FACT(16, "write_below_stack_at_rlimit_faults", probe(low2 - 4096 - 64));
    NT_FACT(16, "stack_unchanged_after_it", stack_low() == low2);
    return 0;
}
