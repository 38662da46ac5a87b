package dev.flatland.syscall;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatland.abi.Errno;
import dev.flatland.abi.Signal;
import dev.flatland.abi.Sysno;
import dev.flatland.kernel.Kernel;
import dev.flatland.kernel.KernelConfig;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Identity, limits, signals, time and randomness as seen through the syscall ABI. */
class ProcessSyscallsTest {
    static long err(Errno e) {
        return -e.number();
    }

    private static String field(GuestFixture g, int index) {
        byte[] b = new byte[65];
        g.kernel.memory().read(g.scratch + 65L * index, b, 0, 65);
        int n = 0;
        while (b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.US_ASCII);
    }

    @Test
    void unameIdentifiesANommuLinuxOnX8664() {
        GuestFixture g = new GuestFixture();
        assertEquals(0, g.call(Sysno.UNAME, g.scratch));
        assertEquals("Linux", field(g, 0));
        assertEquals("flatland", field(g, 1));
        assertEquals("6.1.0-flatland-nommu", field(g, 2));
        assertEquals("x86_64", field(g, 4));
    }

    @Test
    void idsAreConsistent() {
        GuestFixture g = new GuestFixture();
        long pid = g.call(Sysno.GETPID);
        assertEquals(pid, g.call(Sysno.GETTID));
        assertEquals(pid, g.call(Sysno.SET_TID_ADDRESS, g.scratch));
        assertEquals(1, g.call(Sysno.GETPPID));
        assertEquals(Kernel.UID, g.call(Sysno.GETUID));
        assertEquals(Kernel.GID, g.call(Sysno.GETEGID));
    }

    @Test
    void archPrctlSetsAndGetsFsBase() {
        GuestFixture g = new GuestFixture();
        assertEquals(0, g.call(Sysno.ARCH_PRCTL, 0x1002, 0x123456));
        assertEquals(0x123456, g.task.cpu().fsBase);
        assertEquals(0, g.call(Sysno.ARCH_PRCTL, 0x1003, g.scratch));
        assertEquals(0x123456, g.kernel.memory().read64(g.scratch));
        assertEquals(err(Errno.EPERM), g.call(Sysno.ARCH_PRCTL, 0x1002, 1L << 47));
        assertEquals(err(Errno.EINVAL), g.call(Sysno.ARCH_PRCTL, 0x3001, 0));
    }

    @Test
    void rlimitStackIsTheStackBlock() {
        GuestFixture g = new GuestFixture();
        assertEquals(0, g.call(Sysno.PRLIMIT64, 0, 3, 0, g.scratch));
        assertEquals(131072, g.kernel.memory().read64(g.scratch));
        // hard limit: INIT_RLIMITS' RLIM_INFINITY for RLIMIT_STACK (include/asm-generic/resource.h)
        assertEquals(-1L, g.kernel.memory().read64(g.scratch + 8));
        assertEquals(err(Errno.EINVAL), g.call(Sysno.PRLIMIT64, 0, 99, 0, g.scratch));
        assertEquals(err(Errno.ESRCH), g.call(Sysno.PRLIMIT64, 4242, 3, 0, g.scratch));
    }

    @Test
    void sigactionStoresAndReturnsTheOldAction() {
        GuestFixture g = new GuestFixture();
        long act = g.scratch;
        long old = g.scratch + 64;
        g.kernel.memory().write64(act, Signal.SIG_IGN);
        g.kernel.memory().write64(act + 8, Signal.SA_RESTORER | Signal.SA_RESTART);
        g.kernel.memory().write64(act + 16, 0x401000);
        g.kernel.memory().write64(act + 24, Signal.bit(Signal.SIGINT) | Signal.bit(Signal.SIGKILL));
        assertEquals(0, g.call(Sysno.RT_SIGACTION, Signal.SIGUSR1, act, 0, 8));
        assertEquals(0, g.call(Sysno.RT_SIGACTION, Signal.SIGUSR1, 0, old, 8));
        assertEquals(Signal.SIG_IGN, g.kernel.memory().read64(old));
        assertEquals(Signal.SA_RESTORER | Signal.SA_RESTART, g.kernel.memory().read64(old + 8));
        assertEquals(Signal.bit(Signal.SIGINT), g.kernel.memory().read64(old + 24), "SIGKILL cannot be in sa_mask");
        assertEquals(err(Errno.EINVAL), g.call(Sysno.RT_SIGACTION, Signal.SIGKILL, act, 0, 8));
        assertEquals(err(Errno.EINVAL), g.call(Sysno.RT_SIGACTION, Signal.SIGUSR1, act, 0, 4));
        assertEquals(err(Errno.EINVAL), g.call(Sysno.RT_SIGACTION, 65, act, 0, 8));
    }

    @Test
    void ignoredSignalIsDiscardedAndTheProgramRunsToItsEnd() {
        GuestFixture g = new GuestFixture();
        long act = g.scratch;
        g.kernel.memory().write64(act, Signal.SIG_IGN);
        g.call(Sysno.RT_SIGACTION, Signal.SIGUSR1, act, 0, 8);
        assertEquals(0, g.call(Sysno.KILL, g.call(Sysno.GETPID), Signal.SIGUSR1));
        g.kernel.run(g.task);   // pending-signal check happens at syscall exit in the run loop
        // the run executes hello-musl from its entry: natively it prints "hello, world 1" and exits 3
        assertEquals(0, g.task.group().exitStatus().signal());
        assertEquals(3, g.task.group().exitStatus().code());
        assertEquals("hello, world 1\n", g.stdout.text());
    }

    @Test
    void blockedThenUnblockedSignalTerminatesWithItsNumber() {
        GuestFixture g = new GuestFixture();
        g.kernel.memory().write64(g.scratch, Signal.bit(Signal.SIGTERM));
        assertEquals(0, g.call(Sysno.RT_SIGPROCMASK, Signal.SIG_BLOCK, g.scratch, 0, 8));
        assertEquals(0, g.call(Sysno.TGKILL, g.call(Sysno.GETPID), g.call(Sysno.GETTID), Signal.SIGTERM));
        assertFalse(g.task.exited());
        assertEquals(0, g.call(Sysno.RT_SIGPROCMASK, Signal.SIG_SETMASK, g.scratch + 8, g.scratch + 16, 8));
        assertEquals(Signal.bit(Signal.SIGTERM), g.kernel.memory().read64(g.scratch + 16));
        assertEquals(err(Errno.EINVAL), g.call(Sysno.RT_SIGPROCMASK, 7, g.scratch, 0, 8));
        g.kernel.run(g.task);   // acted on at the first syscall exit of the run loop
        assertEquals(Signal.SIGTERM, g.task.group().exitStatus().signal());
        assertEquals(143, g.task.group().exitStatus().shellStatus());
        assertEquals("", g.stdout.text());
    }

    @Test
    void deterministicClockIsDerivedFromInstructions() {
        GuestFixture g = new GuestFixture(KernelConfig.defaults().withDeterministic(true));
        assertEquals(0, g.call(Sysno.CLOCK_GETTIME, 0, g.scratch));
        assertEquals(1_704_067_200L, g.kernel.memory().read64(g.scratch));   // 2024-01-01T00:00:00Z
        assertEquals(0, g.kernel.memory().read64(g.scratch + 8));
        g.kernel.memory().write64(g.scratch + 32, 2);
        g.kernel.memory().write64(g.scratch + 40, 500);
        assertEquals(0, g.call(Sysno.NANOSLEEP, g.scratch + 32, 0));
        assertEquals(0, g.call(Sysno.CLOCK_GETTIME, 1, g.scratch));
        assertEquals(102, g.kernel.memory().read64(g.scratch));                 // boot at 100 s, slept 2 s
        assertEquals(500, g.kernel.memory().read64(g.scratch + 8));
        assertEquals(err(Errno.EINVAL), g.call(Sysno.CLOCK_GETTIME, 99, g.scratch));
        g.kernel.memory().write64(g.scratch + 40, 1_000_000_000L);
        assertEquals(err(Errno.EINVAL), g.call(Sysno.NANOSLEEP, g.scratch + 32, 0));
    }

    @Test
    void getrandomIsDeterministicFromTheSeed() {
        GuestFixture a = new GuestFixture(KernelConfig.defaults().withSeed(42));
        GuestFixture b = new GuestFixture(KernelConfig.defaults().withSeed(42));
        GuestFixture c = new GuestFixture(KernelConfig.defaults().withSeed(43));
        assertEquals(32, a.call(Sysno.GETRANDOM, a.scratch, 32, 0));
        assertEquals(32, b.call(Sysno.GETRANDOM, b.scratch, 32, 0));
        assertEquals(32, c.call(Sysno.GETRANDOM, c.scratch, 32, 0));
        byte[] x = new byte[32];
        byte[] y = new byte[32];
        byte[] z = new byte[32];
        a.kernel.memory().read(a.scratch, x, 0, 32);
        b.kernel.memory().read(b.scratch, y, 0, 32);
        c.kernel.memory().read(c.scratch, z, 0, 32);
        assertArrayEquals(x, y);
        assertFalse(java.util.Arrays.equals(x, z));
        assertEquals(err(Errno.EINVAL), a.call(Sysno.GETRANDOM, a.scratch, 4, 0x40));
    }

    @Test
    void futexOnOneThread() {
        GuestFixture g = new GuestFixture();
        g.kernel.memory().write32(g.scratch, 5);
        assertEquals(0, g.call(Sysno.FUTEX, g.scratch, 1 | 128, 1));                 // WAKE_PRIVATE: nobody
        assertEquals(err(Errno.EAGAIN), g.call(Sysno.FUTEX, g.scratch, 0 | 128, 6, 0));
        assertEquals(err(Errno.EINVAL), g.call(Sysno.FUTEX, g.scratch + 1, 1, 1));
        g.kernel.memory().write64(g.scratch + 16, 0);
        g.kernel.memory().write64(g.scratch + 24, 1000);
        assertEquals(err(Errno.ETIMEDOUT), g.call(Sysno.FUTEX, g.scratch, 0, 5, g.scratch + 16));
        assertFalse(g.task.exited());
        // A wait that can never be woken parks the task; the run loop reports the deadlock
        // (SchedulerTest covers that report).
    }

    @Test
    void fileSyscallsAgainstTheHost() throws Exception {
        GuestFixture g = new GuestFixture();
        java.nio.file.Path tmp = java.nio.file.Files.createTempDirectory("flatland-sys");
        try {
            long dir = g.string(0, tmp.toString());
            assertEquals(0, g.call(Sysno.CHDIR, dir));
            long name = g.string(1024, "f.txt");
            long fd = g.call(Sysno.OPENAT, -100, name, 0x41 | 0x200, 0644);   // O_WRONLY|O_CREAT|O_TRUNC
            assertEquals(0, fd, "the lowest free fd (the fixture opened only fd 1)");
            long data = g.string(2048, "abc");
            assertEquals(3, g.call(Sysno.WRITE, fd, data, 3));
            assertEquals(0, g.call(Sysno.CLOSE, fd));
            assertEquals("abc", java.nio.file.Files.readString(tmp.resolve("f.txt")));
            assertEquals(0, g.call(Sysno.NEWFSTATAT, -100, name, g.scratch + 4096, 0));
            assertEquals(3, g.kernel.memory().read64(g.scratch + 4096 + 48), "st_size");
            assertEquals(tmp.toString().length() + 1, g.call(Sysno.GETCWD, g.scratch + 8192, 4096));
            assertEquals(err(Errno.ERANGE), g.call(Sysno.GETCWD, g.scratch + 8192, 2));
            assertEquals(0, g.call(Sysno.UNLINK, name));
            assertEquals(err(Errno.ENOENT), g.call(Sysno.OPENAT, -100, name, 0, 0));
            assertEquals(err(Errno.ENOENT), g.call(Sysno.OPEN, g.string(3000, ""), 0, 0));
        } finally {
            java.nio.file.Files.deleteIfExists(tmp.resolve("f.txt"));
            java.nio.file.Files.deleteIfExists(tmp);
        }
    }
}
