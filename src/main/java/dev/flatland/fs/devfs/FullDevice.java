package dev.flatland.fs.devfs;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import java.util.Arrays;

/** /dev/full (1:7): reads give zero bytes, writes fail with ENOSPC (write_full). */
final class FullDevice extends CharDevice {
    FullDevice(DevFs.Node node, int flags) {
        super(node, flags);
    }

    @Override
    public int read(byte[] b, int off, int len) {
        Arrays.fill(b, off, off + len, (byte) 0);
        return len;
    }

    @Override
    public int write(byte[] b, int off, int len) throws ErrnoException {
        throw new ErrnoException(Errno.ENOSPC);
    }
}
