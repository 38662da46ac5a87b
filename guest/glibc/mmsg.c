#include "../musl/mmsg.c"
