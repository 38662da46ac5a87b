package dev.flatland.net;

import dev.flatland.vfs.OpenFile;

/**
 * The result of one recvmsg(2): {@code length} bytes of {@code data} to scatter into the iovecs,
 * {@code result} the syscall's value (larger than length for MSG_TRUNC on a datagram),
 * {@code msgFlags} (MSG_TRUNC), the sender's raw sockaddr (null: msg_namelen 0), the received files
 * (references owned by the receiver; null for none) and the sender's credentials for SCM_CREDENTIALS
 * (null unless SO_PASSCRED is on).
 */
public record RecvMsg(byte[] data, int length, int result, int msgFlags, byte[] addr, OpenFile[] rights,
        Ucred cred) {
}
