/* execve of a dynamic PIE whose PT_INTERP interpreter cannot be used: the errno comes from the
 * interpreter, not the program. The test copies target/guest/musl-dyn/hello into a fresh temporary
 * directory, rewrites its PT_INTERP name (a shorter name followed by NULs: the kernel reads up to the
 * first NUL and checks only that the last byte is one) and execs the copy:
 *   missing interpreter -> ENOENT, a text file -> ELIBBAD, a directory -> EACCES,
 *   a file without execute permission -> EACCES, the real interpreter -> runs.
 * The harness runs this with argv[0] = .../target/guest/musl/dyn_interp_errors. */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;
static char image[1 << 20];
static size_t image_len;
static char dir[64];

static int write_file(const char *path, const void *data, size_t n, mode_t mode) {
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
    if (fd < 0) return -1;
    int ok = write(fd, data, n) == (ssize_t)n;
    close(fd);
    chmod(path, mode);
    return ok ? 0 : -1;
}

/* Writes the program with PT_INTERP = interp to DIR/prog and execs it in a vfork child; returns the
 * errno of the failed execve, or 1000 + the exit status when it ran. */
static int try_interp(const char *interp) {
    char prog[128];
    static char copy[1 << 20];
    memcpy(copy, image, image_len);
    Elf64_Ehdr *eh = (Elf64_Ehdr *)copy;
    for (int i = 0; i < eh->e_phnum; i++) {
        Elf64_Phdr *ph = (Elf64_Phdr *)(copy + eh->e_phoff + i * eh->e_phentsize);
        if (ph->p_type == PT_INTERP) {
            if (strlen(interp) + 1 > ph->p_filesz) return -2;
            memset(copy + ph->p_offset, 0, ph->p_filesz);
            memcpy(copy + ph->p_offset, interp, strlen(interp));
        }
    }
    snprintf(prog, sizeof prog, "%s/prog", dir);
    unlink(prog);
    if (write_file(prog, copy, image_len, 0755) != 0) return -3;
    char *args[] = {prog, NULL};
    volatile int err = 0;
    pid_t pid = vfork();
    if (pid == 0) {
        execve(prog, args, environ);
        err = errno;
        _exit(127);
    }
    int st;
    waitpid(pid, &st, 0);
    return err ? err : 1000 + WEXITSTATUS(st);
}

static const char *name(int e) {
    switch (e) {
    case ENOENT: return "ENOENT";
    case ELIBBAD: return "ELIBBAD";
    case EACCES: return "EACCES";
    case ENOEXEC: return "ENOEXEC";
    default: {
        static char b[32];
        snprintf(b, sizeof b, e >= 1000 ? "ran, exit %d" : "errno %d", e >= 1000 ? e - 1000 : e);
        return b;
    }
    }
}

int main(int argc, char **argv) {
    char path[4096], p[128];
    const char *at = strstr(argv[0], "/musl/dyn_interp_errors");
    if (!at || (size_t)(at - argv[0]) + 32 > sizeof path) return 1;
    snprintf(path, sizeof path, "%.*s/musl-dyn/hello", (int)(at - argv[0]), argv[0]);
    int fd = open(path, O_RDONLY);
    if (fd < 0) { perror(path); return 1; }
    ssize_t n;
    while ((n = read(fd, image + image_len, sizeof image - image_len)) > 0) image_len += n;
    close(fd);
    strcpy(dir, "/tmp/dynXXXXXX");
    if (!mkdtemp(dir)) { perror("mkdtemp"); return 1; }

    snprintf(p, sizeof p, "%s/none", dir);
    printf("missing interpreter: %s\n", name(try_interp(p)));
    snprintf(p, sizeof p, "%s/text", dir);
    /* longer than any header the kernel reads (MMU binfmt_elf: a file shorter than the ELF header is EIO,
     * nommu binfmt_elf_fdpic: one shorter than BINPRM_BUF_SIZE is ENOEXEC), so only the magic decides */
    char text[512];
    memset(text, '#', sizeof text);
    write_file(p, text, sizeof text, 0755);
    printf("text-file interpreter: %s\n", name(try_interp(p)));
    snprintf(p, sizeof p, "%s/sub", dir);
    mkdir(p, 0755);
    printf("directory as interpreter: %s\n", name(try_interp(p)));
    rmdir(p);
    snprintf(p, sizeof p, "%s/noexec", dir);
    write_file(p, image, 64, 0644);
    printf("interpreter without x permission: %s\n", name(try_interp(p)));
    printf("real interpreter: %s\n", name(try_interp("/lib/ld-musl-x86_64.so.1")));
    fflush(stdout);

    snprintf(p, sizeof p, "%s/text", dir); unlink(p);
    snprintf(p, sizeof p, "%s/noexec", dir); unlink(p);
    snprintf(p, sizeof p, "%s/prog", dir); unlink(p);
    rmdir(dir);
    return 0;
}
