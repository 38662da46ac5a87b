#include "../musl/sysv_msg.c"
