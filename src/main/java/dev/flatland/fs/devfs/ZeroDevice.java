package dev.flatland.fs.devfs;

import java.util.Arrays;

/** /dev/zero (1:5): reads give zero bytes, writes are discarded. */
final class ZeroDevice extends CharDevice {
    ZeroDevice(DevFs.Node node, int flags) {
        super(node, flags);
    }

    @Override
    public int read(byte[] b, int off, int len) {
        Arrays.fill(b, off, off + len, (byte) 0);
        return len;
    }

    @Override
    public int write(byte[] b, int off, int len) {
        return len;
    }
}
