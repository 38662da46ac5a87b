package dev.flatland.fs.devfs;

import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Stat;
import dev.flatland.vfs.OpenFile;

/**
 * An open character device: stat reports S_IFCHR 0666 root:root with the device number; reads
 * and writes ignore the position (pread/pwrite behave as read/write) and lseek leaves the
 * position at 0, as drivers/char/mem.c's null_lseek and noop_llseek answer.
 */
abstract class CharDevice extends OpenFile {
    private final DevFs.Node node;

    CharDevice(DevFs.Node node, int flags) {
        super(flags);
        this.node = node;
    }

    @Override
    public int pread(byte[] b, int off, int len, long pos) throws ErrnoException {
        return read(b, off, len);
    }

    @Override
    public int pwrite(byte[] b, int off, int len, long pos) throws ErrnoException {
        return write(b, off, len);
    }

    @Override
    public long seek(long offset, int whence) throws ErrnoException {
        return 0;
    }

    @Override
    public void sync() {
    }

    @Override
    public Stat stat() {
        return node.stat();
    }
}
