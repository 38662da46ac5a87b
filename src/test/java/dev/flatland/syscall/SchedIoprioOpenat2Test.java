package dev.flatland.syscall;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flatland.abi.Errno;
import dev.flatland.abi.Sysno;
import org.junit.jupiter.api.Test;

/**
 * sched_setattr/sched_getattr, ioprio_set/ioprio_get and openat2's argument checks through the
 * syscall ABI. Expected values come from guest/musl/sched_attr2.c, ioprio.c and openat2.c run
 * natively on this machine (x86-64, Linux 6.18, as root): the lines quoted in each comment.
 */
class SchedIoprioOpenat2Test {
    private static long err(Errno e) {
        return -e.number();
    }

    @Test
    void setattrSizeErrorsWriteTheKernelSizeBack() {
        GuestFixture g = new GuestFixture();
        long a = g.scratch;
        g.kernel.memory().fill(a, 128, (byte) 0);
        // native: "setattr(size 47) = -1 E2BIG / size=56"
        g.kernel.memory().write32(a, 47);
        assertEquals(err(Errno.E2BIG), g.call(Sysno.SCHED_SETATTR, 0, a, 0));
        assertEquals(56, g.kernel.memory().read32(a));
        // native: "setattr(size 64, tail byte 60 set) = -1 E2BIG / size=56"
        g.kernel.memory().write32(a, 64);
        g.kernel.memory().write8(a + 60, 1);
        assertEquals(err(Errno.E2BIG), g.call(Sysno.SCHED_SETATTR, 0, a, 0));
        assertEquals(56, g.kernel.memory().read32(a));
        g.kernel.memory().write8(a + 60, 0);
        // native: "setattr(size 0) = 0 OK / size=0" (0 means SCHED_ATTR_SIZE_VER0, not written)
        g.kernel.memory().write32(a, 0);
        assertEquals(0, g.call(Sysno.SCHED_SETATTR, 0, a, 0));
        assertEquals(0, g.kernel.memory().read32(a));
        // native: "setattr(0, &a, 1) = -1 EINVAL", "setattr(-1, &a, 0) = -1 EINVAL"
        assertEquals(err(Errno.EINVAL), g.call(Sysno.SCHED_SETATTR, 0, a, 1));
        assertEquals(err(Errno.EINVAL), g.call(Sysno.SCHED_SETATTR, -1, a, 0));
    }

    @Test
    void setattrNiceAndDeadlineAndUclamp() {
        GuestFixture g = new GuestFixture();
        long a = g.scratch;
        g.kernel.memory().fill(a, 64, (byte) 0);
        g.kernel.memory().write32(a, 56);
        g.kernel.memory().write32(a + 4, 3);          // SCHED_BATCH
        g.kernel.memory().write32(a + 16, 100);       // nice 100, clamped to 19
        assertEquals(0, g.call(Sysno.SCHED_SETATTR, 0, a, 0));
        // native: "state OTHER nice 100: ... getpriority=19" (raw getpriority is 20 - nice)
        assertEquals(1, g.call(Sysno.GETPRIORITY, 0, 0));
        // native: "setattr(UTIL_CLAMP_MIN 100) = -1 EOPNOTSUPP" (this host has no CONFIG_UCLAMP_TASK)
        g.kernel.memory().write64(a + 8, 0x20);
        assertEquals(err(Errno.EOPNOTSUPP), g.call(Sysno.SCHED_SETATTR, 0, a, 0));
        // native: "setattr(DL runtime > deadline) = -1 EINVAL"
        g.kernel.memory().write32(a + 4, 6);
        g.kernel.memory().write64(a + 8, 0);
        g.kernel.memory().write64(a + 24, 20_000_000);
        g.kernel.memory().write64(a + 32, 10_000_000);
        g.kernel.memory().write64(a + 40, 30_000_000);
        assertEquals(err(Errno.EINVAL), g.call(Sysno.SCHED_SETATTR, 0, a, 0));
        // A valid triple: Flatland's admission control refuses it (Linux admits it natively).
        g.kernel.memory().write64(a + 24, 10_000_000);
        g.kernel.memory().write64(a + 32, 30_000_000);
        assertEquals(err(Errno.EBUSY), g.call(Sysno.SCHED_SETATTR, 0, a, 0));
    }

    @Test
    void getattrClearsTheTailOfALongerBuffer() {
        GuestFixture g = new GuestFixture();
        long a = g.scratch;
        g.kernel.memory().fill(a, 128, (byte) 0xaa);
        // native: "getattr(0, buf, 100, 0) = 0 OK / size=56 byte56=0 byte99=0"
        assertEquals(0, g.call(Sysno.SCHED_GETATTR, 0, a, 100, 0));
        assertEquals(56, g.kernel.memory().read32(a));
        assertEquals(0, g.kernel.memory().read8(a + 56));
        assertEquals(0, g.kernel.memory().read8(a + 99));
        assertEquals(0xaa, g.kernel.memory().read8(a + 100) & 0xff);
        // native: "getattr(0, buf, 48, 0) = 0 OK / size=48 byte48=0xaa"
        g.kernel.memory().fill(a, 128, (byte) 0xaa);
        assertEquals(0, g.call(Sysno.SCHED_GETATTR, 0, a, 48, 0));
        assertEquals(48, g.kernel.memory().read32(a));
        assertEquals(0xaa, g.kernel.memory().read8(a + 48) & 0xff);
        // native: "getattr(0, &a, 47, 0) = -1 EINVAL", "getattr(nopid, &a, 56, 0) = -1 ESRCH"
        assertEquals(err(Errno.EINVAL), g.call(Sysno.SCHED_GETATTR, 0, a, 47, 0));
        assertEquals(err(Errno.ESRCH), g.call(Sysno.SCHED_GETATTR, 0x3ffffff0, a, 56, 0));
    }

    @Test
    void ioprioRawAndNiceDerived() {
        GuestFixture g = new GuestFixture();
        // native: "initial process=0 OK pgrp=0x4004 OK"
        assertEquals(0, g.call(Sysno.IOPRIO_GET, 1, 0));
        assertEquals(0x4004, g.call(Sysno.IOPRIO_GET, 2, 0));
        // native: "set(PROCESS, 0, BE 3 | 1<<16) = 0 OK / get(PROCESS, 0) = 0x4003 OK"
        assertEquals(0, g.call(Sysno.IOPRIO_SET, 1, 0, 0x4003 | 1 << 16));
        assertEquals(0x4003, g.call(Sysno.IOPRIO_GET, 1, 0));
        // native: "set(PROCESS, 0, NONE 1) = -1 EINVAL", "set(PROCESS, 0, class 4) = -1 EINVAL",
        // "get(4, 0) = -1 EINVAL", "set(USER, -1, BE 4) = -1 ESRCH"
        assertEquals(err(Errno.EINVAL), g.call(Sysno.IOPRIO_SET, 1, 0, 1));
        assertEquals(err(Errno.EINVAL), g.call(Sysno.IOPRIO_SET, 1, 0, 4 << 13));
        assertEquals(err(Errno.EINVAL), g.call(Sysno.IOPRIO_GET, 4, 0));
        assertEquals(err(Errno.ESRCH), g.call(Sysno.IOPRIO_SET, 3, -1, 0x4004));
        // native: "NONE nice 10 process=0 OK pgrp=0x4006 OK"
        assertEquals(0, g.call(Sysno.IOPRIO_SET, 1, 0, 0));
        assertEquals(0, g.call(Sysno.SETPRIORITY, 0, 0, 10));
        assertEquals(0, g.call(Sysno.IOPRIO_GET, 1, 0));
        assertEquals(0x4006, g.call(Sysno.IOPRIO_GET, 2, 0));
    }

    @Test
    void openat2ChecksBeforeTheWalk() {
        GuestFixture g = new GuestFixture();
        long path = g.string(512, "/proc/self/status");
        long how = g.scratch;
        g.kernel.memory().fill(how, 64, (byte) 0);
        // native: "size 23 = -1 EINVAL", "size 4097 = -1 E2BIG", "size 32, tail byte 30 set = -1 E2BIG"
        assertEquals(err(Errno.EINVAL), g.call(Sysno.OPENAT2, -100, path, how, 23));
        assertEquals(err(Errno.E2BIG), g.call(Sysno.OPENAT2, -100, path, how, 4097));
        g.kernel.memory().write8(how + 30, 1);
        assertEquals(err(Errno.E2BIG), g.call(Sysno.OPENAT2, -100, path, how, 32));
        g.kernel.memory().write8(how + 30, 0);
        // native: "mode 0644 without O_CREAT = -1 EINVAL", "resolve BENEATH|IN_ROOT = -1 EINVAL"
        g.kernel.memory().write64(how + 8, 0644);
        assertEquals(err(Errno.EINVAL), g.call(Sysno.OPENAT2, -100, path, how, 24));
        g.kernel.memory().write64(how + 8, 0);
        g.kernel.memory().write64(how + 16, 0x18);
        assertEquals(err(Errno.EINVAL), g.call(Sysno.OPENAT2, -100, path, how, 24));
        // native: "BENEATH absolute /proc/self/status = -1 EXDEV", "NO_SYMLINKS /proc/self/status =
        // -1 ELOOP" (this fixture mounts no procfs, so its /proc is the host's through hostfs, with
        // no mount crossing for RESOLVE_NO_XDEV to refuse: the guest test openat2.c covers that)
        g.kernel.memory().write64(how + 16, 0x08);
        assertEquals(err(Errno.EXDEV), g.call(Sysno.OPENAT2, -100, path, how, 24));
        g.kernel.memory().write64(how + 16, 0x04);
        assertEquals(err(Errno.ELOOP), g.call(Sysno.OPENAT2, -100, path, how, 24));
        // native: "CACHED|O_CREAT = -1 EAGAIN"
        g.kernel.memory().write64(how, 0x40);
        g.kernel.memory().write64(how + 16, 0x20);
        assertEquals(err(Errno.EAGAIN), g.call(Sysno.OPENAT2, -100, path, how, 24));
    }
}
