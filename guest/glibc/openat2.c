#include "../musl/openat2.c"
