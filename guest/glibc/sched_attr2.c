#include "../musl/sched_attr2.c"
