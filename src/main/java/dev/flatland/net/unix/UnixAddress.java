package dev.flatland.net.unix;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.net.SocketAbi;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A unix socket name (struct unix_address): the sockaddr_un bytes it was bound with. A file-system
 * name keeps the path as given (getsockname shows it unresolved) and its length counts one NUL
 * (unix_mkname_bsd); an abstract name is the exact bytes after sun_family, starting with NUL.
 */
record UnixAddress(byte[] sunPath, boolean isAbstract) {
    /** offsetof(struct sockaddr_un, sun_path). */
    static final int SUN_PATH_OFFSET = 2;
    /** sizeof(struct sockaddr_un). */
    static final int SOCKADDR_UN_SIZE = 110;

    /**
     * unix_validate_addr and the name parse: EINVAL for a length outside (2, 110] or another family.
     * A file-system name ends at the first NUL inside the length.
     */
    static UnixAddress parse(byte[] sa) throws ErrnoException {
        if (sa.length <= SUN_PATH_OFFSET || sa.length > SOCKADDR_UN_SIZE || family(sa) != SocketAbi.AF_UNIX) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (sa[SUN_PATH_OFFSET] == 0) {
            return new UnixAddress(Arrays.copyOfRange(sa, SUN_PATH_OFFSET, sa.length), true);
        }
        int end = SUN_PATH_OFFSET;
        while (end < sa.length && sa[end] != 0) {
            end++;
        }
        return new UnixAddress(Arrays.copyOfRange(sa, SUN_PATH_OFFSET, end), false);
    }

    static int family(byte[] sa) {
        return sa.length < 2 ? -1 : (sa[0] & 0xff) | (sa[1] & 0xff) << 8;
    }

    /** The sockaddr_un of an unnamed socket: the family alone (length 2). */
    static byte[] unnamed() {
        return new byte[] {SocketAbi.AF_UNIX, 0};
    }

    /** The sockaddr_un getsockname/recvfrom return: family, the name, and a NUL after a path. */
    byte[] encode() {
        int n = SUN_PATH_OFFSET + sunPath.length + (isAbstract ? 0 : 1);
        byte[] b = new byte[n];
        b[0] = SocketAbi.AF_UNIX;
        System.arraycopy(sunPath, 0, b, SUN_PATH_OFFSET, sunPath.length);
        return b;
    }

    /** The file-system path (for a non-abstract name). */
    String path() {
        return new String(sunPath, StandardCharsets.UTF_8);
    }

    /** The abstract-namespace key. */
    String key() {
        return new String(sunPath, StandardCharsets.ISO_8859_1);
    }
}
