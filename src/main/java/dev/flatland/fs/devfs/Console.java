package dev.flatland.fs.devfs;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;

/**
 * /dev/tty (5:0): the host's controlling terminal, opened through the host's /dev/tty; without
 * one the open fails with ENXIO, as tty_open does for a process without a controlling terminal.
 */
final class Console extends CharDevice {
    private final FileInputStream in;
    private final FileOutputStream out;

    private Console(DevFs.Node node, int flags, FileInputStream in, FileOutputStream out) {
        super(node, flags);
        this.in = in;
        this.out = out;
    }

    static Console open(DevFs.Node node, int flags) throws ErrnoException {
        try {
            FileInputStream in = new FileInputStream("/dev/tty");
            FileOutputStream out;
            try {
                out = new FileOutputStream("/dev/tty");
            } catch (IOException e) {
                in.close();
                throw e;
            }
            return new Console(node, flags, in, out);
        } catch (IOException | SecurityException e) {
            throw new ErrnoException(Errno.ENXIO, "no controlling terminal");
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws ErrnoException {
        try {
            int n = in.read(b, off, len);
            return Math.max(n, 0);
        } catch (IOException e) {
            throw new ErrnoException(Errno.EIO, e.getMessage());
        }
    }

    @Override
    public int write(byte[] b, int off, int len) throws ErrnoException {
        try {
            out.write(b, off, len);
            return len;
        } catch (IOException e) {
            throw new ErrnoException(Errno.EIO, e.getMessage());
        }
    }

    @Override
    public boolean isTerminal() {
        return true;
    }

    @Override
    public long seek(long offset, int whence) throws ErrnoException {
        throw new ErrnoException(Errno.ESPIPE);
    }

    @Override
    protected void release() {
        try {
            in.close();
            out.close();
        } catch (IOException e) {
            // nothing buffered: closing a terminal reports nothing useful to the guest
        }
    }
}
