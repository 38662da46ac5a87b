package dev.flatland.net;

import dev.flatland.abi.ErrnoException;

/** One address family (struct net_proto_family): creates its sockets. */
public interface SocketProvider {
    /** The AF_* number. */
    int family();

    /**
     * socket(2) for this family after the generic checks: {@code type} is the SOCK_* number without
     * flags, {@code fileFlags} O_NONBLOCK or 0. ESOCKTNOSUPPORT, EPROTONOSUPPORT.
     */
    Socket create(int type, int protocol, int fileFlags, Caller caller) throws ErrnoException;

    /** socketpair(2): two connected sockets; EOPNOTSUPP where the family has none. */
    Socket[] pair(int type, int protocol, int fileFlags, Caller caller) throws ErrnoException;
}
