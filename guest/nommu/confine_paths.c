// flatland-args: --root guest/fixtures/confine
/* Confinement under a guest root (issue 4, flatland run --root DIR): no path the guest can form
 * reaches a host file outside DIR. The root is guest/fixtures/confine, whose etc/passwd holds
 * "confined"; the host's /etc/passwd holds something else, so every check that reads "etc/passwd"
 * through a trick prints which one it reached.
 *
 * Native run (the .mmu truth): the program is started from the repository root outside any root;
 * it does chroot("guest/fixtures/confine") itself (we run as root, as the CI does) and then runs
 * the same checks, so real Linux chroot semantics produce the expected lines. Under Flatland the
 * root is already the guest's "/" (the marker file /.flatland-confine-root exists) and the chroot
 * is skipped. Confinement is no nommu difference: NAME.nommu states the same results. Only paths
 * inside the fixture are used; links are created at run time in /w and removed at the end. */
#include "../common/nt.h"
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* Prints the first line of the file at PATH (relative to DIRFD), or the open error. */
static void show(const char *name, int dirfd, const char *path) {
    char buf[64] = {0};
    int fd = openat(dirfd, path, O_RDONLY);
    if (fd < 0) {
        printf("confine.%s: %s\n", name, nt_errname(errno));
        return;
    }
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n < 0) {
        printf("confine.%s: read %s\n", name, nt_errname(errno));
        return;
    }
    buf[strcspn(buf, "\n")] = 0;
    printf("confine.%s: %s\n", name, buf);
}

static void cwd(const char *name) {
    char b[PATH_MAX];
    if (getcwd(b, sizeof b) == NULL) {
        printf("confine.%s: %s\n", name, nt_errname(errno));
    } else {
        printf("confine.%s: %s\n", name, b);
    }
}

static void result(const char *name, int rc) {
    /* nt.h has no ENOTEMPTY (rmdir of "dir/..") */
    printf("confine.%s: %s\n", name, rc == 0 ? "ok" : errno == ENOTEMPTY ? "ENOTEMPTY" : nt_errname(errno));
}

static const char *links[] = {"abs", "rel", "rootlink", "dirlink", "loop1", "loop2", "new", "hard", "made",
                              "renamed", "dangling", "file"};

static void clean(void) {
    char p[64];
    for (unsigned i = 0; i < sizeof links / sizeof *links; i++) {
        snprintf(p, sizeof p, "/w/%s", links[i]);
        unlink(p);
    }
    for (int i = 0; i <= 40; i++) {
        snprintf(p, sizeof p, "/w/c%d", i);
        unlink(p);
    }
}

int main(void) {
    if (access("/.flatland-confine-root", F_OK) != 0) {
        if (chroot("guest/fixtures/confine") != 0 || chdir("/") != 0) {
            printf("confine.chroot: %s (the native run needs root)\n", nt_errname(errno));
            return 1;
        }
    }
    clean();

    /* Plain and ".." paths: ".." at the root stays at the root. */
    show("abs_path", AT_FDCWD, "/etc/passwd");
    show("dotdot_at_root", AT_FDCWD, "/../../../../etc/passwd");
    show("relative_dotdot", AT_FDCWD, "../../../../../../etc/passwd");
    show("dots_and_slashes", AT_FDCWD, "//.//etc/../etc/./passwd");
    show("four_dots", AT_FDCWD, "....//....//etc/passwd");
    show("dotdot_of_file", AT_FDCWD, "/etc/passwd/../passwd");
    show("dotdot_of_missing", AT_FDCWD, "/d/missing/../sub/f");
    show("dotdot_through_sub", AT_FDCWD, "/d/sub/../../../etc/passwd");

    /* Symbolic links: absolute targets restart at the guest root, relative ones cannot climb out. */
    result("symlink_abs", symlink("/etc/passwd", "/w/abs"));
    result("symlink_rel", symlink("../../../../../../../etc/passwd", "/w/rel"));
    result("symlink_root", symlink("/", "/w/rootlink"));
    result("symlink_dir", symlink("/d", "/w/dirlink"));
    show("via_abs_link", AT_FDCWD, "/w/abs");
    show("via_rel_link", AT_FDCWD, "/w/rel");
    show("via_root_link", AT_FDCWD, "/w/rootlink/../../etc/passwd");
    show("via_dir_link_up", AT_FDCWD, "/w/dirlink/../../../etc/passwd");
    show("via_dir_link_down", AT_FDCWD, "/w/dirlink/sub/f");
    char lb[64] = {0};
    ssize_t ln = readlink("/w/abs", lb, sizeof lb - 1);
    printf("confine.readlink_abs: %s\n", ln < 0 ? nt_errname(errno) : lb);
    struct stat st;
    result("lstat_abs_link", lstat("/w/abs", &st));
    printf("confine.lstat_is_link: %s\n", S_ISLNK(st.st_mode) ? "yes" : "no");
    show("nofollow_open", AT_FDCWD, "/w/abs");   /* followed: plain open */
    int nf = open("/w/abs", O_RDONLY | O_NOFOLLOW);
    printf("confine.o_nofollow: %s\n", nf < 0 ? nt_errname(errno) : "opened");

    /* Loops: ELOOP; a chain of 40 links resolves, 41 do not (MAXSYMLINKS). */
    result("symlink_loop1", symlink("loop2", "/w/loop1"));
    result("symlink_loop2", symlink("loop1", "/w/loop2"));
    show("loop", AT_FDCWD, "/w/loop1");
    char a[32], b[32];
    for (int i = 0; i < 40; i++) {
        snprintf(a, sizeof a, "c%d", i + 1);
        snprintf(b, sizeof b, "/w/c%d", i);
        symlink(a, b);
    }
    symlink("/etc/passwd", "/w/c40");
    show("chain_40_links", AT_FDCWD, "/w/c1");
    show("chain_41_links", AT_FDCWD, "/w/c0");

    /* Names: a component over NAME_MAX, a path over PATH_MAX. */
    static char longname[300], longpath[PATH_MAX + 16];
    memset(longname, 'a', 256);
    show("name_256", AT_FDCWD, longname);
    for (int i = 0; i < PATH_MAX + 8; i += 2) {
        longpath[i] = '.';
        longpath[i + 1] = '/';
    }
    show("path_over_path_max", AT_FDCWD, longpath);
    memset(longpath, 0, sizeof longpath);
    for (int i = 0; i + 3 < 4000; i += 3) {
        memcpy(longpath + i, "../", 3);
    }
    strcat(longpath, "etc/passwd");
    show("path_4000_dotdots", AT_FDCWD, longpath);

    /* The working directory: chdir and fchdir above the root stay at the root. */
    result("chdir_sub", chdir("/d/sub"));
    cwd("cwd_sub");
    result("chdir_up5", chdir("../../../../.."));
    cwd("cwd_after_up");
    result("chdir_via_link", chdir("/w/dirlink/sub"));
    cwd("cwd_via_link");
    show("relative_from_link_cwd", AT_FDCWD, "../../../../../etc/passwd");
    int dfd = open("/d/sub", O_RDONLY | O_DIRECTORY);
    result("chdir_root", chdir("/"));
    show("openat_dirfd_up", dfd, "../../../../etc/passwd");
    show("openat_dirfd_abs", dfd, "/etc/passwd");
    result("fchdir", fchdir(dfd));
    cwd("cwd_fchdir");
    result("chdir_up_after_fchdir", chdir("../../../.."));
    cwd("cwd_after_fchdir_up");
    close(dfd);

    /* Creating names through links stays inside: rename, link, symlink and O_CREAT targets. */
    int fd = open("/w/file", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    result("create_file", fd < 0 ? -1 : 0);
    if (fd >= 0) {
        write(fd, "moved\n", 6);
        close(fd);
    }
    result("rename_via_root_link", rename("/w/file", "/w/rootlink/../../../w/renamed"));
    show("renamed", AT_FDCWD, "/w/renamed");
    result("link_symlink", link("/w/abs", "/w/hard"));
    show("via_hard_link_to_symlink", AT_FDCWD, "/w/hard");
    result("symlink_dangling", symlink("/w/made", "/w/dangling"));
    fd = open("/w/dangling", O_WRONLY | O_CREAT, 0644);   /* creates the target /w/made */
    result("creat_through_dangling", fd < 0 ? -1 : 0);
    if (fd >= 0) {
        close(fd);
    }
    result("stat_made", stat("/w/made", &st));
    fd = open("/w/abs", O_WRONLY | O_CREAT | O_EXCL, 0644);
    printf("confine.creat_excl_on_link: %s\n", fd < 0 ? nt_errname(errno) : "created");
    result("mkdir_dot", mkdir("/w/.", 0755));
    result("rmdir_dot", rmdir("/w/."));
    result("rmdir_dotdot", rmdir("/w/.."));
    result("unlink_slash", unlink("/w/renamed/"));

    clean();
    return 0;
}
