package dev.flatland.fs.devfs;

/** /dev/null (1:3): reads end at once, writes are discarded. */
final class NullDevice extends CharDevice {
    NullDevice(DevFs.Node node, int flags) {
        super(node, flags);
    }

    @Override
    public int read(byte[] b, int off, int len) {
        return 0;
    }

    @Override
    public int write(byte[] b, int off, int len) {
        return len;
    }
}
