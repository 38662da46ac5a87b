/**
 * The socket SPI (net/socket.c): {@link dev.flatland.net.Socket} is the open file of a socket (a sockfs
 * inode: S_IFSOCK, "socket:[N]" in /proc/PID/fd) with the proto_ops verbs (bind, listen, accept,
 * connect, sendmsg, recvmsg, shutdown, getname, get/setsockopt); {@link dev.flatland.net.SocketProvider}
 * is one address family's net_proto_family (its create and socketpair); {@link dev.flatland.net.SocketRegistry}
 * maps family numbers to providers, filled in by boot. A socket blocks through the {@link dev.flatland.net.Waiter}
 * the kernel hands its provider (this package may not see the scheduler). Sockets never import each
 * other's families. {@link dev.flatland.net.SocketAbi} holds the UAPI numbers of linux/socket.h.
 */
package dev.flatland.net;
