package dev.flatland.boot;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Fcntl;
import dev.flatland.abi.Stat;
import dev.flatland.vfs.OpenFile;
import dev.flatland.vfs.Vfs;

/**
 * The program named on the command line, read through the guest's VFS (for --root: PROGRAM is a
 * guest path inside the confined root, resolved by the same walk as the guest's own paths).
 *
 * @param image the file's bytes, or null on error
 * @param path  the canonical guest path (what /proc/self/exe shows)
 * @param errno the failure, or null
 * @param error a message for the failure, or null
 */
record GuestImage(byte[] image, String path, Errno errno, String error) {

    static GuestImage read(Vfs vfs, String cwd, String program, long limit) {
        try {
            String abs = vfs.canonical(Vfs.resolve(cwd, program), true);
            Stat st = vfs.stat(abs, true);
            if (st.isDirectory()) {
                return new GuestImage(null, abs, Errno.EISDIR, "is a directory");
            }
            if (st.size() > limit) {
                return new GuestImage(null, abs, Errno.ENOMEM, "the file is larger than guest RAM");
            }
            OpenFile f = vfs.open(abs, Fcntl.O_RDONLY, 0);
            try {
                byte[] b = new byte[(int) st.size()];
                int done = 0;
                while (done < b.length) {
                    int n = f.read(b, done, b.length - done);
                    if (n <= 0) {
                        break;
                    }
                    done += n;
                }
                return new GuestImage(java.util.Arrays.copyOf(b, done), abs, null, null);
            } finally {
                f.put();
            }
        } catch (ErrnoException e) {
            return new GuestImage(null, program, e.errno(), e.errno().name());
        }
    }
}
