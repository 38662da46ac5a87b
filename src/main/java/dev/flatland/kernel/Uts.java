package dev.flatland.kernel;

/**
 * The kernel's UTS names that a guest may change (include/linux/utsname.h, kernel/sys.c):
 * the node name (sethostname, uname's nodename, /proc/sys/kernel/hostname) and the NIS domain
 * name (setdomainname). One set per kernel: Flatland has no UTS namespaces.
 */
public final class Uts {
    /** __NEW_UTS_LEN: the longest name, without its NUL. */
    public static final int NEW_UTS_LEN = 64;

    private byte[] nodename = "flatland".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private byte[] domainname = "(none)".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    public byte[] nodename() {
        return nodename.clone();
    }

    public byte[] domainname() {
        return domainname.clone();
    }

    /** The name up to its first NUL, at most NEW_UTS_LEN bytes (the caller checks the length). */
    public void setNodename(byte[] name) {
        nodename = untilNul(name);
    }

    public void setDomainname(byte[] name) {
        domainname = untilNul(name);
    }

    private static byte[] untilNul(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return java.util.Arrays.copyOf(b, n);
    }
}
