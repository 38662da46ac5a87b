package dev.flatland.syscall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatland.abi.Errno;
import dev.flatland.abi.Mman;
import dev.flatland.abi.Sysno;
import dev.flatland.cpu.CpuState;
import dev.flatland.kernel.KernelConfig;
import org.junit.jupiter.api.Test;

/** The dispatcher: results and -errno in RAX, unknown syscalls logged once and summarised, strace lines. */
class SyscallDispatcherTest {
    static long err(Errno e) {
        return -e.number();
    }

    @Test
    void writeReachesTheFileAndReturnsTheCount() {
        GuestFixture g = new GuestFixture();
        long buf = g.string(0, "hi there");
        assertEquals(8, g.call(Sysno.WRITE, 1, buf, 8));
        assertEquals("hi there", g.stdout.text());
    }

    @Test
    void badFdIsEbadfInRax() {
        GuestFixture g = new GuestFixture();
        assertEquals(err(Errno.EBADF), g.call(Sysno.WRITE, 77, g.scratch, 1));
        assertEquals(err(Errno.EBADF), g.call(Sysno.CLOSE, 77));
    }

    @Test
    void bufferOutsideRamIsEfault() {
        GuestFixture g = new GuestFixture();
        assertEquals(err(Errno.EFAULT), g.call(Sysno.WRITE, 1, 0x1000, 4));
        assertEquals(err(Errno.EFAULT), g.call(Sysno.UNAME, 0x10));
    }

    @Test
    void unimplementedSyscallIsEnosysLoggedOnceAndSummarised() {
        GuestFixture g = new GuestFixture();
        assertEquals(err(Errno.ENOSYS), g.call(Sysno.INOTIFY_INIT1, 0));
        assertEquals(err(Errno.ENOSYS), g.call(Sysno.INOTIFY_INIT1, 0));
        assertEquals(err(Errno.ENOSYS), g.call(999));
        String log = g.log();
        assertEquals(1, log.lines().filter(l -> l.contains("inotify_init1")).count(), log);
        assertTrue(log.startsWith("flatland: unimplemented syscall inotify_init1 (294) returns ENOSYS"), log);
        g.dispatcher.shutdown();
        assertTrue(g.log().contains("flatland: unimplemented syscalls were called: inotify_init1 x2 #999 x1"),
                g.log());
    }

    @Test
    void nommuAbsentSyscallsAreEnosysWithoutNoise() {
        GuestFixture g = new GuestFixture();
        assertEquals(err(Errno.ENOSYS), g.call(Sysno.MADVISE, g.scratch, 4096, 4));
        assertEquals(err(Errno.ENOSYS), g.call(Sysno.MPROTECT, g.scratch, 4096, 1));
        assertEquals(err(Errno.ENOSYS), g.call(Sysno.RSEQ, g.scratch, 32, 0, 0));
        assertEquals("", g.log());
    }

    @Test
    void glibcCompatMprotectSucceedsAfterArgumentChecks() {
        GuestFixture g = new GuestFixture(KernelConfig.defaults().withGlibcCompat(true));
        assertEquals(0, g.call(Sysno.MPROTECT, g.scratch, 4096, Mman.PROT_READ));
        assertEquals(err(Errno.EINVAL), g.call(Sysno.MPROTECT, g.scratch + 1, 4096, Mman.PROT_READ));
        assertEquals(err(Errno.ENOMEM), g.call(Sysno.MPROTECT, 0x100_0000, 4096, Mman.PROT_READ));
    }

    @Test
    void forkIsEinvalOnNommuAndSaysWhatToUse() {
        GuestFixture g = new GuestFixture();
        assertEquals(err(Errno.EINVAL), g.call(Sysno.FORK));
        assertEquals(err(Errno.EINVAL), g.call(Sysno.FORK));
        assertEquals(1, g.log().lines().count());
        assertTrue(g.log().contains("vfork"), g.log());
    }

    @Test
    void mmapRulesReachTheGuest() {
        GuestFixture g = new GuestFixture();
        int anon = Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS;
        assertEquals(err(Errno.EINVAL), g.call(Sysno.MMAP, 0x800000, 4096, 3, anon | Mman.MAP_FIXED, -1, 0));
        assertEquals(err(Errno.EINVAL), g.call(Sysno.MMAP, 0, 4096, 3, anon, -1, 100));        // unaligned offset
        assertEquals(err(Errno.EBADF), g.call(Sysno.MMAP, 0, 4096, 3, Mman.MAP_PRIVATE, 55, 0));
        long a = g.call(Sysno.MMAP, 0, 8192, 3, anon, -1, 0);
        assertEquals(0, a & 4095);
        assertEquals(err(Errno.EINVAL), g.call(Sysno.MUNMAP, 0x100_0000 + 0x400000, 4096));
        assertEquals(0, g.call(Sysno.MUNMAP, a, 8192));
    }

    @Test
    void brkReturnsTheStackBlockBaseAndNeverGrows() {
        GuestFixture g = new GuestFixture();
        long base = g.call(Sysno.BRK, 0);
        assertEquals(g.task.mm().find(g.task.cpu().r[CpuState.RSP]).start(), base);
        assertEquals(base, g.call(Sysno.BRK, base + 0x10000));
    }

    @Test
    void exitGroupEndsTheProcessAndLeavesRaxAlone() {
        GuestFixture g = new GuestFixture();
        g.call(Sysno.EXIT_GROUP, 300);
        assertTrue(g.task.exited());
        assertEquals(300 & 0xff, g.task.group().exitStatus().code());
        assertEquals(Sysno.EXIT_GROUP, g.task.cpu().r[CpuState.RAX]);
    }

    @Test
    void straceLineForAnErrorMatchesStrace() {
        GuestFixture g = new GuestFixture(KernelConfig.defaults().withStrace(true));
        long path = g.string(0, "/nonexistent");
        g.call(Sysno.OPEN, path, 0x8000);
        // strace ./st (musl static-PIE) on this host printed:
        // open("/nonexistent", O_RDONLY|O_LARGEFILE) = -1 ENOENT (No such file or directory)
        assertEquals("open(\"/nonexistent\", O_RDONLY|O_LARGEFILE) = -1 ENOENT (No such file or directory)\n",
                g.log());
    }

    @Test
    void straceAlignsResultsAtColumnFortyAndEscapesLikeStrace() {
        GuestFixture g = new GuestFixture(KernelConfig.defaults().withStrace(true));
        byte[] data = {'a', '\t', 'b', 033, '[', '0', 'm', 1, 1, '2', 'x'};
        g.kernel.memory().write(g.scratch, data, 0, data.length);
        g.call(Sysno.WRITE, 1, g.scratch, 11);
        g.call(Sysno.WRITE, 77, g.scratch, 1);
        // strace printed for the same calls:
        // write(1, "a\tb\33[0m\1\0012x", 11)      = 11
        // write(77, "x", 1)                       = -1 EBADF (Bad file descriptor)
        String[] lines = g.log().split("\n");
        assertEquals("write(1, \"a\\tb\\33[0m\\1\\0012x\", 11)      = 11", lines[0]);
        assertEquals("write(77, \"a\", 1)                       = -1 EBADF (Bad file descriptor)", lines[1]);
    }

    @Test
    void straceDecodesMmapFlags() {
        GuestFixture g = new GuestFixture(KernelConfig.defaults().withStrace(true));
        g.call(Sysno.MMAP, 0x10000, 4096, 3, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS | Mman.MAP_FIXED, -1, 0);
        // strace: mmap(0x10000, 4096, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_FIXED|MAP_ANONYMOUS, -1, 0) = 0x10000
        assertEquals("mmap(0x10000, 4096, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_FIXED|MAP_ANONYMOUS, -1, 0) = -1 "
                + "EINVAL (Invalid argument)\n", g.log());
    }
}
