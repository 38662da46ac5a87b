package dev.flatland.kernel;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import java.util.ArrayList;
import java.util.List;

/**
 * The one System V IPC namespace of the kernel (ipc/namespace.c, ipc/util.c): an id table per kind
 * (message queues, semaphore sets), each entry an {@link IpcObject} with its struct kern_ipc_perm.
 * Ids are built as Linux's ipc_buildid: {@code seq * IPCMNI + idx} with IPCMNI 32768.
 */
public final class IpcNamespace {
    public static final int IPC_PRIVATE = 0;
    public static final int IPC_CREAT = 01000;
    public static final int IPC_EXCL = 02000;
    public static final int IPC_NOWAIT = 04000;
    public static final int IPC_RMID = 0;
    public static final int IPC_SET = 1;
    public static final int IPC_STAT = 2;
    public static final int IPC_INFO = 3;
    static final int IPCMNI = 32768;
    /** S_IRWXUGO: the permission bits kept in kern_ipc_perm.mode. */
    public static final int S_IRWXUGO = 0777;
    public static final int S_IRUGO = 0444;
    public static final int S_IWUGO = 0222;

    /** One IPC object: struct kern_ipc_perm plus the kind's state in a subclass. */
    public abstract static class IpcObject {
        public int id;
        public int key;
        public int uid;
        public int gid;
        public int cuid;
        public int cgid;
        public int mode;
        public int seq;
        /** False once IPC_RMID removed it (ipc_valid_object). */
        public boolean valid = true;
        public long ctime;
    }

    /** The ids of one kind (struct ipc_ids). */
    public static final class Ids<T extends IpcObject> {
        private final List<T> slots = new ArrayList<>();
        private int seq;
        private int inUse;
        /** msg_ctlmni / sc_semmni. */
        private final int max;

        Ids(int max) {
            this.max = max;
        }

        /** ipc_obtain_object_check: the object with this id, EINVAL when none or a stale sequence. */
        public T check(int id) throws ErrnoException {
            T o = byIndex(id);
            if (o == null || o.id != id) {
                throw new ErrnoException(Errno.EINVAL);
            }
            return o;
        }

        /** ipc_obtain_object_idr: the object at index {@code idx % IPCMNI} (MSG_STAT, SEM_STAT), EINVAL when none. */
        public T byIndexOrThrow(int idx) throws ErrnoException {
            T o = byIndex(idx);
            if (o == null) {
                throw new ErrnoException(Errno.EINVAL);
            }
            return o;
        }

        private T byIndex(int id) {
            int idx = id & (IPCMNI - 1);
            return id >= 0 && idx < slots.size() ? slots.get(idx) : null;
        }

        /** The object with {@code key}, or null. */
        public T findKey(int key) {
            for (T o : slots) {
                if (o != null && o.key == key) {
                    return o;
                }
            }
            return null;
        }

        /** Makes a new object for ipcget (newque, newary): may refuse with an errno. */
        @FunctionalInterface
        public interface Creator<T> {
            T create() throws ErrnoException;
        }

        /** The kind's checks on an existing object before the permission check (more_checks). */
        @FunctionalInterface
        public interface Checker<T> {
            void check(T existing) throws ErrnoException;
        }

        /**
         * ipcget: IPC_PRIVATE, or a key that names nothing with IPC_CREAT, gets a new object from
         * {@code create} (ENOENT without IPC_CREAT); an existing key is EEXIST with
         * IPC_CREAT|IPC_EXCL, then {@code moreChecks}, then EACCES unless {@code flg} is permitted.
         * Returns the object's id.
         */
        public int get(int key, int flg, Credentials c, long now, Creator<T> create, Checker<T> moreChecks)
                throws ErrnoException {
            T o = key == IPC_PRIVATE ? null : findKey(key);
            if (o == null) {
                if (key != IPC_PRIVATE && (flg & IPC_CREAT) == 0) {
                    throw new ErrnoException(Errno.ENOENT);
                }
                o = create.create();
                add(o, key, c, flg, now);
                return o.id;
            }
            if ((flg & IPC_CREAT) != 0 && (flg & IPC_EXCL) != 0) {
                throw new ErrnoException(Errno.EEXIST);
            }
            moreChecks.check(o);
            if (!permitted(c, o, flg)) {
                throw new ErrnoException(Errno.EACCES);
            }
            return o.id;
        }

        /** ipc_addid: a free index, the next sequence number; ENOSPC at the limit. */
        public void add(T o, int key, Credentials c, int flg, long now) throws ErrnoException {
            if (inUse >= max) {
                throw new ErrnoException(Errno.ENOSPC);
            }
            int idx = slots.indexOf(null);
            if (idx < 0) {
                idx = slots.size();
                slots.add(null);
            }
            slots.set(idx, o);
            inUse++;
            o.key = key;
            o.mode = flg & S_IRWXUGO;
            o.uid = o.cuid = c.euid();
            o.gid = o.cgid = c.egid();
            o.seq = seq;
            o.id = seq * IPCMNI + idx;
            seq = (seq + 1) % (Integer.MAX_VALUE / IPCMNI);
            o.ctime = now;
        }

        /** ipc_rmid. */
        public void remove(T o) {
            int idx = o.id & (IPCMNI - 1);
            if (idx < slots.size() && slots.get(idx) == o) {
                slots.set(idx, null);
                inUse--;
            }
            o.valid = false;
        }

        public int inUse() {
            return inUse;
        }

        /** ipc_get_maxidx: the highest index in use, -1 when none. */
        public int maxIdx() {
            for (int i = slots.size() - 1; i >= 0; i--) {
                if (slots.get(i) != null) {
                    return i;
                }
            }
            return -1;
        }

        public List<T> all() {
            List<T> out = new ArrayList<>();
            for (T o : slots) {
                if (o != null) {
                    out.add(o);
                }
            }
            return out;
        }
    }

    /** MSGMNI, SEMMNI defaults (include/uapi/linux/msg.h, sem.h). */
    private final Ids<MsgQueue> msg = new Ids<>(32000);
    private final Ids<SemSet> sem = new Ids<>(32000);

    public Ids<MsgQueue> msgIds() {
        return msg;
    }

    public Ids<SemSet> semIds() {
        return sem;
    }

    /**
     * ipcperms: whether {@code c} may access {@code o} for the rwx bits in {@code flag} (owner, then
     * group, then other bits; CAP_IPC_OWNER, i.e. euid 0 here, passes everything).
     */
    public static boolean permitted(Credentials c, IpcObject o, int flag) {
        int requested = (flag >> 6) | (flag >> 3) | flag;
        int granted = o.mode;
        if (c.euid() == o.cuid || c.euid() == o.uid) {
            granted >>= 6;
        } else if (c.inGroup(o.cgid) || c.inGroup(o.gid)) {
            granted >>= 3;
        }
        return (requested & ~granted & 7) == 0 || c.privileged();
    }

    /** The IPC_SET / IPC_RMID owner check (ipcctl_obtain_check): creator, owner or CAP_SYS_ADMIN, else EPERM. */
    public static void checkOwner(Credentials c, IpcObject o) throws ErrnoException {
        if (c.euid() != o.cuid && c.euid() != o.uid && !c.privileged()) {
            throw new ErrnoException(Errno.EPERM);
        }
    }

    /** ipc_update_perm: uid, gid and the permission bits from IPC_SET; EINVAL for the invalid id -1. */
    public static void updatePerm(IpcObject o, int uid, int gid, int mode) throws ErrnoException {
        if (uid == -1 || gid == -1) {
            throw new ErrnoException(Errno.EINVAL);
        }
        o.uid = uid;
        o.gid = gid;
        o.mode = (o.mode & ~S_IRWXUGO) | (mode & S_IRWXUGO);
    }

    /** SEM_UNDO at process exit (exit_sem): applies and forgets {@code g}'s adjustments. */
    public void exitSem(ThreadGroup g) {
        SemSet.Undo u = g.semUndo();
        if (u != null) {
            u.apply(g.tgid());
        }
    }
}
