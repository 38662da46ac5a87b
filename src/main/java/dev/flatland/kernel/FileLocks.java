package dev.flatland.kernel;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Fcntl;
import dev.flatland.abi.Stat;
import dev.flatland.memory.UserMemory;
import dev.flatland.vfs.OpenFile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * fcntl record locks (fs/locks.c): POSIX byte-range locks owned by a process's descriptor table
 * (fl_owner = current->files, so threads share them and a vfork child has its own), and open file
 * description locks (F_OFD_*) owned by the open file. Locks live per inode, keyed by (st_dev,
 * st_ino). A POSIX owner's locks on an inode go when it closes any descriptor of that inode
 * ({@link #removePosix}); an OFD lock goes with the last reference to its description.
 *
 * <p>Conflicts: two locks of different owners whose ranges overlap conflict when either is a
 * write lock. F_SETLK answers EAGAIN; F_SETLKW parks the task until the conflict is gone (the
 * syscall then runs again) and is interrupted by signals; a POSIX F_SETLKW whose wait would close a
 * cycle of owners waiting for each other fails EDEADLK (posix_locks_deadlock, at most
 * {@link #MAX_DEADLK_ITERATIONS} steps). The table is global and synchronized: a host file locked by
 * guests of two kernels in one JVM is one inode, as it would be for two host processes.
 */
public final class FileLocks {
    public static final int F_GETLK = 5;
    public static final int F_SETLK = 6;
    public static final int F_SETLKW = 7;
    public static final int F_OFD_GETLK = 36;
    public static final int F_OFD_SETLK = 37;
    public static final int F_OFD_SETLKW = 38;
    static final short F_RDLCK = 0;
    static final short F_WRLCK = 1;
    static final short F_UNLCK = 2;
    /** OFFSET_MAX: a lock "to end of file". */
    static final long OFFSET_MAX = Long.MAX_VALUE;
    static final int MAX_DEADLK_ITERATIONS = 10;
    /** sizeof(struct flock) on x86-64: l_type, l_whence, pad, l_start, l_len, l_pid, pad. */
    static final int FLOCK_SIZE = 32;

    private FileLocks() {
    }

    private record Key(long dev, long ino) {
    }

    /** One held lock (or a request): [start, end] inclusive. */
    private record Lock(Object owner, boolean ofd, short type, long start, long end, int pid) {
        boolean overlaps(Lock o) {
            return start <= o.end && o.start <= end;
        }

        boolean conflicts(Lock o) {
            return owner != o.owner && overlaps(o) && (type == F_WRLCK || o.type == F_WRLCK);
        }
    }

    /** A POSIX owner parked in F_SETLKW: what it asked for, valid while its task is parked by this wait. */
    private record Waiter(Task task, Blocker blocker, Key key, Lock request) {
    }

    private static final Map<Key, List<Lock>> LOCKS = new HashMap<>();
    private static final Map<Object, Waiter> WAITING = new IdentityHashMap<>();

    /** fcntl(fd, cmd, struct flock *) for the six lock commands; {@code fdTableOwner} is the caller's POSIX owner. */
    public static long fcntl(Task t, OpenFile f, int cmd, long arg) throws ErrnoException {
        UserMemory um = t.userMemory();
        java.nio.ByteBuffer fl = java.nio.ByteBuffer.wrap(um.copyIn(arg, FLOCK_SIZE)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        short type = fl.getShort(0);
        short whence = fl.getShort(2);
        long lStart = fl.getLong(8);
        long lLen = fl.getLong(16);
        int lPid = fl.getInt(24);
        boolean ofd = cmd == F_OFD_GETLK || cmd == F_OFD_SETLK || cmd == F_OFD_SETLKW;
        boolean get = cmd == F_GETLK || cmd == F_OFD_GETLK;
        if (get && type != F_RDLCK && type != F_WRLCK) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (type != F_RDLCK && type != F_WRLCK && type != F_UNLCK) {
            throw new ErrnoException(Errno.EINVAL);   // assign_type
        }
        long[] range = range(f, whence, lStart, lLen);
        if (!get) {
            // check_fmode_for_setlk
            if (type == F_RDLCK && !f.readable() || type == F_WRLCK && !f.writable()) {
                throw new ErrnoException(Errno.EBADF);
            }
        }
        if (ofd && lPid != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        Object owner = ofd ? f : t.fds();
        Lock req = new Lock(owner, ofd, type, range[0], range[1], ofd ? -1 : t.group().tgid());
        Key key = keyOf(f);
        synchronized (FileLocks.class) {
            if (get) {
                Lock c = conflict(key, req);
                if (c == null) {
                    fl.putShort(0, F_UNLCK);
                } else {
                    fl.putShort(0, c.type);
                    fl.putShort(2, (short) Fcntl.SEEK_SET);
                    fl.putLong(8, c.start);
                    fl.putLong(16, c.end == OFFSET_MAX ? 0 : c.end - c.start + 1);
                    fl.putInt(24, c.ofd ? -1 : c.pid);
                }
                um.copyOut(arg, fl.array());
                return 0;
            }
            Waiter old = WAITING.get(owner);
            if (old != null && old.task == t) {
                WAITING.remove(owner);   // this is the restarted call of that wait
            }
            Lock c = type == F_UNLCK ? null : conflict(key, req);
            if (c == null) {
                apply(key, req);
                if (ofd) {
                    f.onLastClose(FileLocks.class, () -> removeOfd(f, key));
                }
                return 0;
            }
            if (cmd == F_SETLK || cmd == F_OFD_SETLK) {
                throw new ErrnoException(Errno.EAGAIN);
            }
            if (!ofd && deadlock(req, c)) {
                throw new ErrnoException(Errno.EDEADLK);
            }
            t.kernel().scheduler().parkRestart(t, () -> {
                synchronized (FileLocks.class) {
                    return conflict(key, req) == null;
                }
            }, "record lock on inode " + key.ino + (ofd ? " (F_OFD_SETLKW)" : " (F_SETLKW)"));
            if (!ofd) {
                WAITING.put(owner, new Waiter(t, t.kernel().scheduler().blocker(t), key, req));
            }
            return 0;
        }
    }

    /** flock_to_posix_lock: the inclusive byte range, EINVAL for a bad whence or a negative start, EOVERFLOW. */
    private static long[] range(OpenFile f, short whence, long lStart, long lLen) throws ErrnoException {
        long base = switch (whence) {
            case Fcntl.SEEK_SET -> 0;
            case Fcntl.SEEK_CUR -> position(f);
            case Fcntl.SEEK_END -> f.stat().size();
            default -> throw new ErrnoException(Errno.EINVAL);
        };
        if (lStart > OFFSET_MAX - base) {
            throw new ErrnoException(Errno.EOVERFLOW);     // the start itself past OFFSET_MAX
        }
        long start = base + lStart;
        if (start < 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        long end;
        if (lLen > 0) {
            if (lLen - 1 > OFFSET_MAX - start) {
                throw new ErrnoException(Errno.EOVERFLOW);
            }
            end = start + lLen - 1;
        } else if (lLen < 0) {
            if (start + lLen < 0) {
                throw new ErrnoException(Errno.EINVAL);
            }
            end = start - 1;
            start += lLen;
        } else {
            end = OFFSET_MAX;
        }
        return new long[] {start, end};
    }

    private static long position(OpenFile f) {
        try {
            return f.seek(0, Fcntl.SEEK_CUR);
        } catch (ErrnoException e) {
            return 0;   // a stream's f_pos stays 0
        }
    }

    private static Key keyOf(OpenFile f) throws ErrnoException {
        Stat st = f.stat();
        return new Key(st.dev(), st.ino());
    }

    private static Lock conflict(Key key, Lock req) {
        List<Lock> l = LOCKS.get(key);
        if (l != null) {
            for (Lock h : l) {
                if (h.conflicts(req)) {
                    return h;
                }
            }
        }
        return null;
    }

    /**
     * posix_locks_deadlock: follows "the owner of the blocking lock is itself waiting for a lock
     * held by ..." and reports a deadlock when the chain comes back to the caller.
     */
    private static boolean deadlock(Lock req, Lock block) {
        for (int i = 0; i < MAX_DEADLK_ITERATIONS && block != null; i++) {
            if (block.owner == req.owner) {
                return true;
            }
            Waiter w = WAITING.get(block.owner);
            if (w == null || w.task.exited() || w.task.kernel().scheduler().blocker(w.task) != w.blocker) {
                return false;   // not waiting (any more): a stale entry of an interrupted wait
            }
            block = conflict(w.key, w.request);
        }
        return false;
    }

    /**
     * posix_lock_inode for one owner: the request's range is taken out of the owner's locks (which
     * may split one), the request goes in unless it is F_UNLCK, and the owner's locks of the same
     * type that overlap or touch it are merged into it.
     */
    private static void apply(Key key, Lock req) {
        List<Lock> all = LOCKS.computeIfAbsent(key, k -> new ArrayList<>());
        List<Lock> out = new ArrayList<>();
        long start = req.start;
        long end = req.end;
        for (Lock h : all) {
            if (h.owner != req.owner) {
                out.add(h);
                continue;
            }
            boolean touches = h.start <= (end == OFFSET_MAX ? end : end + 1) && start <= (h.end == OFFSET_MAX ? h.end : h.end + 1);
            if (req.type != F_UNLCK && h.type == req.type && touches) {
                start = Math.min(start, h.start);   // coalesce
                end = Math.max(end, h.end);
                continue;
            }
            if (!h.overlaps(req)) {
                out.add(h);
                continue;
            }
            if (h.start < req.start) {
                out.add(new Lock(h.owner, h.ofd, h.type, h.start, req.start - 1, h.pid));
            }
            if (h.end > req.end) {
                out.add(new Lock(h.owner, h.ofd, h.type, req.end + 1, h.end, h.pid));
            }
        }
        if (req.type != F_UNLCK) {
            out.add(new Lock(req.owner, req.ofd, req.type, start, end, req.pid));
        }
        out.sort((x, y) -> Long.compare(x.start, y.start));
        if (out.isEmpty()) {
            LOCKS.remove(key);
        } else {
            all.clear();
            all.addAll(out);
        }
    }

    /** locks_remove_posix: closing any descriptor of an inode drops the owner's POSIX locks on it. */
    static void removePosix(Object owner, OpenFile f) {
        synchronized (FileLocks.class) {
            if (LOCKS.isEmpty()) {
                return;
            }
            Key key;
            try {
                key = keyOf(f);
            } catch (ErrnoException | RuntimeException e) {
                return;
            }
            removeOwner(key, owner);
        }
    }

    /** The last close of a description drops its OFD locks (locks_remove_file). */
    private static void removeOfd(OpenFile f, Key key) {
        synchronized (FileLocks.class) {
            removeOwner(key, f);
        }
    }

    private static void removeOwner(Key key, Object owner) {
        List<Lock> l = LOCKS.get(key);
        if (l != null && l.removeIf(h -> h.owner == owner) && l.isEmpty()) {
            LOCKS.remove(key);
        }
    }

    /** flock(2) operations. */
    public static final int LOCK_SH = 1;
    public static final int LOCK_EX = 2;
    public static final int LOCK_NB = 4;
    public static final int LOCK_UN = 8;

    /** flock locks by inode: each holding open file description and whether its lock is exclusive. */
    private static final Map<Key, Map<OpenFile, Boolean>> FLOCKS = new HashMap<>();

    /**
     * flock(fd, op) (fs/locks.c flock_lock_inode): a whole-file lock owned by the open file
     * description, independent of the fcntl locks. LOCK_SH and LOCK_EX conflict as read and write
     * locks; converting drops the old lock first (the conversion is not atomic, as on Linux);
     * LOCK_NB gives EWOULDBLOCK instead of waiting; a wait parks the task and is interrupted by
     * signals. The lock goes with the description's last close.
     */
    public static long flock(Task t, OpenFile f, int op) throws ErrnoException {
        int cmd = op & ~LOCK_NB;
        if (cmd != LOCK_SH && cmd != LOCK_EX && cmd != LOCK_UN) {
            throw new ErrnoException(Errno.EINVAL);
        }
        Key key = keyOf(f);
        synchronized (FileLocks.class) {
            Map<OpenFile, Boolean> held = FLOCKS.computeIfAbsent(key, k -> new IdentityHashMap<>());
            Boolean mine = held.get(f);
            if (cmd == LOCK_UN) {
                held.remove(f);
                if (held.isEmpty()) {
                    FLOCKS.remove(key);
                }
                return 0;
            }
            boolean ex = cmd == LOCK_EX;
            if (mine != null && mine == ex) {
                return 0;
            }
            if (mine != null) {
                held.remove(f);   // flock_lock_inode: the old lock goes before the new one is tried
            }
            if (!flockConflict(held, f, ex)) {
                held.put(f, ex);
                f.onLastClose(FLOCKS, () -> {
                    synchronized (FileLocks.class) {
                        Map<OpenFile, Boolean> h = FLOCKS.get(key);
                        if (h != null && h.remove(f) != null && h.isEmpty()) {
                            FLOCKS.remove(key);
                        }
                    }
                });
                return 0;
            }
            if (held.isEmpty()) {
                FLOCKS.remove(key);
            }
            if ((op & LOCK_NB) != 0) {
                throw new ErrnoException(Errno.EAGAIN);
            }
            t.kernel().scheduler().parkRestart(t, () -> {
                synchronized (FileLocks.class) {
                    Map<OpenFile, Boolean> h = FLOCKS.get(key);
                    return h == null || !flockConflict(h, f, ex);
                }
            }, "flock on inode " + key.ino);
            return 0;
        }
    }

    private static boolean flockConflict(Map<OpenFile, Boolean> held, OpenFile f, boolean ex) {
        for (Map.Entry<OpenFile, Boolean> e : held.entrySet()) {
            if (e.getKey() != f && (ex || e.getValue())) {
                return true;
            }
        }
        return false;
    }
}
