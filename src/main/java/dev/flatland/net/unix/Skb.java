package dev.flatland.net.unix;

import dev.flatland.net.Ucred;
import dev.flatland.vfs.OpenFile;

/**
 * One queued message (struct sk_buff with its unix_skb_parms): bytes not yet read from
 * {@code off}, the SCM_RIGHTS files it carries (until a reader takes them), the sender's
 * credentials and address, and the sender whose send buffer it is charged to (sk_wmem_alloc).
 */
final class Skb {
    final byte[] data;
    int off;
    OpenFile[] fds;
    final Ucred cred;
    final UnixAddress from;
    final UnixSocket sender;

    Skb(byte[] data, OpenFile[] fds, Ucred cred, UnixAddress from, UnixSocket sender) {
        this.data = data;
        this.fds = fds;
        this.cred = cred;
        this.from = from;
        this.sender = sender;
    }

    int remaining() {
        return data.length - off;
    }

    /** Drops the files nobody received (a purged queue, a discarded datagram). */
    void dropFds() {
        if (fds != null) {
            for (OpenFile f : fds) {
                f.put();
            }
            fds = null;
        }
    }

    /** Drops references to {@code files} (null for none). */
    static void drop(OpenFile[] files) {
        if (files != null) {
            for (OpenFile f : files) {
                f.put();
            }
        }
    }

    /** New references to the files, for MSG_PEEK (scm_fp_dup). */
    OpenFile[] dupFds() {
        if (fds == null) {
            return null;
        }
        OpenFile[] r = new OpenFile[fds.length];
        for (int i = 0; i < fds.length; i++) {
            r[i] = fds[i].get();
        }
        return r;
    }
}
