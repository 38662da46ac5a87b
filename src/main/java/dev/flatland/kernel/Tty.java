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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * A terminal (struct tty_struct) with the Java {@link LineDiscipline}: its session and foreground
 * process group, window size, and the job-control checks of drivers/tty/tty_jobctrl.c
 * (background reads get SIGTTIN, background writes with TOSTOP and termios changes get SIGTTOU).
 *
 * <p>Raw bytes typed on the host arrive on any thread through {@link #hostInput}; the kernel
 * thread feeds them to the line discipline ({@link #pump}) at every return to user mode, while a
 * reader waits and while a task sleeps, so ISIG characters become signals promptly. Output (writes
 * and echo) goes, after OPOST processing, to the host sink in order.
 */
public final class Tty {
    /** How often a task waiting for terminal input looks for host bytes (host time). */
    static final long POLL_NS = 10_000_000L;

    private final Kernel kernel;
    private final Consumer<byte[]> hostOut;
    private final OpenFile hostView;
    private final LineDiscipline ldisc;
    private final ConcurrentLinkedQueue<byte[]> typed = new ConcurrentLinkedQueue<>();
    private int session;
    private int pgrp;
    private final short[] winsize = new short[4];
    private long lastInputNs;
    private long inputSeq;
    /** The pseudo-terminal this is the slave of, or null for a terminal of the host. */
    private final Pty pty;
    /** Set by a hangup (tty_hung_up_p): reads end, writes and most ioctls fail with EIO. */
    private boolean hungUp;

    private Tty(Kernel kernel, Consumer<byte[]> hostOut, OpenFile hostView, Pty pty) {
        this.kernel = kernel;
        this.hostOut = hostOut;
        this.hostView = hostView;
        this.pty = pty;
        this.ldisc = new LineDiscipline(hostOut, this::signalForeground);
    }

    /**
     * The slave of {@code pty}: its output goes to {@code toMaster}; tty_std_termios and a 0x0
     * window, as pty_unix98_install leaves them. Not a host terminal: no typed input is pumped.
     */
    static Tty forPty(Kernel kernel, Consumer<byte[]> toMaster, Pty pty) {
        Tty t = new Tty(kernel, toMaster, null, pty);
        t.ldisc.cflag = Termbits.B38400 | Termbits.CS8 | Termbits.CREAD;   // pty_unix98_ops init_termios: no HUPCL
        return t;
    }

    /** Bytes written to the pty master: each is received by the line discipline, as if typed. */
    void receive(byte[] b, int off, int len) {
        for (int k = off; k < off + len; k++) {
            ldisc.receive(b[k]);
        }
        lastInputNs = kernel.clock().monotonicNs();
        inputSeq++;
    }

    /**
     * A terminal whose output goes to {@code hostOut}; {@code hostView} answers fstat and
     * /proc/PID/fd links (the host's own terminal); {@code termios} (36 bytes, or null for
     * tty_std_termios) and {@code rows}/{@code cols} are the initial settings.
     */
    public static Tty create(Kernel kernel, Consumer<byte[]> hostOut, OpenFile hostView, byte[] termios, int rows,
            int cols) {
        Tty t = new Tty(kernel, hostOut, hostView, null);
        if (termios != null && termios.length >= Termbits.TERMIOS_SIZE) {
            t.ldisc.decode(termios);
        }
        t.winsize[0] = (short) rows;
        t.winsize[1] = (short) cols;
        kernel.processes().addTerminal(t);
        return t;
    }

    /** A terminal not attached to any host (tests): output goes to {@code out}. */
    static Tty detached(Kernel kernel, Consumer<byte[]> out) {
        return create(kernel, out, null, null, 24, 80);
    }

    /** Makes this the controlling terminal of {@code leader}'s session, as a login would (TIOCSCTTY). */
    public void attachSession(Task leader) {
        ThreadGroup g = leader.group();
        session = g.sid();
        pgrp = g.pgid();
        g.setCtty(this);
    }

    /** Queues bytes typed on the host; safe from any thread. */
    public void hostInput(byte[] b) {
        if (b.length > 0) {
            typed.add(b.clone());
        }
    }

    /** Sets the window size as the host reports it; SIGWINCH goes to the foreground group on a change. */
    public void hostResize(int rows, int cols) {
        synchronized (winsize) {
            if (winsize[0] == rows && winsize[1] == cols) {
                return;
            }
            winsize[0] = (short) rows;
            winsize[1] = (short) cols;
            resized = true;
        }
    }

    private volatile boolean resized;

    /** Feeds typed bytes to the line discipline (kernel thread only). */
    void pump() {
        if (resized) {
            resized = false;
            signalForeground(Signal.SIGWINCH);
        }
        byte[] b;
        while ((b = typed.poll()) != null) {
            for (byte x : b) {
                ldisc.receive(x);
            }
            lastInputNs = kernel.clock().monotonicNs();
            inputSeq++;
        }
    }

    /** Pumps every terminal of the kernel. */
    static void pumpAll(Kernel k) {
        for (Tty t : k.processes().terminals()) {
            t.pump();
        }
    }

    /** True when a key typed at a terminal may still signal {@code g} (so a wait is no deadlock). */
    static boolean canInterrupt(Kernel k, ThreadGroup g) {
        for (Tty t : k.processes().terminals()) {
            if (t.ldisc.l(Termbits.ISIG) && t.pgrp == g.pgid()) {
                return true;
            }
        }
        return false;
    }

    /** The longest host sleep between checks for typed keys. */
    static long hostSleepSlice(Kernel k) {
        return k.processes().terminals().isEmpty() ? 100_000_000L : POLL_NS;
    }

    /** isig(): the signal goes to the foreground process group. */
    private void signalForeground(int sig) {
        if (pgrp > 0) {
            JobControl.signalProcessGroup(kernel, pgrp, sig);
        }
    }

    /** Opens this terminal (an fd of the first process, /dev/tty). */
    public OpenFile open(int flags) {
        return new File(flags);
    }

    /**
     * /dev/tty: the calling process's controlling terminal (tty_open_current_tty). ENXIO for a
     * process without one when Flatland owns the terminals; null when there are none (the caller
     * then falls back to the host's /dev/tty).
     */
    public static OpenFile openControlling(Kernel k, int flags) throws ErrnoException {
        return openControlling(k, flags, false);
    }

    /**
     * As {@link #openControlling(Kernel, int)}; {@code ptysUsed} says the guest made pseudo-terminals,
     * so Flatland owns terminals even without a host one (no fallback to the host's /dev/tty).
     */
    public static OpenFile openControlling(Kernel k, int flags, boolean ptysUsed) throws ErrnoException {
        Task t = k.current();
        Tty tty = t == null ? null : t.group().ctty();
        if (tty != null) {
            if (tty.hungUp) {
                throw new ErrnoException(Errno.EIO);
            }
            return tty.open(flags);
        }
        if (k.processes().terminals().isEmpty() && !ptysUsed) {
            return null;
        }
        throw new ErrnoException(Errno.ENXIO);
    }

    int session() {
        return session;
    }

    int foregroundPgrp() {
        return pgrp;
    }

    /** Feeds bytes as if typed (tests). */
    void type(String s) {
        hostInput(s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        pump();
    }

    /** True when {@code sig} is blocked or ignored by the caller (is_ignored in tty_jobctrl.c). */
    private static boolean ignoring(Task t, int sig) {
        if ((t.blocked() & Signal.bit(sig)) != 0) {
            return true;
        }
        return SignalDelivery.action(t, sig).handler() == Signal.SIG_IGN;
    }

    /**
     * __tty_check_change: a background process of this terminal's session gets {@code sig} sent to
     * its process group and the syscall restarts after the stop; EIO when the signal is ignored
     * for reads or the group is orphaned.
     */
    private void checkChange(Task t, int sig, boolean read) throws ErrnoException {
        ThreadGroup g = t.group();
        if (g.ctty() != this || pgrp == 0 || g.pgid() == pgrp) {
            return;
        }
        if (ignoring(t, sig)) {
            if (read) {
                throw new ErrnoException(Errno.EIO);
            }
            return;
        }
        if (JobControl.orphanedPgrp(kernel.processes(), g.pgid())) {
            throw new ErrnoException(Errno.EIO);
        }
        for (ThreadGroup m : JobControl.members(kernel.processes(), g.pgid())) {
            JobControl.signalProcess(m, SigInfo.of(sig, SigInfo.SI_KERNEL));
        }
        throw new ErrnoException(Errno.ERESTARTSYS);
    }

    /** One open of the terminal (struct file on a tty). */
    private final class File extends OpenFile {
        /** Set when a timed wait (VTIME) ran out: the restarted read returns what there is. */
        private boolean timedOut;

        File(int flags) {
            super(flags);
            if (pty != null) {
                pty.slaveOpened();
            }
        }

        @Override
        public boolean isTerminal() {
            return true;
        }

        @Override
        public Stat stat() throws ErrnoException {
            if (pty != null) {
                return pty.slaveStat();
            }
            if (hostView != null) {
                return hostView.stat();
            }
            return new Stat(0, 0, Stat.S_IFCHR | 0620, 1, Kernel.UID, Kernel.GID, Stat.encodeDev(136, 0), 0, 1024, 0, 0,
                    0, 0, 0, 0, 0);
        }

        @Override
        public String linkText() {
            if (pty != null) {
                return "/dev/pts/" + pty.index();
            }
            return hostView != null ? hostView.linkText() : "/dev/pts/0";
        }

        @Override
        public void sync() {
        }

        // Readiness for poll/select/epoll (n_tty_poll). These override the OpenFile poll API of the
        // vfs branch once it is merged; until then they are plain methods.

        /** POLLIN|POLLRDNORM when a read would not block; always POLLOUT|POLLWRNORM. */
        public int poll() {
            if (hungUp) {   // hung_up_tty_poll
                return Poll.POLLIN | Poll.POLLOUT | Poll.POLLERR | Poll.POLLHUP | Poll.POLLRDNORM | Poll.POLLWRNORM;
            }
            pump();
            boolean canon = ldisc.l(Termbits.ICANON);
            int vmin = ldisc.cc[Termbits.VMIN] & 0xff;
            int amt = (ldisc.cc[Termbits.VTIME] & 0xff) == 0 && vmin > 0 ? vmin : 1;   // input_available_p(tty, 1)
            boolean in = canon ? ldisc.readable(1) : ldisc.available() >= amt;
            return (in ? 0x1 | 0x40 : 0) | 0x4 | 0x100;
        }

        public boolean canPoll() {
            return true;
        }

        /** Typed input arrives from the host: a waiting poll must look again from time to time. */
        public boolean pollsHost() {
            return pty == null;
        }

        /** Changes whenever input arrived (edge-triggered epoll). */
        public long pollSeq() {
            return inputSeq;
        }

        @Override
        public int read(byte[] b, int off, int len) throws ErrnoException {
            if (hungUp) {
                return 0;   // hung_up_tty_read
            }
            pump();
            Task t = kernel.current();
            if (t != null) {
                checkChange(t, Signal.SIGTTIN, true);
            }
            if (len == 0) {
                return 0;
            }
            boolean canon = ldisc.l(Termbits.ICANON);
            int vmin = ldisc.cc[Termbits.VMIN] & 0xff;
            int vtime = ldisc.cc[Termbits.VTIME] & 0xff;
            int need = canon ? 1 : Math.min(Math.max(vmin, 1), len);
            boolean expired = timedOut;
            timedOut = false;
            if (canon ? ldisc.readable(1) : ldisc.available() >= need) {
                return ldisc.read(b, off, len);
            }
            if (!canon && (vmin == 0 && (vtime == 0 || expired) || vmin > 0 && vtime > 0 && expired)) {
                return ldisc.read(b, off, len);   // MIN 0 TIME 0 polls; an expired timer returns what there is
            }
            if ((flags() & Fcntl.O_NONBLOCK) != 0 || t == null) {
                throw new ErrnoException(Errno.EAGAIN);
            }
            long timerNs = canon || vtime == 0 ? 0 : vtime * 100_000_000L;
            waitForInput(t, need, canon, vmin, timerNs);
            return 0;
        }

        /**
         * Parks the reader until the read can complete, then restarts the syscall. VTIME is the
         * whole wait when VMIN is 0 and the gap since the last byte once one arrived otherwise.
         */
        private void waitForInput(Task t, int need, boolean canon, int vmin, long timerNs) {
            Clock clock = kernel.clock();
            long start = clock.monotonicNs();
            long nr = t.cpu().r[dev.flatland.cpu.CpuState.RAX];
            kernel.scheduler().park(t, new Blocker() {
                private long timerEnd() {
                    if (timerNs == 0) {
                        return NO_DEADLINE;
                    }
                    if (vmin == 0) {
                        return start + timerNs;
                    }
                    return ldisc.hasInput() ? Math.max(lastInputNs, start) + timerNs : NO_DEADLINE;
                }

                @Override
                public boolean ready() {
                    pump();
                    if (hungUp) {
                        return true;
                    }
                    if (canon ? ldisc.readable(1) : ldisc.available() >= need) {
                        return true;
                    }
                    if (clock.monotonicNs() - timerEnd() >= 0 && timerEnd() != NO_DEADLINE) {
                        timedOut = true;
                        return true;
                    }
                    return false;
                }

                @Override
                public long result() {
                    t.cpu().rip -= 2;
                    return nr;
                }

                @Override
                public Errno interruptedBy() {
                    return Errno.ERESTARTSYS;   // n_tty_read
                }

                @Override
                public long deadline() {
                    return pty != null ? timerEnd() : Math.min(timerEnd(), clock.monotonicNs() + POLL_NS);
                }

                @Override
                public String describe() {
                    return "terminal input";
                }
            });
        }

        @Override
        public int write(byte[] b, int off, int len) throws ErrnoException {
            if (hungUp) {
                throw new ErrnoException(Errno.EIO);   // hung_up_tty_write
            }
            Task t = kernel.current();
            if (t != null && ldisc.l(Termbits.TOSTOP)) {
                checkChange(t, Signal.SIGTTOU, false);
            }
            if (pty != null && pty.masterFull()) {
                if ((flags() & Fcntl.O_NONBLOCK) != 0 || t == null) {
                    throw new ErrnoException(Errno.EAGAIN);
                }
                kernel.scheduler().parkRestart(t, () -> !pty.masterFull() || hungUp, "pty " + pty.index() + " master reader");
                return 0;
            }
            byte[] out = ldisc.process(b, off, len);
            hostOut.accept(out);
            return len;
        }

        @Override
        public long ioctl(int request, long arg, UserMemory um) throws ErrnoException {
            if (hungUp) {   // hung_up_tty_ioctl
                throw new ErrnoException(request == Termbits.TIOCSPGRP ? Errno.ENOTTY : Errno.EIO);
            }
            return Tty.this.ioctl(this, request, arg, um, false);
        }

        @Override
        protected void release() {
            if (pty != null) {
                pty.slaveReleased();
            }
        }
    }

    /**
     * An ioctl on the pty master that tty_ioctl and tty_mode_ioctl apply to the slave (real_tty):
     * termios, window size, TIOCGPGRP/TIOCGSID without the controlling-terminal check.
     */
    long masterIoctl(int request, long arg, UserMemory um) throws ErrnoException {
        return ioctl(null, request, arg, um, true);
    }

    /**
     * Hangs the terminal up (__tty_hangup for a pty whose master closed): every process of its
     * session loses it as controlling terminal, the session leader gets SIGHUP and SIGCONT.
     */
    void hangup() {
        hungUp = true;
        inputSeq++;
        if (session != 0) {
            ProcessTree procs = kernel.processes();
            for (int tgid : procs.tgids()) {
                ThreadGroup x = procs.group(tgid);
                if (x == null || x.exited() || x.sid() != session) {
                    continue;
                }
                if (x.ctty() == this) {
                    x.setCtty(null);
                }
                if (x.sessionLeader()) {
                    Pty.hangupSignal(x);
                }
            }
        }
        session = 0;
        pgrp = 0;
    }

    /** The terminal ioctls (tty_ioctl, tty_mode_ioctl, tty_jobctrl_ioctl, n_tty_ioctl). */
    private long ioctl(OpenFile f, int request, long arg, UserMemory um, boolean fromMaster) throws ErrnoException {
        Task t = kernel.current();
        ThreadGroup g = t == null ? null : t.group();
        switch (request) {
            case Termbits.TCGETS -> um.copyOut(arg, ldisc.encode());
            case Termbits.TCSETS, Termbits.TCSETSW, Termbits.TCSETSF -> {
                byte[] img = um.copyIn(arg, Termbits.TERMIOS_SIZE);
                if (t != null && !fromMaster) {
                    checkChange(t, Signal.SIGTTOU, false);
                }
                if (request == Termbits.TCSETSF) {
                    ldisc.flushInput();
                }
                ldisc.decode(img);
            }
            case Termbits.TIOCGWINSZ -> {
                byte[] w = new byte[8];
                synchronized (winsize) {
                    for (int i = 0; i < 4; i++) {
                        w[2 * i] = (byte) winsize[i];
                        w[2 * i + 1] = (byte) (winsize[i] >> 8);
                    }
                }
                um.copyOut(arg, w);
            }
            case Termbits.TIOCSWINSZ -> {
                byte[] w = um.copyIn(arg, 8);
                boolean changed = false;
                synchronized (winsize) {
                    for (int i = 0; i < 4; i++) {
                        short v = (short) ((w[2 * i] & 0xff) | (w[2 * i + 1] & 0xff) << 8);
                        changed |= v != winsize[i];
                        winsize[i] = v;
                    }
                }
                if (changed) {
                    signalForeground(Signal.SIGWINCH);
                }
            }
            case Termbits.FIONREAD -> {
                pump();
                um.write32(arg, ldisc.available());
            }
            case Termbits.TIOCOUTQ -> um.write32(arg, 0);
            case Termbits.TCFLSH -> {
                int q = (int) arg;
                if (q < Termbits.TCIFLUSH || q > Termbits.TCIOFLUSH) {
                    throw new ErrnoException(Errno.EINVAL);
                }
                if (q != Termbits.TCOFLUSH) {
                    pump();
                    ldisc.flushInput();
                }
            }
            case Termbits.TCSBRK, Termbits.TCXONC -> {
                return 0;
            }
            case Fcntl.FIONBIO -> {
                if (f == null) {
                    throw new ErrnoException(Errno.ENOTTY);
                }
                int on = um.read32(arg);
                f.setStatusFlags(on != 0 ? f.flags() | Fcntl.O_NONBLOCK : f.flags() & ~Fcntl.O_NONBLOCK);
            }
            case Termbits.TIOCGPGRP -> {
                if (!fromMaster) {
                    requireCtty(g);
                }
                um.write32(arg, pgrp);
            }
            case Termbits.TIOCGSID -> {
                if (!fromMaster) {
                    requireCtty(g);
                }
                if (session == 0) {
                    throw new ErrnoException(Errno.ENOTTY);
                }
                um.write32(arg, session);
            }
            case Termbits.TIOCSPGRP -> setForeground(t, um.read32(arg));
            case Termbits.TIOCSCTTY -> setCtty(g, (int) arg);
            case Termbits.TIOCNOTTY -> noTty(g);
            default -> throw new ErrnoException(Errno.ENOTTY);
        }
        return 0;
    }

    private void requireCtty(ThreadGroup g) throws ErrnoException {
        if (g == null || g.ctty() != this || session == 0) {
            throw new ErrnoException(Errno.ENOTTY);
        }
    }

    /** tiocspgrp: the caller's controlling terminal, a group of the same session. */
    private void setForeground(Task t, int pg) throws ErrnoException {
        ThreadGroup g = t == null ? null : t.group();
        if (g != null) {
            checkChange(t, Signal.SIGTTOU, false);
        }
        if (g == null || g.ctty() != this || session != g.sid()) {
            throw new ErrnoException(Errno.ENOTTY);
        }
        if (pg < 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        var members = JobControl.members(kernel.processes(), pg);
        if (members.isEmpty()) {
            throw new ErrnoException(Errno.ESRCH);
        }
        if (members.get(0).sid() != g.sid()) {
            throw new ErrnoException(Errno.EPERM);
        }
        pgrp = pg;
    }

    /** tiocsctty: a session leader without a terminal takes this one if no other session has it. */
    private void setCtty(ThreadGroup g, int steal) throws ErrnoException {
        if (g == null) {
            throw new ErrnoException(Errno.EPERM);
        }
        if (g.sessionLeader() && session == g.sid() && g.ctty() == this) {
            return;
        }
        if (!g.sessionLeader() || g.ctty() != null) {
            throw new ErrnoException(Errno.EPERM);
        }
        if (session != 0 && sessionAlive(session)) {
            throw new ErrnoException(Errno.EPERM);   // stealing (arg 1) needs CAP_SYS_ADMIN
        }
        session = g.sid();
        pgrp = g.pgid();
        g.setCtty(this);
    }

    private boolean sessionAlive(int sid) {
        ProcessTree procs = kernel.processes();
        for (int tgid : procs.tgids()) {
            ThreadGroup x = procs.group(tgid);
            if (x != null && !x.exited() && x.sid() == sid) {
                return true;
            }
        }
        return false;
    }

    /**
     * TIOCNOTTY: a session leader gives the terminal up for its whole session (disassociate_ctty:
     * SIGHUP and SIGCONT to the foreground group); any other process only forgets it.
     */
    private void noTty(ThreadGroup g) throws ErrnoException {
        if (g == null || g.ctty() != this) {
            throw new ErrnoException(Errno.ENOTTY);
        }
        if (!g.sessionLeader()) {
            g.setCtty(null);
            return;
        }
        int fg = pgrp;
        ProcessTree procs = kernel.processes();
        for (int tgid : procs.tgids()) {
            ThreadGroup x = procs.group(tgid);
            if (x != null && x.sid() == g.sid() && x.ctty() == this) {
                x.setCtty(null);
            }
        }
        session = 0;
        pgrp = 0;
        if (fg > 0) {
            JobControl.signalProcessGroup(kernel, fg, Signal.SIGHUP);
            JobControl.signalProcessGroup(kernel, fg, Signal.SIGCONT);
        }
    }
}
