package dev.flatland.fs.hostfs;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Fcntl;
import dev.flatland.abi.Stat;
import dev.flatland.memory.UserMemory;
import dev.flatland.vfs.OpenFile;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The host's stdin, stdout or stderr as a guest file. Writes go straight to the host fd
 * (unbuffered), so guest output interleaves with Flatland's own messages as a native run's would.
 */
public final class HostStdio extends OpenFile {
    private final int hostFd;
    private final FileInputStream in;
    private final FileOutputStream out;

    private HostStdio(int hostFd) {
        super(hostFd == 0 ? Fcntl.O_RDONLY : Fcntl.O_WRONLY);
        this.hostFd = hostFd;
        this.in = hostFd == 0 ? new FileInputStream(FileDescriptor.in) : null;
        this.out = hostFd == 1 ? new FileOutputStream(FileDescriptor.out)
                : hostFd == 2 ? new FileOutputStream(FileDescriptor.err) : null;
    }

    /** The host's fd 0, 1 or 2. */
    public static HostStdio of(int hostFd) {
        if (hostFd < 0 || hostFd > 2) {
            throw new IllegalArgumentException("not a standard fd: " + hostFd);
        }
        return new HostStdio(hostFd);
    }

    @Override
    public int read(byte[] b, int off, int len) throws ErrnoException {
        if (in == null) {
            throw new ErrnoException(Errno.EBADF);
        }
        if (len == 0) {
            return 0;
        }
        try {
            int n = in.read(b, off, len);
            return Math.max(n, 0);
        } catch (IOException e) {
            throw new ErrnoException(Errno.EIO, e.getMessage());
        }
    }

    @Override
    public int write(byte[] b, int off, int len) throws ErrnoException {
        if (out == null) {
            throw new ErrnoException(Errno.EBADF);
        }
        try {
            out.write(b, off, len);
            return len;
        } catch (IOException e) {
            String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
            throw new ErrnoException(m.contains("broken pipe") ? Errno.EPIPE : Errno.EIO, e.getMessage());
        }
    }

    /** fstat of the host fd through /proc/self/fd (Linux), else a character device. */
    @Override
    public Stat stat() throws ErrnoException {
        try {
            return HostStat.of(Path.of("/proc/self/fd/" + hostFd), true);
        } catch (ErrnoException e) {
            return new Stat(0, 0, Stat.S_IFCHR | 0620, 1, 0, 0, 0, 0, 1024, 0, 0, 0, 0, 0, 0, 0);
        }
    }

    /**
     * The host fd's readiness without blocking: the host's own poll(2) with a zero timeout
     * ({@link HostPoll}), which also sees a hung-up pipe. Without native access: output is always
     * writable; stdin is readable when the host has bytes buffered for it (available()), or always
     * when it is a regular file or a non-terminal character device (/dev/null), which never block;
     * the end of a host pipe is then not seen.
     */
    @Override
    public int poll() {
        int want = in != null ? dev.flatland.vfs.Poll.POLLIN | dev.flatland.vfs.Poll.POLLRDNORM
                : dev.flatland.vfs.Poll.POLLOUT | dev.flatland.vfs.Poll.POLLWRNORM;
        int host = HostPoll.revents(hostFd, want);
        if (host >= 0) {
            return host;
        }
        if (in == null) {
            return dev.flatland.vfs.Poll.POLLOUT | dev.flatland.vfs.Poll.POLLWRNORM;
        }
        try {
            if (in.available() > 0) {
                return dev.flatland.vfs.Poll.POLLIN | dev.flatland.vfs.Poll.POLLRDNORM;
            }
        } catch (IOException e) {
            return dev.flatland.vfs.Poll.POLLERR;
        }
        try {
            int type = stat().type();
            if (type == Stat.S_IFREG || type == Stat.S_IFCHR && !isTerminal()) {
                return dev.flatland.vfs.Poll.POLLIN | dev.flatland.vfs.Poll.POLLRDNORM;
            }
        } catch (ErrnoException e) {
            return dev.flatland.vfs.Poll.POLLERR;
        }
        return 0;
    }

    @Override
    public boolean canPoll() {
        return true;
    }

    @Override
    public boolean pollsHost() {
        return in != null;
    }

    @Override
    public boolean isTerminal() {
        return HostTerminal.isatty(hostFd);
    }

    @Override
    public long ioctl(int request, long arg, UserMemory um) throws ErrnoException {
        int size = switch (request) {
            case Fcntl.TCGETS -> Fcntl.TERMIOS_SIZE;
            case Fcntl.TIOCGWINSZ -> Fcntl.WINSIZE_SIZE;
            default -> -1;
        };
        if (size < 0 || !isTerminal()) {
            throw new ErrnoException(Errno.ENOTTY);
        }
        byte[] r = HostTerminal.ioctlRead(hostFd, request, size);
        if (r == null) {
            throw new ErrnoException(Errno.ENOTTY);
        }
        um.copyOut(arg, r);
        return 0;
    }

    /** The host's own /proc/self/fd link for this fd (a pipe, a terminal or a file), as a native run would see it. */
    @Override
    public String linkText() {
        try {
            return java.nio.file.Files.readSymbolicLink(Path.of("/proc/self/fd/" + hostFd)).toString();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }
}
