package dev.flatland.abi;

import java.util.Arrays;

/**
 * siginfo_t as x86-64 Linux lays it out (include/uapi/asm-generic/siginfo.h): 128 bytes,
 * si_signo @0, si_errno @4, si_code @8, then the union at 16: _kill {si_pid @16, si_uid @20},
 * _rt {pid, uid, si_value @24}, _timer {si_tid @16, si_overrun @20, si_value @24},
 * _sigfault {si_addr @16}. Offsets checked against glibc's siginfo_t by SignalFrameLayoutTest.
 * Kept as the raw image so that rt_sigqueueinfo's user-supplied union travels unchanged.
 */
public final class SigInfo {
    public static final int SIZE = 128;
    public static final int SI_SIGNO = 0;
    public static final int SI_ERRNO = 4;
    public static final int SI_CODE = 8;
    public static final int SI_PID = 16;
    public static final int SI_UID = 20;
    public static final int SI_VALUE = 24;
    public static final int SI_ADDR = 16;

    /** si_code values (include/uapi/asm-generic/siginfo.h). */
    public static final int SI_USER = 0;
    public static final int SI_KERNEL = 0x80;
    public static final int SI_QUEUE = -1;
    public static final int SI_TIMER = -2;
    public static final int SI_TKILL = -6;

    private final byte[] b;

    private SigInfo(byte[] b) {
        this.b = b;
    }

    /** A zeroed siginfo for {@code sig} with {@code code}. */
    public static SigInfo of(int sig, int code) {
        SigInfo s = new SigInfo(new byte[SIZE]);
        s.put32(SI_SIGNO, sig);
        s.put32(SI_CODE, code);
        return s;
    }

    /** kill(2)/tkill(2)-style: sender pid and uid. */
    public static SigInfo fromSender(int sig, int code, int pid, int uid) {
        SigInfo s = of(sig, code);
        s.put32(SI_PID, pid);
        s.put32(SI_UID, uid);
        return s;
    }

    /** A fault: si_addr. */
    public static SigInfo fault(int sig, int code, long addr) {
        SigInfo s = of(sig, code);
        s.put64(SI_ADDR, addr);
        return s;
    }

    /** The 128 bytes as given (rt_sigqueueinfo); the array is copied. */
    public static SigInfo decode(byte[] img) {
        return new SigInfo(Arrays.copyOf(img, SIZE));
    }

    /** A copy of the 128-byte image. */
    public byte[] encode() {
        return b.clone();
    }

    public int signo() {
        return get32(SI_SIGNO);
    }

    public int code() {
        return get32(SI_CODE);
    }

    public void setSigno(int sig) {
        put32(SI_SIGNO, sig);
    }

    public int get32(int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    public long get64(int off) {
        return (get32(off) & 0xffff_ffffL) | (long) get32(off + 4) << 32;
    }

    public void put32(int off, int v) {
        for (int k = 0; k < 4; k++) {
            b[off + k] = (byte) (v >>> (8 * k));
        }
    }

    public void put64(int off, long v) {
        put32(off, (int) v);
        put32(off + 4, (int) (v >>> 32));
    }
}
