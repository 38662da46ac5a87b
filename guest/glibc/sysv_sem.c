#include "../musl/sysv_sem.c"
