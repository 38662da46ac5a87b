// sysfuzz: a deterministic syscall fuzzer for Flatland (docs/fuzzing.md).
//
//   sysfuzz [-c] [-m RAM_MIB] [-d DIR] SEED N
//
// Makes N raw syscalls whose numbers and arguments come from a PRNG seeded with SEED, in DIR (a
// scratch tmpfs directory; default "."), and prints one summary line at the end. Nothing is
// printed per call: with `flatland run --strace` the kernel prints them.
//   -c          "child" mode: also vfork+execve copies of itself (worker mode, -w) now and then,
//               so process paths (wait, signals between processes, pidfds) are exercised.
//   -m RAM_MIB  the guest RAM size (flatland run --mem; default 256), for "just past RAM" pointers.
//
// The fuzzer protects itself, not the kernel: it never makes a call that would end or stop it or
// the host test (exit, rt_sigreturn, pause, fork/vfork, real clones and execs, SIGKILL/SIGSTOP to
// itself or its group, seccomp, ptrace, munmap of its own memory, lowering NOFILE/NPROC/STACK/CPU),
// and it keeps every write the kernel may make through a valid pointer inside a 1 MiB scratch
// region (lengths paired with a valid pointer are bounded for the calls that copy out unbounded
// data). Every call runs under a 2 ms one-shot ITIMER_REAL whose SIGALRM handler has no
// SA_RESTART, so a call that blocks ends with EINTR; a call that still hangs is a kernel bug.
// The PRNG drives every choice, so a seed replays the same call sequence (results of calls that
// race with the timer may differ).
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

typedef uint64_t u64;

static long sc6(long n, long a, long b, long c, long d, long e, long f) {
    register long r10 __asm__("r10") = d;
    register long r8 __asm__("r8") = e;
    register long r9 __asm__("r9") = f;
    long ret;
    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                     : "rcx", "r11", "memory");
    return ret;
}
#define sc0(n) sc6(n, 0, 0, 0, 0, 0, 0)
#define sc1(n, a) sc6(n, (long)(a), 0, 0, 0, 0, 0)
#define sc2(n, a, b) sc6(n, (long)(a), (long)(b), 0, 0, 0, 0)
#define sc3(n, a, b, c) sc6(n, (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define sc4(n, a, b, c, d) sc6(n, (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)

// ---- PRNG (splitmix64) ----
static u64 rs;
static u64 rnd(void) {
    u64 z = (rs += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}
static u64 below(u64 n) { return n ? rnd() % n : 0; }
static int chance(int pct) { return (int)below(100) < pct; }

// ---- memory the fuzzer hands to the kernel ----
#define SCR_SIZE (1u << 20)
#define SCR_PTR_RANGE (256u << 10)   // valid pointers point below this offset
#define SMALL_MAX 65536              // lengths paired with valid pointers in unbounded-copy calls
static unsigned char *scr;
static unsigned char scr_static[SCR_SIZE] __attribute__((aligned(4096)));
static char pathbuf[8192];
static u64 ram_end;
static const u64 RAM_BASE = 0x400000;

// ---- pools ----
#define NFD 48
static int fds[NFD];
static int nfds;
#define NMAP 16
static u64 maps[NMAP], maplen[NMAP];
static int nmaps;
static int mypid, ppid_, childpid;
static long restorer;
static int worker, childmode;
static volatile int nsig;
static const char *dir = ".";
static const char *self_path;

static volatile int nsig_call;   // deliveries during the current call

// A real fault (the fuzzer's own bug, or a kernel that corrupted its memory) would re-run the
// faulting instruction forever behind this handler: after many deliveries in one call, stop.
static void on_signal(int s) {
    nsig++;
    if (++nsig_call > 100000) {
        static const char msg[] = "sysfuzz: signal storm or repeated fault; giving up\n";
        write(2, msg, sizeof msg - 1);
        (void)s;
        _exit(99);
    }
}

// Paths: the scratch directory's own names first (safe for destructive calls), then the rest.
static const char *paths[] = {
    "f0", "f1", "f2", "d0", "d0/f1", "d0/d1", "d0/d1/f2", "p0", "s0", "l0", "l1", "l2",
    "f0/", "d0/../f1", "nonexistent", "nonexistent/x", "d0//d1", "d0/d1/../..", "",
#define NSAFE 19
    ".", "..", "/", "//", "/proc", "/proc/self", "/proc/self/status", "/proc/self/fd", "/proc/self/fd/3",
    "/proc/self/maps", "/proc/self/cwd", "/proc/self/stat", "/proc/self/task", "/proc/meminfo",
    "/proc/mounts", "/proc/self/fdinfo/3", "/proc/1/status", "/dev/null", "/dev/zero", "/dev/full",
    "/dev/urandom", "/dev/ptmx", "/dev/tty", "/dev/pts", "/dev/shm", "/dev", "/nonexistent",
    "/dev/shm/x", "/run",   // not /proc/self/exe: Flatland lacks ETXTBSY (docs/fuzzing.md)
};
#define NPATHS (sizeof paths / sizeof paths[0])

static u64 scratch_ptr(void) {
    u64 off = below(SCR_PTR_RANGE);
    int k = (int)below(4);
    if (k == 0) off &= ~4095ull;
    else if (k == 1) off &= ~7ull;
    return (u64)scr + off;   // k >= 2: misaligned
}

static u64 bad_ptr(void) {
    switch (below(10)) {
    case 0: return 0;
    case 1: return 1 + below(4096);
    case 2: return ram_end;
    case 3: return ram_end + 8 * below(512);
    case 4: return ram_end - 1 - below(8);          // straddles the end of RAM
    case 5: return RAM_BASE - 1 - below(8);         // straddles the start of RAM
    case 6: return 0xffff800000000000ull + below(1 << 20);
    case 7: return (u64)-1 - below(64);
    case 8: return 0x7ffffffff000ull;
    default: return rnd() | 0x8000000000000000ull;
    }
}

// A path pointer: a string from the table, a long name, a symlink loop, or a bad pointer.
static u64 path_ptr(int safe_only) {
    int k = (int)below(20);
    if (k == 0 && !safe_only) return bad_ptr();
    if (k == 1) {   // ENAMETOOLONG candidates: a component over NAME_MAX or a path over PATH_MAX
        size_t n = chance(50) ? 300 : 5000;
        memset(pathbuf, 'a', n);
        pathbuf[n] = 0;
        if (chance(50)) pathbuf[0] = '/';
        return (u64)pathbuf;
    }
    if (k == 2) {   // not terminated before the end of RAM is hard; an unterminated in-scratch one is not
        u64 p = scratch_ptr();
        return p;
    }
    const char *s = paths[below(safe_only ? NSAFE : NPATHS)];
    size_t off = (size_t)below(64);
    strcpy(pathbuf + off, s);
    return (u64)(pathbuf + off);
}

static int pick_fd_raw(void) {
    switch (below(24)) {
    case 0: return -1;
    case 1: return -100;   // AT_FDCWD
    case 2: return 3 + (int)below(60);
    case 3: return 1 << 20;
    case 4: return 0x7fffffff;
    case 5: return (int)0x80000000u;
    case 6: return 0;   // /dev/null (the fuzzer reopened it)
    default: return nfds ? fds[below(nfds)] : -1;
    }
}

static long pick_fd(void) {
    int fd = pick_fd_raw();
    if (fd == 1 || fd == 2) fd = 3;
    return fd;
}

static long pick_pid(void) {
    switch (below(10)) {
    case 0: return 0;
    case 1: return -1;
    case 2: return mypid;
    case 3: return ppid_;
    case 4: return childpid ? childpid : mypid;
    case 5: return 1;
    case 6: return 0x7fffffff;
    case 7: return (long)(int)0x80000000u;
    case 8: return -(long)mypid;
    default: return 2 + below(40);
    }
}

static long pick_sig(void) {
    if (chance(90)) return (long)below(66);
    return (long)rnd();
}

static u64 flag_bits(void) {
    switch (below(4)) {
    case 0: return 1ull << below(32);
    case 1: return (1ull << below(32)) | (1ull << below(32)) | (1ull << below(12));
    case 2: return rnd() & 0xffffffffull;
    default: return rnd() & (rnd() & 0xfffffull);
    }
}

static const u64 interesting[] = {
    0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull, 0x7fffffffffffffffull, 0x8000000000000000ull,
    4096, 4095, 4097, 65536, 65535, 1 << 20, 0xfffffffffffff000ull, 0x7ffff000, 255, 256, 1024, 16,
};

static u64 gen_arg(void) {
    switch (below(14)) {
    case 0: return 0;
    case 1: return (u64)-1;
    case 2: return below(17);
    case 3: return below(4097);
    case 4: return interesting[below(sizeof interesting / sizeof interesting[0])];
    case 5: return flag_bits();
    case 6: return rnd();
    case 7: case 8: return scratch_ptr();
    case 9: return bad_ptr();
    case 10: return (u64)pick_fd();
    case 11: return (u64)pick_pid();
    case 12: return (u64)-(long)below(200);
    default: return below(64);
    }
}

// Fills part of the scratch region: zeros, random bytes, or "structured" words (valid scratch
// pointers, bounded small lengths, -1, bad pointers), so that embedded iovecs and msghdrs are
// sometimes valid. Structured words never pair a valid pointer with a huge positive length.
static u64 struct_word(void) {
    switch (below(8)) {
    case 0: return 0;
    case 1: return below(17);
    case 2: return below(SMALL_MAX + 1);
    case 3: case 4: return scratch_ptr();
    case 5: return (u64)-1;
    case 6: return bad_ptr() | 0x8000000000000000ull;   // never valid
    default: return (u64)pick_fd();
    }
}

static void fill_scratch(void) {
    u64 off = below(SCR_PTR_RANGE) & ~7ull;
    u64 len = 8 + below(2048);
    if (off + len > SCR_PTR_RANGE + 65536) len = 64;
    int mode = (int)below(3);
    for (u64 i = 0; i < len; i += 8) {
        u64 w = mode == 0 ? 0 : mode == 1 ? rnd() : struct_word();
        if (mode == 1 && (w >> 40) == 0) w |= 1ull << 63;   // random bytes: no valid pointers
        memcpy(scr + off + i, &w, 8);
    }
}

// A valid small timespec (<= 1 ms) at a scratch address.
static u64 small_timespec(void) {
    u64 p = (u64)scr + (below(SCR_PTR_RANGE / 16) * 16);
    long ts[2] = {0, (long)below(1000000)};
    if (chance(5)) ts[1] = (long)rnd();          // EINVAL: tv_nsec out of range
    if (chance(3)) ts[0] = -1;                   // negative seconds
    memcpy((void *)p, ts, sizeof ts);
    return p;
}

static unsigned char enosys_seen[1024];

// Focus sets: a seed with seed % 4 != 0 spends 70% of its calls on one family, so that state builds
// up (connected sockets with data and fds in flight, locks, timers, nested directories).
static const short focus_fs[] = {0, 1, 2, 3, 4, 5, 6, 8, 9, 16, 17, 18, 19, 20, 21, 32, 33, 40, 72, 73, 74, 75,
    76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 132, 133, 137, 138, 161, 165,
    166, 187, 188, 189, 190, 191, 192, 193, 194, 195, 196, 197, 198, 199, 217, 221, 235, 257, 258, 259, 260, 261,
    262, 263, 264, 265, 266, 267, 268, 269, 275, 276, 277, 280, 285, 292, 295, 296, 316, 319, 326, 327, 328, 332,
    436, 437, 439, 452};
static const short focus_net[] = {0, 1, 3, 7, 16, 19, 20, 22, 23, 32, 33, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49,
    50, 51, 52, 53, 54, 55, 72, 213, 232, 233, 270, 271, 275, 276, 278, 281, 284, 288, 290, 291, 292, 293, 299, 307,
    441};
static const short focus_proc[] = {7, 13, 14, 22, 23, 24, 35, 36, 37, 38, 39, 61, 62, 63, 95, 96, 97, 98, 99, 100,
    102, 104, 109, 110, 111, 112, 121, 124, 127, 128, 129, 130, 131, 157, 158, 160, 186, 200, 201, 202, 218, 222,
    223, 224, 225, 226, 227, 228, 229, 230, 234, 247, 273, 274, 282, 283, 286, 287, 289, 297, 302, 309, 424, 434,
    438};
static int focus;
static int is_valid_ptr(u64 v) { return v >= (u64)scr && v < (u64)scr + SCR_SIZE; }

// ---- per-syscall argument knowledge ----
struct argkind { int nr; const char *kinds; };
// p: path, P: path from the scratch-directory names only, f: fd, d: dirfd (AT_FDCWD often),
// i: pid, s: signal, t: timespec pointer (clamped), m: sigset pointer, M: memory address from the
// fuzzer's own mappings (never its image, stack or scratch), n: small count.
static const struct argkind kinds[] = {
    {0, "f"}, {1, "f"}, {2, "p"}, {3, "f"}, {4, "p"}, {5, "f"}, {6, "p"}, {7, "..n"},
    {8, "f"}, {9, "M....f"}, {10, "M"}, {11, "M"}, {12, "M"}, {13, "s"}, {14, ".m"},
    {16, "f"}, {17, "f"}, {18, "f"}, {19, "f"}, {20, "f"}, {21, "p"}, {23, "n...."},
    {25, "M"}, {26, "M"}, {27, "M"}, {28, "M"}, {32, "f"}, {33, "ff"}, {35, "t"}, {40, "ff"},
    {42, "f"}, {43, "f"}, {44, "f"}, {45, "f"}, {46, "f"}, {47, "f"}, {48, "f"}, {49, "f"},
    {50, "f"}, {51, "f"}, {52, "f"}, {54, "f"}, {55, "f"}, {61, "i"}, {62, "is"}, {72, "f"},
    {73, "f"}, {74, "f"}, {75, "f"}, {76, "p"}, {77, "f"}, {78, "f"}, {80, "p"}, {81, "f"},
    {82, "PP"}, {83, "P"}, {84, "P"}, {85, "P"}, {86, "pP"}, {87, "P"}, {88, "pP"}, {89, "p"},
    {90, "p"}, {91, "f"}, {92, "p"}, {93, "f"}, {94, "p"}, {109, "ii"}, {121, "i"}, {124, "i"},
    {127, "m"}, {128, "m.t"}, {129, "is"}, {130, "m"}, {132, "p"}, {133, "P"}, {137, "p"},
    {138, "f"}, {140, ".i"}, {141, ".i"}, {142, "i"}, {143, "i"}, {144, "i"}, {145, "i"},
    {148, "i"}, {149, "M"}, {150, "M"}, {155, "PP"}, {161, "P"}, {165, "pPp"}, {166, "P"},
    {188, "pp"}, {189, "pp"}, {190, "fp"}, {191, "pp"}, {192, "pp"}, {193, "fp"}, {194, "p"},
    {195, "p"}, {196, "f"}, {197, "pp"}, {198, "pp"}, {199, "fp"}, {200, "is"}, {202, "...t"},
    {203, "i"}, {204, "i"}, {217, "f"}, {221, "f"}, {230, "...t"}, {232, "f..."}, {233, "f.f"},
    {234, "iis"}, {235, "p"}, {247, ".i"}, {251, ".i"}, {252, ".i"}, {254, "fp"}, {255, "f"},
    {257, "dP"}, {258, "dP"}, {259, "dP"}, {260, "dp"}, {261, "dp"}, {262, "dp"}, {263, "dP"},
    {264, "dPdP"}, {265, "dpdP"}, {266, "pdP"}, {267, "dp"}, {268, "dp"}, {269, "dp"},
    {270, ".....m"}, {271, "..t"}, {274, "i"}, {275, "f.f"}, {276, "ff"}, {277, "f"},
    {278, "f"}, {280, "dp"}, {281, "f...m"}, {282, "fm"}, {285, "f"}, {286, "f"}, {287, "f"},
    {288, "f"}, {289, "fm"}, {292, "ff"}, {295, "f"}, {296, "f"}, {297, "iis"}, {299, "f...t"},
    {300, "f"}, {301, "f...p"}, {302, "i"}, {303, "dp"}, {304, "f"}, {306, "f"}, {307, "f"},
    {308, "f"}, {309, "i"}, {312, "ii...."}, {314, "i"}, {315, "i"}, {316, "dPdP"},
    {319, "p"}, {326, "f.f"}, {327, "f"}, {328, "f"}, {332, "dp"}, {424, "fs"}, {428, "dp"},
    {429, "dpdp"}, {430, "p"}, {431, "f.pp"}, {432, "f"}, {433, "dp"}, {434, "i"},
    {436, "f"}, {437, "dP"}, {438, "ff"}, {439, "dp"}, {440, "f"}, {441, "f...m"},
    {442, "dp"}, {443, "f"}, {444, "f"}, {447, "f"}, {451, "f"}, {452, "dp"}, {462, "M"},
    {463, "dp"}, {464, "dp"}, {465, "dp"}, {466, "dp"},
};

static const char *kinds_of(int nr) {
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (kinds[i].nr == nr) return kinds[i].kinds;
    return "";
}

// ---- shaped arguments: structures a handler parses deeply, built well-formed enough to pass the
// first checks (a sockaddr_un, a msghdr with SCM_RIGHTS, a struct flock, an itimerspec...) ----
static u64 scr_alloc(u64 size) {   // a fresh, 16-aligned scratch area above the random-pointer range
    static u64 next;
    if (next + size > 64 * 1024) next = 0;
    u64 p = (u64)scr + SCR_PTR_RANGE + 65536 + next;
    next += (size + 15) & ~15ull;
    return p;
}

static u64 sockaddr_un(u64 *len) {
    u64 p = scr_alloc(112);
    unsigned char *b = (unsigned char *)p;
    memset(b, 0, 112);
    b[0] = chance(85) ? 1 : (unsigned char)below(50);
    static const char *names[] = {"s0", "s1", "d0/s2", "/fuzz/s3", "nonexistent/s", "f0", "p0"};
    switch (below(4)) {
    case 0: b[2] = 0; memcpy(b + 3, "abs", 3); *len = 2 + 1 + below(8); break;   // abstract name
    case 1: for (int i = 2; i < 112; i++) b[i] = (unsigned char)rnd(); *len = below(130); break;
    default: {
        const char *n = names[below(7)];
        strcpy((char *)b + 2, n);
        *len = chance(70) ? 2 + strlen(n) + below(2) : below(120);
    }
    }
    if (chance(5)) *len = (u64)-1;
    return p;
}

static u64 iovecs(int n) {
    u64 p = scr_alloc(16 * (u64)n);
    for (int i = 0; i < n; i++) {
        u64 v[2] = {chance(90) ? scratch_ptr() : bad_ptr(), chance(90) ? below(4097) : below(SMALL_MAX + 1)};
        memcpy((char *)p + 16 * i, v, 16);
    }
    return p;
}

static u64 msghdr(void) {
    u64 p = scr_alloc(56);
    u64 namelen = 0, name = chance(30) ? sockaddr_un(&namelen) : 0;
    int niov = (int)below(4);
    u64 ctl = 0, ctllen = 0;
    if (chance(50)) {   // SCM_RIGHTS (1) with pool fds, or SCM_CREDENTIALS (2), or junk
        int nf = 1 + (int)below(4);
        ctl = scr_alloc(64);
        unsigned char *c = (unsigned char *)ctl;
        memset(c, 0, 64);
        int type = chance(60) ? 1 : chance(70) ? 2 : (int)below(5);
        u64 clen = type == 2 ? 16 + 12 : 16 + 4 * (u64)nf;
        if (chance(10)) clen = below(80);
        int one = 1;   // SOL_SOCKET
        memcpy(c, &clen, 8);
        memcpy(c + 8, &one, 4);
        memcpy(c + 12, &type, 4);
        if (type == 2) {
            int cred[3] = {chance(70) ? mypid : (int)pick_pid(), chance(80) ? 0 : (int)rnd(), chance(80) ? 0 : (int)rnd()};
            memcpy(c + 16, cred, 12);
        } else {
            for (int i = 0; i < nf; i++) {
                int fd = chance(85) ? (int)pick_fd() : (int)rnd();
                memcpy(c + 16 + 4 * i, &fd, 4);
            }
        }
        ctllen = chance(85) ? ((clen + 7) & ~7ull) : below(128);
    }
    u64 m[7] = {name, namelen, niov ? iovecs(niov) : (chance(50) ? 0 : bad_ptr()), (u64)niov, ctl, ctllen, flag_bits()};
    if (chance(5)) m[3] = rnd();
    memcpy((void *)p, m, 56);
    return p;
}

static u64 flock_struct(void) {
    u64 p = scr_alloc(32);
    short t[2] = {(short)(chance(90) ? below(3) : rnd()), (short)(chance(90) ? below(3) : rnd())};
    static const long starts[] = {0, 1, 100, -1, 0x7fffffffffffffffL, (long)0x8000000000000000ull, 4096};
    long se[2] = {starts[below(7)], starts[below(7)]};
    int pid = 0;
    memcpy((void *)p, t, 4);
    memcpy((char *)p + 8, se, 16);
    memcpy((char *)p + 24, &pid, 4);
    return p;
}

static u64 itimerspec(void) {
    u64 p = scr_alloc(32);
    static const long secs[] = {0, 0, 0, 1, -1, 0x7fffffffffffffffL, 1000000000L};
    static const long nsecs[] = {0, 1, 1000, 1000000, 999999999, 1000000000, -1};
    long v[4] = {secs[below(7)], nsecs[below(7)], 0, nsecs[below(7)]};
    if (v[0] != 0 && chance(80)) v[0] = 0;    // a fast interval (the nanoseconds) stays rarer than none
    if (chance(50)) v[0] = v[1] = 0;          // no interval
    memcpy((void *)p, v, 32);
    return p;
}

static const long ioctls[] = {
    0x5401, 0x5402, 0x5403, 0x5404, 0x5413, 0x5414, 0x541B, 0x5421, 0x5451, 0x5450, 0x540F, 0x5410,
    0x540E, 0x80045430, 0x40045431, 0x5422, 0x5412, 0x5429, 0x540B, 0x540A, 0x5411, 0x5441, 0x5452,
    0x5423, 0x5424, 0x5425, 0x5409, 0x80045432, 0x4004667e, 0x8004667d, 0x40086602, 0x80086601,
};

// Shapes some arguments of well-known calls; the rest stay random.
static void shape(long nr, u64 a[6]) {
    if (!chance(60)) return;
    u64 len;
    switch (nr) {
    case 42: case 49:   // connect, bind
        a[1] = sockaddr_un(&len);
        a[2] = len;
        break;
    case 44:   // sendto
        a[1] = scratch_ptr();
        a[2] = below(4097);
        if (chance(60)) { a[4] = sockaddr_un(&len); a[5] = len; }
        break;
    case 45:   // recvfrom
        a[1] = scratch_ptr();
        a[2] = below(4097);
        a[3] = chance(50) ? 0x40 : flag_bits();   // MSG_DONTWAIT
        if (chance(50)) {
            a[4] = scr_alloc(112);
            u64 l = scr_alloc(8);
            *(int *)l = (int)(chance(80) ? 110 : rnd());
            a[5] = l;
        }
        break;
    case 46: case 47:   // sendmsg, recvmsg
        a[1] = msghdr();
        a[2] = chance(50) ? 0x40 : flag_bits();
        break;
    case 307: case 299: {   // sendmmsg, recvmmsg
        int n = 1 + (int)below(3);
        u64 v = scr_alloc(64 * (u64)n);
        for (int i = 0; i < n; i++) {
            u64 m = msghdr();
            memcpy((char *)v + 64 * i, (void *)m, 56);
        }
        a[1] = v;
        a[2] = chance(80) ? (u64)n : gen_arg();
        break;
    }
    case 41: case 53: {   // socket, socketpair
        static const int doms[] = {1, 1, 1, 2, 10, 16, 17, 0, 45};
        static const int types[] = {1, 2, 5, 3, 4, 10};
        a[0] = (u64)doms[below(9)];
        a[1] = (u64)types[below(6)] | (chance(50) ? 04000 : 0) | (chance(30) ? 02000000 : 0);
        a[2] = chance(80) ? 0 : below(300);
        if (nr == 53) a[3] = chance(85) ? scratch_ptr() : bad_ptr();
        break;
    }
    case 54: case 55:   // setsockopt, getsockopt
        a[1] = chance(70) ? 1 : chance(50) ? 0 : below(300);
        a[2] = below(70);
        a[3] = scratch_ptr();
        if (nr == 54) a[4] = chance(80) ? (u64)(4 << below(3)) : gen_arg();
        else { u64 l = scr_alloc(8); *(int *)l = (int)(chance(80) ? 4 << below(4) : rnd()); a[4] = chance(90) ? l : bad_ptr(); }
        break;
    case 72: {   // fcntl
        static const int cmds[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 15, 16, 36, 37, 38, 1024, 1025,
                                   1026, 1030, 1031, 1032, 1033, 1034, 1038, 1039, 1040};
        a[1] = (u64)cmds[below(sizeof cmds / sizeof cmds[0])];
        if (a[1] == 5 || a[1] == 6 || a[1] == 7 || a[1] == 36 || a[1] == 37 || a[1] == 38) a[2] = flock_struct();
        else if (a[1] == 1031) a[2] = chance(50) ? below(1 << 21) : gen_arg();   // F_SETPIPE_SZ
        break;
    }
    case 16:   // ioctl
        a[1] = (u64)ioctls[below(sizeof ioctls / sizeof ioctls[0])];
        a[2] = chance(85) ? scratch_ptr() : gen_arg();
        break;
    case 233: {   // epoll_ctl
        a[1] = 1 + below(3);
        u64 ev = scr_alloc(16);
        unsigned ev32 = (unsigned)flag_bits();
        memcpy((void *)ev, &ev32, 4);
        a[3] = chance(90) ? ev : bad_ptr();
        break;
    }
    case 232: case 281:   // epoll_wait, epoll_pwait
        a[1] = scratch_ptr();
        a[2] = chance(70) ? below(64) : gen_arg();
        a[3] = chance(70) ? below(2) : (u64)-1;
        break;
    case 286: case 223:   // timerfd_settime, timer_settime
        a[1] = chance(70) ? below(2) : flag_bits();
        a[2] = itimerspec();
        break;
    case 38:   // setitimer
        a[0] = below(3);
        a[1] = itimerspec();
        break;
    case 9: {   // mmap
        static const u64 lens[] = {4096, 8192, 1 << 20, (4 << 20) + 1, 100, 0, 0x7fffffffffffffffull};
        static const u64 flags[] = {0x22, 0x21, 0x02, 0x01, 0x03, 0x2022, 0x40022, 0x100022};
        a[0] = chance(80) ? 0 : a[0];
        a[1] = lens[below(7)];
        a[2] = below(8);
        a[3] = flags[below(8)] | (chance(20) ? flag_bits() : 0);
        a[4] = (a[3] & 0x20) && chance(70) ? (u64)-1 : (u64)pick_fd();
        a[5] = chance(80) ? 0 : chance(50) ? 4096 * below(4) : gen_arg();
        break;
    }
    case 2: case 257: {   // open, openat
        static const u64 fl[] = {0, 1, 2, 0100, 0200, 01000, 02000, 04000, 0200000, 010000000, 020200000,
                                 040000, 02000000, 0400000, 01000000, 0x8000, 020000};
        u64 f = fl[below(3)];
        for (int i = (int)below(4); i > 0; i--) f |= fl[below(17)];
        a[nr == 2 ? 1 : 2] = f | 04000;   // O_NONBLOCK: opening a FIFO never waits
        a[nr == 2 ? 2 : 3] = chance(80) ? 0644 : gen_arg();
        break;
    }
    case 61: case 247: {   // wait4, waitid
        if (nr == 61) { a[1] = chance(80) ? scratch_ptr() : gen_arg(); a[2] = below(16) | (chance(30) ? 0x80000000ull : 0); }
        else { a[0] = below(4); a[2] = scratch_ptr(); a[3] = 1 << below(4) | (chance(30) ? 1 : 0); }
        break;
    }
    case 157:   // prctl
        a[0] = below(72);
        break;
    }
}

// Calls that copy out data whose amount only the length argument bounds (file, pipe, socket,
// random contents): with a valid pointer their numeric arguments stay small.
static int unbounded_copy_out(int nr) {
    // read, pread64, recvfrom, getrandom. The others that copy out (getdents, readlink, getxattr,
    // the iovec calls whose iovecs come from the bounded scratch fill) are bounded by what they
    // copy, so they get huge lengths with valid pointers too.
    return nr == 0 || nr == 17 || nr == 45 || nr == 318;
}

static u64 gen_kind(char k) {
    switch (k) {
    case 'p': return chance(80) ? path_ptr(0) : gen_arg();
    case 'P': return chance(85) ? path_ptr(1) : (chance(50) ? bad_ptr() : gen_arg());
    case 'f': return chance(85) ? (u64)pick_fd() : gen_arg();
    case 'd': return chance(50) ? (u64)-100 : chance(70) ? (u64)pick_fd() : gen_arg();
    case 'i': return chance(85) ? (u64)pick_pid() : gen_arg();
    case 's': return (u64)pick_sig();
    case 't': return chance(75) ? small_timespec() : chance(50) ? 0 : gen_arg();
    case 'm': return chance(80) ? scratch_ptr() : gen_arg();
    case 'M':
        if (nmaps && chance(60)) return maps[below(nmaps)] + (chance(80) ? 0 : below(8192));
        return chance(50) ? bad_ptr() : below(4) * 4096 + (chance(50) ? 0 : below(4096));
    case 'n': return chance(80) ? below(64) : gen_arg();
    default: return gen_arg();
    }
}

static void clear_sigalrm_bit(u64 p) {
    if (is_valid_ptr(p)) {
        u64 set;
        memcpy(&set, (void *)p, 8);
        set &= ~(1ull << (SIGALRM - 1));
        memcpy((void *)p, &set, 8);
    }
}

static int fatal_target(long pid) {
    return !(childpid > 0 && pid == childpid);   // only the fuzzer's own child may be killed
}

// Applies the self-protection rules; returns 0 when the call must be skipped.
static long call_index, call_count;

static int own_memory(u64 v) {
    if (is_valid_ptr(v) || (v >= (u64)pathbuf && v < (u64)pathbuf + sizeof pathbuf)) return 1;
    for (int i = 0; i < nmaps; i++)
        if (v >= maps[i] && v < maps[i] + maplen[i]) return 1;
    return 0;
}

static int sanitize(long nr, u64 a[6]) {
    long *s = (long *)a;
    switch (nr) {
    case 105: case 106: case 113: case 114: case 116: case 117: case 119: case 122: case 123: case 126:
        // Credentials: dropping root early would turn most later calls into EACCES/EPERM, so the
        // id-changing calls only happen in the last quarter of the run.
        return call_index >= call_count - call_count / 4;
    case 15: case 34: case 57: case 58: case 60: case 231: case 169: case 101: case 317:
    case 246: case 320: case 175: case 313:
        return 0;   // rt_sigreturn, pause, fork, vfork, exit, exit_group, reboot, ptrace, seccomp, kexec, modules
    case 56:       // clone: only flags that always fail (CLONE_THREAD without CLONE_SIGHAND)
        a[0] = (a[0] | 0x00010000) & ~0x00000800ull;
        return 1;
    case 435:      // clone3: a struct whose flags always fail, or a bad size/pointer
        if (is_valid_ptr(a[0])) {
            u64 fl = (flag_bits() | 0x00010000) & ~0x00000800ull;
            memcpy((void *)a[0], &fl, 8);
        }
        return 1;
    case 59:       // execve: only paths that cannot be executed (the scratch names, never a program)
        a[0] = chance(80) ? path_ptr(1) : bad_ptr();
        return 1;
    case 322:
        a[1] = chance(80) ? path_ptr(1) : bad_ptr();
        a[4] &= ~0x1000ull;   // no AT_EMPTY_PATH (could execve an fd on /proc/self/exe)
        return 1;
    case 62: case 200: case 129:   // kill, tkill, rt_sigqueueinfo: never SIGKILL/SIGSTOP to ourselves or a group
        if ((s[1] == SIGKILL || s[1] == SIGSTOP) && fatal_target(s[0])) a[1] = 0;
        return 1;
    case 234: case 297:   // tgkill, rt_tgsigqueueinfo
        if ((s[2] == SIGKILL || s[2] == SIGSTOP) && fatal_target(s[0])) a[2] = 0;
        return 1;
    case 222:   // timer_create: a sigevent signal is never SIGKILL/SIGSTOP
    case 244:   // mq_notify
        if (is_valid_ptr(a[nr == 222 ? 1 : 1])) {
            int signo;
            memcpy(&signo, (char *)a[1] + 8, 4);
            if (signo == SIGKILL || signo == SIGSTOP) { signo = SIGUSR1; memcpy((char *)a[1] + 8, &signo, 4); }
        }
        return 1;
    case 72:    // fcntl F_SETSIG
        if (a[1] == 10 && (a[2] == SIGKILL || a[2] == SIGSTOP)) a[2] = SIGUSR1;
        if ((long)a[0] >= 1 && a[0] <= 2) a[0] = 3;
        return 1;
    case 424:   // pidfd_send_signal: the pidfd may be ours
        if (s[1] == SIGKILL || s[1] == SIGSTOP) a[1] = 0;
        return 1;
    case 13: {  // rt_sigaction: handlers stay ours, SIGALRM keeps interrupting
        int sig = (int)a[0];
        if (is_valid_ptr(a[1])) {
            u64 act[4];
            switch (below(3)) {
            case 0: act[0] = (u64)on_signal; break;
            case 1: act[0] = 1; break;   // SIG_IGN
            default: act[0] = 0;         // SIG_DFL: only where the default is harmless
            }
            if (act[0] == 0 && !(sig == SIGCHLD || sig == SIGCONT || sig == SIGURG || sig == SIGWINCH))
                act[0] = (u64)on_signal;
            act[1] = (flag_bits() & ~(0x80000000ull | 0x08000000ull)) | 0x04000000;   // no RESETHAND/ONSTACK
            act[2] = (u64)restorer;
            act[3] = rnd();
            if (sig == SIGALRM) {
                act[0] = (u64)on_signal;
                act[1] &= ~0x10000000ull;   // no SA_RESTART
            }
            memcpy((void *)a[1], act, sizeof act);
        } else if (sig == SIGALRM) {
            a[1] = 0;
        }
        return 1;
    }
    case 14:   // rt_sigprocmask
        clear_sigalrm_bit(a[1]);
        return 1;
    case 130: clear_sigalrm_bit(a[0]); return 1;                        // rt_sigsuspend
    case 271: clear_sigalrm_bit(a[3]); a[1] = a[1] > 4096 ? below(64) : a[1]; return 1;   // ppoll
    case 7: if (a[1] > 4096) a[1] = below(64); return 1;                // poll
    case 281: case 441: clear_sigalrm_bit(a[4]); return 1;             // epoll_pwait(2)
    case 270:   // pselect6: {sigset *, size}
        if (is_valid_ptr(a[5])) {
            u64 p = scratch_ptr() & ~7ull, v[2] = {p, 8};
            memcpy((void *)a[5], v, 16);
            clear_sigalrm_bit(p);
        }
        return 1;
    case 202: {  // futex: the PI lock operations restart after a signal; give them a timeout
        int cmd = (int)(a[1] & 127);
        if (cmd == 6 || cmd == 11 || cmd == 13) a[3] = small_timespec();
        return 1;
    }
    case 160: case 302: {   // setrlimit, prlimit64: never lower CPU, STACK, NPROC, NOFILE, AS, RTTIME
        int res = (int)a[nr == 160 ? 0 : 1];
        int guarded = res == 0 || res == 3 || res == 6 || res == 7 || res == 9 || res == 15 || res == 2;
        if (guarded) {
            if (nr == 160) a[0] = 4;   // RLIMIT_CORE
            else a[2] = 0;             // prlimit64: read only
        }
        return 1;
    }
    case 38: case 223:   // setitimer, timer_settime: no interval under 1 ms (a signal storm starves the fuzzer)
        if (is_valid_ptr(a[nr == 38 ? 1 : 2])) {
            long *iv = (long *)a[nr == 38 ? 1 : 2];
            long unit = nr == 38 ? 1000 : 1000000;   // usec or nsec per ms
            if (iv[0] == 0 && iv[1] != 0 && (iv[1] < unit || iv[1] < 0)) iv[1] = unit;
            if (iv[0] < 0) iv[0] = 0;
        }
        return 1;
    case 158:   // arch_prctl: never move FS (musl's TLS)
        if (a[0] == 0x1002) a[0] = 0x1003;
        return 1;
    case 157: {  // prctl: no seccomp, no syscall user dispatch, no PR_SET_MM
        int op = (int)a[0];
        if (op == 22 || op == 59 || op == 35) a[0] = 16;   // PR_GET_NAME
        return 1;
    }
    case 11: case 25: case 12:   // munmap, mremap, brk: never the fuzzer's image, stack or scratch
        if (is_valid_ptr(a[0]) || (a[0] >= RAM_BASE && a[0] < ram_end && !chance(1))) {
            a[0] = nmaps ? maps[below(nmaps)] : 0;
        }
        if (nr == 25) a[4] = bad_ptr();
        return 1;
    case 311: case 310:   // process_vm_readv/writev: never a real pid
        a[0] = 0x7fffff00 + below(200);
        return 1;
    case 334:   // rseq: only invalid registrations
        a[0] = bad_ptr();
        return 1;
    case 33: case 292: case 276:   // dup2, dup3, tee: never onto stdout/stderr
        if ((long)a[1] >= 0 && a[1] <= 2) a[1] = 3 + below(40);
        return 1;
    case 275: case 326:   // splice, copy_file_range: fd_out
        if ((long)a[2] >= 0 && a[2] <= 2) a[2] = 3;
        return 1;
    case 40:   // sendfile out_fd
        if ((long)a[0] >= 0 && a[0] <= 2) a[0] = 3;
        return 1;
    case 436:   // close_range: keep 0..2
        if (a[0] < 3) a[0] = 3;
        return 1;
    case 3:
        if ((long)a[0] >= 0 && a[0] <= 2) a[0] = 3;
        return 1;
    case 155: case 161: case 166: case 165:   // pivot_root, chroot, umount2, mount: scratch names only
        return 1;
    }
    return 1;
}

static void add_fd(long fd) {
    if (fd < 3 || fd > 4096) return;
    if (nfds < NFD) fds[nfds++] = (int)fd;
    else fds[below(NFD)] = (int)fd;
}

static int fd_creator(long nr) {
    switch (nr) {
    case 2: case 85: case 257: case 437: case 32: case 33: case 292: case 41: case 43: case 288:
    case 213: case 291: case 284: case 290: case 282: case 289: case 283: case 253: case 294:
    case 319: case 434: case 438: case 72: case 323: case 298: case 428: case 430: case 432:
    case 433: case 447: case 425:
        return 1;
    }
    return 0;
}

static void add_map(u64 addr, u64 len) {
    if (nmaps == NMAP) {
        sc2(SYS_munmap, maps[0], maplen[0]);
        memmove(maps, maps + 1, (NMAP - 1) * sizeof maps[0]);
        memmove(maplen, maplen + 1, (NMAP - 1) * sizeof maplen[0]);
        nmaps--;
    }
    maps[nmaps] = addr;
    maplen[nmaps] = len;
    nmaps++;
}

// Opens the fuzzer's own objects: files, a directory, pipes, an eventfd, sockets, an epoll.
static void refill_pool(void) {
    for (int i = 0; i < nfds; i++) sc1(SYS_close, fds[i]);
    nfds = 0;
    sc2(SYS_chdir, dir, 0);
    sc2(SYS_mkdir, "d0", 0755);
    sc2(SYS_mkdir, "d0/d1", 0755);
    sc3(SYS_mknod, "p0", S_IFIFO | 0644, 0);
    sc2(SYS_symlink, "f0", "l0");
    sc2(SYS_symlink, "l1", "l1");
    sc2(SYS_symlink, "d0/d1", "l2");
    static const char *files[] = {"f0", "f1", "d0/f1", "d0/d1/f2"};
    for (int i = 0; i < 4; i++) {
        long fd = sc4(SYS_openat, -100, files[i], O_RDWR | O_CREAT | O_NONBLOCK, 0644);
        if (fd >= 0 && i == 0) sc3(SYS_write, fd, "0123456789abcdef", 16);
        add_fd(fd);
    }
    add_fd(sc4(SYS_openat, -100, ".", O_RDONLY | O_DIRECTORY, 0));
    add_fd(sc4(SYS_openat, -100, "p0", O_RDWR | O_NONBLOCK, 0));
    add_fd(sc4(SYS_openat, -100, "/dev/zero", O_RDWR, 0));
    int pv[2];
    if (sc2(SYS_pipe2, pv, O_NONBLOCK) == 0) { add_fd(pv[0]); add_fd(pv[1]); }
    add_fd(sc2(SYS_eventfd2, 0, 04000));
    int sv[2];
    if (sc4(SYS_socketpair, 1, 1 | 04000, 0, sv) == 0) { add_fd(sv[0]); add_fd(sv[1]); }
    if (sc4(SYS_socketpair, 1, 2 | 04000, 0, sv) == 0) { add_fd(sv[0]); add_fd(sv[1]); }
    long ls = sc3(SYS_socket, 1, 1 | 04000, 0);
    if (ls >= 0) {
        struct { unsigned short fam; char path[20]; } sa = {1, "s0"};
        sc2(SYS_unlink, "s0", 0);
        sc3(SYS_bind, ls, &sa, 2 + 3);
        sc2(SYS_listen, ls, 4);
        add_fd(ls);
        long c = sc3(SYS_socket, 1, 1 | 04000, 0);
        if (c >= 0) { sc3(SYS_connect, c, &sa, 2 + 3); add_fd(c); }
    }
    long ep = sc1(SYS_epoll_create1, 0);
    add_fd(ep);
    add_fd(sc2(SYS_timerfd_create, 1, 04000));
    if (childpid > 0) add_fd(sc2(SYS_pidfd_open, childpid, 0));
}

static int spawn_worker(u64 seed, long n) {
    char s1[32], s2[32], s3[32];
    snprintf(s1, sizeof s1, "%llu", (unsigned long long)seed);
    snprintf(s2, sizeof s2, "%ld", n);
    snprintf(s3, sizeof s3, "%llu", (unsigned long long)((ram_end - RAM_BASE) >> 20));
    char *argv[] = {"sysfuzz", "-w", "-m", s3, "-d", (char *)dir, s1, s2, 0};
    char *envp[] = {0};
    int pid = vfork();
    if (pid == 0) {
        execve("/proc/self/exe", argv, envp);
        execve(self_path, argv, envp);
        _exit(127);
    }
    return pid;
}

static int reap(int pid, int *status) {
    // The worker runs its own calls; wait for it, resuming it when something stopped it.
    for (int i = 0; i < 20000; i++) {
        int st;
        long r = sc4(SYS_wait4, pid, &st, WNOHANG | WUNTRACED, 0);
        if (r == pid) {
            if (WIFSTOPPED(st)) { kill(pid, SIGCONT); continue; }
            *status = st;
            return 1;
        }
        if (r < 0 && r != -EINTR) return 0;   // already reaped by a fuzzed wait
        struct timespec ts = {0, 1000000};
        nanosleep(&ts, 0);
    }
    kill(pid, SIGKILL);
    int st;
    return waitpid(pid, &st, 0) == pid ? (*status = st, 1) : 0;
}

static void usage(void) {
    fprintf(stderr, "usage: sysfuzz [-c] [-m RAM_MIB] [-d DIR] SEED N\n");
    exit(2);
}

int main(int argc, char **argv) {
    u64 ram_mib = 256;
    int i = 1;
    self_path = argv[0];
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "-c")) childmode = 1;
        else if (!strcmp(argv[i], "-w")) worker = 1;
        else if (!strcmp(argv[i], "-m") && i + 1 < argc) ram_mib = strtoull(argv[++i], 0, 0);
        else if (!strcmp(argv[i], "-d") && i + 1 < argc) dir = argv[++i];
        else usage();
    }
    if (argc - i != 2) usage();
    u64 seed = strtoull(argv[i], 0, 0);
    long n = strtol(argv[i + 1], 0, 0);
    rs = seed * 0x2545f4914f6cdd1dull + (worker ? 0x1234567 : 0);
    ram_end = RAM_BASE + (ram_mib << 20);
    focus = (int)(seed % 4);
    mypid = getpid();
    ppid_ = getppid();

    void *m = mmap(0, SCR_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    scr = m == MAP_FAILED ? scr_static : m;

    // Every catchable signal gets a counting handler without SA_RESTART; musl adds its restorer,
    // which the sanitized rt_sigaction calls reuse.
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    for (int s = 1; s < 65; s++)
        if (s != SIGKILL && s != SIGSTOP) sigaction(s, &sa, 0);
    u64 old[4] = {0};
    sc4(SYS_rt_sigaction, SIGALRM, 0, old, 8);
    restorer = (long)old[2];
    for (int s = 32; s < 35; s++) {   // musl refuses its internal signals; their default kills
        u64 act[4] = {(u64)on_signal, 0x04000000, (u64)restorer, 0};
        sc4(SYS_rt_sigaction, s, act, 0, 8);
    }

    // fd 0 becomes /dev/null: the fuzzer never reads the host's stdin.
    sc1(SYS_close, 0);
    sc4(SYS_openat, -100, "/dev/null", O_RDWR, 0);
    refill_pool();
    if (childmode) {
        childpid = spawn_worker(seed, n / 4);
        if (childpid > 0) add_fd(sc2(SYS_pidfd_open, childpid, 0));
    }

    long ok = 0, err = 0, skipped = 0, workers = childmode ? 1 : 0;
    long errcount[134] = {0};
    for (long c = 0; c < n; c++) {
        if (c % 256 == 255) {
            for (int k = 0; k < nmaps; k++) sc2(SYS_munmap, maps[k], maplen[k]);
            nmaps = 0;
            refill_pool();
        }
        if (childmode && c % 2000 == 1999) {
            int st;
            if (childpid > 0) reap(childpid, &st);
            childpid = spawn_worker(seed + c, n / 8);
            workers++;
        }
        fill_scratch();
        long nr;
        for (;;) {
            u64 r = below(100);
            if (focus && chance(70)) {
                const short *f = focus == 1 ? focus_fs : focus == 2 ? focus_net : focus_proc;
                size_t nf = focus == 1 ? sizeof focus_fs / 2 : focus == 2 ? sizeof focus_net / 2 : sizeof focus_proc / 2;
                nr = f[below(nf)];
            } else if (r < 45) nr = kinds[below(sizeof kinds / sizeof kinds[0])].nr;   // calls with known argument kinds
            else if (r < 97) nr = (long)below(461);
            else if (r < 98) nr = 461 + (long)below(16);
            else if (r < 99) nr = 512 + (long)below(40);
            else nr = (long)(int)(0x40000000u + below(600)) * (chance(50) ? 1 : -1);
            // Spend the calls on implemented numbers: one that gave ENOSYS is mostly skipped.
            if (!(nr >= 0 && nr < 1024 && enosys_seen[nr] && chance(90))) break;
        }
        u64 a[6];
        const char *k = kinds_of((int)nr);
        for (int j = 0; j < 6; j++) {
            a[j] = j < (int)strlen(k) ? gen_kind(k[j]) : gen_arg();
            if (j < (int)strlen(k) && (k[j] == 'f' || k[j] == 'd') && (a[j] == 1 || a[j] == 2)) a[j] = 3;
        }
        int has_ptr = 0;
        for (int j = 0; j < 6; j++) has_ptr |= is_valid_ptr(a[j]);
        if (has_ptr && unbounded_copy_out((int)nr)) {
            // Keep the first valid pointer; every other argument (a pointer is a huge length too)
            // becomes a small number.
            int kept = 0;
            for (int j = 0; j < 6; j++) {
                if (is_valid_ptr(a[j]) && !kept) kept = 1;
                else if (a[j] > SMALL_MAX) a[j] = below(SMALL_MAX + 1);
            }
        }
        call_index = c;
        call_count = n;
        shape(nr, a);
        // A number that happens to be a RAM address outside the fuzzer's own buffers (a flag
        // pattern such as 0x480100 lands in its image) would let the kernel write over the
        // fuzzer itself: move it out of RAM.
        for (int j = 0; j < 6; j++)
            if (a[j] >= RAM_BASE && a[j] < ram_end && !own_memory(a[j])) a[j] ^= 0x4000000000000000ull;
        if (!sanitize(nr, a)) { skipped++; continue; }
        // The watchdog: SIGALRM in 2 ms, and SIGALRM unblocked.
        long itv[4] = {0, 2000, 0, 2000};   // periodic: a signal that lands before the call is not the last
        sc3(SYS_setitimer, 0, itv, 0);
        u64 alrm = 1ull << (SIGALRM - 1);
        sc4(SYS_rt_sigprocmask, SIG_UNBLOCK, &alrm, 0, 8);
        nsig_call = 0;
        long ret = sc6(nr, (long)a[0], (long)a[1], (long)a[2], (long)a[3], (long)a[4], (long)a[5]);
        if (ret == -ENOSYS && nr >= 0 && nr < 1024) enosys_seen[nr] = 1;
        if (ret < 0 && ret > -4096) {
            err++;
            if (-ret < 134) errcount[-ret]++;
        } else {
            ok++;
            if (fd_creator(nr)) add_fd(ret);
            if (nr == 9 && ret > 0) add_map((u64)ret, a[1]);
        }
    }
    long itv0[4] = {0, 0, 0, 0};
    sc3(SYS_setitimer, 0, itv0, 0);
    int st = -1;
    const char *child = "none";
    char cbuf[32];
    if (childmode && childpid > 0) {
        if (reap(childpid, &st)) {
            snprintf(cbuf, sizeof cbuf, "status=%#x", st);
            child = cbuf;
        } else {
            child = "reaped-early";
        }
    }
    // The most frequent errno, for a quick look at what the run exercised.
    int top = 0;
    for (int e = 1; e < 134; e++)
        if (errcount[e] > errcount[top]) top = e;
    char line[256];
    int len = snprintf(line, sizeof line,
                       "sysfuzz: %s seed=%llu calls=%ld ok=%ld errors=%ld skipped=%ld signals=%d "
                       "top_errno=%d workers=%ld last_worker=%s\n",
                       worker ? "worker" : "done", (unsigned long long)seed, n, ok, err, skipped, nsig, top,
                       workers, child);
    write(1, line, (size_t)len);
    return 0;
}
