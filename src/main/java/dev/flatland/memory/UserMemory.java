package dev.flatland.memory;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The kernel's only way into user memory (Linux copy_from_user/copy_to_user, strncpy_from_user):
 * every access that leaves RAM becomes EFAULT instead of a {@link MemoryFault}. On nommu any RAM
 * address is reachable by every process, so the check is "is it RAM", as in Linux's !MMU access_ok.
 */
public final class UserMemory {
    private final GuestMemory mem;

    public UserMemory(GuestMemory mem) {
        this.mem = mem;
    }

    public GuestMemory memory() {
        return mem;
    }

    /** Fails with EFAULT unless [addr, addr+len) is RAM. */
    public void checkRange(long addr, long len) throws ErrnoException {
        if (len < 0 || !mem.contains(addr, len)) {
            throw new ErrnoException(Errno.EFAULT, "0x" + Long.toHexString(addr) + "+" + len);
        }
    }

    /** Copies {@code len} bytes from user memory. */
    public byte[] copyIn(long addr, int len) throws ErrnoException {
        byte[] b = new byte[len];
        copyIn(addr, b, 0, len);
        return b;
    }

    /** Copies {@code len} bytes from user memory into {@code dst[off..]}. */
    public void copyIn(long addr, byte[] dst, int off, int len) throws ErrnoException {
        checkRange(addr, len);
        mem.read(addr, dst, off, len);
    }

    /** Copies {@code src} to user memory. */
    public void copyOut(long addr, byte[] src) throws ErrnoException {
        copyOut(addr, src, 0, src.length);
    }

    /** Copies {@code src[off..off+len)} to user memory. */
    public void copyOut(long addr, byte[] src, int off, int len) throws ErrnoException {
        checkRange(addr, len);
        mem.write(addr, src, off, len);
    }

    /** Clears {@code len} bytes of user memory (clear_user). */
    public void zeroOut(long addr, long len) throws ErrnoException {
        checkRange(addr, len);
        mem.fill(addr, len, (byte) 0);
    }

    public int read32(long addr) throws ErrnoException {
        checkRange(addr, 4);
        return mem.read32(addr);
    }

    public long read64(long addr) throws ErrnoException {
        checkRange(addr, 8);
        return mem.read64(addr);
    }

    public void write32(long addr, int v) throws ErrnoException {
        checkRange(addr, 4);
        mem.write32(addr, v);
    }

    public void write64(long addr, long v) throws ErrnoException {
        checkRange(addr, 8);
        mem.write64(addr, v);
    }

    /**
     * Reads a NUL-terminated string of at most {@code max} bytes including the NUL
     * (strncpy_from_user): EFAULT if it leaves RAM, ENAMETOOLONG if no NUL within {@code max}.
     */
    public byte[] readCStringBytes(long addr, int max) throws ErrnoException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < max; i++) {
            checkRange(addr + i, 1);
            int c = mem.read8(addr + i);
            if (c == 0) {
                return out.toByteArray();
            }
            out.write(c);
        }
        throw new ErrnoException(Errno.ENAMETOOLONG);
    }

    /** {@link #readCStringBytes} decoded as UTF-8 (host paths are UTF-8). */
    public String readCString(long addr, int max) throws ErrnoException {
        return new String(readCStringBytes(addr, max), StandardCharsets.UTF_8);
    }

    /** Reads up to {@code max} bytes of a string for tracing, without failing; null if unreadable. */
    public byte[] peekBytes(long addr, int max) {
        int n = 0;
        while (n < max && mem.contains(addr + n, 1)) {
            n++;
        }
        if (n == 0) {
            return null;
        }
        byte[] b = new byte[n];
        mem.read(addr, b, 0, n);
        return b;
    }
}
