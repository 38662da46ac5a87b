#include "../musl/clone_pidfd.c"
