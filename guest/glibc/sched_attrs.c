/* The musl test sched_attrs.c, built against glibc (run with --compat glibc). */
#include "../musl/sched_attrs.c"
