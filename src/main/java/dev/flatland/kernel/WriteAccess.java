package dev.flatland.kernel;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Stat;
import java.util.HashMap;
import java.util.Map;

/**
 * The ETXTBSY rule: Linux's inode {@code i_writecount} (include/linux/fs.h get_write_access and
 * deny_write_access). Per file, a positive count of open descriptions that may write it, or a
 * negative count of running programs (mms) whose executable it is. Opening a running program for
 * writing (or with O_TRUNC), and truncate(2) of it, fail with ETXTBSY; so does execve of a file
 * that is open for writing. Files are told apart by (st_dev, st_ino) as the VFS reports them, so a
 * host file reached through two mounts is one file.
 */
public final class WriteAccess {
    /** A file's identity. */
    public record Key(long dev, long ino) {
        public static Key of(Stat st) {
            return new Key(st.dev(), st.ino());
        }
    }

    private final Map<Key, Integer> count = new HashMap<>();

    /** get_write_access: one more writer; ETXTBSY while the file is a running program. */
    public void get(Key k) throws ErrnoException {
        int n = count.getOrDefault(k, 0);
        if (n < 0) {
            throw new ErrnoException(Errno.ETXTBSY);
        }
        count.put(k, n + 1);
    }

    /** put_write_access. */
    public void put(Key k) {
        adjust(k, -1);
    }

    /** get_write_access's refusal without taking access: ETXTBSY when {@code st} is a running program's file. */
    public void checkWritable(Stat st) throws ErrnoException {
        if (st.type() == Stat.S_IFREG && count.getOrDefault(Key.of(st), 0) < 0) {
            throw new ErrnoException(Errno.ETXTBSY);
        }
    }

    /** The check deny_write_access makes: ETXTBSY while the file is open for writing. */
    public void checkExec(Key k) throws ErrnoException {
        if (count.getOrDefault(k, 0) > 0) {
            throw new ErrnoException(Errno.ETXTBSY);
        }
    }

    /** deny_write_access, once checkExec has passed: one more running program. */
    void deny(Key k) {
        adjust(k, -1);
    }

    /** allow_write_access: a running program's mm went away, or exec'd something else. */
    void allow(Key k) {
        adjust(k, 1);
    }

    private void adjust(Key k, int delta) {
        int n = count.getOrDefault(k, 0) + delta;
        if (n == 0) {
            count.remove(k);
        } else {
            count.put(k, n);
        }
    }
}
