/* Helpers for the nommu conformance tests under guest/nommu/ (docs/guest-tests.md, "nommu
 * conformance tests"). Each check prints one line "ITEM.name: RESULT", where ITEM is the number of
 * the behaviour in reference/nommu.md §7 and RESULT is "ok" or the errno's symbolic name
 * ("EINVAL"). The same binary runs natively (expected output NAME.mmu, checked against the real
 * MMU kernel on every run) and under Flatland (expected output NAME.nommu, written from the
 * nommu specification, never copied from Flatland's output). Nothing printed may depend on
 * addresses, pids or timing. */
#ifndef NT_H
#define NT_H
#include <errno.h>
#include <stdio.h>
#include <string.h>

/* The symbolic name of an errno value, as the tests print it. */
static inline const char *nt_errname(int e) {
    switch (e) {
    case 0: return "ok";
    case EPERM: return "EPERM";
    case ENOENT: return "ENOENT";
    case ESRCH: return "ESRCH";
    case EINTR: return "EINTR";
    case EIO: return "EIO";
    case ENXIO: return "ENXIO";
    case E2BIG: return "E2BIG";
    case ENOEXEC: return "ENOEXEC";
    case EBADF: return "EBADF";
    case ECHILD: return "ECHILD";
    case EAGAIN: return "EAGAIN";
    case ENOMEM: return "ENOMEM";
    case EACCES: return "EACCES";
    case EFAULT: return "EFAULT";
    case EBUSY: return "EBUSY";
    case EEXIST: return "EEXIST";
    case EXDEV: return "EXDEV";
    case ENODEV: return "ENODEV";
    case ENOTDIR: return "ENOTDIR";
    case EISDIR: return "EISDIR";
    case EINVAL: return "EINVAL";
    case ENFILE: return "ENFILE";
    case EMFILE: return "EMFILE";
    case ENOTTY: return "ENOTTY";
    case EFBIG: return "EFBIG";
    case ENOSPC: return "ENOSPC";
    case ESPIPE: return "ESPIPE";
    case EROFS: return "EROFS";
    case EPIPE: return "EPIPE";
    case ERANGE: return "ERANGE";
    case ENOSYS: return "ENOSYS";
    case ELOOP: return "ELOOP";
    case ENAMETOOLONG: return "ENAMETOOLONG";
    case EOVERFLOW: return "EOVERFLOW";
    case EOPNOTSUPP: return "EOPNOTSUPP";
    default: return "E?";
    }
}

/* Prints "ITEM.name: ok" when the call succeeded (ok is true), else the errno's name. */
#define NT_RESULT(item, name, ok) \
    printf("%s.%s: %s\n", #item, name, (ok) ? "ok" : nt_errname(errno))

/* Prints "ITEM.name: yes" or "no" for a property that is not an errno (memory zeroed, same address). */
#define NT_FACT(item, name, cond) printf("%s.%s: %s\n", #item, name, (cond) ? "yes" : "no")
#endif
