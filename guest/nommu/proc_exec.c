/*
 * nommu.md §7 item 15 and §3.2: execve on nommu. Only position-independent ELF (ET_DYN) can be
 * placed without an MMU: a fixed-address ET_EXEC program is ENOEXEC (binfmt_elf_fdpic). The test
 * writes a minimal ET_EXEC program by hand (one PT_LOAD at 0x400000 whose code is exit(42)) to /tmp
 * and execs it from a vfork child; MMU Linux runs it. The argument and environment strings are
 * limited to MAX_ARG_PAGES (32 pages, 128 KiB) on nommu: about 160 KiB of arguments is E2BIG there,
 * while MMU Linux allows a quarter of the stack rlimit (2 MiB by default). 100 KiB works on both.
 */
#include <elf.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../common/nt.h"

extern char **environ;
static char big[48][4001];

/* Runs PATH with ARGS in a vfork child; returns the errno of a failed execve, or 1000 + exit status. */
static int run(const char *path, char **args) {
    volatile int err = 0;
    int pid = vfork();
    if (pid == 0) {
        execve(path, args, environ);
        err = errno;
        _exit(127);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    return err ? err : 1000 + (WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
}

static void result(const char *name, int r, int want_exit) {
    if (r >= 1000) printf("15.%s: %s\n", name, r - 1000 == want_exit ? "ok" : "wrong exit status");
    else printf("15.%s: %s\n", name, nt_errname(r));
}

static int write_et_exec(const char *path) {
    static const unsigned char code[] = {
        0xbf, 42, 0, 0, 0,          /* mov edi, 42 */
        0xb8, 60, 0, 0, 0,          /* mov eax, 60 (exit) */
        0x0f, 0x05,                 /* syscall */
    };
    unsigned char img[sizeof(Elf64_Ehdr) + sizeof(Elf64_Phdr) + sizeof code];
    memset(img, 0, sizeof img);
    Elf64_Ehdr *eh = (Elf64_Ehdr *)img;
    Elf64_Phdr *ph = (Elf64_Phdr *)(img + sizeof *eh);
    memcpy(eh->e_ident, ELFMAG, SELFMAG);
    eh->e_ident[EI_CLASS] = ELFCLASS64;
    eh->e_ident[EI_DATA] = ELFDATA2LSB;
    eh->e_ident[EI_VERSION] = EV_CURRENT;
    eh->e_type = ET_EXEC;
    eh->e_machine = EM_X86_64;
    eh->e_version = EV_CURRENT;
    eh->e_entry = 0x400000 + sizeof *eh + sizeof *ph;
    eh->e_phoff = sizeof *eh;
    eh->e_ehsize = sizeof *eh;
    eh->e_phentsize = sizeof *ph;
    eh->e_phnum = 1;
    ph->p_type = PT_LOAD;
    ph->p_flags = PF_R | PF_X;
    ph->p_vaddr = ph->p_paddr = 0x400000;
    ph->p_filesz = ph->p_memsz = sizeof img;
    ph->p_align = 0x1000;
    memcpy(img + sizeof *eh + sizeof *ph, code, sizeof code);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
    if (fd < 0) return -1;
    int ok = write(fd, img, sizeof img) == (ssize_t)sizeof img;
    close(fd);
    chmod(path, 0755);
    return ok ? 0 : -1;
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "exit3") == 0) return 3;

    char path[] = "/tmp/nt_et_exec_XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0 || (close(fd), write_et_exec(path)) != 0) {
        printf("15.setup: failed\n");
        return 1;
    }
    char *a1[] = {path, NULL};
    result("exec_et_exec", run(path, a1), 42);
    unlink(path);

    char *a2[] = {argv[0], "exit3", NULL};
    result("exec_static_pie", run("/proc/self/exe", a2), 3);

    /* 40 strings of 4000 bytes (~160 KiB) over the 128 KiB nommu limit; 25 (~100 KiB) under it. */
    char *args[50];
    args[0] = argv[0];
    args[1] = "exit3";
    for (int i = 0; i < 48; i++) memset(big[i], 'a' + i % 26, 4000);
    for (int i = 0; i < 40; i++) args[2 + i] = big[i];
    args[42] = NULL;
    result("args_160k", run("/proc/self/exe", args), 3);
    args[27] = NULL;
    result("args_100k", run("/proc/self/exe", args), 3);
    return 0;
}
