#include "../musl/robust_list.c"
