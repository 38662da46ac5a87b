package dev.flatland.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import org.junit.jupiter.api.Test;

/**
 * do_prlimit's rules (kernel/sys.c) as guest/musl/rlimits checks them natively on Linux (uid 65534):
 * soft above hard EINVAL, raising hard EPERM without privilege, lowering and raising soft up to hard
 * allowed; NOFILE above nr_open EPERM even for root; an unknown resource EINVAL.
 */
class RLimitsTest {
    private static Errno fails(RLimits r, int res, long cur, long max, boolean priv) {
        return assertThrows(ErrnoException.class, () -> r.setLimit(res, cur, max, priv)).errno();
    }

    @Test
    void bootDefaultsForNofileAreInrOpen() throws ErrnoException {
        RLimits r = new RLimits();
        assertEquals(1024, r.cur(RLimits.RLIMIT_NOFILE));
        assertEquals(4096, r.max(RLimits.RLIMIT_NOFILE));
        assertEquals(RLimits.RLIM_INFINITY, r.max(RLimits.RLIMIT_STACK));
    }

    @Test
    void setLimitFollowsDoPrlimit() throws ErrnoException {
        RLimits r = new RLimits();
        assertEquals(Errno.EINVAL, fails(r, RLimits.RLIMIT_NOFILE, 64, 32, false));
        r.setLimit(RLimits.RLIMIT_NOFILE, 50, 100, false);
        assertEquals(Errno.EPERM, fails(r, RLimits.RLIMIT_NOFILE, 50, 200, false));
        r.setLimit(RLimits.RLIMIT_NOFILE, 100, 100, false);
        assertEquals(Errno.EINVAL, fails(r, RLimits.RLIMIT_NOFILE, 101, 100, false));
        r.setLimit(RLimits.RLIMIT_NOFILE, 100, 200, true);   // CAP_SYS_RESOURCE may raise the hard limit
        assertEquals(200, r.max(RLimits.RLIMIT_NOFILE));
        assertEquals(Errno.EPERM, fails(r, RLimits.RLIMIT_NOFILE, 0, RLimits.NR_OPEN + 1, true));
        assertEquals(Errno.EINVAL, fails(r, RLimits.RLIM_NLIMITS, 0, 0, true));
        assertEquals(Errno.EINVAL, fails(r, -1, 0, 0, true));
    }

    @Test
    void infinityIsTheLargestValue() throws ErrnoException {
        RLimits r = new RLimits();
        r.setLimit(RLimits.RLIMIT_DATA, 1 << 20, RLimits.RLIM_INFINITY, false);
        assertEquals(Errno.EINVAL, fails(r, RLimits.RLIMIT_DATA, RLimits.RLIM_INFINITY, 1 << 20, false));
    }

    @Test
    void aCopyIsIndependent() throws ErrnoException {
        RLimits r = new RLimits();
        RLimits c = r.copy();
        c.setLimit(RLimits.RLIMIT_NOFILE, 10, 20, false);
        assertEquals(1024, r.cur(RLimits.RLIMIT_NOFILE));
        assertEquals(10, c.cur(RLimits.RLIMIT_NOFILE));
    }
}
