/**
 * AF_UNIX sockets in the kernel (net/unix/af_unix.c): stream, datagram and seqpacket sockets,
 * socketpair, names in the abstract namespace (a leading NUL) and in the file system (an S_IFSOCK
 * node made with {@code Vfs.mknod}; connect finds the socket by the node's device and inode
 * number), listen/accept with a backlog of embryo sockets that are connected as soon as connect
 * returns, SCM_RIGHTS (open files travel with the bytes) and SCM_CREDENTIALS, shutdown, SO_PEERCRED
 * and the readiness of unix_poll/unix_dgram_poll. Key types: {@link dev.flatland.net.unix.UnixSockets}
 * (the public facade: the provider and the per-kernel name tables), {@code UnixSocket} (one
 * struct unix_sock), {@code UnixStream} and {@code UnixDgram} (the two sendmsg/recvmsg families),
 * {@code Skb} (one queued message), {@code UnixAddress} (struct unix_address).
 *
 * <p>Everything runs on the kernel's one thread: no locks. Blocking goes through the provider's
 * {@link dev.flatland.net.Waiter}.
 */
package dev.flatland.net.unix;
