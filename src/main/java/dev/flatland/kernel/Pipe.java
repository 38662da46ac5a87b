package dev.flatland.kernel;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Fcntl;
import dev.flatland.abi.Stat;
import dev.flatland.vfs.OpenFile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An anonymous pipe (fs/pipe.c): a 64 KiB ring buffer (the default pipe size, 16 pages) with a
 * read end and a write end. Reading an empty pipe that still has writers, or writing a full pipe
 * that still has readers, parks the calling task and restarts the syscall when the other side
 * moves ({@link Scheduler#parkRestart}); O_NONBLOCK gives EAGAIN instead. Reading an empty pipe
 * without writers is end of file; writing without readers is EPIPE (the caller adds SIGPIPE).
 */
public final class Pipe {
    /** PIPE_DEF_BUFFERS * PAGE_SIZE: the size of a new pipe. */
    public static final int CAPACITY = 16 * 4096;
    /** /proc/sys/fs/pipe-max-size: the largest F_SETPIPE_SZ without CAP_SYS_RESOURCE. */
    public static final int PIPE_MAX_SIZE = 1 << 20;
    /** PIPE_BUF: writes up to this size are atomic. */
    public static final int PIPE_BUF = 4096;
    private static long nextIno = 1;

    private final Kernel kernel;
    /** The ring's storage: grows on demand up to {@link #capacity} (F_SETPIPE_SZ may ask for 2 GiB). */
    private byte[] buf = new byte[4096];
    /** pipe->max_usage * PAGE_SIZE: how many bytes the pipe holds. */
    private long capacity = CAPACITY;
    /** pipe->r_counter and w_counter: read and write opens so far (a FIFO opener waits for one to change). */
    private long rCounter;
    private long wCounter;
    /** The FIFO's registry entry, or null for an anonymous pipe. */
    private Fifo fifo;
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
        return new OpenFile[] {p.new End(Fcntl.O_RDONLY | nb, true, false), p.new End(Fcntl.O_WRONLY | nb, false, true)};
    }

    /** The ring's size in bytes (pipe->max_usage pages), for F_GETPIPE_SZ; EBADF when {@code f} is no pipe or FIFO. */
    public static long size(OpenFile f) throws ErrnoException {
        if (!(f instanceof End e)) {
            throw new ErrnoException(Errno.EBADF);
        }
        return e.pipe().capacity;
    }

    /**
     * F_SETPIPE_SZ (pipe_set_size): the size becomes the request rounded up to a power of two
     * pages, at least one page; EINVAL above 2^31, EPERM above {@link #PIPE_MAX_SIZE} without
     * CAP_SYS_RESOURCE ({@code privileged}), EBUSY when the data held does not fit. Returns the size.
     */
    public static long setSize(OpenFile f, long arg, boolean privileged) throws ErrnoException {
        if (!(f instanceof End e)) {
            throw new ErrnoException(Errno.EBADF);
        }
        Pipe p = e.pipe();
        long req = arg & 0xffffffffL;   // the argument is an unsigned int
        if (req > (1L << 31)) {
            throw new ErrnoException(Errno.EINVAL);
        }
        long size = req <= 4096 ? 4096 : Long.highestOneBit(req - 1) << 1;
        if (size > p.capacity && size > PIPE_MAX_SIZE && !privileged) {
            throw new ErrnoException(Errno.EPERM);
        }
        if (p.count > size) {
            throw new ErrnoException(Errno.EBUSY);
        }
        p.capacity = size;
        p.seq++;
        return size;
    }

    // ---------------------------------------------------------------- splice, tee, vmsplice

    /** get_pipe_info: the pipe behind a pipe or FIFO end, or null for any other file. */
    public static Pipe of(OpenFile f) {
        return f instanceof End e ? e.pipe() : null;
    }

    /** The bytes held. */
    public int count() {
        return count;
    }

    /** The bytes that still fit (pipe->max_usage pages less what is held). */
    public long room() {
        return capacity - count;
    }

    /** The open read ends. */
    public int readers() {
        return readers;
    }

    /** The open write ends. */
    public int writers() {
        return writers;
    }

    /** Copies the first {@code n} bytes held (at most {@link #count()}) without taking them (tee). */
    public byte[] peek(int n) {
        byte[] b = new byte[Math.min(n, count)];
        for (int i = 0; i < b.length; i++) {
            b[i] = buf[(head + i) % buf.length];
        }
        return b;
    }

    /** Takes the first {@code n} bytes held (at most {@link #count()}). */
    public byte[] take(int n) {
        byte[] b = peek(n);
        head = (head + b.length) % buf.length;
        count -= b.length;
        seq++;
        return b;
    }

    /** Appends {@code len} bytes of {@code b}; the caller checked {@link #room()}. */
    public void append(byte[] b, int off, int len) {
        ensureRoom(count + len);
        int tail = (head + count) % buf.length;
        for (int i = 0; i < len; i++) {
            buf[(tail + i) % buf.length] = b[off + i];
        }
        count += len;
        seq++;
    }

    /** "pipe:[ino]" for wait descriptions. */
    public String describe() {
        return "pipe:[" + ino + "]";
    }

    /** Grows the ring's storage to hold {@code need} bytes, keeping the data in order from index 0. */
    private void ensureRoom(int need) {
        if (need <= buf.length) {
            return;
        }
        int n = (int) Math.min(Math.max(need, 2L * buf.length), Integer.MAX_VALUE - 8);
        byte[] nb = new byte[n];
        for (int i = 0; i < count; i++) {
            nb[i] = buf[(head + i) % buf.length];
        }
        buf = nb;
        head = 0;
    }

    private final class End extends OpenFile {
        private final boolean readEnd;
        private final boolean writeEnd;
        /** A FIFO opened O_RDONLY|O_NONBLOCK with no writer: no POLLHUP until a writer has opened (f_pipe). */
        private final long hupAfterWriters;

        End(int flags, boolean readEnd, boolean writeEnd) {
            this(flags, readEnd, writeEnd, -1);
        }

        End(int flags, boolean readEnd, boolean writeEnd, long hupAfterWriters) {
            super(flags);
            this.readEnd = readEnd;
            this.writeEnd = writeEnd;
            this.hupAfterWriters = hupAfterWriters;
        }

        Pipe pipe() {
            return Pipe.this;
        }

        @Override
        public int read(byte[] b, int off, int len) throws ErrnoException {
            if (!readEnd) {
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
                b[off + i] = buf[(head + i) % buf.length];
            }
            head = (head + n) % buf.length;
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
            int space = (int) Math.min(capacity - count, Integer.MAX_VALUE);
            // Writes of at most PIPE_BUF bytes are atomic: they wait for room for all of them.
            if (space == 0 || len <= PIPE_BUF && space < len) {
                if ((flags() & Fcntl.O_NONBLOCK) != 0) {
                    throw new ErrnoException(Errno.EAGAIN);
                }
                int need = Math.min(len, PIPE_BUF);
                block(() -> capacity - count >= Math.min(need, capacity) || readers == 0,
                        "room in pipe:[" + ino + "] (write)");
                return 0;
            }
            int n = Math.min(len, space);
            ensureRoom(count + n);
            int tail = (head + count) % buf.length;
            for (int i = 0; i < n; i++) {
                buf[(tail + i) % buf.length] = b[off + i];
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
        public Stat stat() throws ErrnoException {
            if (fifo != null) {
                return fifo.node.get();
            }
            return new Stat(0xc, ino, Stat.S_IFIFO | 0600, 1, Kernel.UID, Kernel.GID, 0, count, 4096, 0, 0, 0, 0, 0,
                    0, 0);
        }

        @Override
        public long ioctl(int request, long arg, dev.flatland.memory.UserMemory um) throws ErrnoException {
            if (request == 0x541b) {   // FIONREAD
                um.write32(arg, readEnd ? count : 0);
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
                if (capacity - count >= Math.min(PIPE_BUF, capacity)) {
                    mask |= dev.flatland.vfs.Poll.POLLOUT | dev.flatland.vfs.Poll.POLLWRNORM;
                }
                if (readers == 0) {
                    mask |= dev.flatland.vfs.Poll.POLLERR;
                }
            }
            if (readEnd) {
                if (count > 0) {
                    mask |= dev.flatland.vfs.Poll.POLLIN | dev.flatland.vfs.Poll.POLLRDNORM;
                }
                if (writers == 0 && wCounter != hupAfterWriters) {
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
            }
            if (readEnd) {
                readers--;
            }
            if (fifo != null && readers == 0 && writers == 0) {
                fifo.registry.remove(fifo.key);   // put_pipe_info: the FIFO's buffered data goes with its pipe
            }
        }
    }

    /** A FIFO's pipe in the registry of its kernel, with the inode it belongs to. */
    private record Fifo(Map<List<Long>, Pipe> registry, List<Long> key, dev.flatland.vfs.FifoOpener.Node node) {
    }

    /** The kernel's {@link dev.flatland.vfs.FifoOpener}: {@link #openFifo} for this kernel. */
    public static dev.flatland.vfs.FifoOpener fifoOpener(Kernel kernel) {
        return (st, node, flags) -> openFifo(kernel, st, node, flags);
    }

    /** Each kernel's FIFO pipes by (st_dev, st_ino): one pipe per FIFO inode while it is open. */
    private static final Map<Kernel, Map<List<Long>, Pipe>> FIFOS = new java.util.WeakHashMap<>();

    /**
     * fifo_open: opens the FIFO inode {@code st} ({@code node} gives its current attributes). A
     * read-only open waits for a writer to open and a write-only open for a reader, unless one is
     * there (O_RDWR never waits). O_NONBLOCK: the reader does not wait, the writer fails ENXIO
     * without a reader. A wait parks the calling task; the open then completes when the partner
     * arrives: the descriptor is installed at wake-up and null is returned now (the syscall's
     * result is written then). A signal ends the wait (EINTR) and undoes the open.
     */
    public static OpenFile openFifo(Kernel kernel, Stat st, dev.flatland.vfs.FifoOpener.Node node, int flags) throws ErrnoException {
        Map<List<Long>, Pipe> registry;
        synchronized (FIFOS) {
            registry = FIFOS.computeIfAbsent(kernel, k -> new HashMap<>());
        }
        List<Long> key = List.of(st.dev(), st.ino());
        Pipe p = registry.get(key);
        if (p == null) {
            p = new Pipe(kernel);
            p.fifo = new Fifo(registry, key, node);
            registry.put(key, p);
        }
        int acc = flags & Fcntl.O_ACCMODE;
        boolean nonblock = (flags & Fcntl.O_NONBLOCK) != 0;
        int fileFlags = flags & ~(Fcntl.O_CREAT | Fcntl.O_EXCL | Fcntl.O_TRUNC | Fcntl.O_NOCTTY);
        switch (acc) {
            case Fcntl.O_RDONLY -> {
                p.rCounter++;
                p.readers++;
                p.seq++;
                if (p.writers == 0) {
                    if (nonblock) {
                        return p.new End(fileFlags, true, false, p.wCounter);
                    }
                    return p.waitForPartner(p.new End(fileFlags, true, false), true, flags);
                }
                return p.new End(fileFlags, true, false);
            }
            case Fcntl.O_WRONLY -> {
                if (nonblock && p.readers == 0) {
                    if (p.writers == 0) {
                        registry.remove(key);
                    }
                    throw new ErrnoException(Errno.ENXIO);
                }
                p.wCounter++;
                p.writers++;
                p.seq++;
                if (p.readers == 0) {
                    return p.waitForPartner(p.new End(fileFlags, false, true), false, flags);
                }
                return p.new End(fileFlags, false, true);
            }
            default -> {
                p.readers++;
                p.writers++;
                p.rCounter++;
                p.wCounter++;
                p.seq++;
                return p.new End(fileFlags, true, true);
            }
        }
    }

    /** wait_for_partner: parks until the other side's open counter moves; installs {@code end} then. */
    private OpenFile waitForPartner(End end, boolean reader, int flags) throws ErrnoException {
        Task t = kernel.current();
        if (t == null) {
            end.put();
            throw new ErrnoException(Errno.EAGAIN);
        }
        long snap = reader ? wCounter : rCounter;
        kernel.scheduler().park(t, new Blocker() {
            @Override
            public boolean ready() {
                return (reader ? wCounter : rCounter) != snap;
            }

            @Override
            public long result() {
                try {
                    return t.fds().install(end, (flags & Fcntl.O_CLOEXEC) != 0, 0);
                } catch (ErrnoException e) {
                    end.put();
                    return -e.errno().number();
                }
            }

            @Override
            public void cancel() {
                end.put();   // err_rd / err_wr: the half-done open goes away
            }

            @Override
            public Errno interruptedBy() {
                return Errno.ERESTARTSYS;   // fifo_open: restarted after a SA_RESTART handler, else EINTR
            }

            @Override
            public String describe() {
                return "FIFO " + (reader ? "writer" : "reader") + " (open of inode " + fifo.key.get(1) + ")";
            }
        });
        return null;
    }
}
