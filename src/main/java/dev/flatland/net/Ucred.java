package dev.flatland.net;

/** struct ucred (SO_PEERCRED, SCM_CREDENTIALS): a process's pid and effective ids. */
public record Ucred(int pid, int uid, int gid) {
    /** 12 bytes: three ints. */
    public static final int SIZE = 12;
    /** cred_to_ucred with no credentials: pid 0, overflowuid/overflowgid. */
    public static final Ucred NONE = new Ucred(0, 65534, 65534);

    public byte[] encode() {
        byte[] b = new byte[SIZE];
        java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(pid).putInt(uid).putInt(gid);
        return b;
    }
}
