/* File names are bytes: names that are not valid UTF-8 (a lone continuation byte, a truncated
 * sequence, the old 5- and 6-byte forms, an encoded surrogate, 0xff) and valid multibyte names are
 * created on tmpfs (/dev/shm) and must come back byte for byte from readdir, from readlink (as a
 * symlink target), from getcwd (as the working directory) and open again by the same bytes. busybox's
 * "ls unicode" test makes such names. Prints the names in hex, never paths or addresses. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *names[] = {
    "plain",
    "caf\xc3\xa9",                 /* valid 2-byte */
    "\xf0\x9f\x92\x80skull",      /* valid 4-byte (a surrogate pair in UTF-16) */
    "lone\x80",                    /* continuation byte alone */
    "trunc\xe2\x82",               /* 3-byte sequence missing its last byte */
    "five\xf8\x88\x80\x80\x80",    /* 5-byte form (not UTF-8 since RFC 3629) */
    "six\xfc\x84\x80\x80\x80\x80", /* 6-byte form */
    "surr\xed\xb2\x80",            /* UTF-8 form of U+DC80, a surrogate */
    "ff\xff",
    "over\xc0\xaf",                /* overlong '/' */
};
#define N (sizeof names / sizeof *names)

static void hex(const char *s) {
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) printf("%02x", *p);
}

static int cmp(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void) {
    char dir[64] = "/dev/shm/flatland_names_XXXXXX";
    if (!mkdtemp(dir) || chdir(dir) != 0) { perror("mkdtemp"); return 1; }
    for (unsigned i = 0; i < N; i++) {
        int fd = open(names[i], O_WRONLY | O_CREAT | O_EXCL, 0644);
        if (fd < 0) { printf("create "); hex(names[i]); printf(": failed\n"); continue; }
        write(fd, names[i], strlen(names[i]));
        close(fd);
    }
    DIR *d = opendir(".");
    char *seen[64];
    unsigned n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 64) {
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) seen[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(seen, n, sizeof *seen, cmp);
    printf("readdir: %u names\n", n);
    for (unsigned i = 0; i < n; i++) {
        printf("  ");
        hex(seen[i]);
        int fd = open(seen[i], O_RDONLY);
        char buf[64] = "";
        int r = fd >= 0 ? (int)read(fd, buf, sizeof buf - 1) : -1;
        if (fd >= 0) close(fd);
        printf(" reopens with its own name as content: %s\n", r > 0 && strcmp(buf, seen[i]) == 0 ? "yes" : "no");
    }
    for (unsigned i = 0; i < N; i++) {
        char link[32];
        snprintf(link, sizeof link, "link%u", i);
        symlink(names[i], link);
        char t[256];
        ssize_t r = readlink(link, t, sizeof t - 1);
        t[r < 0 ? 0 : r] = 0;
        printf("readlink of a link to ");
        hex(names[i]);
        printf(": %s\n", r >= 0 && strcmp(t, names[i]) == 0 ? "same bytes" : "differs");
        unlink(link);
    }
    for (unsigned i = 3; i < 6; i++) {
        char sub[64];
        snprintf(sub, sizeof sub, "d%s", names[i]);
        mkdir(sub, 0755);
        chdir(sub);
        char cwd[256];
        const char *c = getcwd(cwd, sizeof cwd);
        const char *base = c ? strrchr(c, '/') + 1 : "";
        printf("getcwd in ");
        hex(sub);
        printf(": %s\n", c && strcmp(base, sub) == 0 ? "same bytes" : "differs");
        chdir("..");
        rmdir(sub);
    }
    for (unsigned i = 0; i < N; i++) unlink(names[i]);
    chdir("/");
    if (rmdir(dir) != 0) printf("rmdir: failed\n");
    return 0;
}
