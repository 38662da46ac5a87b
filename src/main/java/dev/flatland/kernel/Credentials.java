package dev.flatland.kernel;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import java.util.Arrays;

/**
 * A process's user and group identity (Linux struct cred): real, effective, saved and filesystem
 * ids and the supplementary groups. Every process starts as root (uid 0, gid 0, no groups), as a
 * freshly booted nommu board's init does; clone copies the identity and execve keeps it (no
 * set-user-id programs).
 *
 * <p>Privilege follows the effective uid: an effective uid of 0 holds CAP_SETUID and CAP_SETGID,
 * any other does not. That is what Linux's default capability rules give (the effective set is
 * cleared when euid leaves 0 and restored when it returns to 0, while a saved or real uid of 0
 * keeps the permitted set). The rules of each set*id call are those of kernel/sys.c.
 */
public final class Credentials {
    /** NGROUPS_MAX: the most supplementary groups setgroups accepts. */
    public static final int NGROUPS_MAX = 65536;
    /** An id argument of -1 means "leave it unchanged" in setre*id and setres*id. */
    private static final int KEEP = -1;

    private int ruid, euid, suid, fsuid;
    private int rgid, egid, sgid, fsgid;
    private int[] groups = new int[0];

    /** The identity every process starts with: root ({@link Kernel#UID}, {@link Kernel#GID}). */
    public static Credentials root() {
        Credentials c = new Credentials();
        c.ruid = c.euid = c.suid = c.fsuid = Kernel.UID;
        c.rgid = c.egid = c.sgid = c.fsgid = Kernel.GID;
        return c;
    }

    /** A copy for a new process (clone without sharing: each process has its own cred). */
    public Credentials copy() {
        Credentials c = new Credentials();
        c.ruid = ruid; c.euid = euid; c.suid = suid; c.fsuid = fsuid;
        c.rgid = rgid; c.egid = egid; c.sgid = sgid; c.fsgid = fsgid;
        c.groups = groups.clone();
        return c;
    }

    public int ruid() { return ruid; }
    public int euid() { return euid; }
    public int suid() { return suid; }
    public int fsuid() { return fsuid; }
    public int rgid() { return rgid; }
    public int egid() { return egid; }
    public int sgid() { return sgid; }
    public int fsgid() { return fsgid; }

    /** The supplementary groups, in the order setgroups gave them. */
    public int[] groups() {
        return groups.clone();
    }

    /** Whether the process holds CAP_SETUID/CAP_SETGID (see the class comment). */
    public boolean privileged() {
        return euid == 0;
    }

    private static void checkValid(int id) throws ErrnoException {
        if (id == KEEP) {
            throw new ErrnoException(Errno.EINVAL); // uid_valid(): (uid_t)-1 is never an id
        }
    }

    /** setuid: root sets all four; others may set euid to their real or saved uid. */
    public void setuid(int uid) throws ErrnoException {
        checkValid(uid);
        if (privileged()) {
            ruid = euid = suid = fsuid = uid;
        } else if (uid == ruid || uid == suid) {
            euid = fsuid = uid;
        } else {
            throw new ErrnoException(Errno.EPERM);
        }
    }

    /** setgid, the group twin of {@link #setuid}. */
    public void setgid(int gid) throws ErrnoException {
        checkValid(gid);
        if (privileged()) {
            rgid = egid = sgid = fsgid = gid;
        } else if (gid == rgid || gid == sgid) {
            egid = fsgid = gid;
        } else {
            throw new ErrnoException(Errno.EPERM);
        }
    }

    /**
     * setreuid: without privilege the new real uid must be the old real or effective uid, and the
     * new effective uid the old real, effective or saved uid. When the real uid is set, or the
     * effective uid is set to something other than the old real uid, the saved uid becomes the new
     * effective uid.
     */
    public void setreuid(int r, int e) throws ErrnoException {
        int nr = r == KEEP ? ruid : r;
        int ne = e == KEEP ? euid : e;
        if (!privileged()) {
            if (r != KEEP && r != ruid && r != euid) {
                throw new ErrnoException(Errno.EPERM);
            }
            if (e != KEEP && e != ruid && e != euid && e != suid) {
                throw new ErrnoException(Errno.EPERM);
            }
        }
        if (r != KEEP || (e != KEEP && e != ruid)) {
            suid = ne;
        }
        ruid = nr;
        euid = ne;
        fsuid = ne;
    }

    /** setregid, the group twin of {@link #setreuid}. */
    public void setregid(int r, int e) throws ErrnoException {
        int nr = r == KEEP ? rgid : r;
        int ne = e == KEEP ? egid : e;
        if (!privileged()) {
            if (r != KEEP && r != rgid && r != egid) {
                throw new ErrnoException(Errno.EPERM);
            }
            if (e != KEEP && e != rgid && e != egid && e != sgid) {
                throw new ErrnoException(Errno.EPERM);
            }
        }
        if (r != KEEP || (e != KEEP && e != rgid)) {
            sgid = ne;
        }
        rgid = nr;
        egid = ne;
        fsgid = ne;
    }

    private static boolean oneOf(int id, int a, int b, int c) {
        return id == KEEP || id == a || id == b || id == c;
    }

    /** setresuid: without privilege each new id must be one of the old real, effective or saved. */
    public void setresuid(int r, int e, int s) throws ErrnoException {
        if (!privileged() && !(oneOf(r, ruid, euid, suid) && oneOf(e, ruid, euid, suid) && oneOf(s, ruid, euid, suid))) {
            throw new ErrnoException(Errno.EPERM);
        }
        if (r != KEEP) ruid = r;
        if (e != KEEP) euid = e;
        if (s != KEEP) suid = s;
        fsuid = euid;
    }

    /** setresgid, the group twin of {@link #setresuid}. */
    public void setresgid(int r, int e, int s) throws ErrnoException {
        if (!privileged() && !(oneOf(r, rgid, egid, sgid) && oneOf(e, rgid, egid, sgid) && oneOf(s, rgid, egid, sgid))) {
            throw new ErrnoException(Errno.EPERM);
        }
        if (r != KEEP) rgid = r;
        if (e != KEEP) egid = e;
        if (s != KEEP) sgid = s;
        fsgid = egid;
    }

    /** setfsuid: returns the old fsuid always; changes it when privileged or to one of the four ids. */
    public int setfsuid(int uid) {
        int old = fsuid;
        if (uid != KEEP && (privileged() || uid == ruid || uid == euid || uid == suid || uid == fsuid)) {
            fsuid = uid;
        }
        return old;
    }

    /** setfsgid, the group twin of {@link #setfsuid}. */
    public int setfsgid(int gid) {
        int old = fsgid;
        if (gid != KEEP && (privileged() || gid == rgid || gid == egid || gid == sgid || gid == fsgid)) {
            fsgid = gid;
        }
        return old;
    }

    /** setgroups: needs CAP_SETGID (EPERM), then at most {@link #NGROUPS_MAX} groups (EINVAL). */
    public void setgroups(int[] list) throws ErrnoException {
        if (!privileged()) {
            throw new ErrnoException(Errno.EPERM); // kernel/groups.c checks may_setgroups() first
        }
        if (list.length > NGROUPS_MAX) {
            throw new ErrnoException(Errno.EINVAL);
        }
        groups = list.clone();
    }

    /** Whether {@code gid} is the effective group or a supplementary group (in_group_p). */
    public boolean inGroup(int gid) {
        return gid == fsgid || Arrays.stream(groups).anyMatch(g -> g == gid);
    }
}
