#include "../musl/splice.c"
