#include "../musl/ioprio.c"
