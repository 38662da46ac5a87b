/* The mode of a newly created file or directory is the requested mode less the umask, set-id and
 * sticky bits included (open(O_CREAT) keeps 07777 & ~umask; mkdir keeps 01777 & ~umask and
 * inherits S_ISGID from a set-group-ID parent), whatever the umask of the process that hosts the
 * kernel. In a fresh directory under /tmp; names and modes only are printed. Expected: native Linux,
 * run as root. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static void show(const char *p) {
    struct stat st;
    if (stat(p, &st) != 0) {
        perror(p);
        return;
    }
    printf("%-16s %04o\n", p, (unsigned)(st.st_mode & 07777));
}

static void create(const char *p, mode_t m) {
    int fd = open(p, O_CREAT | O_WRONLY, m);
    if (fd < 0) {
        perror(p);
        return;
    }
    close(fd);
    show(p);
}

static void makedir(const char *p, mode_t m) {
    if (mkdir(p, m) != 0) {
        perror(p);
        return;
    }
    show(p);
}

int main(void) {
    char dir[] = "/tmp/create_modesXXXXXX";
    if (!mkdtemp(dir) || chdir(dir) != 0) {
        perror("mkdtemp");
        return 1;
    }
    umask(0);
    create("f0666", 0666);
    create("f4755", 04755);
    create("f2644", 02644);
    makedir("d0777", 0777);
    makedir("d1777", 01777);
    umask(022);
    create("f7777-022", 07777);
    create("f0600-022", 0600);
    makedir("d7777-022", 07777);
    umask(077);
    create("f0666-077", 0666);
    makedir("d0777-077", 0777);
    /* S_ISGID on a directory is inherited by directories made in it */
    umask(022);
    makedir("sgid", 0755);
    if (chmod("sgid", 02755) != 0) perror("chmod sgid");
    show("sgid");
    makedir("sgid/sub", 0755);
    create("sgid/file", 0644);

    const char *files[] = {"f0666", "f4755", "f2644", "f7777-022", "f0600-022", "f0666-077", "sgid/file"};
    for (unsigned i = 0; i < sizeof files / sizeof *files; i++) unlink(files[i]);
    const char *dirs[] = {"d0777", "d1777", "d7777-022", "d0777-077", "sgid/sub", "sgid"};
    for (unsigned i = 0; i < sizeof dirs / sizeof *dirs; i++) rmdir(dirs[i]);
    if (chdir("/") != 0 || rmdir(dir) != 0) perror("cleanup");
    return 0;
}
