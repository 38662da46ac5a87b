package dev.flatland.syscall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatland.abi.Errno;
import dev.flatland.abi.Sysno;
import org.junit.jupiter.api.Test;

/**
 * SysV message queues and semaphores on one task. Expected values were measured natively on this
 * Linux x86-64 machine with guest/musl/sysv_msg.c and guest/musl/sysv_sem.c (their lines quoted in
 * the comments, e.g. "msgsnd mtype 0: EINVAL"); the multi-process cases are in those guest tests.
 */
class SysvIpcSyscallsTest {
    private static final int IPC_CREAT = 01000;
    private static final int IPC_EXCL = 02000;
    private static final int IPC_NOWAIT = 04000;
    private static final int IPC_RMID = 0;
    private static final int IPC_STAT = 2;
    private static final int MSG_EXCEPT = 020000;
    private static final int MSG_NOERROR = 010000;
    private static final int SEM_UNDO = 0x1000;
    private static final int GETVAL = 12;
    private static final int GETALL = 13;
    private static final int SETVAL = 16;

    static long err(Errno e) {
        return -e.number();
    }

    private static long send(GuestFixture g, long q, long type, String text, int flg) {
        g.kernel.memory().write64(g.scratch, type);
        byte[] b = text.getBytes();
        g.kernel.memory().write(g.scratch + 8, b, 0, b.length);
        return g.call(Sysno.MSGSND, q, g.scratch, b.length, flg);
    }

    /** msgrcv into scratch+0x1000: "type:text" or the negative errno as a string. */
    private static String recv(GuestFixture g, long q, long size, long type, int flg) {
        long r = g.call(Sysno.MSGRCV, q, g.scratch + 0x1000, size, type, flg);
        if (r < 0) {
            return Long.toString(r);
        }
        byte[] b = new byte[(int) r];
        g.kernel.memory().read(g.scratch + 0x1008, b, 0, b.length);
        return g.kernel.memory().read64(g.scratch + 0x1000) + ":" + new String(b);
    }

    @Test
    void msggetKeysAndChecks() {
        GuestFixture g = new GuestFixture();
        int key = 0x464c1234;
        assertEquals(err(Errno.ENOENT), g.call(Sysno.MSGGET, key, 0600));      // "msgget key no IPC_CREAT: ENOENT"
        long k = g.call(Sysno.MSGGET, key, IPC_CREAT | 0600);
        assertTrue(k >= 0);
        assertEquals(k, g.call(Sysno.MSGGET, key, IPC_CREAT | 0600));          // "IPC_CREAT again same queue: yes"
        assertEquals(err(Errno.EEXIST), g.call(Sysno.MSGGET, key, IPC_CREAT | IPC_EXCL | 0600));
        long p = g.call(Sysno.MSGGET, 0, IPC_CREAT | IPC_EXCL | 0600);          // "msgget IPC_PRIVATE|IPC_EXCL: ok"
        assertTrue(p >= 0 && p != k);
        assertEquals(0, g.call(Sysno.MSGCTL, k, IPC_RMID, 0));
        assertEquals(err(Errno.ENOENT), g.call(Sysno.MSGGET, key, 0600));      // "msgget key after IPC_RMID: ENOENT"
        assertEquals(err(Errno.EINVAL), send(g, k, 1, "x", IPC_NOWAIT));       // "msgsnd removed queue: EINVAL"
    }

    @Test
    void msgsndAndMsgrcvSelection() {
        GuestFixture g = new GuestFixture();
        long q = g.call(Sysno.MSGGET, 0, 0600);
        assertEquals(err(Errno.EINVAL), send(g, q, 0, "x", IPC_NOWAIT));       // "msgsnd mtype 0: EINVAL"
        assertEquals(err(Errno.EINVAL), g.call(Sysno.MSGSND, q, g.scratch, 8193, IPC_NOWAIT));
        assertEquals(err(Errno.EFAULT), g.call(Sysno.MSGSND, q, 0, 1, IPC_NOWAIT));
        send(g, q, 3, "three", 0);
        send(g, q, 1, "one-a", 0);
        send(g, q, 2, "two", 0);
        send(g, q, 1, "one-b", 0);
        send(g, q, 4, "four", 0);
        assertEquals("2:two", recv(g, q, 100, 2, IPC_NOWAIT));                  // "msgrcv type 2: 3 type 2"
        assertEquals("1:one-a", recv(g, q, 100, -3, IPC_NOWAIT));               // "msgrcv type -3: 5 type 1"
        assertEquals("3:three", recv(g, q, 100, 1, IPC_NOWAIT | MSG_EXCEPT));
        assertEquals(Long.toString(err(Errno.E2BIG)), recv(g, q, 2, 0, IPC_NOWAIT));
        assertEquals("1:on", recv(g, q, 2, 0, IPC_NOWAIT | MSG_NOERROR));
        assertEquals(Long.toString(err(Errno.ENOMSG)), recv(g, q, 100, 7, IPC_NOWAIT));
        assertEquals("4:four", recv(g, q, 100, 0, IPC_NOWAIT));
        // IPC_STAT: msg_qnum at offset 80 of struct msqid64_ds is 0 again, mode 0600 at offset 20
        assertEquals(0, g.call(Sysno.MSGCTL, q, IPC_STAT, g.scratch + 0x2000));
        assertEquals(0, g.kernel.memory().read64(g.scratch + 0x2000 + 80));
        assertEquals(0600, g.kernel.memory().read32(g.scratch + 0x2000 + 20));
        assertEquals(16384, g.kernel.memory().read64(g.scratch + 0x2000 + 88));   // msg_qbytes
    }

    @Test
    void aBlockingMsgrcvParksAndIpcRmidEndsItWithEidrm() {
        GuestFixture g = new GuestFixture();
        long q = g.call(Sysno.MSGGET, 0, 0600);
        g.call(Sysno.MSGRCV, q, g.scratch, 100, 0, 0);
        assertTrue(g.kernel.scheduler().isParked(g.task));
        var b = g.kernel.scheduler().blocker(g.task);
        assertFalse(b.ready());
        assertEquals(0, g.kernel.ipc().msgIds().all().get(0).messages.size());
        g.kernel.ipc().msgIds().remove(g.kernel.ipc().msgIds().all().get(0));   // what IPC_RMID does
        assertTrue(b.ready());
        assertEquals(err(Errno.EIDRM), b.result());   // "child blocked msgrcv after IPC_RMID: EIDRM"
    }

    @Test
    void semopIsAtomicAndChecksInLinuxOrder() {
        GuestFixture g = new GuestFixture();
        assertEquals(err(Errno.EINVAL), g.call(Sysno.SEMGET, 0, 0, 0600));    // "semget nsems 0: EINVAL"
        assertEquals(err(Errno.EINVAL), g.call(Sysno.SEMGET, 0, 32001, 0600));
        long s = g.call(Sysno.SEMGET, 0, 3, 0600);
        assertTrue(s >= 0);
        for (int i = 0; i < 3; i++) {
            assertEquals(0, g.call(Sysno.SEMCTL, s, i, SETVAL, i + 1));
        }
        assertEquals(err(Errno.ERANGE), g.call(Sysno.SEMCTL, s, 0, SETVAL, 32768));
        // {0 +5, 2 -4 NOWAIT} on 1 2 3: EAGAIN and nothing changes ("values 1 2 3 (unchanged)")
        long ops = g.scratch;
        sembuf(g, ops, 0, 5, 0);
        sembuf(g, ops + 6, 2, -4, IPC_NOWAIT);
        assertEquals(err(Errno.EAGAIN), g.call(Sysno.SEMOP, s, ops, 2));
        assertEquals(1, g.call(Sysno.SEMCTL, s, 0, GETVAL, 0));
        // {0 +5, 2 -3, 0 -6}: ok, values 0 2 0
        sembuf(g, ops + 6, 2, -3, 0);
        sembuf(g, ops + 12, 0, -6, 0);
        assertEquals(0, g.call(Sysno.SEMOP, s, ops, 3));
        assertEquals(0, g.call(Sysno.SEMCTL, s, 0, GETALL, g.scratch + 0x100));
        assertEquals(0, g.kernel.memory().read16(g.scratch + 0x100));
        assertEquals(2, g.kernel.memory().read16(g.scratch + 0x102));
        assertEquals(0, g.kernel.memory().read16(g.scratch + 0x104));
        assertEquals(err(Errno.EINVAL), g.call(Sysno.SEMOP, s, ops, 0));       // "semop nsops 0: EINVAL"
        assertEquals(err(Errno.E2BIG), g.call(Sysno.SEMOP, s, ops, 501));      // "semop nsops 501: E2BIG"
        sembuf(g, ops, 3, 1, 0);
        assertEquals(err(Errno.EFBIG), g.call(Sysno.SEMOP, s, ops, 1));        // "semop sem_num 3: EFBIG"
        sembuf(g, ops, 1, 32767, IPC_NOWAIT);
        assertEquals(err(Errno.ERANGE), g.call(Sysno.SEMOP, s, ops, 1));       // "semop +32767 on 2: ERANGE"
    }

    @Test
    void semUndoIsAppliedAtExit() {
        GuestFixture g = new GuestFixture();
        long s = g.call(Sysno.SEMGET, 0, 3, 0600);
        g.call(Sysno.SEMCTL, s, 2, SETVAL, 10);
        sembuf(g, g.scratch, 2, -3, SEM_UNDO);
        assertEquals(0, g.call(Sysno.SEMOP, s, g.scratch, 1));
        sembuf(g, g.scratch, 2, 1, SEM_UNDO);
        assertEquals(0, g.call(Sysno.SEMOP, s, g.scratch, 1));
        assertEquals(8, g.call(Sysno.SEMCTL, s, 2, GETVAL, 0));                // "child GETVAL: 8"
        g.kernel.ipc().exitSem(g.task.group());
        assertEquals(10, g.call(Sysno.SEMCTL, s, 2, GETVAL, 0));               // "GETVAL after the undo child exited: 10"
    }

    private static void sembuf(GuestFixture g, long at, int num, int op, int flg) {
        g.kernel.memory().write16(at, (short) num);
        g.kernel.memory().write16(at + 2, (short) op);
        g.kernel.memory().write16(at + 4, (short) flg);
    }
}
