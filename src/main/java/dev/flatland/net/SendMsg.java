package dev.flatland.net;

import dev.flatland.vfs.OpenFile;

/**
 * One sendmsg(2) request, decoded by the syscall layer: the gathered bytes, the destination address
 * (the raw sockaddr, or null), the SCM_RIGHTS files (each holding a reference the socket takes over
 * on success; null for none), SCM_CREDENTIALS (or null) and the MSG_* flags.
 */
public record SendMsg(byte[] data, byte[] addr, OpenFile[] rights, Ucred cred, int flags) {
}
