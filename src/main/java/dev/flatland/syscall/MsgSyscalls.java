package dev.flatland.syscall;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.kernel.Blocker;
import dev.flatland.kernel.Credentials;
import dev.flatland.kernel.IpcNamespace;
import dev.flatland.kernel.MsgQueue;
import dev.flatland.kernel.Task;
import dev.flatland.memory.UserMemory;

/**
 * System V message queues (ipc/msg.c): msgget, msgsnd, msgrcv, msgctl with Linux x86-64's checks
 * in its order. One namespace for the whole kernel ({@link IpcNamespace}).
 */
final class MsgSyscalls {
    static final int MSG_NOERROR = 010000;
    static final int MSG_EXCEPT = 020000;
    static final int MSG_COPY = 040000;
    static final int MSG_STAT = 11;
    static final int MSG_INFO = 12;
    static final int MSG_STAT_ANY = 13;
    /** sizeof(struct msqid64_ds) and sizeof(struct msginfo) on x86-64. */
    static final int MSQID64_DS_SIZE = 120;
    static final int MSGINFO_SIZE = 32;

    private MsgSyscalls() {
    }

    static Credentials cred(Task t) {
        return t.group().credentials();
    }

    static long nowSec(Task t) {
        return Math.floorDiv(t.kernel().clock().realtimeNs(), 1_000_000_000L);
    }

    /** msgget(key, msgflg): ipcget's public path (EEXIST, ENOENT, EACCES) or a new queue. */
    static long msgget(Task t, SyscallArgs a) throws ErrnoException {
        return t.kernel().ipc().msgIds().get(a.int32(0), a.int32(1), cred(t), nowSec(t), MsgQueue::new, q -> { });
    }

    /** msgsnd(msqid, msgp, msgsz, msgflg): ksys_msgsnd then do_msgsnd. */
    static long msgsnd(Task t, SyscallArgs a) throws ErrnoException {
        UserMemory um = t.userMemory();
        int msqid = a.int32(0);
        long msgp = a.ptr(1);
        long msgsz = a.sizeT(2);
        int flg = a.int32(3);
        long mtype = um.read64(msgp);
        if (Long.compareUnsigned(msgsz, MsgQueue.MSGMAX) > 0 || msqid < 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (mtype < 1) {
            throw new ErrnoException(Errno.EINVAL);
        }
        byte[] text = um.copyIn(msgp + 8, (int) msgsz);   // load_msg
        MsgQueue q = t.kernel().ipc().msgIds().check(msqid);
        MsgQueue.Msg m = new MsgQueue.Msg(mtype, text);
        dev.flatland.kernel.PollWait.Attempt attempt = timedOut -> {
            if (!IpcNamespace.permitted(cred(t), q, IpcNamespace.S_IWUGO)) {
                throw new ErrnoException(Errno.EACCES);
            }
            if (!q.valid) {
                throw new ErrnoException(Errno.EIDRM);
            }
            if (!q.fits(text.length)) {
                if ((flg & IpcNamespace.IPC_NOWAIT) != 0) {
                    throw new ErrnoException(Errno.EAGAIN);
                }
                return -1;
            }
            q.append(m);
            q.lspid = t.group().tgid();
            q.stime = nowSec(t);
            return 0;
        };
        long r = attempt.tryComplete(false);
        if (r != -1) {
            return r;
        }
        // do_msgsnd: -ERESTARTNOHAND on a signal (EINTR once a handler runs)
        IpcWait.sleep(t, Blocker.NO_DEADLINE, attempt, Errno.ERESTARTNOHAND, () -> { }, "msgsnd");
        return 0;
    }

    /** msgrcv(msqid, msgp, msgsz, msgtyp, msgflg): do_msgrcv with do_msg_fill. */
    static long msgrcv(Task t, SyscallArgs a) throws ErrnoException {
        int msqid = a.int32(0);
        long msgp = a.ptr(1);
        long bufsz = a.sizeT(2);
        long msgtyp = a.raw(3);
        int flg = a.int32(4);
        if (msqid < 0 || bufsz < 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if ((flg & MSG_COPY) != 0) {
            if ((flg & MSG_EXCEPT) != 0 || (flg & IpcNamespace.IPC_NOWAIT) == 0) {
                throw new ErrnoException(Errno.EINVAL);
            }
            throw new ErrnoException(Errno.ENOSYS);   // prepare_copy without CONFIG_CHECKPOINT_RESTORE
        }
        // convert_mode
        final int mode;
        final long typ;
        if (msgtyp == 0) {
            mode = 0;
            typ = 0;
        } else if (msgtyp < 0) {
            mode = 1;   // SEARCH_LESSEQUAL
            typ = msgtyp == Long.MIN_VALUE ? Long.MAX_VALUE : -msgtyp;
        } else if ((flg & MSG_EXCEPT) != 0) {
            mode = 2;   // SEARCH_NOTEQUAL
            typ = msgtyp;
        } else {
            mode = 3;   // SEARCH_EQUAL
            typ = msgtyp;
        }
        MsgQueue q = t.kernel().ipc().msgIds().check(msqid);
        dev.flatland.kernel.PollWait.Attempt attempt = timedOut -> {
            if (!IpcNamespace.permitted(cred(t), q, IpcNamespace.S_IRUGO)) {
                throw new ErrnoException(Errno.EACCES);
            }
            if (!q.valid) {
                throw new ErrnoException(Errno.EIDRM);
            }
            MsgQueue.Msg found = find(q, mode, typ);
            if (found == null) {
                if ((flg & IpcNamespace.IPC_NOWAIT) != 0) {
                    throw new ErrnoException(Errno.ENOMSG);
                }
                return -1;
            }
            if (bufsz < found.text().length && (flg & MSG_NOERROR) == 0) {
                throw new ErrnoException(Errno.E2BIG);
            }
            q.removeMsg(found);
            q.rtime = nowSec(t);
            q.lrpid = t.group().tgid();
            int n = (int) Math.min(bufsz, found.text().length);
            t.userMemory().write64(msgp, found.type());
            t.userMemory().copyOut(msgp + 8, found.text(), 0, n);
            return n;
        };
        long r = attempt.tryComplete(false);
        if (r != -1) {
            return r;
        }
        IpcWait.sleep(t, Blocker.NO_DEADLINE, attempt, Errno.ERESTARTNOHAND, () -> { }, "msgrcv");
        return 0;
    }

    /** find_msg: the first match in queue order; for a negative msgtyp the first of the lowest type. */
    private static MsgQueue.Msg find(MsgQueue q, int mode, long typ) {
        MsgQueue.Msg found = null;
        long limit = typ;
        for (MsgQueue.Msg m : q.messages) {
            boolean match = switch (mode) {
                case 0 -> true;
                case 1 -> m.type() <= limit;
                case 2 -> m.type() != typ;
                default -> m.type() == typ;
            };
            if (!match) {
                continue;
            }
            if (mode == 1 && m.type() != 1) {
                limit = m.type() - 1;
                found = m;
            } else {
                return m;
            }
        }
        return found;
    }

    /** msgctl(msqid, cmd, buf): ksys_msgctl with version IPC_64 (x86-64 has no old-version entry). */
    static long msgctl(Task t, SyscallArgs a) throws ErrnoException {
        int msqid = a.int32(0);
        int cmd = a.int32(1);
        long buf = a.ptr(2);
        if (msqid < 0 || cmd < 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        IpcNamespace ns = t.kernel().ipc();
        IpcNamespace.Ids<MsgQueue> ids = ns.msgIds();
        switch (cmd) {
            case IpcNamespace.IPC_INFO, MSG_INFO -> {
                int[] v = {512000, MsgQueue.MSGMNB, MsgQueue.MSGMAX, MsgQueue.MSGMNB, 32000, 16, MsgQueue.MSGMNB};
                if (cmd == MSG_INFO) {
                    int msgs = 0;
                    long bytes = 0;
                    for (MsgQueue q : ids.all()) {
                        msgs += q.messages.size();
                        bytes += q.cbytes;
                    }
                    v[0] = ids.inUse();
                    v[1] = msgs;
                    v[6] = (int) bytes;
                }
                java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(MSGINFO_SIZE).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                for (int x : v) {
                    b.putInt(x);
                }
                b.putShort((short) 0xffff);   // msgseg: MSGSEG
                int max = ids.maxIdx();
                t.userMemory().copyOut(buf, b.array());
                return Math.max(max, 0);
            }
            case IpcNamespace.IPC_STAT, MSG_STAT, MSG_STAT_ANY -> {
                MsgQueue q = cmd == IpcNamespace.IPC_STAT ? ids.check(msqid) : ids.byIndexOrThrow(msqid);
                if (cmd != MSG_STAT_ANY && !IpcNamespace.permitted(cred(t), q, IpcNamespace.S_IRUGO)) {
                    throw new ErrnoException(Errno.EACCES);
                }
                if (!q.valid) {
                    throw new ErrnoException(Errno.EIDRM);
                }
                java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(MSQID64_DS_SIZE).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                putPerm(b, q);
                b.putLong(q.stime).putLong(q.rtime).putLong(q.ctime).putLong(q.cbytes).putLong(q.messages.size())
                        .putLong(q.qbytes).putInt(q.lspid).putInt(q.lrpid);
                t.userMemory().copyOut(buf, b.array());
                return cmd == IpcNamespace.IPC_STAT ? 0 : q.id;
            }
            case IpcNamespace.IPC_SET -> {
                byte[] raw = t.userMemory().copyIn(buf, MSQID64_DS_SIZE);
                java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(raw).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                MsgQueue q = ids.check(msqid);
                IpcNamespace.checkOwner(cred(t), q);
                long qbytes = b.getLong(88);
                if (Long.compareUnsigned(qbytes, MsgQueue.MSGMNB) > 0 && !cred(t).privileged()) {
                    throw new ErrnoException(Errno.EPERM);   // needs CAP_SYS_RESOURCE
                }
                IpcNamespace.updatePerm(q, b.getInt(4), b.getInt(8), b.getInt(20));
                q.qbytes = qbytes;
                q.ctime = nowSec(t);
                return 0;   // sleeping senders and receivers retry on their own
            }
            case IpcNamespace.IPC_RMID -> {
                MsgQueue q = ids.check(msqid);
                IpcNamespace.checkOwner(cred(t), q);
                ids.remove(q);   // freeque: sleepers see !valid and fail with EIDRM
                return 0;
            }
            default -> throw new ErrnoException(Errno.EINVAL);
        }
    }

    /** struct ipc64_perm (48 bytes): key, uid, gid, cuid, cgid, mode, seq, padding, two unused longs. */
    static void putPerm(java.nio.ByteBuffer b, IpcNamespace.IpcObject o) {
        b.putInt(o.key).putInt(o.uid).putInt(o.gid).putInt(o.cuid).putInt(o.cgid).putInt(o.mode)
                .putShort((short) o.seq).putShort((short) 0).putInt(0).putLong(0).putLong(0);
    }
}
