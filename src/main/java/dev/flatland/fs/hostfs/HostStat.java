package dev.flatland.fs.hostfs;

import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Stat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;

/**
 * stat(2) of a host path through java.nio's "unix:*" attributes. st_blksize is 4096 and st_blocks
 * is the size rounded up to 4 KiB in 512-byte units: java.nio exposes neither.
 */
final class HostStat {
    private HostStat() {
    }

    static Stat of(Path p, boolean follow) throws ErrnoException {
        try {
            Map<String, Object> a = follow ? Files.readAttributes(p, "unix:*")
                    : Files.readAttributes(p, "unix:*", LinkOption.NOFOLLOW_LINKS);
            long size = ((Number) a.get("size")).longValue();
            FileTime at = (FileTime) a.get("lastAccessTime");
            FileTime mt = (FileTime) a.get("lastModifiedTime");
            FileTime ct = (FileTime) a.get("ctime");
            return new Stat(num(a, "dev"), num(a, "ino"), (int) num(a, "mode"), num(a, "nlink"), (int) num(a, "uid"),
                    (int) num(a, "gid"), num(a, "rdev"), size, 4096, ((size + 4095) / 4096) * 8,
                    sec(at), nsec(at), sec(mt), nsec(mt), sec(ct), nsec(ct));
        } catch (IOException e) {
            throw HostErrors.of(e);
        } catch (UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            throw new ErrnoException(dev.flatland.abi.Errno.ENOSYS, "host has no unix attributes");
        }
    }

    private static long num(Map<String, Object> a, String k) {
        Object v = a.get(k);
        return v instanceof Number n ? n.longValue() : 0;
    }

    private static long sec(FileTime t) {
        return t == null ? 0 : Math.floorDiv(t.to(java.util.concurrent.TimeUnit.NANOSECONDS), 1_000_000_000L);
    }

    private static long nsec(FileTime t) {
        return t == null ? 0 : Math.floorMod(t.to(java.util.concurrent.TimeUnit.NANOSECONDS), 1_000_000_000L);
    }
}
