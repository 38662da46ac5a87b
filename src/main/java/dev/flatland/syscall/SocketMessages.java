package dev.flatland.syscall;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.kernel.Task;
import dev.flatland.memory.UserMemory;
import dev.flatland.net.RecvMsg;
import dev.flatland.net.SendMsg;
import dev.flatland.net.Socket;
import dev.flatland.net.SocketAbi;
import dev.flatland.net.Ucred;
import dev.flatland.vfs.OpenFile;
import java.util.ArrayList;
import java.util.List;

/**
 * sendmsg/recvmsg: struct msghdr (x86-64: name 0, namelen 8, iov 16, iovlen 24, control 32,
 * controllen 40, flags 48), the iovec gather/scatter and the control messages of net/core/scm.c
 * (__scm_send: SCM_RIGHTS and SCM_CREDENTIALS at SOL_SOCKET; put_cmsg and scm_detach_fds, which
 * truncate with MSG_CTRUNC and close the files that do not fit).
 */
final class SocketMessages {
    /** sizeof(struct cmsghdr): size_t cmsg_len, int cmsg_level, int cmsg_type. */
    static final int CMSG_HDR = 16;

    private SocketMessages() {
    }

    /** msg_iovlen: more than UIO_MAXIOV is EMSGSIZE (copy_msghdr_from_user). */
    private static int iovlen(UserMemory um, long msg) throws ErrnoException {
        long n = um.read64(msg + 24);
        if (Long.compareUnsigned(n, ReadWriteSyscalls.UIO_MAXIOV) > 0) {
            throw new ErrnoException(Errno.EMSGSIZE);
        }
        return (int) n;
    }

    static int cmsgAlign(int n) {
        return (n + 7) & ~7;
    }

    static long sendmsg(Task t, Socket s, long msg, int flags) throws ErrnoException {
        UserMemory um = t.userMemory();
        long name = um.read64(msg);
        int namelen = um.read32(msg + 8);
        long[] iov = ReadWriteSyscalls.iovecs(um, um.read64(msg + 16), iovlen(um, msg));
        long control = um.read64(msg + 32);
        long controllen = um.read64(msg + 40);
        byte[] to = name != 0 && namelen != 0 ? SocketSyscalls.addrIn(t, name, namelen) : null;
        if (controllen < 0 || controllen > Integer.MAX_VALUE) {
            throw new ErrnoException(Errno.ENOBUFS);
        }
        long total = 0;
        for (int i = 1; i < iov.length; i += 2) {
            total += iov[i];
        }
        byte[] data = new byte[(int) Math.min(total, ReadWriteSyscalls.MAX_CHUNK)];
        int done = 0;
        for (int i = 1; i < iov.length && done < data.length; i += 2) {
            int k = (int) Math.min(iov[i], data.length - done);
            um.copyIn(iov[i - 1], data, done, k);
            done += k;
        }
        List<OpenFile> rights = new ArrayList<>();
        Ucred[] cred = {null};
        try {
            parseControl(t, control, (int) controllen, rights, cred);
            OpenFile[] r = rights.isEmpty() ? null : rights.toArray(new OpenFile[0]);
            // the socket owns the files once sendmsg returns (a parked call has dropped or queued them)
            return s.sendmsg(new SendMsg(data, to, r, cred[0], flags), SocketSyscalls.caller(t));
        } catch (ErrnoException e) {
            for (OpenFile f : rights) {
                f.put();
            }
            throw e;
        }
    }

    /**
     * __scm_send: walks the cmsghdrs (CMSG_FIRSTHDR/CMSG_NXTHDR); a header shorter than 16 bytes or
     * longer than what is left is EINVAL; other levels are skipped; SCM_RIGHTS takes a reference on
     * each file (EBADF; more than SCM_MAX_FD in all is EINVAL); SCM_CREDENTIALS must be exactly a
     * ucred (EINVAL) naming the caller's own pid (another one needs privilege, EPERM, and must
     * exist, ESRCH); other types are EINVAL.
     */
    private static void parseControl(Task t, long control, int len, List<OpenFile> rights, Ucred[] cred)
            throws ErrnoException {
        UserMemory um = t.userMemory();
        int off = 0;
        while (len - off >= CMSG_HDR) {
            long clen = um.read64(control + off);
            int level = um.read32(control + off + 8);
            int type = um.read32(control + off + 12);
            if (clen < CMSG_HDR || clen > len - off) {
                throw new ErrnoException(Errno.EINVAL);
            }
            int dlen = (int) clen - CMSG_HDR;
            if (level == SocketAbi.SOL_SOCKET) {
                switch (type) {
                    case SocketAbi.SCM_RIGHTS -> {
                        int n = dlen / 4;
                        if (rights.size() + n > SocketAbi.SCM_MAX_FD) {
                            throw new ErrnoException(Errno.EINVAL);
                        }
                        for (int i = 0; i < n; i++) {
                            rights.add(t.fds().get(um.read32(control + off + CMSG_HDR + 4L * i)).get());
                        }
                    }
                    case SocketAbi.SCM_CREDENTIALS -> {
                        if (dlen != Ucred.SIZE) {
                            throw new ErrnoException(Errno.EINVAL);
                        }
                        long p = control + off + CMSG_HDR;
                        Ucred c = new Ucred(um.read32(p), um.read32(p + 4), um.read32(p + 8));
                        if (c.pid() != t.group().tgid()) {
                            // scm_check_creds: another pid needs CAP_SYS_ADMIN; then it must exist (ESRCH)
                            if (!t.group().credentials().privileged()) {
                                throw new ErrnoException(Errno.EPERM);
                            }
                            if (c.pid() <= 0 || t.kernel().processes().group(c.pid()) == null) {
                                throw new ErrnoException(Errno.ESRCH);
                            }
                        }
                        cred[0] = c;
                    }
                    default -> throw new ErrnoException(Errno.EINVAL);
                }
            }
            off += cmsgAlign((int) clen);
        }
    }

    static long recvmsg(Task t, Socket s, long msg, int flags) throws ErrnoException {
        UserMemory um = t.userMemory();
        long name = um.read64(msg);
        int namelen = um.read32(msg + 8);
        if (namelen < 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        long[] iov = ReadWriteSyscalls.iovecs(um, um.read64(msg + 16), iovlen(um, msg));
        long control = um.read64(msg + 32);
        long controllen = um.read64(msg + 40);
        long total = 0;
        for (int i = 1; i < iov.length; i += 2) {
            um.checkRange(iov[i - 1], iov[i]);
            total += iov[i];
        }
        RecvMsg r = s.recvmsg((int) Math.min(total, ReadWriteSyscalls.MAX_CHUNK), flags);
        if (r == null) {
            return 0;   // parked
        }
        int done = 0;
        for (int i = 1; i < iov.length && done < r.length(); i += 2) {
            int k = (int) Math.min(iov[i], r.length() - done);
            um.copyOut(iov[i - 1], r.data(), done, k);
            done += k;
        }
        int msgFlags = r.msgFlags() | (flags & SocketAbi.MSG_CMSG_CLOEXEC);
        if (name != 0 && namelen > 0 && r.addr() != null) {
            um.copyOut(name, r.addr(), 0, Math.min(namelen, r.addr().length));
        }
        um.write32(msg + 8, r.addr() == null ? 0 : r.addr().length);
        long used = 0;
        long room = controllen;
        if (r.cred() != null) {
            long[] res = putCmsg(um, control + used, room, SocketAbi.SCM_CREDENTIALS, r.cred().encode());
            used += res[0];
            room -= res[0];
            msgFlags |= (int) res[1];
        }
        if (r.rights() != null) {
            long[] res = detachFds(t, r.rights(), control + used, room, (flags & SocketAbi.MSG_CMSG_CLOEXEC) != 0);
            used += res[0];
            msgFlags |= (int) res[1];
        }
        um.write64(msg + 40, used);
        um.write32(msg + 48, msgFlags);
        return r.result();
    }

    /** put_cmsg: one SOL_SOCKET message; returns {bytes used, MSG_CTRUNC or 0}. */
    private static long[] putCmsg(UserMemory um, long at, long room, int type, byte[] data) throws ErrnoException {
        if (room < CMSG_HDR) {
            return new long[] {0, SocketAbi.MSG_CTRUNC};
        }
        int cmlen = CMSG_HDR + data.length;
        long trunc = 0;
        if (room < cmlen) {
            trunc = SocketAbi.MSG_CTRUNC;
            cmlen = (int) room;
        }
        um.write64(at, cmlen);
        um.write32(at + 8, SocketAbi.SOL_SOCKET);
        um.write32(at + 12, type);
        um.copyOut(at + CMSG_HDR, data, 0, cmlen - CMSG_HDR);
        return new long[] {Math.min(cmsgAlign(cmlen), room), trunc};
    }

    /**
     * scm_detach_fds: installs as many received files as the control buffer has room for (with
     * O_CLOEXEC for MSG_CMSG_CLOEXEC) in one SCM_RIGHTS message; the rest are closed, MSG_CTRUNC.
     */
    private static long[] detachFds(Task t, OpenFile[] files, long at, long room, boolean cloexec)
            throws ErrnoException {
        UserMemory um = t.userMemory();
        int fdmax = room < CMSG_HDR ? 0 : (int) Math.min((room - CMSG_HDR) / 4, files.length);
        int i = 0;
        try {
            for (; i < fdmax; i++) {
                int fd = t.fds().install(files[i], cloexec, 0);
                um.write32(at + CMSG_HDR + 4L * i, fd);
            }
        } catch (ErrnoException e) {
            // EMFILE: the files not installed are dropped, as Linux does, with MSG_CTRUNC
        }
        int installed = i;
        for (int k = installed; k < files.length; k++) {
            files[k].put();
        }
        long trunc = installed < files.length ? SocketAbi.MSG_CTRUNC : 0;
        if (installed == 0) {
            return new long[] {0, trunc};
        }
        int cmlen = CMSG_HDR + 4 * installed;
        um.write64(at, cmlen);
        um.write32(at + 8, SocketAbi.SOL_SOCKET);
        um.write32(at + 12, SocketAbi.SCM_RIGHTS);
        return new long[] {Math.min(cmsgAlign(cmlen), room), trunc};
    }

    /** recvfrom has no control buffer: received files are closed. */
    static void dropRights(RecvMsg r) {
        if (r.rights() != null) {
            for (OpenFile f : r.rights()) {
                f.put();
            }
        }
    }
}
