/*
 * nommu.md §7 item 4: mmap of a socket. Sockets have an mmap operation but are neither regular files
 * nor character devices, so nommu's validate_mmap_request says EINVAL; MMU Linux's sock_no_mmap says
 * ENODEV. (Separate from file_map.c so that it waits for socket support alone.)
 */
#include <sys/mman.h>
#include <sys/socket.h>
#include "../common/nt.h"
#include "nt_sys.h"

int main(void) {
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    NT_RESULT(4, "socket", s >= 0);
    void *p = nt_mmap(0, 4096, PROT_READ, MAP_PRIVATE, s, 0);
    NT_RESULT(4, "socket_private", p != MAP_FAILED);
    p = nt_mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, s, 0);
    NT_RESULT(4, "socket_shared", p != MAP_FAILED);
    return 0;
}
