#include "../musl/getdents_old.c"
