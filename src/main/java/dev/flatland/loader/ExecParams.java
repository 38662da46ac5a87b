package dev.flatland.loader;

import java.util.List;

/**
 * What execve hands the loader besides the image: the argument and environment strings (raw bytes,
 * without NULs), AT_EXECFN, AT_PLATFORM, AT_HWCAP, the 16 AT_RANDOM bytes and the credentials.
 */
public record ExecParams(List<byte[]> argv, List<byte[]> envp, byte[] execfn, String platform, long hwcap,
        byte[] random, int uid, int gid) {
    /** AT_EXECFN as text, for messages. */
    String execfnString() {
        return new String(execfn, java.nio.charset.StandardCharsets.UTF_8);
    }
}
