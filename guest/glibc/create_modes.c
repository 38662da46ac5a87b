#include "../musl/create_modes.c"
