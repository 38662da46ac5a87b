package dev.flatland.net;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import java.util.HashMap;
import java.util.Map;

/** The families a kernel offers (net_families[]); boot registers the providers. */
public final class SocketRegistry {
    private final Map<Integer, SocketProvider> families = new HashMap<>();

    public void register(SocketProvider p) {
        families.put(p.family(), p);
    }

    /** The provider of {@code family}; EAFNOSUPPORT when none is registered (__sock_create). */
    public SocketProvider provider(int family) throws ErrnoException {
        SocketProvider p = family >= 0 && family < SocketAbi.AF_MAX ? families.get(family) : null;
        if (p == null) {
            throw new ErrnoException(Errno.EAFNOSUPPORT);
        }
        return p;
    }
}
