package dev.flatland.syscall;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.kernel.Blocker;
import dev.flatland.kernel.IpcNamespace;
import dev.flatland.kernel.SemSet;
import dev.flatland.kernel.Task;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * System V semaphores (ipc/sem.c): semget, semop, semtimedop, semctl with Linux x86-64's checks in
 * its order. An operation array is applied on copies of the values and committed only when every
 * operation succeeds, so it is atomic; SEM_UNDO adjustments are applied at exit by
 * {@link IpcNamespace#exitSem}.
 */
final class SemSyscalls {
    static final int SEM_UNDO = 0x1000;
    static final int GETPID = 11;
    static final int GETVAL = 12;
    static final int GETALL = 13;
    static final int GETNCNT = 14;
    static final int GETZCNT = 15;
    static final int SETVAL = 16;
    static final int SETALL = 17;
    static final int SEM_STAT = 18;
    static final int SEM_INFO = 19;
    static final int SEM_STAT_ANY = 20;
    /** sizeof(struct semid64_ds) on x86-64, sizeof(struct seminfo). */
    static final int SEMID64_DS_SIZE = 104;
    static final int SEMINFO_SIZE = 40;
    /** SEMMNS: the total of semaphores in all sets. */
    static final long SEMMNS = 1024000000L;

    private SemSyscalls() {
    }

    /** semget(key, nsems, semflg). */
    static long semget(Task t, SyscallArgs a) throws ErrnoException {
        int key = a.int32(0);
        int nsems = a.int32(1);
        int flg = a.int32(2);
        if (nsems < 0 || nsems > SemSet.SEMMSL) {
            throw new ErrnoException(Errno.EINVAL);
        }
        IpcNamespace.Ids<SemSet> ids = t.kernel().ipc().semIds();
        return ids.get(key, flg, MsgSyscalls.cred(t), MsgSyscalls.nowSec(t), () -> {
            if (nsems == 0) {
                throw new ErrnoException(Errno.EINVAL);   // newary
            }
            long used = 0;
            for (SemSet o : ids.all()) {
                used += o.nsems();
            }
            if (used + nsems > SEMMNS) {
                throw new ErrnoException(Errno.ENOSPC);
            }
            return new SemSet(nsems);
        }, s -> {
            if (nsems > s.nsems()) {
                throw new ErrnoException(Errno.EINVAL);   // sem_more_checks, before the permission check
            }
        });
    }

    static long semop(Task t, SyscallArgs a) throws ErrnoException {
        return doSemtimedop(t, a.int32(0), a.ptr(1), a.raw(2) & 0xffffffffL, false, 0, 0);
    }

    /** semtimedop: the timeout is read first (EFAULT), checked after the operations are (EINVAL). */
    static long semtimedop(Task t, SyscallArgs a) throws ErrnoException {
        long tp = a.ptr(3);
        long sec = 0;
        long nsec = 0;
        if (tp != 0) {
            sec = t.userMemory().read64(tp);
            nsec = t.userMemory().read64(tp + 8);
        }
        return doSemtimedop(t, a.int32(0), a.ptr(1), a.raw(2) & 0xffffffffL, tp != 0, sec, nsec);
    }

    private static long doSemtimedop(Task t, int semid, long sopsPtr, long nsops, boolean timed, long sec, long nsec)
            throws ErrnoException {
        if (nsops < 1 || semid < 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (nsops > SemSet.SEMOPM) {
            throw new ErrnoException(Errno.E2BIG);
        }
        byte[] raw = t.userMemory().copyIn(sopsPtr, (int) nsops * 6);   // struct sembuf: u16 num, s16 op, s16 flg
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        int n = (int) nsops;
        int[] num = new int[n];
        int[] op = new int[n];
        int[] flg = new int[n];
        int max = 0;
        boolean undos = false;
        boolean alter = false;
        for (int i = 0; i < n; i++) {
            num[i] = b.getShort() & 0xffff;
            op[i] = b.getShort();
            flg[i] = b.getShort();
            max = Math.max(max, num[i]);
            undos |= (flg[i] & SEM_UNDO) != 0;
            alter |= op[i] != 0;
        }
        long deadline = Blocker.NO_DEADLINE;
        if (timed) {
            if (sec < 0 || nsec < 0 || nsec >= 1_000_000_000L) {
                throw new ErrnoException(Errno.EINVAL);
            }
            deadline = sec > 1_000_000_000L * 100 ? Blocker.NO_DEADLINE   // beyond any run: no deadline
                    : t.kernel().clock().monotonicNs() + sec * 1_000_000_000L + nsec;
        }
        SemSet s = t.kernel().ipc().semIds().check(semid);   // find_alloc_undo fails the same way first
        if (max >= s.nsems()) {
            throw new ErrnoException(Errno.EFBIG);
        }
        if (!IpcNamespace.permitted(MsgSyscalls.cred(t), s, alter ? IpcNamespace.S_IWUGO : IpcNamespace.S_IRUGO)) {
            throw new ErrnoException(Errno.EACCES);
        }
        if (!s.valid) {
            throw new ErrnoException(Errno.EIDRM);
        }
        int[] adj = undos ? t.group().semUndoCreate().of(s) : null;
        Object me = new Object();
        dev.flatland.kernel.PollWait.Attempt attempt = timedOut -> {
            if (!s.valid) {
                throw new ErrnoException(Errno.EIDRM);
            }
            return perform(t, s, num, op, flg, adj, me);
        };
        long r = attempt.tryComplete(false);
        if (r != -1) {
            return r;
        }
        // do_semtimedop returns -EINTR itself: never restarted (man 7 signal)
        IpcWait.sleep(t, deadline, attempt, Errno.EINTR, () -> s.waiters.remove(me), "semop");
        return 0;
    }

    /**
     * perform_atomic_semop: applies the operations in order to copies; 0 when all succeeded (then
     * committed, sempid and sem_otime updated), -1 when one must wait (recorded for GETNCNT/GETZCNT),
     * EAGAIN for that with IPC_NOWAIT, ERANGE over SEMVMX or out of the undo range.
     */
    private static long perform(Task t, SemSet s, int[] num, int[] op, int[] flg, int[] adj, Object me)
            throws ErrnoException {
        int[] vals = s.semval.clone();
        int[] undo = adj == null ? null : adj.clone();
        for (int i = 0; i < num.length; i++) {
            int result = vals[num[i]];
            if (op[i] == 0 && result != 0 || result + op[i] < 0) {
                if ((flg[i] & IpcNamespace.IPC_NOWAIT) != 0) {
                    s.waiters.remove(me);
                    throw new ErrnoException(Errno.EAGAIN);
                }
                s.waiters.put(me, new int[] {num[i], op[i]});
                return -1;
            }
            result += op[i];
            if (result > SemSet.SEMVMX) {
                s.waiters.remove(me);
                throw new ErrnoException(Errno.ERANGE);
            }
            if ((flg[i] & SEM_UNDO) != 0) {
                int u = undo[num[i]] - op[i];
                if (u < -SemSet.SEMAEM - 1 || u > SemSet.SEMAEM) {
                    s.waiters.remove(me);
                    throw new ErrnoException(Errno.ERANGE);
                }
                undo[num[i]] = u;
            }
            vals[num[i]] = result;
        }
        System.arraycopy(vals, 0, s.semval, 0, vals.length);
        if (adj != null) {
            System.arraycopy(undo, 0, adj, 0, adj.length);
        }
        for (int x : num) {
            s.sempid[x] = t.group().tgid();
        }
        s.otime = MsgSyscalls.nowSec(t);
        s.waiters.remove(me);
        return 0;
    }

    /** semctl(semid, semnum, cmd, arg): ksys_semctl with version IPC_64. */
    static long semctl(Task t, SyscallArgs a) throws ErrnoException {
        int semid = a.int32(0);
        int semnum = a.int32(1);
        int cmd = a.int32(2);
        long p = a.ptr(3);
        if (semid < 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        IpcNamespace.Ids<SemSet> ids = t.kernel().ipc().semIds();
        switch (cmd) {
            case IpcNamespace.IPC_INFO, SEM_INFO -> {
                int[] v = {1024000000, 32000, 1024000000, 1024000000, SemSet.SEMMSL, SemSet.SEMOPM, SemSet.SEMOPM,
                    20, SemSet.SEMVMX, SemSet.SEMAEM};
                if (cmd == SEM_INFO) {
                    int used = 0;
                    for (SemSet o : ids.all()) {
                        used += o.nsems();
                    }
                    v[7] = ids.inUse();
                    v[9] = used;
                }
                ByteBuffer b = ByteBuffer.allocate(SEMINFO_SIZE).order(ByteOrder.LITTLE_ENDIAN);
                for (int x : v) {
                    b.putInt(x);
                }
                int max = ids.maxIdx();
                t.userMemory().copyOut(p, b.array());
                return Math.max(max, 0);
            }
            case IpcNamespace.IPC_STAT, SEM_STAT, SEM_STAT_ANY -> {
                SemSet s = cmd == IpcNamespace.IPC_STAT ? ids.check(semid) : ids.byIndexOrThrow(semid);
                if (cmd != SEM_STAT_ANY && !IpcNamespace.permitted(MsgSyscalls.cred(t), s, IpcNamespace.S_IRUGO)) {
                    throw new ErrnoException(Errno.EACCES);
                }
                if (!s.valid) {
                    throw new ErrnoException(Errno.EIDRM);
                }
                ByteBuffer b = ByteBuffer.allocate(SEMID64_DS_SIZE).order(ByteOrder.LITTLE_ENDIAN);
                MsgSyscalls.putPerm(b, s);
                b.putLong(s.otime).putLong(0).putLong(s.ctime).putLong(0).putLong(s.nsems());
                t.userMemory().copyOut(p, b.array());
                return cmd == IpcNamespace.IPC_STAT ? 0 : s.id;
            }
            case GETALL, GETVAL, GETPID, GETNCNT, GETZCNT, SETALL -> {
                return semctlMain(t, ids.check(semid), semnum, cmd, p);
            }
            case SETVAL -> {
                int val = (int) p;   // union semun passed in the register: val is its low 32 bits
                if (val > SemSet.SEMVMX || val < 0) {
                    throw new ErrnoException(Errno.ERANGE);
                }
                SemSet s = ids.check(semid);
                if (semnum < 0 || semnum >= s.nsems()) {
                    throw new ErrnoException(Errno.EINVAL);
                }
                if (!IpcNamespace.permitted(MsgSyscalls.cred(t), s, IpcNamespace.S_IWUGO)) {
                    throw new ErrnoException(Errno.EACCES);
                }
                if (!s.valid) {
                    throw new ErrnoException(Errno.EIDRM);
                }
                for (int[] u : s.undos.values()) {
                    u[semnum] = 0;
                }
                s.semval[semnum] = val;
                s.sempid[semnum] = t.group().tgid();
                s.ctime = MsgSyscalls.nowSec(t);
                return 0;
            }
            case IpcNamespace.IPC_SET, IpcNamespace.IPC_RMID -> {
                ByteBuffer b = null;
                if (cmd == IpcNamespace.IPC_SET) {
                    b = ByteBuffer.wrap(t.userMemory().copyIn(p, SEMID64_DS_SIZE)).order(ByteOrder.LITTLE_ENDIAN);
                }
                SemSet s = ids.check(semid);
                IpcNamespace.checkOwner(MsgSyscalls.cred(t), s);
                if (b == null) {
                    ids.remove(s);   // freeary: sleepers see !valid and fail with EIDRM
                    return 0;
                }
                IpcNamespace.updatePerm(s, b.getInt(4), b.getInt(8), b.getInt(20));
                s.ctime = MsgSyscalls.nowSec(t);
                return 0;
            }
            default -> throw new ErrnoException(Errno.EINVAL);
        }
    }

    /** semctl_main: GETALL/SETALL on the whole set, the others on semaphore {@code semnum}. */
    private static long semctlMain(Task t, SemSet s, int semnum, int cmd, long p) throws ErrnoException {
        int n = s.nsems();
        if (!IpcNamespace.permitted(MsgSyscalls.cred(t), s, cmd == SETALL ? IpcNamespace.S_IWUGO : IpcNamespace.S_IRUGO)) {
            throw new ErrnoException(Errno.EACCES);
        }
        if (cmd == GETALL) {
            if (!s.valid) {
                throw new ErrnoException(Errno.EIDRM);
            }
            ByteBuffer b = ByteBuffer.allocate(2 * n).order(ByteOrder.LITTLE_ENDIAN);
            for (int v : s.semval) {
                b.putShort((short) v);
            }
            t.userMemory().copyOut(p, b.array());
            return 0;
        }
        if (cmd == SETALL) {
            ByteBuffer b = ByteBuffer.wrap(t.userMemory().copyIn(p, 2 * n)).order(ByteOrder.LITTLE_ENDIAN);
            int[] v = new int[n];
            for (int i = 0; i < n; i++) {
                v[i] = b.getShort() & 0xffff;
                if (v[i] > SemSet.SEMVMX) {
                    throw new ErrnoException(Errno.ERANGE);
                }
            }
            if (!s.valid) {
                throw new ErrnoException(Errno.EIDRM);
            }
            for (int[] u : s.undos.values()) {
                java.util.Arrays.fill(u, 0);
            }
            System.arraycopy(v, 0, s.semval, 0, n);
            java.util.Arrays.fill(s.sempid, t.group().tgid());
            s.ctime = MsgSyscalls.nowSec(t);
            return 0;
        }
        if (semnum < 0 || semnum >= n) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (!s.valid) {
            throw new ErrnoException(Errno.EIDRM);
        }
        return switch (cmd) {
            case GETVAL -> s.semval[semnum];
            case GETPID -> s.sempid[semnum];
            case GETNCNT -> s.count(semnum, false);
            default -> s.count(semnum, true);
        };
    }
}
