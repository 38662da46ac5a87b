package dev.flatland.kernel;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Fcntl;
import dev.flatland.abi.SigInfo;
import dev.flatland.abi.Signal;
import dev.flatland.abi.Stat;
import dev.flatland.abi.Termbits;
import dev.flatland.memory.UserMemory;
import dev.flatland.vfs.OpenFile;
import dev.flatland.vfs.Poll;

/**
 * A Unix98 pseudo-terminal (drivers/tty/pty.c): the master end, opened through /dev/ptmx, and the
 * slave /dev/pts/N, a {@link Tty} whose line discipline receives what the master writes and whose
 * output (writes and echo, after OPOST) the master reads. The slave stays locked (open: EIO) until
 * TIOCSPTLCK clears the lock (unlockpt). When every slave fd is closed the master reads what is
 * queued and then EIO, and polls POLLHUP (TTY_OTHER_CLOSED); closing the master hangs the slave up
 * (reads 0, writes EIO) and sends SIGHUP and SIGCONT to the leader of the session it controls
 * (tty_signal_session_leader); its /dev/pts entry goes away.
 */
public final class Pty {
    /** include/uapi/asm-generic/ioctls.h: the pty ioctls. */
    static final int TIOCGPTN = 0x80045430;
    static final int TIOCSPTLCK = 0x40045431;
    static final int TIOCGPTLCK = 0x80045439;
    static final int TIOCSIG = 0x40045436;
    static final int TIOCGPTPEER = 0x5441;
    /** UNIX98_PTY_MAJOR_COUNT's first major: slaves are 136:N. */
    public static final int SLAVE_MAJOR = 136;
    /** The slave's writes wait while the master has this much unread (the tty buffer limit, roughly). */
    static final int MASTER_LIMIT = 64 * 1024;

    private final Kernel kernel;
    private final Ptys table;
    private final int index;
    private final Tty slave;
    /** What the master can read: the slave's output and echo. */
    private byte[] queue = new byte[4096];
    private int head;
    private int count;
    private boolean locked = true;
    private int slaveOpens;
    /** TTY_OTHER_CLOSED on the master: every slave fd was closed (not set before the first open). */
    private boolean slaveClosed;
    private boolean masterClosed;
    /** Wake-up counter of the master side (edge-triggered epoll). */
    private long seq;

    Pty(Kernel kernel, Ptys table, int index) {
        this.kernel = kernel;
        this.table = table;
        this.index = index;
        this.slave = Tty.forPty(kernel, this::fromSlave, this);
    }

    public int index() {
        return index;
    }

    Tty slave() {
        return slave;
    }

    boolean locked() {
        return locked;
    }

    boolean masterClosed() {
        return masterClosed;
    }

    /** The slave's output and echo, queued for the master. */
    private void fromSlave(byte[] b) {
        if (count + b.length > queue.length) {
            byte[] q = new byte[Math.max(queue.length * 2, count + b.length)];
            for (int i = 0; i < count; i++) {
                q[i] = queue[(head + i) % queue.length];
            }
            queue = q;
            head = 0;
        }
        for (byte x : b) {
            queue[(head + count++) % queue.length] = x;
        }
        seq++;
    }

    /** True when a slave write must wait for the master to read (false once the master is gone). */
    boolean masterFull() {
        return !masterClosed && count >= MASTER_LIMIT;
    }

    /** devpts inode attributes of /dev/pts/N: mode 0620, group tty (5), as distributions mount devpts. */
    public Stat slaveStat() {
        return new Stat(Ptys.DEVPTS_DEV, index + 3L, Stat.S_IFCHR | 0620, 1, Kernel.UID, 5,
                Stat.encodeDev(SLAVE_MAJOR, index), 0, 1024, 0, 0, 0, 0, 0, 0, 0);
    }

    /**
     * Opens the slave (pts_unix98_lookup + tty_open): EIO while locked; a session leader without
     * a controlling terminal acquires it unless O_NOCTTY (tty_open_proc_set_tty).
     */
    OpenFile openSlave(int flags) throws ErrnoException {
        if (masterClosed) {
            throw new ErrnoException(Errno.ENOENT);
        }
        if (locked) {
            throw new ErrnoException(Errno.EIO);
        }
        Task t = kernel.current();
        if ((flags & Fcntl.O_NOCTTY) == 0 && t != null) {
            ThreadGroup g = t.group();
            if (g.sessionLeader() && g.ctty() == null && slave.session() == 0) {
                slave.attachSession(t);
            }
        }
        return slave.open(flags & ~Fcntl.O_NOCTTY);
    }

    /** A new open file description of the slave (a /dev/pts/N or /dev/tty open). */
    void slaveOpened() {
        slaveOpens++;
        slaveClosed = false;
        seq++;
    }

    /** The last close of one slave open (called by the slave file's release). */
    void slaveReleased() {
        if (--slaveOpens == 0) {
            slaveClosed = true;
            seq++;
        }
    }

    /** Opens the master (ptmx_open): the pair starts locked. */
    OpenFile openMaster(int flags) {
        return new Master(flags);
    }

    /** The master end (struct file on /dev/ptmx). */
    private final class Master extends OpenFile {
        Master(int flags) {
            super(flags & ~Fcntl.O_NOCTTY);
        }

        @Override
        public int read(byte[] b, int off, int len) throws ErrnoException {
            if (len == 0) {
                return 0;
            }
            if (count == 0) {
                if (slaveClosed) {
                    throw new ErrnoException(Errno.EIO);
                }
                if ((flags() & Fcntl.O_NONBLOCK) != 0) {
                    throw new ErrnoException(Errno.EAGAIN);
                }
                Task t = kernel.current();
                if (t == null) {
                    throw new ErrnoException(Errno.EAGAIN);
                }
                kernel.scheduler().parkRestart(t, () -> count > 0 || slaveClosed, "pty " + index + " master (read)");
                return 0;
            }
            int n = Math.min(len, count);
            for (int i = 0; i < n; i++) {
                b[off + i] = queue[(head + i) % queue.length];
            }
            head = (head + n) % queue.length;
            count -= n;
            seq++;
            return n;
        }

        /** pty_write: the bytes are typed into the slave's line discipline (echo comes back here). */
        @Override
        public int write(byte[] b, int off, int len) {
            slave.receive(b, off, len);
            seq++;
            return len;
        }

        @Override
        public Stat stat() {
            return new Stat(Stat.encodeDev(0, 6), 2000 + index, Stat.S_IFCHR | 0666, 1, 0, 0,
                    Stat.encodeDev(5, 2), 0, 1024, 0, 0, 0, 0, 0, 0, 0);
        }

        @Override
        public boolean isTerminal() {
            return true;
        }

        @Override
        public String linkText() {
            return "/dev/ptmx";
        }

        @Override
        public void sync() {
        }

        /** n_tty_poll on the master: readable with queued output, hung up once the slave closed. */
        @Override
        public int poll() {
            int mask = Poll.POLLOUT | Poll.POLLWRNORM;
            if (count > 0) {
                mask |= Poll.POLLIN | Poll.POLLRDNORM;
            }
            if (slaveClosed) {
                mask |= Poll.POLLHUP;
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
        public long ioctl(int request, long arg, UserMemory um) throws ErrnoException {
            switch (request) {
                case TIOCGPTN -> um.write32(arg, index);
                case TIOCSPTLCK -> {
                    locked = um.read32(arg) != 0;
                }
                case TIOCGPTLCK -> um.write32(arg, locked ? 1 : 0);
                case TIOCSIG -> {
                    int sig = (int) arg;
                    if (sig != Signal.SIGINT && sig != Signal.SIGQUIT && sig != Signal.SIGTSTP) {   // pty_signal
                        throw new ErrnoException(Errno.EINVAL);
                    }
                    if (slave.foregroundPgrp() > 0) {
                        JobControl.signalProcessGroup(kernel, slave.foregroundPgrp(), sig);
                    }
                }
                case TIOCGPTPEER -> {
                    Task t = kernel.current();
                    if (t == null) {
                        throw new ErrnoException(Errno.EBADF);
                    }
                    OpenFile f = openSlave((int) arg);
                    f.setPath("/dev/pts/" + index);
                    try {
                        return t.group().fds().install(f, ((int) arg & Fcntl.O_CLOEXEC) != 0, 0);
                    } catch (ErrnoException e) {
                        f.put();
                        throw e;
                    }
                }
                case Termbits.FIONREAD -> um.write32(arg, count);
                case Fcntl.FIONBIO -> {
                    int on = um.read32(arg);
                    setStatusFlags(on != 0 ? flags() | Fcntl.O_NONBLOCK : flags() & ~Fcntl.O_NONBLOCK);
                }
                case Termbits.TIOCNOTTY, Termbits.TIOCSCTTY -> throw new ErrnoException(Errno.ENOTTY);
                default -> {
                    return slave.masterIoctl(request, arg, um);
                }
            }
            return 0;
        }

        /** pty_close of the master: the slave is hung up and the pty's number is free again. */
        @Override
        protected void release() {
            masterClosed = true;
            seq++;
            slave.hangup();
            table.remove(Pty.this);
        }
    }

    /** SIGHUP then SIGCONT to a process (tty_signal_session_leader's send_signal_locked pair). */
    static void hangupSignal(ThreadGroup g) {
        JobControl.signalProcess(g, SigInfo.of(Signal.SIGHUP, SigInfo.SI_KERNEL));
        JobControl.signalProcess(g, SigInfo.of(Signal.SIGCONT, SigInfo.SI_KERNEL));
    }
}
