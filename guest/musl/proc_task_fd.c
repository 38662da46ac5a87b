/* /proc/PID/root, /proc/PID/fdinfo/N and /proc/PID/task: the root link is "/" and leads to the same
 * files; fdinfo shows the position, the open flags in octal (O_LARGEFILE forced by open(2), O_CLOEXEC
 * from the descriptor, O_CREAT/O_TRUNC dropped), the mount id as /proc/self/mountinfo numbers it and
 * the inode; task/ has one directory per thread with stat, status and comm naming the thread.
 * Output compares ids and numbers, never prints pids, inodes or paths of temporary files. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static char text[4096];

static const char *slurp(const char *path) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        snprintf(text, sizeof text, "open %s: %s", path, strerror(errno));
        return text;
    }
    long n = read(fd, text, sizeof text - 1);
    close(fd);
    text[n < 0 ? 0 : n] = 0;
    return text;
}

/* The value of "key:\t..." in a /proc file, as text up to the end of the line. */
static const char *field(const char *path, const char *key) {
    static char v[256];
    slurp(path);
    size_t k = strlen(key);
    for (char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
        if (strncmp(l, key, k) == 0 && l[k] == ':') {
            char *s = l + k + 1;
            while (*s == '\t' || *s == ' ') s++;
            size_t n = strcspn(s, "\n");
            memcpy(v, s, n);
            v[n] = 0;
            return v;
        }
    }
    return "(missing)";
}

/* The mount id of the last /proc/self/mountinfo line whose mount point is point (the top mount). */
static long mount_id(const char *point) {
    slurp("/proc/self/mountinfo");
    long id = -1;
    for (char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
        long a, b;
        char root[256], mp[256];
        if (sscanf(l, "%ld %ld %*s %255s %255s", &a, &b, root, mp) == 4 && strcmp(mp, point) == 0) id = a;
    }
    return id;
}

static void fdinfo(const char *label, int fd) {
    char p[64];
    snprintf(p, sizeof p, "/proc/self/fdinfo/%d", fd);
    printf("%s: pos %s", label, field(p, "pos"));
    printf(" flags %s\n", field(p, "flags"));
}

static pthread_barrier_t barrier;
static long tids[2];

static void *worker(void *arg) {
    tids[(long)arg] = syscall(SYS_gettid);
    pthread_barrier_wait(&barrier);   /* listed */
    pthread_barrier_wait(&barrier);   /* main has looked */
    return NULL;
}

int main(void) {
    char buf[256];
    struct stat a, b;

    long n = readlink("/proc/self/root", buf, sizeof buf - 1);
    buf[n < 0 ? 0 : n] = 0;
    printf("root link: %s\n", buf);
    lstat("/proc/self/root", &a);
    printf("root is a link: %d\n", S_ISLNK(a.st_mode));
    stat("/proc/self/root/proc/self", &a);
    printf("through root: %d\n", stat("/proc/self/root/dev/null", &a) == 0 && stat("/dev/null", &b) == 0
            && a.st_ino == b.st_ino && a.st_rdev == b.st_rdev);
    snprintf(buf, sizeof buf, "/proc/%d/root", getpid());
    printf("pid root: %d\n", stat(buf, &a) == 0 && stat("/", &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev);

    char tmpl[] = "/dev/shm/procfdXXXXXX";
    int f = mkstemp(tmpl);
    write(f, "0123456789", 10);
    lseek(f, 3, SEEK_SET);
    fdinfo("mkstemp file at 3", f);
    snprintf(buf, sizeof buf, "/proc/self/fdinfo/%d", f);
    long mnt = atol(field(buf, "mnt_id"));
    printf("mnt_id is the /dev/shm mount: %d\n", mnt == mount_id("/dev/shm"));
    fstat(f, &a);
    printf("ino matches: %d\n", atoll(field(buf, "ino")) == (long long)a.st_ino);
    int g = open(tmpl, O_WRONLY | O_APPEND | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    fdinfo("O_WRONLY|O_APPEND|O_CREAT|O_TRUNC|O_CLOEXEC", g);
    fcntl(g, F_SETFD, 0);
    fcntl(g, F_SETFL, O_NONBLOCK | O_APPEND);
    fdinfo("after F_SETFD 0, F_SETFL O_NONBLOCK", g);
    write(g, "abcdef", 6);
    fdinfo("after appending", g);
    int d = open("/dev/shm", O_RDONLY | O_DIRECTORY);
    fdinfo("directory", d);
    int p[2];
    pipe2(p, O_CLOEXEC);
    fdinfo("pipe read end", p[0]);
    fdinfo("pipe write end", p[1]);
    printf("missing fd: %s\n", slurp("/proc/self/fdinfo/999"));
    unlink(tmpl);
    DIR *dir = opendir("/proc/self/fdinfo");
    if (!dir) { printf("opendir fdinfo: %s\n", strerror(errno)); return 1; }
    int entries = 0, has_f = 0;
    for (struct dirent *e; (e = readdir(dir));) {
        if (e->d_name[0] == '.') continue;
        entries++;
        has_f |= atoi(e->d_name) == f;
    }
    closedir(dir);
    printf("fdinfo lists fds: %d has the file: %d\n", entries > 3, has_f);

    pthread_barrier_init(&barrier, NULL, 3);
    pthread_t t[2];
    for (long i = 0; i < 2; i++) pthread_create(&t[i], NULL, worker, (void *)i);
    pthread_barrier_wait(&barrier);
    dir = opendir("/proc/self/task");
    if (!dir) { printf("opendir task: %s\n", strerror(errno)); return 1; }
    int count = 0, found = 0;
    for (struct dirent *e; (e = readdir(dir));) {
        if (e->d_name[0] == '.') continue;
        long id = atol(e->d_name);
        count++;
        found += id == getpid() || id == tids[0] || id == tids[1];
        printf("task entry is a dir: %d\n", e->d_type == DT_DIR);
    }
    closedir(dir);
    printf("tasks: %d known: %d\n", count, found);
    for (int i = 0; i < 2; i++) {
        char path[128];
        snprintf(path, sizeof path, "/proc/self/task/%ld/status", tids[i]);
        int pid_ok = atol(field(path, "Pid")) == tids[i];
        int tgid_ok = atol(field(path, "Tgid")) == getpid();
        printf("thread %d status: Pid is tid %d, Tgid is pid %d, Name %s\n", i, pid_ok, tgid_ok, field(path, "Name"));
        snprintf(path, sizeof path, "/proc/self/task/%ld/stat", tids[i]);
        slurp(path);
        char comm[64] = "";
        long id = -1;
        sscanf(text, "%ld (%63[^)])", &id, comm);
        printf("thread %d stat: id is tid %d comm %s\n", i, id == tids[i], comm);
        snprintf(path, sizeof path, "/proc/self/task/%ld/comm", tids[i]);
        printf("thread %d comm: %s", i, slurp(path));
    }
    snprintf(buf, sizeof buf, "/proc/self/task/%d/stat", getpid());
    slurp(buf);
    printf("main task stat starts with pid: %d\n", atol(text) == getpid());
    printf("no such task: %s\n", slurp("/proc/self/task/999999/stat"));
    pthread_barrier_wait(&barrier);
    pthread_join(t[0], NULL);
    pthread_join(t[1], NULL);
    dir = opendir("/proc/self/task");
    if (!dir) return 1;
    count = 0;
    for (struct dirent *e; (e = readdir(dir));) count += e->d_name[0] != '.';
    closedir(dir);
    printf("tasks after join: %d\n", count);
    return 0;
}
