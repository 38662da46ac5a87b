#include "../musl/pidfd.c"
