/* The musl test sig_nested_altstack.c built against glibc (run with --compat glibc): glibc's sigaction, its
 * __restore_rt, raise (tgkill with all signals blocked around it), sigqueue and sigsetjmp take other paths. */
#include "../musl/sig_nested_altstack.c"
