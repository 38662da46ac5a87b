package dev.flatland.kernel;

import java.util.IdentityHashMap;
import java.util.Map;

/** One System V semaphore set (struct sem_array, ipc/sem.c). The syscall layer does the checks. */
public final class SemSet extends IpcNamespace.IpcObject {
    /** SEMMSL, SEMOPM, SEMVMX, SEMAEM (include/uapi/linux/sem.h). */
    public static final int SEMMSL = 32000;
    public static final int SEMOPM = 500;
    public static final int SEMVMX = 32767;
    public static final int SEMAEM = SEMVMX;

    public final int[] semval;
    public final int[] sempid;
    public long otime;
    /**
     * For GETNCNT/GETZCNT (count_semcnt): each sleeping semop's blocking operation, as
     * {sem_num, sem_op}; updated by the waiter on every attempt.
     */
    public final Map<Object, int[]> waiters = new IdentityHashMap<>();
    /** The undo lists holding adjustments for this set (cleared by SETVAL/SETALL). */
    public final Map<Undo, int[]> undos = new IdentityHashMap<>();

    public SemSet(int nsems) {
        semval = new int[nsems];
        sempid = new int[nsems];
    }

    public int nsems() {
        return semval.length;
    }

    /** count_semcnt: sleepers blocked on {@code num} by a decrease (ncnt) or a wait-for-zero (zcnt). */
    public int count(int num, boolean zero) {
        int n = 0;
        for (int[] w : waiters.values()) {
            if (w[0] == num && (zero ? w[1] == 0 : w[1] < 0)) {
                n++;
            }
        }
        return n;
    }

    /** The per-process SEM_UNDO adjustments (struct sem_undo_list): semadj arrays per live set. */
    public static final class Undo {
        private final Map<SemSet, int[]> adj = new IdentityHashMap<>();

        /** The set's semadj array, created on first use (find_alloc_undo). */
        public int[] of(SemSet s) {
            return adj.computeIfAbsent(s, k -> {
                int[] a = new int[k.nsems()];
                k.undos.put(this, a);
                return a;
            });
        }

        /** exit_sem: adds each adjustment, clamped to 0..SEMVMX, to a set still alive; then forgets all. */
        void apply(int tgid) {
            for (Map.Entry<SemSet, int[]> e : adj.entrySet()) {
                SemSet s = e.getKey();
                s.undos.remove(this);
                if (!s.valid) {
                    continue;
                }
                int[] a = e.getValue();
                for (int i = 0; i < a.length; i++) {
                    if (a[i] != 0) {
                        s.semval[i] = Math.max(0, Math.min(SEMVMX, s.semval[i] + a[i]));
                        s.sempid[i] = tgid;
                    }
                }
            }
            adj.clear();
        }
    }
}
