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
#include "errname.h"

/* The symbolic name of an errno value, as the tests print it ("ok" for 0). */
static inline const char *nt_errname(int e) {
    return e == 0 ? "ok" : gt_errname(e);
}

/* Prints "ITEM.name: ok" when the call succeeded (ok is true), else the errno's name. */
#define NT_RESULT(item, name, ok) \
    printf("%s.%s: %s\n", #item, name, (ok) ? "ok" : nt_errname(errno))

/* Prints "ITEM.name: yes" or "no" for a property that is not an errno (memory zeroed, same address). */
#define NT_FACT(item, name, cond) printf("%s.%s: %s\n", #item, name, (cond) ? "yes" : "no")
#endif
