package dev.flatland.syscall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatland.abi.Errno;
import dev.flatland.abi.Signal;
import dev.flatland.abi.Sysno;
import dev.flatland.kernel.PidFd;
import org.junit.jupiter.api.Test;

/**
 * pidfd_open, pidfd_send_signal, pidfd_getfd and waitid(P_PIDFD) on the calling process. Expected
 * values were measured on Linux 6.18 x86-64 with guest/musl/pidfd.c (run natively: its lines
 * "open(self, 1): EINVAL", "waitid(P_PIDFD self): ECHILD", "getfd(flags 1): EINVAL" and so on); the
 * child-process cases (exit, zombie, reaped, EAGAIN) are in that guest test.
 */
class PidfdSyscallsTest {
    private static final long O_NONBLOCK = 04000;
    private static final int F_GETFD = 1;
    private static final int F_GETFL = 3;
    private static final int P_PIDFD = 3;
    private static final int WEXITED = 4;

    static long err(Errno e) {
        return -e.number();
    }

    @Test
    void pidfdOpenChecksFlagsThenPid() {
        GuestFixture g = new GuestFixture();
        long pid = g.call(Sysno.GETPID);
        assertEquals(err(Errno.EINVAL), g.call(Sysno.PIDFD_OPEN, pid, 1));
        assertEquals(err(Errno.EINVAL), g.call(Sysno.PIDFD_OPEN, pid, ~O_NONBLOCK & 0xffffffffL));
        assertEquals(err(Errno.EINVAL), g.call(Sysno.PIDFD_OPEN, 0, 0));
        assertEquals(err(Errno.EINVAL), g.call(Sysno.PIDFD_OPEN, -1, 0));
        assertEquals(err(Errno.EINVAL), g.call(Sysno.PIDFD_OPEN, 0, 1));
        assertEquals(err(Errno.ESRCH), g.call(Sysno.PIDFD_OPEN, 0x7fffffff, 0));
    }

    @Test
    void aPidfdIsCloseOnExecReadWriteAndNotReadableWhileTheProcessLives() throws Exception {
        GuestFixture g = new GuestFixture();
        long pid = g.call(Sysno.GETPID);
        long fd = g.call(Sysno.PIDFD_OPEN, pid, 0);
        assertTrue(fd >= 0);
        assertSame(g.task.group(), ((PidFd) g.task.fds().get((int) fd)).group());
        assertEquals(1, g.call(Sysno.FCNTL, fd, F_GETFD));               // FD_CLOEXEC
        assertEquals(2, g.call(Sysno.FCNTL, fd, F_GETFL) & 3);           // O_RDWR
        assertEquals(0, g.call(Sysno.FCNTL, fd, F_GETFL) & O_NONBLOCK);
        // poll({fd, POLLIN}, 1, 0) = 0 with revents 0 (native: "poll(self) revents=0")
        g.kernel.memory().write32(g.scratch, (int) fd);
        g.kernel.memory().write32(g.scratch + 4, 1);
        assertEquals(0, g.call(Sysno.POLL, g.scratch, 1, 0));
        assertEquals(0, g.kernel.memory().read16(g.scratch + 6));
        long nb = g.call(Sysno.PIDFD_OPEN, pid, O_NONBLOCK);
        assertEquals(O_NONBLOCK, g.call(Sysno.FCNTL, nb, F_GETFL) & O_NONBLOCK);
    }

    @Test
    void pidfdSendSignalChecksFlagsThenTheFdThenTheSignal() {
        GuestFixture g = new GuestFixture();
        long fd = g.call(Sysno.PIDFD_OPEN, g.call(Sysno.GETPID), 0);
        assertEquals(err(Errno.EINVAL), g.call(Sysno.PIDFD_SEND_SIGNAL, fd, 0, 0, 8));
        assertEquals(err(Errno.EINVAL), g.call(Sysno.PIDFD_SEND_SIGNAL, fd, 0, 0, 3));
        assertEquals(err(Errno.EINVAL), g.call(Sysno.PIDFD_SEND_SIGNAL, -1, 0, 0, 8));   // flags first
        assertEquals(err(Errno.EBADF), g.call(Sysno.PIDFD_SEND_SIGNAL, -1, 0, 0, 0));
        assertEquals(err(Errno.EBADF), g.call(Sysno.PIDFD_SEND_SIGNAL, 1, 0, 0, 0));    // not a pidfd
        assertEquals(err(Errno.EINVAL), g.call(Sysno.PIDFD_SEND_SIGNAL, fd, 65, 0, 0));
        assertEquals(err(Errno.EINVAL), g.call(Sysno.PIDFD_SEND_SIGNAL, fd, -1, 0, 0));
        assertEquals(0, g.call(Sysno.PIDFD_SEND_SIGNAL, fd, 0, 0, 0));
        // info with si_signo != sig: EINVAL ("send(info signo mismatch): EINVAL")
        g.kernel.memory().fill(g.scratch, 128, (byte) 0);
        g.kernel.memory().write32(g.scratch, Signal.SIGUSR2);
        g.kernel.memory().write32(g.scratch + 8, -1);
        assertEquals(err(Errno.EINVAL), g.call(Sysno.PIDFD_SEND_SIGNAL, fd, Signal.SIGUSR1, g.scratch, 0));
        assertEquals(err(Errno.EFAULT), g.call(Sysno.PIDFD_SEND_SIGNAL, fd, Signal.SIGUSR1, 8, 0));
    }

    @Test
    void waitidPidfdOfTheCallerIsNotAChild() {
        GuestFixture g = new GuestFixture();
        long fd = g.call(Sysno.PIDFD_OPEN, g.call(Sysno.GETPID), 0);
        assertEquals(err(Errno.ECHILD), g.call(Sysno.WAITID, P_PIDFD, fd, g.scratch, WEXITED, 0));
        assertEquals(err(Errno.EINVAL), g.call(Sysno.WAITID, P_PIDFD, -1, g.scratch, WEXITED, 0));
        assertEquals(err(Errno.EBADF), g.call(Sysno.WAITID, P_PIDFD, 1, g.scratch, WEXITED, 0));
        assertEquals(err(Errno.EBADF), g.call(Sysno.WAITID, P_PIDFD, 1000, g.scratch, WEXITED, 0));
        assertEquals(err(Errno.EINVAL), g.call(Sysno.WAITID, P_PIDFD, fd, g.scratch, 0, 0));
    }

    @Test
    void pidfdGetfdDuplicatesCloseOnExec() throws Exception {
        GuestFixture g = new GuestFixture();
        long fd = g.call(Sysno.PIDFD_OPEN, g.call(Sysno.GETPID), 0);
        assertEquals(err(Errno.EINVAL), g.call(Sysno.PIDFD_GETFD, fd, 1, 1));
        assertEquals(err(Errno.EBADF), g.call(Sysno.PIDFD_GETFD, -1, 1, 0));
        assertEquals(err(Errno.EBADF), g.call(Sysno.PIDFD_GETFD, 1, 1, 0));
        assertEquals(err(Errno.EBADF), g.call(Sysno.PIDFD_GETFD, fd, 1000, 0));
        assertEquals(err(Errno.EBADF), g.call(Sysno.PIDFD_GETFD, fd, -1, 0));
        long d = g.call(Sysno.PIDFD_GETFD, fd, 1, 0);
        assertTrue(d >= 0);
        assertSame(g.stdout, g.task.fds().get((int) d));
        assertEquals(1, g.call(Sysno.FCNTL, d, F_GETFD));
    }
}
