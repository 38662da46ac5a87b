package dev.flatland.fs.hostfs;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Stat;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;

/**
 * stat(2) of a host path. On an x86-64 Linux host it is the host's fstatat(2) through the FFM
 * linker (one syscall, no allocation but the result); elsewhere java.nio's "unix" attributes, named
 * one by one: "unix:*" would include "owner" and "group", which java.nio resolves with
 * getpwuid/getgrgid (an NSS lookup reading /etc/passwd per call, the largest cost of an execve
 * path walk in session 2's profile). st_blksize is 4096 and st_blocks is the size rounded up to
 * 4 KiB in 512-byte units on both paths, as Flatland has always reported them.
 */
final class HostStat {
    /** The attributes the fallback reads (never "owner"/"group"/"permissions": those cost NSS lookups). */
    private static final String ATTRS = "unix:dev,ino,mode,nlink,uid,gid,rdev,size,lastAccessTime,lastModifiedTime,ctime";
    /** int fstatat(int dirfd, const char *path, struct stat *buf, int flags), errno captured. */
    private static final MethodHandle FSTATAT;
    private static final VarHandle ERRNO;
    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    /** sizeof(struct stat) on x86-64 (arch/x86/include/uapi/asm/stat.h). */
    private static final int STAT_SIZE = 144;
    /** The longest host path passed natively (PATH_MAX); longer ones take the java.nio path. */
    private static final int PATH_MAX = 4096;

    static {
        MethodHandle h = null;
        VarHandle errno = null;
        try {
            if ("amd64".equals(System.getProperty("os.arch")) && "Linux".equals(System.getProperty("os.name"))) {
                Linker linker = Linker.nativeLinker();
                Linker.Option ccs = Linker.Option.captureCallState("errno");
                h = linker.defaultLookup().find("fstatat").map(s -> linker.downcallHandle(s,
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                                ValueLayout.ADDRESS, ValueLayout.JAVA_INT), ccs)).orElse(null);
                errno = Linker.Option.captureStateLayout().varHandle(MemoryLayout.PathElement.groupElement("errno"));
            }
        } catch (RuntimeException | LinkageError e) {
            h = null;   // no native access (--enable-native-access missing, other OS): java.nio below
        }
        FSTATAT = h;
        ERRNO = errno;
    }

    /** Per host thread: the C path, the struct stat and the captured errno (the kernel runs on one thread). */
    private static final ThreadLocal<MemorySegment[]> SCRATCH = ThreadLocal.withInitial(() -> {
        Arena a = Arena.ofAuto();
        return new MemorySegment[] {a.allocate(PATH_MAX + 1), a.allocate(STAT_SIZE, 8),
            a.allocate(Linker.Option.captureStateLayout())};
    });

    private HostStat() {
    }

    /** True when stat goes to the host's fstatat directly (for tests and the benchmark notes). */
    static boolean nativeStat() {
        return FSTATAT != null;
    }

    /**
     * lstat of {@code rel} (a relative path with no ".." component, possibly empty or with a trailing
     * slash) under {@code root}, without building a {@link Path} on the native path.
     */
    static Stat of(Path root, String rel) throws ErrnoException {
        if (FSTATAT != null) {
            int end = rel.length();
            while (end > 0 && rel.charAt(end - 1) == '/') {
                end--;   // as Path does: a trailing slash must not make the host follow a last link
            }
            rel = rel.substring(0, end);
            String r = root.toString();
            String full = rel.isEmpty() ? r : r.endsWith("/") ? r + rel : r + "/" + rel;
            byte[] path = full.getBytes(StandardCharsets.UTF_8);
            if (path.length <= PATH_MAX && full.indexOf('\0') < 0) {
                return ofNative(path, false);
            }
        }
        return ofNio(rel.isEmpty() ? root : root.resolve(rel), false);
    }

    static Stat of(Path p, boolean follow) throws ErrnoException {
        if (FSTATAT != null) {
            byte[] path = p.toString().getBytes(StandardCharsets.UTF_8);
            if (path.length <= PATH_MAX) {
                return ofNative(path, follow);
            }
        }
        return ofNio(p, follow);
    }

    private static Stat ofNative(byte[] path, boolean follow) throws ErrnoException {
        MemorySegment[] s = SCRATCH.get();
        MemorySegment cpath = s[0];
        MemorySegment buf = s[1];
        MemorySegment state = s[2];
        MemorySegment.copy(path, 0, cpath, ValueLayout.JAVA_BYTE, 0, path.length);
        cpath.set(ValueLayout.JAVA_BYTE, path.length, (byte) 0);
        int rc;
        try {
            rc = (int) FSTATAT.invokeExact(state, AT_FDCWD, cpath, buf, follow ? 0 : AT_SYMLINK_NOFOLLOW);
        } catch (Throwable t) {
            throw new ErrnoException(Errno.EIO, "fstatat: " + t);
        }
        if (rc != 0) {
            int e = (int) ERRNO.get(state, 0L);
            Errno errno = Errno.of(e);
            throw new ErrnoException(errno == null ? Errno.EIO : errno);
        }
        // struct stat (x86-64): st_dev 0, st_ino 8, st_nlink 16, st_mode 24, st_uid 28, st_gid 32,
        // st_rdev 40, st_size 48, st_blksize 56, st_blocks 64, st_atim 72, st_mtim 88, st_ctim 104.
        long size = buf.get(ValueLayout.JAVA_LONG, 48);
        return new Stat(buf.get(ValueLayout.JAVA_LONG, 0), buf.get(ValueLayout.JAVA_LONG, 8),
                buf.get(ValueLayout.JAVA_INT, 24), buf.get(ValueLayout.JAVA_LONG, 16), buf.get(ValueLayout.JAVA_INT, 28),
                buf.get(ValueLayout.JAVA_INT, 32), buf.get(ValueLayout.JAVA_LONG, 40), size, 4096,
                ((size + 4095) / 4096) * 8, buf.get(ValueLayout.JAVA_LONG, 72), buf.get(ValueLayout.JAVA_LONG, 80),
                buf.get(ValueLayout.JAVA_LONG, 88), buf.get(ValueLayout.JAVA_LONG, 96),
                buf.get(ValueLayout.JAVA_LONG, 104), buf.get(ValueLayout.JAVA_LONG, 112));
    }

    static Stat ofNio(Path p, boolean follow) throws ErrnoException {
        try {
            Map<String, Object> a = follow ? Files.readAttributes(p, ATTRS)
                    : Files.readAttributes(p, ATTRS, LinkOption.NOFOLLOW_LINKS);
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
