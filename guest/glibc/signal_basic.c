/* The musl test signal_basic.c built against glibc (run with --compat glibc): glibc's sigaction, its
 * __restore_rt, raise (tgkill with all signals blocked around it), sigqueue and sigsetjmp take other paths. */
#include "../musl/signal_basic.c"
