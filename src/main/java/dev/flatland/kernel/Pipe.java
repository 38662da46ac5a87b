package dev.flatland.kernel;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Fcntl;
import dev.flatland.abi.Stat;
import dev.flatland.vfs.OpenFile;

/**
 * An anonymous pipe (fs/pipe.c): a 64 KiB ring buffer (the default pipe size, 16 pages) with a
 * read end and a write end. Reading an empty pipe that still has writers, or writing a full pipe
 * that still has readers, parks the calling task and restarts the syscall when the other side
 * moves ({@link Scheduler#parkRestart}); O_NONBLOCK gives EAGAIN instead. Reading an empty pipe
 * without writers is end of file; writing without readers is EPIPE (the caller adds SIGPIPE).
 */
public final class Pipe {
    /** PIPE_DEF_BUFFERS * PAGE_SIZE. */
    public static final int CAPACITY = 16 * 4096;
    /** PIPE_BUF: writes up to this size are atomic. */
    public static final int PIPE_BUF = 4096;
    private static long nextIno = 1;

    private final Kernel kernel;
    private final byte[] buf = new byte[CAPACITY];
    private final long ino = nextIno++;
    private int head;
    private int count;
    private int readers;
    private int writers;
    /** Bumped by every read, write and close: the pipe's wait-queue wake-ups (for edge-triggered epoll). */
    private long seq;

    private Pipe(Kernel kernel) {
        this.kernel = kernel;
    }

    /** Creates a pipe; returns {read end, write end}. {@code flags} may hold O_NONBLOCK. */
    public static OpenFile[] create(Kernel kernel, int flags) {
        Pipe p = new Pipe(kernel);
        p.readers = 1;
        p.writers = 1;
        int nb = flags & Fcntl.O_NONBLOCK;
        return new OpenFile[] {p.new End(Fcntl.O_RDONLY | nb, false), p.new End(Fcntl.O_WRONLY | nb, true)};
    }

    private final class End extends OpenFile {
        private final boolean writeEnd;

        End(int flags, boolean writeEnd) {
            super(flags);
            this.writeEnd = writeEnd;
        }

        @Override
        public int read(byte[] b, int off, int len) throws ErrnoException {
            if (writeEnd) {
                throw new ErrnoException(Errno.EBADF);
            }
            if (len == 0) {
                return 0;
            }
            if (count == 0) {
                if (writers == 0) {
                    return 0;
                }
                if ((flags() & Fcntl.O_NONBLOCK) != 0) {
                    throw new ErrnoException(Errno.EAGAIN);
                }
                block(() -> count > 0 || writers == 0, "data in pipe:[" + ino + "] (read)");
                return 0;
            }
            int n = Math.min(len, count);
            for (int i = 0; i < n; i++) {
                b[off + i] = buf[(head + i) % CAPACITY];
            }
            head = (head + n) % CAPACITY;
            count -= n;
            seq++;
            return n;
        }

        @Override
        public int write(byte[] b, int off, int len) throws ErrnoException {
            if (!writeEnd) {
                throw new ErrnoException(Errno.EBADF);
            }
            if (readers == 0) {
                throw new ErrnoException(Errno.EPIPE);
            }
            if (len == 0) {
                return 0;
            }
            int space = CAPACITY - count;
            // Writes of at most PIPE_BUF bytes are atomic: they wait for room for all of them.
            if (space == 0 || len <= PIPE_BUF && space < len) {
                if ((flags() & Fcntl.O_NONBLOCK) != 0) {
                    throw new ErrnoException(Errno.EAGAIN);
                }
                int need = Math.min(len, PIPE_BUF);
                block(() -> CAPACITY - count >= need || readers == 0, "room in pipe:[" + ino + "] (write)");
                return 0;
            }
            int n = Math.min(len, space);
            int tail = (head + count) % CAPACITY;
            for (int i = 0; i < n; i++) {
                buf[(tail + i) % CAPACITY] = b[off + i];
            }
            count += n;
            seq++;
            return n;
        }

        private void block(java.util.function.BooleanSupplier ready, String what) throws ErrnoException {
            Task t = kernel.current();
            if (t == null) {
                throw new ErrnoException(Errno.EAGAIN);   // no task context (a kernel-internal caller)
            }
            kernel.scheduler().parkRestart(t, ready, what);
        }

        @Override
        public Stat stat() {
            return new Stat(0xc, ino, Stat.S_IFIFO | 0600, 1, Kernel.UID, Kernel.GID, 0, count, 4096, 0, 0, 0, 0, 0,
                    0, 0);
        }

        @Override
        public long ioctl(int request, long arg, dev.flatland.memory.UserMemory um) throws ErrnoException {
            if (request == 0x541b) {   // FIONREAD
                um.write32(arg, writeEnd ? 0 : count);
                return 0;
            }
            return super.ioctl(request, arg, um);
        }

        /**
         * pipe_poll: the read end is readable with data, hung up once no writer is left; the write
         * end is writable while a page of room is left (Linux: a free slot of the 16), and an error
         * once no reader is left.
         */
        @Override
        public int poll() {
            int mask = 0;
            if (writeEnd) {
                if (CAPACITY - count >= PIPE_BUF) {
                    mask |= dev.flatland.vfs.Poll.POLLOUT | dev.flatland.vfs.Poll.POLLWRNORM;
                }
                if (readers == 0) {
                    mask |= dev.flatland.vfs.Poll.POLLERR;
                }
            } else {
                if (count > 0) {
                    mask |= dev.flatland.vfs.Poll.POLLIN | dev.flatland.vfs.Poll.POLLRDNORM;
                }
                if (writers == 0) {
                    mask |= dev.flatland.vfs.Poll.POLLHUP;
                }
            }
            return mask;
        }

        @Override
        public boolean canPoll() {
            return true;
        }

        @Override
        public long pollSeq() {
            return seq;
        }

        @Override
        protected void release() {
            seq++;
            if (writeEnd) {
                writers--;
            } else {
                readers--;
            }
        }
    }
}
