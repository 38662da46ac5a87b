package dev.flatland.syscall;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.kernel.Task;
import java.nio.charset.StandardCharsets;

/** uname and getrandom. */
final class SystemInfoSyscalls {
    /** __NEW_UTS_LEN + 1. */
    static final int UTS_FIELD = 65;
    static final String SYSNAME = "Linux";
    static final String RELEASE = "6.1.0-flatland-nommu";
    static final String VERSION = "#1 Flatland nommu (CONFIG_MMU=n)";
    static final String MACHINE = "x86_64";
    static final int GRND_NONBLOCK = 1;
    static final int GRND_RANDOM = 2;
    static final int GRND_INSECURE = 4;

    private SystemInfoSyscalls() {
    }

    /** struct new_utsname: six NUL-padded 65-byte fields. */
    static long uname(Task t, SyscallArgs a) throws ErrnoException {
        byte[] buf = new byte[6 * UTS_FIELD];
        byte[][] fields = {ascii(SYSNAME), t.kernel().uts().nodename(), ascii(RELEASE), ascii(VERSION),
            ascii(MACHINE), t.kernel().uts().domainname()};
        for (int i = 0; i < fields.length; i++) {
            byte[] f = fields[i];
            System.arraycopy(f, 0, buf, i * UTS_FIELD, Math.min(f.length, UTS_FIELD - 1));
        }
        t.userMemory().copyOut(a.ptr(0), buf);
        return 0;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** sethostname(name, len) (kernel/sys.c): EPERM without CAP_SYS_ADMIN, then EINVAL for len outside 0..64. */
    static long sethostname(Task t, SyscallArgs a) throws ErrnoException {
        t.kernel().uts().setNodename(utsName(t, a));
        return 0;
    }

    /** setdomainname(name, len): as sethostname. */
    static long setdomainname(Task t, SyscallArgs a) throws ErrnoException {
        t.kernel().uts().setDomainname(utsName(t, a));
        return 0;
    }

    private static byte[] utsName(Task t, SyscallArgs a) throws ErrnoException {
        if (!t.group().credentials().privileged()) {
            throw new ErrnoException(Errno.EPERM);
        }
        int len = a.int32(1);
        if (len < 0 || len > dev.flatland.kernel.Uts.NEW_UTS_LEN) {
            throw new ErrnoException(Errno.EINVAL);
        }
        byte[] b = new byte[len];
        t.userMemory().copyIn(a.ptr(0), b, 0, len);
        return b;
    }

    /** getrandom: bytes from the kernel's seeded generator (deterministic from --seed). */
    static long getrandom(Task t, SyscallArgs a) throws ErrnoException {
        int flags = a.int32(2);
        if ((flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE)) != 0
                || (flags & (GRND_RANDOM | GRND_INSECURE)) == (GRND_RANDOM | GRND_INSECURE)) {
            throw new ErrnoException(Errno.EINVAL);
        }
        int len = ReadWriteSyscalls.outLength(t, a.ptr(0), Math.min(a.sizeT(1) < 0 ? Integer.MAX_VALUE : a.sizeT(1),
                Integer.MAX_VALUE));
        byte[] b = new byte[len];
        t.kernel().random().nextBytes(b);
        t.userMemory().copyOut(a.ptr(0), b);
        return len;
    }
}
