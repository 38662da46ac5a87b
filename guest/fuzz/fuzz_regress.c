// Regression checks for what the syscall fuzzer found (docs/fuzzing.md). SyscallFuzzTest runs this
// natively and under Flatland and compares the output, so every expected value comes from Linux.
// Each line: the call, its result or -errno name. Files are made in the working directory (a host
// directory under Flatland) and in /dev/shm (tmpfs both natively and under Flatland).
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <sys/ioctl.h>
#include <sys/eventfd.h>
#include <sys/file.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/stat.h>
#include <unistd.h>

#define WEXITED_ 4

static void show(const char *what, long r) {
    if (r < 0) printf("%-32s -%s\n", what, errno == ENXIO ? "ENXIO" : errno == EINVAL ? "EINVAL"
                      : errno == EFAULT ? "EFAULT" : errno == EFBIG ? "EFBIG" : errno == EINTR ? "EINTR" : errno == EAGAIN ? "EAGAIN" : errno == EBADF ? "EBADF"
                      : errno == EOVERFLOW ? "EOVERFLOW" : errno == ENOTDIR ? "ENOTDIR" : errno == EDOM ? "EDOM"
                      : errno == EOPNOTSUPP ? "EOPNOTSUPP" : errno == ENOENT ? "ENOENT" : "other");
    else printf("%-32s %ld\n", what, r);
}

static void seeks(const char *label, const char *path) {
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) { printf("%s: open failed\n", label); return; }
    char name[64];
    snprintf(name, sizeof name, "%s SEEK_DATA empty 0", label);
    show(name, (long)lseek(fd, 0, SEEK_DATA));
    (void)!write(fd, "hello, world", 12);
    static const long offs[] = {0, 5, 11, 12, 100, -1};
    for (int i = 0; i < 6; i++) {
        snprintf(name, sizeof name, "%s SEEK_DATA %ld", label, offs[i]);
        show(name, (long)lseek(fd, offs[i], SEEK_DATA));
        snprintf(name, sizeof name, "%s SEEK_HOLE %ld", label, offs[i]);
        show(name, (long)lseek(fd, offs[i], SEEK_HOLE));
    }
    snprintf(name, sizeof name, "%s position after", label);
    show(name, (long)lseek(fd, 0, SEEK_CUR));
    close(fd);
    unlink(path);
}

// open with O_ACCMODE 3: an fd for ioctls only (fs/open.c, "O_RDONLY|O_WRONLY|O_RDWR").
static void accmode3(const char *label, const char *path) {
    char name[64], c = 0;
    close(open(path, O_RDWR | O_CREAT | O_TRUNC, 0644));
    int fd = open(path, 3);
    snprintf(name, sizeof name, "%s open(O_ACCMODE)", label);
    show(name, fd >= 0 ? 0 : -1);
    snprintf(name, sizeof name, "%s   read", label);
    show(name, read(fd, &c, 1) < 0 && errno == EBADF ? -9 : 1);
    snprintf(name, sizeof name, "%s   write", label);
    show(name, write(fd, &c, 1) < 0 && errno == EBADF ? -9 : 1);
    snprintf(name, sizeof name, "%s   F_GETFL & 3", label);
    show(name, fcntl(fd, F_GETFL) & 3);
    close(fd);
    unlink(path);
}

static void on_alarm(int s) {
    (void)s;
}

int main(void) {
    // poll and ppoll with no fds and a NULL array are sleeps (fs/select.c copies nothing for nfds 0).
    show("poll(NULL, 0, 1)", poll(NULL, 0, 1));
    struct timespec ts = {0, 1000000};
    show("ppoll(NULL, 0, 1 ms)", syscall(SYS_ppoll, 0, 0, &ts, 0, 8));
    show("poll(NULL, 1, 0)", poll(NULL, 1, 0));
    // FIONBIO works on every file (fs/ioctl.c ioctl_fionbio), not only on terminals and sockets.
    int fd = open("fuzz_regress.nb", O_RDWR | O_CREAT | O_TRUNC, 0600);
    int one = 1, zero = 0;
    show("ioctl(file, FIONBIO, &1)", ioctl(fd, FIONBIO, &one));
    show("  O_NONBLOCK set", (fcntl(fd, F_GETFL) & O_NONBLOCK) != 0);
    show("ioctl(file, FIONBIO, &0)", ioctl(fd, FIONBIO, &zero));
    show("  O_NONBLOCK set", (fcntl(fd, F_GETFL) & O_NONBLOCK) != 0);
    show("ioctl(file, FIONBIO, 8)", ioctl(fd, FIONBIO, (void *)8));
    int p[2];
    if (pipe(p) == 0) {
        show("ioctl(pipe, FIONBIO, &1)", ioctl(p[0], FIONBIO, &one));
        char c;
        show("  read empty pipe", read(p[0], &c, 1) < 0 && errno == EAGAIN ? -11 : 0);
    }
    // ftruncate far past the host file system's limit: EFBIG (was EIO from the unmapped host error).
    show("ftruncate(host, INT64_MAX)", ftruncate(fd, 0x7fffffffffffffffL));
    close(fd);
    unlink("fuzz_regress.nb");
    // truncate and chmod of a FIFO in a host directory: Linux answers without opening it; Flatland
    // used to open the host FIFO, which blocked the JVM (no reader/writer) forever.
    unlink("fuzz_regress.fifo");
    show("mkfifo", mkfifo("fuzz_regress.fifo", 0644));
    show("truncate(fifo, 0)", truncate("fuzz_regress.fifo", 0));
    show("chmod(fifo, 0600)", chmod("fuzz_regress.fifo", 0600));
    struct stat sb;
    show("  mode", stat("fuzz_regress.fifo", &sb) == 0 ? (long)(sb.st_mode & 07777) : -1);
    unlink("fuzz_regress.fifo");
    accmode3("host", "fuzz_regress.acc");
    accmode3("tmpfs", "/dev/shm/fuzz_regress.acc");
    // pwrite/pread whose pos + count overflows loff_t: EINVAL (rw_verify_area) on tmpfs, a host file
    // and /dev/null. On tmpfs Flatland raised ArrayIndexOutOfBoundsException (sysfuzz seed 8005).
    static const char *pw[] = {"/dev/shm/fuzz_regress.pw", "fuzz_regress.pw", "/dev/null"};
    static char pbuf[4096];
    for (int i = 0; i < 3; i++) {
        int pfd = open(pw[i], O_RDWR | O_CREAT, 0644);
        char name[64];
        snprintf(name, sizeof name, "pwrite(%d, 10, INT64_MAX)", i);
        show(name, pwrite(pfd, pbuf, 10, 0x7fffffffffffffffL));
        snprintf(name, sizeof name, "pwrite(%d, 4096, INT64_MAX-255)", i);
        show(name, pwrite(pfd, pbuf, 4096, 0x7fffffffffffff00L));
        snprintf(name, sizeof name, "pread(%d, 4096, INT64_MAX-255)", i);
        show(name, pread(pfd, pbuf, 4096, 0x7fffffffffffff00L));
        close(pfd);
        if (i < 2) unlink(pw[i]);
    }
    // recvmsg(MSG_WAITALL) with a zero-length iovec on an empty unix stream socket waits (for one
    // byte, sock_rcvlowat) until a signal: EINTR. Flatland spun in the kernel for good (seed 7006).
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_alarm;   // no SA_RESTART
        sigaction(SIGALRM, &sa, 0);
        struct itimerval itv = {{0, 0}, {0, 20000}};
        setitimer(ITIMER_REAL, &itv, 0);
        char z;
        struct iovec iov = {&z, 0};
        struct msghdr mh;
        memset(&mh, 0, sizeof mh);
        mh.msg_iov = &iov;
        mh.msg_iovlen = 1;
        show("recvmsg(WAITALL, 0 bytes, empty)", recvmsg(sv[0], &mh, MSG_WAITALL));
        close(sv[0]);
        close(sv[1]);
    }
    // Differences the edges sweep (guest/fuzz/edges.c) showed and session 5 fixed.
    {
        int fd = open("fuzz_regress.tmp2", O_RDWR | O_CREAT | O_TRUNC, 0600);
        (void)!write(fd, "abc", 3);
        char b1[8];
        struct iovec iv = {b1, 0};
        show("preadv2(0 iovecs, flags 0x100)", syscall(SYS_preadv2, fd, &iv, 0, 0L, 0L, 0x100));
        struct flock fl = {F_WRLCK, SEEK_END, 0x7fffffffffffffffL, 1, 0};
        show("F_SETLK SEEK_END start INT64_MAX", fcntl(fd, F_SETLK, &fl));
        show("F_NOTIFY on a regular file", fcntl(fd, F_NOTIFY, 1));
        int bs = 0;
        show("ioctl FIGETBSZ", ioctl(fd, 2, &bs));
        printf("%-32s %d\n", "FIGETBSZ block size > 0", bs > 0);
        show("flock(999, LOCK_MAND)", flock(999, 32));
        show("flock(999, LOCK_SH|LOCK_EX)", flock(999, 3));
        int dfd = open(".", O_RDONLY | O_DIRECTORY);
        char dbuf[4096];
        show("getdents64 count 0xffffffff", syscall(SYS_getdents64, dfd, dbuf, 0xffffffffUL));
        close(dfd);
        int efd = eventfd(0, EFD_NONBLOCK);
        uint64_t v2[2] = {1, 1};
        show("eventfd write of 16 bytes", write(efd, v2, 16));
        show("eventfd write of 9 bytes", write(efd, v2, 9));
        close(efd);
        int sp[2];
        socketpair(AF_UNIX, SOCK_STREAM, 0, sp);
        struct timeval tv = {0, 1000000};
        show("SO_SNDTIMEO tv_usec 1000000", setsockopt(sp[0], SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv));
        tv.tv_usec = -1;
        show("SO_RCVTIMEO tv_usec -1", setsockopt(sp[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv));
        close(sp[0]);
        close(sp[1]);
        char info[128];
        show("waitid(P_PIDFD, 999)", syscall(SYS_waitid, 3, 999, info, WEXITED_, 0));
        show("waitid(P_PIDFD, -1)", syscall(SYS_waitid, 3, -1, info, WEXITED_, 0));
        (void)!symlink("fuzz_regress.tmp2", "fuzz_regress.lnk");
        show("fchmodat2 NOFOLLOW on a symlink", syscall(452, AT_FDCWD, "fuzz_regress.lnk", 0644, AT_SYMLINK_NOFOLLOW));
        show("fchmodat2 through a symlink", syscall(452, AT_FDCWD, "fuzz_regress.lnk", 0640, 0));
        show("fchmodat2 flags 0x200", syscall(452, AT_FDCWD, "fuzz_regress.tmp2", 0640, 0x200));
        show("fchmodat2 AT_EMPTY_PATH", syscall(452, fd, "", 0604, AT_EMPTY_PATH));
        struct stat st;
        fstat(fd, &st);
        printf("%-32s %o\n", "mode after fchmodat2", st.st_mode & 07777);
        unlink("fuzz_regress.lnk");
        struct timespec cts;
        show("clock_gettime(-8: own PROF)", syscall(SYS_clock_gettime, -8, &cts));
        show("clock_getres(-6: own SCHED)", syscall(SYS_clock_getres, -6, &cts));
        printf("%-32s %ld\n", "SCHED resolution ns", (long)cts.tv_nsec);
        show("clock_gettime(-5: which 3)", syscall(SYS_clock_gettime, -5, &cts));
        show("clock_gettime(pid 999999)", syscall(SYS_clock_gettime, (~999999 << 3) | 2, &cts));
        // session 7: copy_file_range is shortened to the input's EOF before the ranges are checked
        loff_t cin = 0x7ffffffffffffffeL;
        show("copy_file_range from INT64_MAX-1", syscall(SYS_copy_file_range, fd, &cin, fd, 0, 10, 0));
        cin = 3;
        show("copy_file_range from EOF", syscall(SYS_copy_file_range, fd, &cin, fd, 0, 1L << 40, 0));
        int cfd = open("fuzz_regress.tmp3", O_RDWR | O_CREAT | O_TRUNC, 0600);
        cin = 1;
        show("copy_file_range 2 of 3 bytes", syscall(SYS_copy_file_range, fd, &cin, cfd, 0, 100, 0));
        printf("%-32s %ld\n", "  off_in after", (long)cin);
        close(cfd);
        unlink("fuzz_regress.tmp3");
        close(fd);
        unlink("fuzz_regress.tmp2");
    }
    seeks("host", "fuzz_regress.tmp");
    seeks("tmpfs", "/dev/shm/fuzz_regress.tmp");
    return 0;
}
