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
    static final String NODENAME = "flatland";
    static final String RELEASE = "6.1.0-flatland-nommu";
    static final String VERSION = "#1 Flatland nommu (CONFIG_MMU=n)";
    static final String MACHINE = "x86_64";
    static final String DOMAINNAME = "(none)";
    static final int GRND_NONBLOCK = 1;
    static final int GRND_RANDOM = 2;
    static final int GRND_INSECURE = 4;

    private SystemInfoSyscalls() {
    }

    /** struct new_utsname: six NUL-padded 65-byte fields. */
    static long uname(Task t, SyscallArgs a) throws ErrnoException {
        byte[] buf = new byte[6 * UTS_FIELD];
        String[] fields = {SYSNAME, NODENAME, RELEASE, VERSION, MACHINE, DOMAINNAME};
        for (int i = 0; i < fields.length; i++) {
            byte[] f = fields[i].getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(f, 0, buf, i * UTS_FIELD, Math.min(f.length, UTS_FIELD - 1));
        }
        t.userMemory().copyOut(a.ptr(0), buf);
        return 0;
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
