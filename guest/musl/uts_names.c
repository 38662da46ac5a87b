/* sethostname/setdomainname (kernel/sys.c) and what uname, gethostname and
 * /proc/sys/kernel/hostname then show. Natively the names are changed only inside a private UTS
 * namespace (unshare(CLONE_NEWUTS), as root), so the machine keeps its name; Flatland has no
 * namespaces, but its names belong to the one Flatland instance, which is just as private. Run
 * as root (as the other guest tests are). */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

static void show(const char *label, long r) {
    printf("%s: %ld %s\n", label, r, r < 0 ? (errno == EINVAL ? "EINVAL" : errno == EPERM ? "EPERM"
                                               : errno == EFAULT ? "EFAULT" : "other") : "");
}

int main(void) {
    char big[200];
    memset(big, 'a', sizeof big);
    show("sethostname len 65", syscall(SYS_sethostname, big, 65));
    show("sethostname len -1", syscall(SYS_sethostname, big, -1));
    show("setdomainname len 65", syscall(SYS_setdomainname, big, 65));
    struct utsname u;
    uname(&u);
    /* Flatland (its release names it) has no unshare; natively a private namespace is needed. */
    int own = strstr(u.release, "flatland") != NULL || unshare(CLONE_NEWUTS) == 0;
    if (!own) {
        printf("no private UTS namespace: set tests skipped\n");
        return 0;
    }
    show("sethostname bad pointer", syscall(SYS_sethostname, (char *)8, 5));
    show("sethostname len 64", syscall(SYS_sethostname, big, 64));
    uname(&u);
    printf("nodename length %zu\n", strlen(u.nodename));
    show("sethostname nommu-box", sethostname("nommu-box", 9));
    char hn[80];
    gethostname(hn, sizeof hn);
    uname(&u);
    printf("uname %s, gethostname %s\n", u.nodename, hn);
    FILE *f = fopen("/proc/sys/kernel/hostname", "r");
    char line[80] = "";
    if (f) {
        fgets(line, sizeof line, f);
        fclose(f);
    }
    printf("/proc/sys/kernel/hostname %s", line);
    show("setdomainname example.org", setdomainname("example.org", 11));
    uname(&u);
    printf("domainname %s\n", u.domainname);
    show("sethostname with a NUL inside", syscall(SYS_sethostname, "x\0yz", 4));
    uname(&u);
    printf("nodename %s\n", u.nodename);
    show("sethostname len 0", syscall(SYS_sethostname, "", 0));
    uname(&u);
    printf("nodename empty %d\n", u.nodename[0] == 0);
    return 0;
}
