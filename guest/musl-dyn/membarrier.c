/* membarrier(2) as musl's dynamic pthread_create uses it (REGISTER_PRIVATE_EXPEDITED, then PRIVATE_EXPEDITED
 * from dlopen's TLS update): the command checks of kernel/sched/membarrier.c. QUERY's answer is masked
 * to the five commands every x86-64 kernel since 4.16 has. */
#include <stdio.h>
#include <unistd.h>
#include <errno.h>
#include <string.h>
#include <sys/syscall.h>
int main(void) {
  long q = syscall(SYS_membarrier, 0, 0, 0);
  printf("query & 0x1f = %#lx\n", q & 0x1f);
  long r = syscall(SYS_membarrier, 8, 0, 0); printf("private before register: %ld %s\n", r, r?strerror(errno):"");
  r = syscall(SYS_membarrier, 16, 0, 0); printf("register: %ld\n", r);
  r = syscall(SYS_membarrier, 8, 0, 0); printf("private: %ld\n", r);
  r = syscall(SYS_membarrier, 8, 1, 0); printf("flags 1: %ld %s\n", r, r?strerror(errno):"");
  r = syscall(SYS_membarrier, 1<<20, 0, 0); printf("bad cmd: %ld %s\n", r, r?strerror(errno):"");
  r = syscall(SYS_membarrier, 1, 0, 0); printf("global: %ld\n", r);
  return 0;
}
