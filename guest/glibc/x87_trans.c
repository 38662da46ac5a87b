/* The musl test x87_trans.c, built against glibc (run with --compat glibc). */
#include "../musl/x87_trans.c"
