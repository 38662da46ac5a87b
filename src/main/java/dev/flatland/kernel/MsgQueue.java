package dev.flatland.kernel;

import java.util.ArrayList;
import java.util.List;

/** One System V message queue (struct msg_queue, ipc/msg.c). The syscall layer does the checks. */
public final class MsgQueue extends IpcNamespace.IpcObject {
    /** MSGMAX, MSGMNB (include/uapi/linux/msg.h defaults). */
    public static final int MSGMAX = 8192;
    public static final int MSGMNB = 16384;

    /** One queued message (struct msg_msg). */
    public record Msg(long type, byte[] text) {
    }

    public final List<Msg> messages = new ArrayList<>();
    public long stime;
    public long rtime;
    public long cbytes;
    public long qbytes = MSGMNB;
    public int lspid;
    public int lrpid;

    /** msg_fits_inqueue: both the byte count and the message count (one per byte) within q_qbytes. */
    public boolean fits(long size) {
        return size + cbytes <= qbytes && 1 + messages.size() <= qbytes;
    }

    public void append(Msg m) {
        messages.add(m);
        cbytes += m.text.length;
    }

    public void removeMsg(Msg m) {
        messages.remove(m);
        cbytes -= m.text.length;
    }
}
