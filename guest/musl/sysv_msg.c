/* System V message queues: msgget/msgsnd/msgrcv/msgctl results and errno names only (no ids, keys,
 * pids or times). Second processes are vfork+execve of this program with a mode argument, so the test
 * runs the same under nommu. Every queue created is removed at the end (the native run uses the
 * machine's real IPC namespace). */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../common/errname.h"
#include "../common/spawn_self.h"

#ifndef MSG_COPY
#define MSG_COPY 040000
#endif
#ifndef MSG_STAT
#define MSG_STAT 11
#endif

static char *self;
static int ids[32];
static int nids;

struct mb {
    long mtype;
    char mtext[16400];
};
static struct mb sb, rb;

static void show(const char *what, long r) {
    printf("%s: %s\n", what, r >= 0 ? "ok" : gt_errname(errno));
}

static int track(int id) {
    if (id >= 0 && nids < 32) {
        ids[nids++] = id;
    }
    return id;
}

static void cleanup(void) {
    for (int i = 0; i < nids; i++) {
        msgctl(ids[i], IPC_RMID, NULL);
    }
    nids = 0;
}

static long snd(int id, long type, const char *text, size_t n, int flg) {
    sb.mtype = type;
    memset(sb.mtext, 0, sizeof sb.mtext);
    if (text) {
        memcpy(sb.mtext, text, strlen(text));
    }
    return msgsnd(id, &sb, n, flg);
}

static void rcv(const char *what, int id, size_t sz, long typ, int flg) {
    memset(&rb, 0, sizeof rb);
    long r = msgrcv(id, &rb, sz, typ, flg);
    if (r < 0) {
        printf("%s: %s\n", what, gt_errname(errno));
    } else {
        printf("%s: %ld type %ld \"%.*s\"\n", what, r, rb.mtype, (int) (r < 40 ? r : 40), rb.mtext);
    }
}

static void on_alarm(int sig) {
    (void) sig;
}

/* Child modes (argv[1]). */
static int child(const char *mode, int id) {
    if (strcmp(mode, "recv") == 0) {
        rcv("child msgrcv type 5 (blocking)", id, 100, 5, 0);
        return 0;
    }
    if (strcmp(mode, "rmwait-recv") == 0) {
        write(10, "x", 1);
        rcv("child blocked msgrcv after IPC_RMID", id, 100, 0, 0);
        return 0;
    }
    if (strcmp(mode, "rmwait-send") == 0) {
        write(10, "x", 1);
        show("child blocked msgsnd after IPC_RMID", snd(id, 1, "x", 8192, 0));
        return 0;
    }
    if (strcmp(mode, "nobody") == 0) {
        show("nobody setuid", setuid(65534));
        show("nobody msgsnd on 0600", snd(id, 1, "n", 1, IPC_NOWAIT));
        rcv("nobody msgrcv on 0600", id, 100, 0, IPC_NOWAIT);
        struct msqid_ds ds;
        show("nobody IPC_STAT on 0600", msgctl(id, IPC_STAT, &ds));
        show("nobody IPC_RMID", msgctl(id, IPC_RMID, NULL));
        show("nobody IPC_SET", msgctl(id, IPC_SET, &ds));
        return 0;
    }
    if (strcmp(mode, "nobody2") == 0) {
        show("nobody setuid", setuid(65534));
        show("nobody msgsnd on 0622", snd(id, 7, "from nobody", 11, IPC_NOWAIT));
        rcv("nobody msgrcv on 0622", id, 100, 0, IPC_NOWAIT);
        return 0;
    }
    return 2;
}

/* Waits for the child's byte on the pipe, then gives it time to block in the call. */
static pid_t spawn_blocked(const char *mode, int id) {
    int p[2];
    if (pipe(p) != 0) {
        return -1;
    }
    dup2(p[1], 10);
    pid_t c = gt_spawn_self(self, mode, id);
    close(10);
    close(p[1]);
    char b;
    read(p[0], &b, 1);
    close(p[0]);
    usleep(200000);
    return c;
}

int main(int argc, char **argv) {
    self = argv[0];
    if (argc >= 3) {
        return child(argv[1], atoi(argv[2]));
    }
    setvbuf(stdout, NULL, _IOLBF, 0);

    /* msgget */
    int q = track(msgget(IPC_PRIVATE, 0600));
    show("msgget IPC_PRIVATE", q);
    int q2 = track(msgget(IPC_PRIVATE, 0600));
    printf("second IPC_PRIVATE is another queue: %s\n", q2 >= 0 && q2 != q ? "yes" : "no");
    key_t key = 0x464c0000 | (getpid() & 0xffff);
    int old = msgget(key, 0);
    if (old >= 0) {
        msgctl(old, IPC_RMID, NULL);
    }
    show("msgget key no IPC_CREAT", msgget(key, 0600));
    int k = track(msgget(key, IPC_CREAT | 0600));
    show("msgget key IPC_CREAT", k);
    printf("IPC_CREAT again same queue: %s\n", msgget(key, IPC_CREAT | 0600) == k ? "yes" : "no");
    show("msgget key IPC_CREAT|IPC_EXCL", msgget(key, IPC_CREAT | IPC_EXCL | 0600));
    printf("msgget key 0 same queue: %s\n", msgget(key, 0) == k ? "yes" : "no");
    show("msgget IPC_PRIVATE|IPC_EXCL", track(msgget(IPC_PRIVATE, IPC_CREAT | IPC_EXCL | 0600)));
    show("msgctl IPC_RMID key queue", msgctl(k, IPC_RMID, NULL));
    show("msgget key after IPC_RMID", msgget(key, 0600));
    show("msgsnd removed queue", snd(k, 1, "x", 1, IPC_NOWAIT));
    show("msgctl IPC_STAT removed queue", msgctl(k, IPC_STAT, &(struct msqid_ds){0}));

    /* msgsnd argument checks */
    show("msgsnd mtype 0", snd(q, 0, "x", 1, IPC_NOWAIT));
    show("msgsnd mtype -1", snd(q, -1, "x", 1, IPC_NOWAIT));
    show("msgsnd msgsz 8193", snd(q, 1, "x", 8193, IPC_NOWAIT));
    show("msgsnd msgsz -1", snd(q, 1, "x", (size_t) -1, IPC_NOWAIT));
    show("msgsnd msqid -1", snd(-1, 1, "x", 1, IPC_NOWAIT));
    show("msgsnd NULL msgp", msgsnd(q, NULL, 1, IPC_NOWAIT));
    show("msgsnd msgsz 0", snd(q, 9, NULL, 0, IPC_NOWAIT));
    rcv("msgrcv the empty message", q, 10, 9, IPC_NOWAIT);

    /* msgrcv selection */
    show("msgsnd type 3", snd(q, 3, "three", 5, 0));
    show("msgsnd type 1", snd(q, 1, "one-a", 5, 0));
    show("msgsnd type 2", snd(q, 2, "two", 3, 0));
    show("msgsnd type 1", snd(q, 1, "one-b", 5, 0));
    show("msgsnd type 4", snd(q, 4, "four", 4, 0));
    struct msqid_ds ds;
    show("IPC_STAT", msgctl(q, IPC_STAT, &ds));
    printf("qnum %lu cbytes %lu qbytes %lu mode %o uid %u cuid %u lspid self %s lrpid %s\n",
            (unsigned long) ds.msg_qnum, (unsigned long) ds.__msg_cbytes, (unsigned long) ds.msg_qbytes,
            (unsigned) ds.msg_perm.mode, (unsigned) ds.msg_perm.uid, (unsigned) ds.msg_perm.cuid,
            ds.msg_lspid == getpid() ? "yes" : "no", ds.msg_lrpid == getpid() ? "self" : "other");
    rcv("msgrcv type 2", q, 100, 2, IPC_NOWAIT);
    rcv("msgrcv type -3", q, 100, -3, IPC_NOWAIT);
    rcv("msgrcv MSG_EXCEPT 1", q, 100, 1, IPC_NOWAIT | MSG_EXCEPT);
    rcv("msgrcv type 0 bufsz 2", q, 2, 0, IPC_NOWAIT);
    rcv("msgrcv type 0 bufsz 2 MSG_NOERROR", q, 2, 0, IPC_NOWAIT | MSG_NOERROR);
    rcv("msgrcv type 7", q, 100, 7, IPC_NOWAIT);
    rcv("msgrcv type -1", q, 100, -1, IPC_NOWAIT);
    rcv("msgrcv type 0", q, 100, 0, IPC_NOWAIT);
    rcv("msgrcv empty queue", q, 100, 0, IPC_NOWAIT);
    rcv("msgrcv msqid -1", -1, 100, 0, IPC_NOWAIT);
    rcv("msgrcv bufsz -1", q, (size_t) -1, 0, IPC_NOWAIT);
    rcv("msgrcv MSG_COPY without IPC_NOWAIT", q, 100, 0, MSG_COPY);
    rcv("msgrcv MSG_COPY|MSG_EXCEPT", q, 100, 0, MSG_COPY | MSG_EXCEPT | IPC_NOWAIT);
    snd(q, 5, "lost", 4, 0);
    show("msgrcv bad buffer", msgrcv(q, NULL, 100, 0, IPC_NOWAIT));
    rcv("msgrcv after EFAULT (message consumed)", q, 100, 0, IPC_NOWAIT);
    show("IPC_STAT", msgctl(q, IPC_STAT, &ds));
    printf("qnum %lu cbytes %lu lrpid self %s\n", (unsigned long) ds.msg_qnum,
            (unsigned long) ds.__msg_cbytes, ds.msg_lrpid == getpid() ? "yes" : "no");

    /* a full queue */
    show("msgsnd 8192", snd(q, 1, "a", 8192, IPC_NOWAIT));
    show("msgsnd 8192", snd(q, 1, "b", 8192, IPC_NOWAIT));
    show("msgsnd 1 to a full queue", snd(q, 1, "c", 1, IPC_NOWAIT));
    show("msgsnd 0 to a full queue", snd(q, 1, "c", 0, IPC_NOWAIT));
    rcv("msgrcv one", q, 8192, 0, IPC_NOWAIT | MSG_NOERROR);
    show("msgsnd 1 after a receive", snd(q, 1, "c", 1, IPC_NOWAIT));
    rcv("msgrcv", q, 10, 0, IPC_NOWAIT | MSG_NOERROR);
    rcv("msgrcv", q, 10, 0, IPC_NOWAIT | MSG_NOERROR);

    /* IPC_SET */
    show("IPC_STAT", msgctl(q, IPC_STAT, &ds));
    ds.msg_qbytes = 100;
    ds.msg_perm.mode = 0640;
    show("IPC_SET qbytes 100 mode 0640", msgctl(q, IPC_SET, &ds));
    show("IPC_STAT", msgctl(q, IPC_STAT, &ds));
    printf("qbytes %lu mode %o\n", (unsigned long) ds.msg_qbytes, (unsigned) ds.msg_perm.mode);
    show("msgsnd 101 bytes", snd(q, 1, "x", 101, IPC_NOWAIT));
    show("msgsnd 100 bytes", snd(q, 1, "x", 100, IPC_NOWAIT));
    rcv("msgrcv", q, 200, 0, IPC_NOWAIT);
    /* qbytes over msgmnb needs CAP_SYS_RESOURCE, which a container's root may lack: not compared */
    ds.msg_qbytes = 16384;
    ds.msg_perm.mode = 0600;
    show("IPC_SET restore", msgctl(q, IPC_SET, &ds));
    show("IPC_SET NULL", msgctl(q, IPC_SET, NULL));
    show("IPC_STAT NULL", msgctl(q, IPC_STAT, NULL));
    show("msgctl cmd 99", msgctl(q, 99, &ds));
    show("msgctl msqid -1", msgctl(-1, IPC_STAT, &ds));
    struct msginfo mi;
    show("IPC_INFO", msgctl(0, IPC_INFO, (struct msqid_ds *) &mi));
    printf("msgmax %d msgmnb %d msgmni %d msgssz %d msgseg %u\n", mi.msgmax, mi.msgmnb, mi.msgmni, mi.msgssz,
            (unsigned) mi.msgseg);
    show("MSG_INFO", msgctl(0, MSG_INFO, (struct msqid_ds *) &mi));
    long sid = msgctl(q % 32768, MSG_STAT, &ds);
    printf("MSG_STAT gives the id: %s\n", sid == q ? "yes" : gt_errname(errno));

    /* blocking receive satisfied by a later send */
    pid_t c = gt_spawn_self(self, "recv", q);
    usleep(200000);
    long s6 = snd(q, 6, "six", 3, 0);
    int e6 = errno;
    long s5 = snd(q, 5, "five", 4, 0);
    int e5 = errno;
    gt_reap("recv child", c);   /* the parent prints after the child: one order */
    errno = e6;
    show("msgsnd type 6", s6);
    errno = e5;
    show("msgsnd type 5", s5);
    rcv("msgrcv left", q, 100, 0, IPC_NOWAIT);

    /* a signal interrupts a blocking msgrcv even with SA_RESTART */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it = {{0, 0}, {0, 50000}};
    setitimer(ITIMER_REAL, &it, NULL);
    rcv("msgrcv interrupted by SIGALRM", q, 100, 0, 0);
    for (int i = 0; i < 2; i++) {
        snd(q, 1, "f", 8192, IPC_NOWAIT);
    }
    setitimer(ITIMER_REAL, &it, NULL);
    show("msgsnd interrupted by SIGALRM", snd(q, 1, "x", 10, 0));
    rcv("msgrcv", q, 10, 0, IPC_NOWAIT | MSG_NOERROR);
    rcv("msgrcv", q, 10, 0, IPC_NOWAIT | MSG_NOERROR);

    /* permissions (root natively and under Flatland; the child becomes nobody) */
    gt_reap("nobody child", gt_spawn_self(self, "nobody", q));
    ds.msg_perm.mode = 0622;
    show("IPC_STAT", msgctl(q, IPC_STAT, &ds));
    ds.msg_perm.mode = 0622;
    show("IPC_SET mode 0622", msgctl(q, IPC_SET, &ds));
    gt_reap("nobody2 child", gt_spawn_self(self, "nobody2", q));
    rcv("msgrcv nobody's message", q, 100, 0, IPC_NOWAIT);

    /* IPC_RMID wakes blocked receivers and senders with EIDRM */
    pid_t r = spawn_blocked("rmwait-recv", q);
    show("IPC_RMID with a blocked receiver", msgctl(q, IPC_RMID, NULL));
    gt_reap("rmwait-recv child", r);
    int q3 = track(msgget(IPC_PRIVATE, 0600));
    snd(q3, 1, "f", 8192, IPC_NOWAIT);
    snd(q3, 1, "f", 8192, IPC_NOWAIT);
    pid_t s = spawn_blocked("rmwait-send", q3);
    show("IPC_RMID with a blocked sender", msgctl(q3, IPC_RMID, NULL));
    gt_reap("rmwait-send child", s);

    cleanup();
    printf("done\n");
    return 0;
}
