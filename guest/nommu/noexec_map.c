/*
 * nommu.md §7 item 4 (§2.1 step 9, validate_mmap_request): a file on a noexec mount cannot be
 * mapped with PROT_EXEC (EPERM), privately or shared, while PROT_READ maps; the read-permission
 * check (EACCES for an O_WRONLY descriptor) comes first; a remount without noexec lifts it, and
 * anonymous PROT_EXEC memory is not affected. MMU Linux gives the same answers (do_mmap's
 * path_noexec check), so NAME.nommu equals NAME.mmu. The program mounts a tmpfs (MS_NOEXEC) on a
 * fresh directory under /tmp, so it needs root natively (CAP_SYS_ADMIN), as the harness runs.
 * The directory's name is never printed.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <unistd.h>
#include "../common/nt.h"
#include "nt_sys.h"

#define PAGE 4096

int main(void) {
    char dir[] = "/tmp/ntnoexecXXXXXX";
    if (!mkdtemp(dir)) return 2;
    errno = 0;
    int r = mount("none", dir, "tmpfs", MS_NOEXEC, NULL);
    NT_RESULT(4, "noexec_mount", r == 0);
    if (r != 0) {
        rmdir(dir);
        return 1;
    }
    char path[64], empty[64];
    snprintf(path, sizeof path, "%s/f", dir);
    snprintf(empty, sizeof empty, "%s/e", dir);
    int fd = open(path, O_RDWR | O_CREAT, 0755);
    static char page[PAGE];
    for (int i = 0; i < PAGE; i++) page[i] = (char)i;
    write(fd, page, PAGE);

    void *p = nt_mmap(NULL, PAGE, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);
    NT_RESULT(4, "noexec_private_exec", p != MAP_FAILED);
    p = nt_mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
    NT_RESULT(4, "noexec_private_read", p != MAP_FAILED);
    if (p != MAP_FAILED) nt_munmap(p, PAGE);
    p = nt_mmap(NULL, PAGE, PROT_READ | PROT_EXEC, MAP_SHARED, fd, 0);
    NT_RESULT(4, "noexec_shared_exec", p != MAP_FAILED);
    p = nt_mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 0);
    NT_RESULT(4, "noexec_shared_read", p != MAP_FAILED);
    if (p != MAP_FAILED) nt_munmap(p, PAGE);
    int e = open(empty, O_RDWR | O_CREAT, 0644);
    p = nt_mmap(NULL, PAGE, PROT_READ | PROT_EXEC, MAP_SHARED, e, 0);
    NT_RESULT(4, "noexec_shared_exec_empty_file", p != MAP_FAILED);
    close(e);
    int w = open(path, O_WRONLY);
    p = nt_mmap(NULL, PAGE, PROT_READ | PROT_EXEC, MAP_PRIVATE, w, 0);
    NT_RESULT(4, "noexec_wronly_exec", p != MAP_FAILED);
    close(w);
    p = nt_mmap(NULL, PAGE, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    NT_RESULT(4, "noexec_anonymous_exec", p != MAP_FAILED);
    if (p != MAP_FAILED) nt_munmap(p, PAGE);

    errno = 0;
    r = mount("none", dir, "tmpfs", MS_REMOUNT, NULL);
    NT_RESULT(4, "remount_exec", r == 0);
    p = nt_mmap(NULL, PAGE, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);
    NT_RESULT(4, "exec_private_after_remount", p != MAP_FAILED);
    NT_FACT(4, "exec_private_contents", p != MAP_FAILED && ((unsigned char *)p)[200] == 200);
    if (p != MAP_FAILED) nt_munmap(p, PAGE);
    close(fd);

    unlink(path);
    unlink(empty);
    errno = 0;
    r = umount2(dir, 0);
    NT_RESULT(4, "umount", r == 0);
    rmdir(dir);
    return 0;
}
