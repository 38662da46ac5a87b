#include "../musl/opath_link.c"
