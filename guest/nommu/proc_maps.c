/*
 * nommu.md §7 item 12 and §2.8: /proc on nommu. Prints facts about /proc/self/maps, never addresses:
 * every line has the "%08lx-%08lx rwxf offset MAJ:MIN inode" form; the program's code and data are
 * one anonymous rwxp region; [stack] is the only label (no [heap] even after brk, no [vdso]); the
 * share flag is 's' for a read-only private file mapping, 'S' for a tmpfs MAP_SHARED one and 'p' for
 * an anonymous shared one. /proc/maps exists, status has Mem:/Slack:/Shared: instead of Vm* lines,
 * meminfo has MmapCopy:, and smaps/pagemap/mmap_min_addr are absent. MMU Linux differs in each.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "../common/nt.h"
#include "nt_sys.h"

static char maps[65536];
static int data_word = 1;

static void read_maps(void) {
    int fd = open("/proc/self/maps", O_RDONLY);
    long n, total = 0;
    while (fd >= 0 && (n = read(fd, maps + total, sizeof maps - 1 - total)) > 0) total += n;
    if (fd >= 0) close(fd);
    maps[total] = 0;
}

/* Copies the maps line containing ADDR into LINE; 0 when none. */
static int line_for(uintptr_t addr, char *line, size_t size) {
    for (char *l = maps; *l; ) {
        char *e = strchr(l, '\n');
        size_t len = e ? (size_t)(e - l) : strlen(l);
        unsigned long s, t;
        if (sscanf(l, "%lx-%lx", &s, &t) == 2 && s <= addr && addr < t) {
            snprintf(line, size, "%.*s", (int)len, l);
            return 1;
        }
        if (!e) break;
        l = e + 1;
    }
    return 0;
}

/* The share flag (4th permission character) of the line containing ADDR, or '?'. */
static char flag_for(void *addr) {
    char line[512], perms[8];
    if (!line_for((uintptr_t)addr, line, sizeof line) || sscanf(line, "%*s %7s", perms) != 1) return '?';
    return perms[3];
}

static int well_formed(const char *l) {
    unsigned long s, e, off, ino;
    unsigned maj, min;
    char perms[8];
    int pos = 0;
    if (sscanf(l, "%lx-%lx %7s %lx %x:%x %lu %n", &s, &e, perms, &off, &maj, &min, &ino, &pos) < 7) return 0;
    if (strchr(l, '-') - l < 8 || strlen(perms) != 4 || s >= e) return 0;
    return strchr("r-", perms[0]) && strchr("w-", perms[1]) && strchr("x-", perms[2]) && strchr("psS", perms[3]);
}

static int exists(const char *path) {
    int fd = open(path, O_RDONLY);
    if (fd >= 0) close(fd);
    return fd >= 0;
}

int main(void) {
    long b = syscall(SYS_brk, 0);
    syscall(SYS_brk, b + 8192);            /* MMU Linux now shows [heap]; nommu refuses to grow */
    read_maps();
    int lines = 0, good = 0, stack = 0, heap = 0, vdso = 0, labels = 0;
    for (char *l = strtok(maps, "\n"); l; l = strtok(0, "\n")) {
        lines++;
        good += well_formed(l);
        stack += strstr(l, " [stack]") != 0;
        heap += strstr(l, " [heap]") != 0;
        vdso += strstr(l, " [vdso]") != 0;
        labels += strchr(l, '[') != 0;
    }
    NT_FACT(12, "maps_lines_well_formed", lines > 0 && good == lines);
    NT_FACT(12, "maps_one_stack_label", stack == 1);
    NT_FACT(12, "maps_stack_only_label", labels == 1);
    NT_FACT(12, "maps_heap_label", heap > 0);
    NT_FACT(12, "maps_vdso_label", vdso > 0);
    syscall(SYS_brk, b);

    read_maps();
    char code[512], data[512];
    int hc = line_for((uintptr_t)&main, code, sizeof code);
    int hd = line_for((uintptr_t)&data_word, data, sizeof data);
    NT_FACT(12, "code_and_data_one_region", hc && hd && strcmp(code, data) == 0);
    char perms[8] = "";
    unsigned long ino = 1;
    if (hc) sscanf(code, "%*s %7s %*s %*s %lu", perms, &ino);
    printf("12.code_region_perms: %s\n", perms);
    NT_FACT(12, "code_region_anonymous", ino == 0);

    char path[] = "/tmp/nt_proc_maps.XXXXXX", shm_path[] = "/dev/shm/nt_proc_maps.XXXXXX";
    int fd = nt_tempfile(path);
    static char buf[8192];
    write(fd, buf, sizeof buf);
    void *ro = nt_mmap(0, 8192, PROT_READ, MAP_PRIVATE, fd, 0);
    void *rw = nt_mmap(0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    void *anon_shared = nt_mmap(0, 8192, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    int shm = nt_tempfile(shm_path);
    ftruncate(shm, 8192);
    void *shared = nt_mmap(0, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, shm, 0);
    void *ro2 = nt_mmap(0, 8192, PROT_READ, MAP_PRIVATE, fd, 0);   /* shares ro's region on nommu */
    read_maps();
    printf("12.flag_file_read_only_private: %c\n", flag_for(ro));
    printf("12.flag_file_writable_private: %c\n", flag_for(rw));
    printf("12.flag_anonymous_shared: %c\n", flag_for(anon_shared));
    printf("12.flag_tmpfs_shared: %c\n", flag_for(shared));
    /* /proc/maps lists each region once, unlabelled (nommu_region_show). */
    int global = open("/proc/maps", O_RDONLY);
    if (global < 0) {
        printf("12.proc_maps_region_once: n/a\n12.proc_maps_unlabelled: n/a\n");
    } else {
        long n, total = 0;
        while ((n = read(global, maps + total, sizeof maps - 1 - total)) > 0) total += n;
        close(global);
        maps[total] = 0;
        char want[32];
        snprintf(want, sizeof want, "%08lx-", (unsigned long)(uintptr_t)ro);
        int once = 0;
        for (char *l = maps; (l = strstr(l, want)); l++) once += l == maps || l[-1] == '\n';
        NT_FACT(12, "proc_maps_region_once", ro == ro2 && once == 1);
        NT_FACT(12, "proc_maps_unlabelled", strchr(maps, '[') == 0);
    }
    unlink(path);
    unlink(shm_path);

    /* Mem: counts a private mapping's region, Shared: a shareable one (task_mem; Linux adds the
     * small vm_area_struct/vm_region sizes, hence the 1 KiB tolerance). */
    long mem0 = nt_field("/proc/self/status", "Mem:");
    void *priv = nt_mmap(0, 20480, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    long mem1 = nt_field("/proc/self/status", "Mem:");
    long sh0 = nt_field("/proc/self/status", "Shared:");
    char shm2_path[] = "/dev/shm/nt_proc_maps.XXXXXX";
    int shm2 = nt_tempfile(shm2_path);
    ftruncate(shm2, 8192);
    void *shared2 = nt_mmap(0, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, shm2, 0);
    long sh1 = nt_field("/proc/self/status", "Shared:");
    unlink(shm2_path);
    if (mem0 < 0) {
        printf("12.status_mem_counts_private_map: n/a\n12.status_shared_counts_shared_map: n/a\n");
    } else {
        NT_FACT(12, "status_mem_counts_private_map", priv != MAP_FAILED && mem1 - mem0 >= 20480
                && mem1 - mem0 < 20480 + 1024);
        NT_FACT(12, "status_shared_counts_shared_map", shared2 != MAP_FAILED && sh1 - sh0 >= 8192
                && sh1 - sh0 < 8192 + 1024);
    }

    NT_RESULT(12, "proc_maps_global", exists("/proc/maps"));
    NT_RESULT(12, "smaps", exists("/proc/self/smaps"));
    NT_RESULT(12, "smaps_rollup", exists("/proc/self/smaps_rollup"));
    NT_RESULT(12, "pagemap", exists("/proc/self/pagemap"));
    NT_RESULT(12, "mmap_min_addr", exists("/proc/sys/vm/mmap_min_addr"));
    NT_FACT(12, "status_mem_slack_shared", nt_field("/proc/self/status", "Mem:") >= 0
            && nt_field("/proc/self/status", "Slack:") >= 0 && nt_field("/proc/self/status", "Shared:") >= 0);
    NT_FACT(12, "status_vm_lines", nt_field("/proc/self/status", "VmRSS:") >= 0);
    NT_FACT(12, "meminfo_mmapcopy", nt_field("/proc/meminfo", "MmapCopy:") >= 0);
    return 0;
}
