/* System V semaphores: semget/semop/semtimedop/semctl results and errno names only (no ids, keys,
 * pids or times). Second processes are vfork+execve of this program with a mode argument, so the test
 * runs the same under nommu. Every set created is removed at the end (the native run uses the
 * machine's real IPC namespace). */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "../common/errname.h"
#include "../common/spawn_self.h"

#ifndef SEM_STAT
#define SEM_STAT 18
#endif
#ifndef SEM_INFO
#define SEM_INFO 19
#endif

union semun {
    int val;
    struct semid_ds *buf;
    unsigned short *array;
    struct seminfo *__buf;
};

static char *self;
static int ids[32];
static int nids;

static void show(const char *what, long r) {
    printf("%s: %s\n", what, r >= 0 ? "ok" : gt_errname(errno));
}

/* Prints a value-returning call's result (a semaphore value or count). */
static void val(const char *what, long r) {
    if (r < 0) {
        printf("%s: %s\n", what, gt_errname(errno));
    } else {
        printf("%s: %ld\n", what, r);
    }
}

static int track(int id) {
    if (id >= 0 && nids < 32) {
        ids[nids++] = id;
    }
    return id;
}

static void cleanup(void) {
    for (int i = 0; i < nids; i++) {
        semctl(ids[i], 0, IPC_RMID);
    }
    nids = 0;
}

static long op1(int id, int num, int op, int flg) {
    struct sembuf b = {(unsigned short) num, (short) op, (short) flg};
    return semop(id, &b, 1);
}

static long timed1(int id, int num, int op, int flg, const struct timespec *ts) {
    struct sembuf b = {(unsigned short) num, (short) op, (short) flg};
    return syscall(SYS_semtimedop, id, &b, 1, ts);
}

/* Waits until GETNCNT (or GETZCNT) of semaphore num reaches want; prints what it saw. */
static void await_cnt(const char *what, int id, int num, int cmd, int want) {
    long c = -1;
    for (int i = 0; i < 500; i++) {
        c = semctl(id, num, cmd);
        if (c == want) {
            break;
        }
        usleep(10000);
    }
    val(what, c);
}

static void on_alarm(int sig) {
    (void) sig;
}

static int child(const char *mode, int id) {
    if (strcmp(mode, "dec") == 0) {
        show("child semop -1 (blocking)", op1(id, 0, -1, 0));
        return 0;
    }
    if (strcmp(mode, "zero") == 0) {
        show("child semop wait-for-zero (blocking)", op1(id, 1, 0, 0));
        return 0;
    }
    if (strcmp(mode, "undo") == 0) {
        show("child semop -3 SEM_UNDO", op1(id, 2, -3, SEM_UNDO));
        show("child semop +1 SEM_UNDO", op1(id, 2, 1, SEM_UNDO));
        val("child GETVAL", semctl(id, 2, GETVAL));
        return 0;
    }
    if (strcmp(mode, "undo-setval") == 0) {
        show("child semop -3 SEM_UNDO", op1(id, 2, -3, SEM_UNDO));
        show("child SETVAL 20", semctl(id, 2, SETVAL, (union semun){.val = 20}));
        return 0;
    }
    if (strcmp(mode, "undo-clamp") == 0) {
        show("child semop +5 SEM_UNDO", op1(id, 2, 5, SEM_UNDO));
        show("child semop -5 no undo", op1(id, 2, -5, 0));
        return 0;
    }
    if (strcmp(mode, "rmid") == 0) {
        show("child semop -1 blocked at IPC_RMID", op1(id, 0, -1, 0));
        return 0;
    }
    if (strcmp(mode, "nobody") == 0) {
        show("nobody setuid", setuid(65534));
        show("nobody semop on 0600", op1(id, 0, 1, IPC_NOWAIT));
        show("nobody semop read-only on 0600", op1(id, 0, 0, IPC_NOWAIT));
        val("nobody GETVAL on 0600", semctl(id, 0, GETVAL));
        show("nobody SETVAL on 0600", semctl(id, 0, SETVAL, (union semun){.val = 1}));
        show("nobody IPC_RMID", semctl(id, 0, IPC_RMID));
        return 0;
    }
    if (strcmp(mode, "nobody2") == 0) {
        show("nobody setuid", setuid(65534));
        val("nobody GETVAL on 0644", semctl(id, 0, GETVAL));
        show("nobody semop +1 on 0644", op1(id, 0, 1, IPC_NOWAIT));
        show("nobody semop wait-zero on 0644", op1(id, 1, 0, IPC_NOWAIT));
        return 0;
    }
    return 2;
}

int main(int argc, char **argv) {
    self = argv[0];
    if (argc >= 3) {
        return child(argv[1], atoi(argv[2]));
    }
    setvbuf(stdout, NULL, _IOLBF, 0);

    /* semget */
    show("semget nsems -1", track(semget(IPC_PRIVATE, -1, 0600)));
    show("semget nsems 32001", track(semget(IPC_PRIVATE, 32001, 0600)));
    show("semget nsems 0", track(semget(IPC_PRIVATE, 0, 0600)));
    int s = track(semget(IPC_PRIVATE, 3, 0600));
    show("semget nsems 3", s);
    key_t key = 0x53450000 | (getpid() & 0xffff);
    int old = semget(key, 0, 0);
    if (old >= 0) {
        semctl(old, 0, IPC_RMID);
    }
    show("semget key no IPC_CREAT", semget(key, 2, 0600));
    int k = track(semget(key, 2, IPC_CREAT | 0600));
    show("semget key IPC_CREAT nsems 2", k);
    show("semget key nsems 3", semget(key, 3, 0600));
    printf("semget key nsems 1 same set: %s\n", semget(key, 1, 0600) == k ? "yes" : "no");
    printf("semget key nsems 0 same set: %s\n", semget(key, 0, 0) == k ? "yes" : "no");
    show("semget key IPC_EXCL", semget(key, 2, IPC_CREAT | IPC_EXCL | 0600));
    show("semget key IPC_EXCL nsems 5", semget(key, 5, IPC_CREAT | IPC_EXCL | 0600));
    show("semctl IPC_RMID key set", semctl(k, 0, IPC_RMID));
    show("semget key after IPC_RMID", semget(key, 0, 0));
    val("GETVAL removed set", semctl(k, 0, GETVAL));

    /* semctl values */
    val("GETVAL new", semctl(s, 0, GETVAL));
    show("SETVAL 5", semctl(s, 0, SETVAL, (union semun){.val = 5}));
    val("GETVAL", semctl(s, 0, GETVAL));
    show("SETVAL 32767", semctl(s, 1, SETVAL, (union semun){.val = 32767}));
    show("SETVAL 32768", semctl(s, 1, SETVAL, (union semun){.val = 32768}));
    show("SETVAL -1", semctl(s, 1, SETVAL, (union semun){.val = -1}));
    show("SETVAL semnum 3", semctl(s, 3, SETVAL, (union semun){.val = 1}));
    val("GETVAL semnum 3", semctl(s, 3, GETVAL));
    val("GETVAL semnum -1", semctl(s, -1, GETVAL));
    unsigned short all[3] = {1, 2, 3};
    show("SETALL 1 2 3", semctl(s, 0, SETALL, (union semun){.array = all}));
    unsigned short got[3] = {0};
    show("GETALL", semctl(s, 0, GETALL, (union semun){.array = got}));
    printf("values %u %u %u\n", got[0], got[1], got[2]);
    unsigned short bad[3] = {1, 40000, 3};
    show("SETALL with 40000", semctl(s, 0, SETALL, (union semun){.array = bad}));
    show("GETALL NULL", semctl(s, 0, GETALL, (union semun){.array = NULL}));
    show("SETALL NULL", semctl(s, 0, SETALL, (union semun){.array = NULL}));
    long pid = semctl(s, 1, GETPID);
    printf("GETPID is self: %s\n", pid == getpid() ? "yes" : gt_errname(errno));
    val("GETNCNT", semctl(s, 0, GETNCNT));
    val("GETZCNT", semctl(s, 0, GETZCNT));
    show("semctl cmd 99", semctl(s, 0, 99));
    show("semctl semid -1", semctl(-1, 0, GETVAL));
    struct semid_ds ds;
    show("IPC_STAT", semctl(s, 0, IPC_STAT, (union semun){.buf = &ds}));
    printf("nsems %lu mode %o uid %u cuid %u otime %s\n", (unsigned long) ds.sem_nsems, (unsigned) ds.sem_perm.mode,
            (unsigned) ds.sem_perm.uid, (unsigned) ds.sem_perm.cuid, ds.sem_otime == 0 ? "0" : "set");
    ds.sem_perm.mode = 0640;
    show("IPC_SET mode 0640", semctl(s, 0, IPC_SET, (union semun){.buf = &ds}));
    show("IPC_STAT", semctl(s, 0, IPC_STAT, (union semun){.buf = &ds}));
    printf("mode %o\n", (unsigned) ds.sem_perm.mode);
    show("IPC_STAT NULL", semctl(s, 0, IPC_STAT, (union semun){.buf = NULL}));
    show("IPC_SET NULL", semctl(s, 0, IPC_SET, (union semun){.buf = NULL}));
    struct seminfo si;
    show("IPC_INFO", semctl(s, 0, IPC_INFO, (union semun){.__buf = &si}));
    printf("semmsl %d semopm %d semvmx %d semaem %d semmni %d\n", si.semmsl, si.semopm, si.semvmx, si.semaem,
            si.semmni);
    show("SEM_INFO", semctl(s, 0, SEM_INFO, (union semun){.__buf = &si}));
    long sid = semctl(s % 32768, 0, SEM_STAT, (union semun){.buf = &ds});
    printf("SEM_STAT gives the id: %s\n", sid == s ? "yes" : gt_errname(errno));

    /* semop argument checks and atomicity */
    struct sembuf many[501];
    memset(many, 0, sizeof many);
    for (int i = 0; i < 501; i++) {
        many[i].sem_flg = IPC_NOWAIT;
    }
    show("semop nsops 0", semop(s, many, 0));
    show("semop nsops 501", semop(s, many, 501));
    show("semop nsops 500 wait-zero on 1 NOWAIT", semop(s, many, 500));
    show("semop NULL sops", semop(s, NULL, 1));
    show("semop semid -1", op1(-1, 0, 1, 0));
    show("semop sem_num 3", op1(s, 3, 1, 0));
    show("semop removed set", op1(k, 0, 1, 0));
    show("semop -2 on 1 IPC_NOWAIT", op1(s, 0, -2, IPC_NOWAIT));
    show("semop wait-zero on 1 IPC_NOWAIT", op1(s, 0, 0, IPC_NOWAIT));
    show("semop +32767 on 2", op1(s, 1, 32767, IPC_NOWAIT));
    struct sembuf two[2] = {{0, 5, 0}, {2, -4, IPC_NOWAIT}};
    show("semop {0 +5, 2 -4 NOWAIT}", semop(s, two, 2));
    show("GETALL", semctl(s, 0, GETALL, (union semun){.array = got}));
    printf("values %u %u %u (unchanged)\n", got[0], got[1], got[2]);
    struct sembuf three[3] = {{0, 5, 0}, {2, -3, 0}, {0, -6, 0}};
    show("semop {0 +5, 2 -3, 0 -6}", semop(s, three, 3));
    show("GETALL", semctl(s, 0, GETALL, (union semun){.array = got}));
    printf("values %u %u %u\n", got[0], got[1], got[2]);
    struct sembuf dup[2] = {{1, 32767, 0}, {1, -32767, 0}};
    show("semop {1 +32767, 1 -32767} on 2", semop(s, dup, 2));

    /* semtimedop */
    struct timespec ts = {0, 50000000};
    show("semtimedop blocked 50ms", timed1(s, 0, -1, 0, &ts));
    struct timespec tbad = {0, 1000000000};
    show("semtimedop nsec 1e9", timed1(s, 0, -1, 0, &tbad));
    struct timespec tneg = {-1, 0};
    show("semtimedop sec -1", timed1(s, 0, -1, 0, &tneg));
    show("semtimedop bad timeout pointer nsops 0", syscall(SYS_semtimedop, s, many, 0, (void *) 8));
    show("semtimedop NULL timeout +1", timed1(s, 0, 1, 0, NULL));
    struct timespec tz = {0, 0};
    show("semtimedop zero timeout would block", timed1(s, 2, 0, 0, &tz));
    show("semtimedop zero timeout ok", timed1(s, 0, -1, 0, &tz));

    /* blocking: a decrement, then a wait-for-zero, satisfied by the parent */
    semctl(s, 0, SETVAL, (union semun){.val = 0});
    pid_t c = gt_spawn_self(self, "dec", s);
    await_cnt("GETNCNT with a blocked child", s, 0, GETNCNT, 1);
    long r = op1(s, 0, 1, 0);
    gt_reap("dec child", c);
    show("semop +1 woke it", r);
    val("GETVAL after", semctl(s, 0, GETVAL));
    semctl(s, 1, SETVAL, (union semun){.val = 1});
    c = gt_spawn_self(self, "zero", s);
    await_cnt("GETZCNT with a blocked child", s, 1, GETZCNT, 1);
    r = op1(s, 1, -1, 0);
    gt_reap("zero child", c);
    show("semop -1 woke it", r);
    val("GETZCNT after", semctl(s, 1, GETZCNT));

    /* SEM_UNDO at exit */
    semctl(s, 2, SETVAL, (union semun){.val = 10});
    gt_reap("undo child", gt_spawn_self(self, "undo", s));
    val("GETVAL after the undo child exited", semctl(s, 2, GETVAL));
    pid = semctl(s, 2, GETPID);
    printf("GETPID is the child: %s\n", pid > 0 && pid != getpid() ? "yes" : "no");
    semctl(s, 2, SETVAL, (union semun){.val = 10});
    gt_reap("undo-setval child", gt_spawn_self(self, "undo-setval", s));
    val("GETVAL after SETVAL cleared the undo", semctl(s, 2, GETVAL));
    semctl(s, 2, SETVAL, (union semun){.val = 1});
    gt_reap("undo-clamp child", gt_spawn_self(self, "undo-clamp", s));
    val("GETVAL after a clamped undo", semctl(s, 2, GETVAL));

    /* a signal interrupts a blocking semop even with SA_RESTART */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it = {{0, 0}, {0, 50000}};
    setitimer(ITIMER_REAL, &it, NULL);
    semctl(s, 0, SETVAL, (union semun){.val = 0});
    show("semop interrupted by SIGALRM", op1(s, 0, -1, 0));
    val("GETNCNT after EINTR", semctl(s, 0, GETNCNT));

    /* permissions (root natively and under Flatland; the child becomes nobody) */
    show("IPC_STAT", semctl(s, 0, IPC_STAT, (union semun){.buf = &ds}));
    ds.sem_perm.mode = 0600;
    show("IPC_SET mode 0600", semctl(s, 0, IPC_SET, (union semun){.buf = &ds}));
    gt_reap("nobody child", gt_spawn_self(self, "nobody", s));
    ds.sem_perm.mode = 0644;
    show("IPC_SET mode 0644", semctl(s, 0, IPC_SET, (union semun){.buf = &ds}));
    gt_reap("nobody2 child", gt_spawn_self(self, "nobody2", s));

    /* IPC_RMID wakes a blocked semop with EIDRM */
    semctl(s, 0, SETVAL, (union semun){.val = 0});
    c = gt_spawn_self(self, "rmid", s);
    await_cnt("GETNCNT before IPC_RMID", s, 0, GETNCNT, 1);
    show("IPC_RMID with a blocked child", semctl(s, 0, IPC_RMID));
    gt_reap("rmid child", c);
    show("IPC_RMID again", semctl(s, 0, IPC_RMID));

    cleanup();
    printf("done\n");
    return 0;
}
