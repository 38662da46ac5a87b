package dev.flatland.fs.devfs;

import java.util.function.Consumer;

/**
 * /dev/random (1:8) and /dev/urandom (1:9): reads come from the kernel's seeded generator (the
 * one getrandom(2) uses, so --seed makes them reproducible); writes are accepted and ignored, as
 * Linux mixes them into the pool without crediting entropy.
 */
final class RandomDevice extends CharDevice {
    private final Consumer<byte[]> random;

    RandomDevice(DevFs.Node node, int flags, Consumer<byte[]> random) {
        super(node, flags);
        this.random = random;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        byte[] r = new byte[len];
        random.accept(r);
        System.arraycopy(r, 0, b, off, len);
        return len;
    }

    @Override
    public int write(byte[] b, int off, int len) {
        return len;
    }
}
